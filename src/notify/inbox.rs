//! The notifications page. Rows hold ids only; each entry's words are chosen here, at read
//! time, through the visibility gate: a post or thread removed, held or deleted since drops
//! out, and a thread behind the viewer's spoiler shield is named by its show only. Every
//! kind of row on the page is looked up in one batch (threads, posts, parties, episodes).
use crate::i18n::{Arg, Msg, Tr};
use crate::moderation::log::sanction_minutes;
use std::collections::HashMap;

use crate::db::forum::ThreadSummary;
use crate::db::inbox::{self as q, NotificationRow, PER_PAGE};
use crate::db::posts::Post;
use crate::db::Db;
use crate::error::AppResult;
use crate::time_util::iso_ms;
use crate::visibility::Gate;

/// One entry as the page prints it (plain text: the template escapes it).
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: i64,
    pub text: String,
    pub link: String,
    pub unread: bool,
    pub when: String,
    pub when_iso: String,
}

pub struct InboxPage {
    pub entries: Vec<Entry>,
    pub page: i64,
    pub has_next: bool,
}

/// What the rows of one page point at, looked up together.
struct Lookups {
    threads: HashMap<i64, ThreadSummary>,
    posts: HashMap<i64, Post>,
    parties: HashMap<i64, (String, i64)>,
    episodes: HashMap<i64, (String, String, String)>,
    hidden_episodes: std::collections::HashSet<i64>,
    /// Moderation rows: what the moderator did, by mod-log id.
    mod_actions: HashMap<i64, String>,
}

/// The mod-log id a moderation row names as its cause (`mod:{id}`).
fn mod_log_id(r: &NotificationRow) -> Option<i64> {
    r.dedupe.strip_prefix("mod:")?.parse().ok()
}

