//! One community with content in every state the gate distinguishes, built through the app's
//! own forms. Every piece of content carries its own invented word, far enough from the others
//! that neither the search engine's typo tolerance nor prefix matching confuses them.
use std::collections::HashMap;

use sqlx::Row;

use super::socket::Probe;
use super::Who;
use crate::helpers::{thread_id_from, Browser, TestApp};

pub const SHOW: &str = "gate-show";
pub const OTHER_SHOW: &str = "other-show";
/// Word filter with the "hold" action on SHOW.
pub const HOLD_WORD: &str = "hexkelp";

/// Thread T (no episode tag): its title, and each of its replies.
pub const T_TITLE: &str = "pebbleroach";
pub const NORMAL: &str = "plumtoad";
pub const REMOVED: &str = "quillfox";
pub const REMOVED_REASON: &str = "off topic rant";
pub const HELD: &str = "mossbadger";
pub const DELETED: &str = "rustyheron";
pub const BANNED_POST: &str = "cinderlynx";
/// Thread H, held for its title.
pub const H_TITLE: &str = "glimmerwasp";
pub const H_BODY: &str = "driftmole";
/// Thread S, tagged with the unaired S01E02.
pub const S_TITLE: &str = "ochrefinch";
pub const S_BODY: &str = "saltpike";
/// Replies in S01E01's discussion thread (the episode page's excerpt).
pub const EP1_NORMAL: &str = "jadebeetle";
pub const EP1_REMOVED: &str = "amberslug";
pub const EP1_REMOVED_REASON: &str = "rude aside";
pub const EP1_HELD: &str = "tealmarten";
/// A reply in S01E02's discussion thread, and the first post the import wrote there.
pub const EP2_REPLY: &str = "violetnewt";
pub const EP2_FIRST_POST: &str = "Discussion thread for S01E02";
/// Chat in S01E01's room: normal (sent last), deleted by a moderator, by the banned user.
pub const CHAT_NORMAL: &str = "copperowl";
pub const CHAT_DELETED: &str = "ashcrane";
pub const CHAT_BANNED: &str = "frostgecko";
/// Chat in S01E02's room and in the S01E02 watch party's room.
pub const CHAT_EP2: &str = "lilacshrew";
pub const CHAT_PARTY: &str = "bronzeyak";

/// S01E01 aired long ago and S01E02 airs far ahead, in every listed region; the show's
/// spoiler delay (set to 0 below) covers the regions not listed.
const CATALOGUE: &str = r#"{"shows":[
 {"slug":"gate-show","title":"Gate Show","synopsis":"Where the visibility rules are tried.",
  "seasons":[{"number":1,"episodes":[
   {"number":1,"title":"Long Ago","air_dates":{"US":"2001-01-05","GB":"2001-01-05","DE":"2001-01-05","FR":"2001-01-05","CA":"2001-01-05","AU":"2001-01-05"}},
   {"number":2,"title":"Far Ahead","air_dates":{"US":"2099-01-05","GB":"2099-01-05","DE":"2099-01-05","FR":"2099-01-05","CA":"2099-01-05","AU":"2099-01-05"}}]}]},
 {"slug":"other-show","title":"Other Show","seasons":[{"number":1,"episodes":[
   {"number":1,"title":"Elsewhere","air_dates":{"US":"2001-01-05"}}]}]}
]}"#;

pub struct World {
    pub app: TestApp,
    /// Every viewer of the matrix, anonymous first.
    pub viewers: Vec<(Who, Browser)>,
    /// Placeholder → value, for `fill`.
    ids: HashMap<&'static str, String>,
}

impl World {
    pub fn browser(&self, who: Who) -> &Browser {
        self.viewers
            .iter()
            .find(|(w, _)| *w == who)
            .map(|(_, b)| b)
            .unwrap_or_else(|| panic!("no viewer {who:?}"))
    }

    pub fn id(&self, key: &str) -> &str {
        self.ids
            .get(key)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no id {key}"))
    }

    /// Replaces `{T}`, `{H}`, `{S}`, `{show}`, `{normal}`, `{removed}`, `{removed_reason}`,
    /// `{held}`, `{deleted}`, `{banned_post}`, `{e1}`, `{e2}` and `{party}` with this world's
    /// values.
    pub fn fill(&self, template: &str) -> String {
        let mut out = template.to_string();
        for (k, v) in &self.ids {
            out = out.replace(&format!("{{{k}}}"), v);
        }
        out
    }
}

