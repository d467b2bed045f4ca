//! One-tap reactions in live rooms and parties, over real WebSockets: each is stored with
//! its offset in the episode (the reactor's air time, or the party's clock) and the
//! reactor's region, so the episode page's timeline puts it in the right minute and row;
//! the per-user limit holds for frames sent at once from several sockets; and the timeline
//! shows only to viewers who watched the episode.
use futures_util::SinkExt;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{spawn_app_with, Backend, Browser, TestApp};
use crate::ws::Chat;

crate::on_both_backends!(reactions_land_in_their_minute_and_region);

const EPISODE: &str = "/shows/dusk/episodes/s01e01";

/// A UTC instant `minutes` (and `seconds`) ago, as the catalogue takes it.
fn ago(minutes: i64, seconds: i64) -> String {
    crate::helpers::rfc3339(cliffhanger::time_util::now_ms() - minutes * 60_000 - seconds * 1000)
}

/// Dusk S01E01 aired in the US 30 minutes ago and in France 10 minutes ago (20 s more each,
/// so a slow test run stays in the same minute).
async fn import_dusk(app: &TestApp) -> i64 {
    let json = format!(
        r#"{{"shows":[{{"slug":"dusk","title":"Dusk","seasons":[{{"number":1,"episodes":[
            {{"number":1,"title":"Nightfall","runtime_min":45,"air_dates":{{"US":"{}","FR":"{}"}}}}]}}]}}]}}"#,
        ago(30, 20),
        ago(10, 20)
    );
    cliffhanger::catalog::import::import_json(&app.db, &json)
        .await
        .expect("catalogue imports");
    app.episode_id("dusk", "s01e01").await
}

async fn fan(app: &TestApp, name: &str, region: &str) -> Browser {
    let b = app.browser().signed_up(name).await;
    assert_eq!(b.post("/region", &[("region", region)]).await.status, 303);
    b
}

async fn react(c: &mut Chat, key: &str) {
    c.send_raw(&json!({"type": "react", "key": key}).to_string())
        .await;
}

/// The reply to a `react` frame: `reacted`, or an error about the reaction.
async fn react_reply(c: &mut Chat) -> Value {
    loop {
        let f = c.next_frame().await;
        if f["type"] == "reacted" || (f["type"] == "error" && f["about"] == "react") {
            return f;
        }
    }
}

/// The count of `key` in the timeline table's row for `region` and `minute` (None: no row).
fn cell(page: &str, region: &str, minute: i64, key: &str) -> Option<i64> {
    let start = page.find(&format!(
        "data-region=\"{region}\" data-minute=\"{minute}\""
    ))?;
    let row = &page[start..start + page[start..].find("</tr>")?];
    let at = row.find(&format!("data-key=\"{key}\">"))? + format!("data-key=\"{key}\">").len();
    row[at..at + row[at..].find('<')?].parse().ok()
}