async fn lookups(db: &Db, gate: &Gate, rows: &[NotificationRow]) -> AppResult<Lookups> {
    let ids = |f: fn(&NotificationRow) -> Option<i64>| {
        let mut v: Vec<i64> = rows.iter().filter_map(f).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let threads = crate::db::forum::threads_by_ids(db, &ids(|r| r.thread_id)).await?;
    // Held threads of others drop out, removed ones lose their title, shielded ones get
    // the shield's label: the same rules as every thread list.
    let threads = gate.thread_list(threads);
    let posts = crate::db::posts::posts_by_ids(db, &ids(|r| r.post_id)).await?;
    let parties = q::parties_by_ids(db, &ids(|r| r.party_id)).await?;
    let mut episode_ids = ids(|r| r.episode_id);
    episode_ids.extend(parties.iter().map(|(_, _, e)| *e));
    episode_ids.sort_unstable();
    episode_ids.dedup();
    let episodes = q::episodes_by_ids(db, &episode_ids).await?;
    let hidden = gate.hidden_episodes(db, &episode_ids).await?;
    let mod_actions = q::mod_actions_by_ids(db, &ids(mod_log_id)).await?;
    Ok(Lookups {
        mod_actions: mod_actions.into_iter().collect(),
        threads: threads.into_iter().map(|t| (t.id, t)).collect(),
        posts: posts.into_iter().map(|p| (p.id, p)).collect(),
        parties: parties.into_iter().map(|(id, t, e)| (id, (t, e))).collect(),
        episodes: episodes
            .into_iter()
            .map(|(id, _, show, slug, code)| (id, (show, slug, code)))
            .collect(),
        hidden_episodes: hidden.keys().copied().collect(),
    })
}

fn post_link(thread_id: i64, post: &Post) -> String {
    format!(
        "/threads/{thread_id}?page={}#post-{}",
        crate::forum::page_of(post.position),
        post.id
    )
}

/// The words and link of one row, or None when the gate leaves nothing to tell. Worded in
/// the reader's language (the gate's), on the page and in mail alike.
fn describe(gate: &Gate, l: &Lookups, r: &NotificationRow) -> Option<(String, String)> {
    let tr = Tr::new(gate.lang());
    let actor = r.actor.clone().unwrap_or_else(|| tr.t("notify-someone"));
    let thread = r.thread_id.and_then(|id| l.threads.get(&id));
    match r.kind.as_str() {
        "reply" | "quote" | "mention" | "new_thread" => {
            let thread = thread?;
            let post = l.posts.get(&r.post_id?)?;
            // Only a published post of a standing thread is news; one removed, held or
            // deleted since drops out.
            if thread.removed_reason.is_some() || !gate.quotable(thread, post) {
                return None;
            }
            let link = post_link(thread.id, post);
            let show = thread.show_title.as_str();
            let shielded = thread.shield.is_some();
            let key = match (r.kind.as_str(), shielded) {
                ("reply", true) => "notify-reply-shielded",
                ("quote", true) => "notify-quote-shielded",
                ("mention", true) => "notify-mention-shielded",
                (_, true) => "notify-new-thread-shielded",
                ("reply", false) => "notify-reply",
                ("quote", false) => "notify-quote",
                ("mention", false) => "notify-mention",
                (_, false) => "notify-new-thread",
            };
            let mut args = vec![("actor", Arg::from(&actor)), ("show", Arg::from(show))];
            if !shielded {
                args.push(("title", Arg::from(&thread.title)));
            }
            Some((tr.with(key, &args), link))
        }
        "moderation" => {
            let action = mod_log_id(r)
                .and_then(|id| l.mod_actions.get(&id))
                .map(String::as_str)
                .unwrap_or("");
            Some(moderation_text(
                &tr,
                action,
                thread,
                r.post_id.is_some(),
                r.reason.as_deref(),
            ))
        }
        "party" => {
            let id = r.party_id?;
            let (title, episode) = l.parties.get(&id)?;
            let (show, _, code) = l.episodes.get(episode)?;
            let text = if l.hidden_episodes.contains(episode) {
                tr.t2("notify-party-shielded", "show", show, "code", code)
            } else {
                tr.with(
                    "notify-party",
                    &[
                        ("title", Arg::from(title)),
                        ("show", Arg::from(show)),
                        ("code", Arg::from(code)),
                    ],
                )
            };
            Some((text, format!("/parties/{id}")))
        }
        "episode" => {
            let (show, slug, code) = l.episodes.get(&r.episode_id?)?;
            let region = r.reason.as_deref().unwrap_or(gate.region());
            Some((
                tr.with(
                    "notify-episode-airs",
                    &[
                        ("show", Arg::from(show)),
                        ("code", Arg::from(code)),
                        ("region", Arg::from(region)),
                    ],
                ),
                format!("/shows/{slug}/episodes/{code}"),
            ))
        }
        _ => None,
    }
}

/// What a moderator did to the reader's content, or to the reader. A removed thread is not
/// linked (its page says only that it was removed); a shielded one is named by its show.
fn moderation_text(
    tr: &Tr,
    action: &str,
    thread: Option<&ThreadSummary>,
    about_post: bool,
    reason: Option<&str>,
) -> (String, String) {
    let place = match thread {
        Some(t) if t.shield.is_some() => tr.t1("notify-place-shielded", "show", &t.show_title),
        Some(t) if t.removed_reason.is_none() => tr.t1("notify-place-title", "title", &t.title),
        Some(t) => tr.t1("notify-place-thread", "show", &t.show_title),
        None => String::new(),
    };
    let link = match thread {
        Some(t) if t.removed_reason.is_none() => format!("/threads/{}", t.id),
        _ => "/notifications".into(),
    };
    let (key, minutes) = match action {
        "remove post" => ("notify-mod-remove-post", None),
        "remove thread" => ("notify-mod-remove-thread", None),
        "delete chat message" => ("notify-mod-delete-chat", None),
        "ban" => ("notify-mod-ban", None),
        "warn" => ("notify-mod-warn", None),
        a if a.starts_with("lock") => ("notify-mod-lock", None),
        a if a.starts_with("timeout") => match sanction_minutes(a, "timeout") {
            Some(m) => ("notify-mod-timeout-for", Some(m)),
            None => ("notify-mod-timeout", None),
        },
        a if a.starts_with("suspend") => match sanction_minutes(a, "suspend") {
            Some(m) => ("notify-mod-suspend-for", Some(m)),
            None => ("notify-mod-suspend", None),
        },
        _ if about_post => ("notify-mod-other-post", None),
        _ => ("notify-mod-other", None),
    };
    let mut args = vec![("place", Arg::from(place))];
    if let Some(m) = minutes {
        args.push(("minutes", Arg::from(m)));
    }
    let text = tr.with(key, &args);
    let text = match reason {
        Some(why) => tr.t2("notify-with-reason", "text", text, "reason", why),
        None => text,
    };
    (text, link)
}

/// The words and link of each row the gate leaves something to tell of, by row id: what
/// the page would show, for the mail a notification sends.
pub async fn describe_rows(
    db: &Db,
    gate: &Gate,
    rows: &[NotificationRow],
) -> AppResult<HashMap<i64, (String, String)>> {
    let l = lookups(db, gate, rows).await?;
    Ok(rows
        .iter()
        .filter_map(|r| describe(gate, &l, r).map(|d| (r.id, d)))
        .collect())
}

/// One page of the user's notifications, newest first.
pub async fn page(db: &Db, gate: &Gate, user_id: i64, page: i64) -> AppResult<InboxPage> {
    let mut rows = q::page(db, user_id, page).await?;
    let has_next = rows.len() as i64 > PER_PAGE;
    rows.truncate(PER_PAGE as usize);
    let l = lookups(db, gate, &rows).await?;
    let entries = rows
        .iter()
        .filter_map(|r| {
            let (text, link) = describe(gate, &l, r)?;
            Some(Entry {
                id: r.id,
                text,
                link,
                unread: !r.read,
                when: gate.when(r.created_at),
                when_iso: iso_ms(r.created_at),
            })
        })
        .collect();
    Ok(InboxPage {
        entries,
        page,
        has_next,
    })
}

/// Marks one notification read; NotFound when it is not the user's.
pub async fn mark_read(db: &Db, user_id: i64, id: i64) -> AppResult<()> {
    if q::mark_read(db, user_id, id).await? {
        Ok(())
    } else {
        Err(crate::error::AppError::NotFound(Msg::new(
            "err-notification-does-not-exist",
        )))
    }
}

pub async fn mark_all_read(db: &Db, user_id: i64) -> AppResult<()> {
    q::mark_all_read(db, user_id).await?;
    Ok(())
}

/// The unread count stops here (the header shows "99+"), so it costs the same for everyone.
pub use crate::db::inbox::UNREAD_CAP;

pub async fn unread(db: &Db, user_id: i64) -> AppResult<i64> {
    Ok(q::unread(db, user_id).await?)
}