fn post_id_from(location: &str) -> i64 {
    location
        .rsplit("#post-")
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no post id in {location}"))
}

async fn reply(b: &Browser, thread: i64, body: &str) -> i64 {
    let r = b
        .post(&format!("/threads/{thread}/posts"), &[("body", body)])
        .await;
    assert_eq!(r.status, 303, "reply {body:?}: {}", r.body);
    post_id_from(r.location.as_deref().unwrap_or_default())
}

async fn ok(b: &Browser, path: &str, fields: &[(&str, &str)]) {
    let r = b.post(path, fields).await;
    assert_eq!(r.status, 303, "POST {path} {fields:?}: {}", r.body);
}

async fn remove_post(moderator: &Browser, post: i64, reason: &str) {
    ok(
        moderator,
        &format!("/posts/{post}/mod"),
        &[("action", "remove"), ("reason", reason)],
    )
    .await;
}

async fn discussion_thread(app: &TestApp, episode: i64) -> i64 {
    sqlx::query("SELECT thread_id FROM episodes WHERE id = $1")
        .bind(episode)
        .fetch_one(&app.db.pool)
        .await
        .expect("episode row")
        .try_get::<Option<i64>, _>(0)
        .expect("thread id")
        .expect("the import gave the episode a discussion thread")
}