async fn reactions_land_in_their_minute_and_region(app: TestApp) {
    let episode = import_dusk(&app).await;
    let admin = app.browser().signed_up("admin").await;
    let ann = fan(&app, "ann", "US").await;
    let bob = fan(&app, "bob", "FR").await;
    let cat = fan(&app, "cat", "JP").await;
    // The live room's six buttons: real buttons, named for screen readers.
    let live = ann.get(&format!("{EPISODE}/live?reveal=1")).await.body;
    for (key, name) in [
        ("shock", "Shocked"),
        ("lol", "Laughing"),
        ("sad", "Sad"),
        ("fire", "Fire"),
        ("love", "Love"),
        ("mindblown", "Mind blown"),
    ] {
        assert!(
            live.contains(&format!(
                "<button type=\"button\" class=\"reaction\" data-react=\"{key}\" aria-label=\"{name}\""
            )),
            "{key} button"
        );
    }
    let room = format!("ep-{episode}");
    let (mut a, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    let (mut b, _) = Chat::join(&app.base, &room, None, Some(&bob)).await;
    let (mut c, _) = Chat::join(&app.base, &room, None, Some(&cat)).await;

    // Each offset counts from the air time in the reactor's region; JP has no date of its
    // own, so cat's counts from the first airing (the US one).
    react(&mut a, "fire").await;
    let done = react_reply(&mut a).await;
    assert_eq!(done["type"], "reacted", "{done}");
    assert_eq!(done["key"], "fire");
    let offset = done["offset_ms"].as_i64().expect("an offset");
    assert_eq!(offset / 60_000, 30, "{offset}");
    // The others in the room hear it.
    let heard = b.expect_type("reaction").await;
    assert_eq!(heard, json!({"type": "reaction", "key": "fire"}));

    react(&mut b, "lol").await;
    let done = react_reply(&mut b).await;
    assert_eq!(
        done["offset_ms"].as_i64().map(|o| o / 60_000),
        Some(10),
        "{done}"
    );
    react(&mut b, "lol").await;
    assert_eq!(react_reply(&mut b).await["type"], "reacted");
    react(&mut c, "shock").await;
    let done = react_reply(&mut c).await;
    assert_eq!(
        done["offset_ms"].as_i64().map(|o| o / 60_000),
        Some(30),
        "{done}"
    );

    // Refused: an unknown key, and a reader who is not signed in. Nothing stored.
    react(&mut a, "like").await;
    let err = react_reply(&mut a).await;
    assert_eq!(
        (err["type"].clone(), err["code"].clone()),
        ("error".into(), "bad_request".into())
    );
    let (mut anon, _) = Chat::join(&app.base, &room, None, None).await;
    react(&mut anon, "fire").await;
    assert_eq!(react_reply(&mut anon).await["code"], "forbidden");
    assert_eq!(app.count("episode_reactions").await, 4);

    // Without JavaScript the room's form does the same and comes back to the room.
    let live_path = format!("{EPISODE}/live");
    let form = |key: &'static str| {
        let path = format!("/rooms/{room}/react");
        let back = live_path.clone();
        let ann = &ann;
        async move { ann.post(&path, &[("key", key), ("back", &back)]).await }
    };
    let r = form("sad").await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location.as_deref(), Some(live_path.as_str()));
    let r = form("like").await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("is not one of the reactions"), "{}", r.body);
    let r = ann
        .post_raw(&format!("/rooms/{room}/react"), &[("key", "sad")])
        .await;
    assert!(r.status == 400 || r.status == 403, "no token: {}", r.status);
    assert!(
        live.contains(&format!("action=\"/rooms/{room}/react\"")),
        "the form"
    );
    assert_eq!(app.count("episode_reactions").await, 5);

    // A party's reactions count by the party's clock (started 5 minutes ago).
    let r = ann
        .post(
            &format!("{EPISODE}/parties"),
            &[
                ("title", "Dusk together"),
                ("starts_at", &crate::helpers::utc_form_time(-5)),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let pid = r
        .location
        .unwrap_or_default()
        .trim_start_matches("/parties/")
        .to_string();
    let (mut p, _) = Chat::join(&app.base, &format!("party-{pid}"), None, Some(&ann)).await;
    react(&mut p, "love").await;
    let done = react_reply(&mut p).await;
    assert_eq!(
        done["offset_ms"].as_i64().map(|o| o / 60_000),
        Some(5),
        "{done}"
    );

    // A timed-out fan cannot react while it lasts.
    let r = admin
        .post(
            "/shows/dusk/mod/sanctions",
            &[
                ("username", "cat"),
                ("kind", "timeout"),
                ("duration", "10"),
                ("reason", "spamming"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    react(&mut c, "shock").await;
    let err = react_reply(&mut c).await;
    assert_eq!(err["code"], "timed_out", "{err}");
    assert!(err["retry_after_ms"].as_u64().is_some_and(|ms| ms > 0));
    assert_eq!(app.count("episode_reactions").await, 6);

    // Before watching: no timeline, for a signed-in fan or an anonymous visitor (the
    // episode has aired in both their regions).
    let hidden = ann.get(EPISODE).await.body;
    assert!(!hidden.contains("timeline-svg") && !hidden.contains("Reactions during"));
    let anon_page = app.browser().get(EPISODE).await.body;
    assert!(!anon_page.contains("timeline-svg") && !anon_page.contains("data-minute"));

    // After watching: one row per region, each reaction in its minute.
    let r = ann
        .post(&format!("{EPISODE}/watched"), &[("action", "watch")])
        .await;
    assert_eq!(r.status, 303);
    let page = ann.get(EPISODE).await.body;
    assert!(
        page.contains("<svg class=\"timeline-svg\" role=\"img\""),
        "the SVG"
    );
    assert!(page.contains("<title id=\"timeline-svg-title\">Reactions during the episode"));
    assert!(page.contains("<desc id=\"timeline-svg-desc\">") && page.contains("6 in all"));
    for region in ["US", "FR", "JP"] {
        assert!(
            page.contains(&format!(
                "<g class=\"timeline-region\" data-region=\"{region}\">"
            )),
            "a row for {region}"
        );
    }
    assert_eq!(cell(&page, "US", 30, "fire"), Some(1));
    assert_eq!(cell(&page, "US", 30, "sad"), Some(1), "the form's");
    assert_eq!(cell(&page, "US", 5, "love"), Some(1), "the party's minute");
    assert_eq!(cell(&page, "FR", 10, "lol"), Some(2));
    assert_eq!(cell(&page, "FR", 10, "fire"), Some(0));
    assert_eq!(cell(&page, "JP", 30, "shock"), Some(1));
    assert_eq!(
        cell(&page, "FR", 30, "fire"),
        None,
        "no row where nothing happened"
    );
}

async fn rate_limited_across_sockets(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |c| c.chat.reactions_per_minute = 5).await else {
        return;
    };
    let episode = import_dusk(&app).await;
    let ann = fan(&app, "ann", "US").await;
    let room = format!("ep-{episode}");
    let mut socks = Vec::new();
    for _ in 0..3 {
        socks.push(Chat::join(&app.base, &room, None, Some(&ann)).await.0);
    }
    // Six at once from three sockets: every frame is on the wire before any reply is read.
    let frame = json!({"type": "react", "key": "fire"}).to_string();
    futures_util::future::join_all(socks.iter_mut().map(|s| {
        let frame = frame.clone();
        async move {
            s.ws.feed(Message::text(frame.clone())).await.expect("feed");
            s.ws.feed(Message::text(frame)).await.expect("feed");
            s.ws.flush().await.expect("flush");
        }
    }))
    .await;
    let mut replies = Vec::new();
    for s in &mut socks {
        for _ in 0..2 {
            replies.push(react_reply(s).await);
        }
    }
    let limited: Vec<&Value> = replies.iter().filter(|r| r["type"] == "error").collect();
    assert_eq!(
        limited.len(),
        1,
        "exactly the sixth is refused: {replies:?}"
    );
    assert_eq!(limited[0]["code"], "rate_limited");
    let retry = limited[0]["retry_after_ms"]
        .as_u64()
        .expect("retry_after_ms");
    assert!(retry > 0 && retry <= 60_000, "{retry}");
    assert!(limited[0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("5 times a minute")));
    assert_eq!(app.count("episode_reactions").await, 5);

    // Another user has a window of their own.
    let bob = fan(&app, "bob", "FR").await;
    let (mut b, _) = Chat::join(&app.base, &room, None, Some(&bob)).await;
    react(&mut b, "sad").await;
    assert_eq!(react_reply(&mut b).await["type"], "reacted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reactions_rate_limited_sqlite() {
    rate_limited_across_sockets(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reactions_rate_limited_postgres() {
    rate_limited_across_sockets(Backend::Postgres).await;
}