pub async fn build(app: TestApp) -> World {
    cliffhanger::catalog::import::import_json(&app.db, CATALOGUE)
        .await
        .expect("catalogue imports");
    let admin = app.browser().signed_up("admin").await;
    let author = app.browser().signed_up("author").await;
    let other = app.browser().signed_up("other").await;
    let showmod = app.browser().signed_up("showmod").await;
    let othermod = app.browser().signed_up("othermod").await;
    let banned = app.browser().signed_up("banned").await;
    for (name, show) in [("showmod", SHOW), ("othermod", OTHER_SHOW)] {
        ok(
            &admin,
            &format!("/shows/{show}/mod/team"),
            &[("username", name), ("action", "grant")],
        )
        .await;
    }
    ok(
        &admin,
        &format!("/shows/{SHOW}/admin/show"),
        &[("title", "Gate Show"), ("spoiler_delay_days", "0")],
    )
    .await;
    ok(
        &showmod,
        &format!("/shows/{SHOW}/mod/filters"),
        &[("pattern", HOLD_WORD), ("action", "hold")],
    )
    .await;
    // S01E01 is behind nobody's shield; S01E02 stays unwatched by everyone.
    for b in [&admin, &author, &other, &showmod, &othermod, &banned] {
        ok(
            b,
            &format!("/shows/{SHOW}/episodes/s01e01/watched"),
            &[("action", "watch")],
        )
        .await;
    }
    let e1 = app.episode_id(SHOW, "s01e01").await;
    let e2 = app.episode_id(SHOW, "s01e02").await;

    // Thread T and its replies in every state.
    let t = other
        .new_thread(
            SHOW,
            "general",
            &format!("Gate thread {T_TITLE}"),
            "the opening post",
        )
        .await;
    let normal = reply(&other, t, &format!("a reply {NORMAL} everyone may read")).await;
    let removed = reply(&author, t, &format!("a reply {REMOVED} to be removed")).await;
    remove_post(&showmod, removed, REMOVED_REASON).await;
    let held = reply(&author, t, &format!("a reply {HELD} with {HOLD_WORD}")).await;
    let deleted = reply(&author, t, &format!("a reply {DELETED} taken back")).await;
    ok(&author, &format!("/posts/{deleted}/delete"), &[]).await;
    let banned_post = reply(&banned, t, &format!("a reply {BANNED_POST} before the ban")).await;

    let h = author
        .new_thread(
            SHOW,
            "general",
            &format!("{H_TITLE} about {HOLD_WORD}"),
            &format!("the held thread's {H_BODY}"),
        )
        .await;
    let r = author
        .post(
            &format!("/shows/{SHOW}/threads"),
            &[
                ("title", &format!("Shielded {S_TITLE}")),
                ("body", &format!("the shielded thread's {S_BODY}")),
                ("board", "general"),
                ("episode", "s01e02"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "thread S: {}", r.body);
    let s = thread_id_from(r.location.as_deref().unwrap_or_default());

    let ep1_thread = discussion_thread(&app, e1).await;
    reply(&other, ep1_thread, &format!("episode talk {EP1_NORMAL}")).await;
    let ep1_removed = reply(&author, ep1_thread, &format!("episode talk {EP1_REMOVED}")).await;
    remove_post(&showmod, ep1_removed, EP1_REMOVED_REASON).await;
    reply(
        &author,
        ep1_thread,
        &format!("episode talk {EP1_HELD} {HOLD_WORD}"),
    )
    .await;
    let ep2_thread = discussion_thread(&app, e2).await;
    reply(&other, ep2_thread, &format!("episode talk {EP2_REPLY}")).await;

    // Chat in S01E01's room; the normal message goes last so that receiving it proves the
    // earlier ones had their chance to arrive.
    let room1 = format!("ep-{e1}");
    let mut b = Probe::open(&app.base, &room1, "", Some(&banned))
        .await
        .expect("banned user joins before the ban");
    b.say(&format!("chat {CHAT_BANNED}")).await;
    drop(b);
    let mut o = Probe::open(&app.base, &room1, "", Some(&other))
        .await
        .expect("other joins");
    let gone = o.say(&format!("chat {CHAT_DELETED}")).await;
    ok(
        &showmod,
        &format!("/chat/messages/{gone}/mod"),
        &[("action", "delete")],
    )
    .await;
    ok(
        &admin,
        "/admin/ban",
        &[("username", "banned"), ("reason", "spam waves")],
    )
    .await;
    let mut a = Probe::open(&app.base, &room1, "", Some(&author))
        .await
        .expect("author joins");
    a.say(&format!("chat {CHAT_NORMAL}")).await;

    let room2 = format!("ep-{e2}");
    let mut o2 = Probe::open(&app.base, &room2, "?reveal=1", Some(&other))
        .await
        .expect("other joins S01E02's room past the shield");
    let ep2_msg = o2.say(&format!("chat {CHAT_EP2}")).await;
    // Episode replays count from the air date, which for S01E02 is decades away: date the
    // message after it, as if sent once the episode aired, so replay.json has it to show.
    let aired = time::macros::datetime!(2099-01-05 00:01 UTC).unix_timestamp() * 1000;
    sqlx::query("UPDATE chat_messages SET created_at = $1 WHERE id = $2")
        .bind(aired)
        .bind(ep2_msg)
        .execute(&app.db.pool)
        .await
        .expect("date the message");

    let r = other
        .post(
            &format!("/shows/{SHOW}/episodes/s01e02/parties"),
            &[
                ("title", "Premiere party"),
                ("starts_at", &crate::helpers::utc_form_time(-10)),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "party: {}", r.body);
    let party: i64 = r
        .location
        .as_deref()
        .and_then(|l| l.strip_prefix("/parties/"))
        .and_then(|id| id.parse().ok())
        .expect("party id");
    let mut p = Probe::open(
        &app.base,
        &format!("party-{party}"),
        "?reveal=1",
        Some(&other),
    )
    .await
    .expect("other joins the party's room past the shield");
    p.say(&format!("chat {CHAT_PARTY}")).await;

    let ids = HashMap::from([
        ("show", SHOW.to_string()),
        ("T", t.to_string()),
        ("H", h.to_string()),
        ("S", s.to_string()),
        ("normal", normal.to_string()),
        ("removed", removed.to_string()),
        ("removed_reason", REMOVED_REASON.to_string()),
        ("held", held.to_string()),
        ("deleted", deleted.to_string()),
        ("banned_post", banned_post.to_string()),
        ("e1", e1.to_string()),
        ("e2", e2.to_string()),
        ("party", party.to_string()),
    ]);
    World {
        viewers: vec![
            (Who::Anon, app.browser()),
            (Who::Author, author),
            (Who::Other, other),
            (Who::ShowMod, showmod),
            (Who::OtherMod, othermod),
            (Who::Admin, admin),
        ],
        app,
        ids,
    }
}
