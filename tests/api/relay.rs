//! The premiere relay: the US premiere's chat replayed to a FR viewer at each message's
//! offset from the US air time, never ahead of the FR clock, with removals applied and a
//! switch to turn it off. The US messages are sent through the real chat, then their send
//! times are moved into the past (the test's time offsets) instead of waiting half an hour.
use std::time::{Duration, Instant};

use futures_util::SinkExt;
use serde_json::{json, Value};
use sqlx::Row;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message as WsMessage;

use crate::helpers::{rfc3339, Browser, TestApp};
use crate::ws::{ws_url, Chat};

crate::on_both_backends!(
    a_later_region_gets_the_premiere_at_its_offsets,
    relay_off_hides_it_and_on_brings_the_elapsed_part,
    a_personal_clock_plays_and_pauses_the_relay,
    a_watch_party_can_include_the_relay,
);

pub const MINUTE_MS: i64 = 60_000;

/// A premiere: "Cold Open" S01E01 aired 30 minutes ago in the US and a minute ago in
/// France. Returns the room and both air instants (unix ms, whole seconds).
pub async fn premiere(app: &TestApp) -> (String, i64, i64) {
    let now = cliffhanger::time_util::now_ms();
    let us = (now - 30 * MINUTE_MS) / 1000 * 1000;
    let fr = (now - MINUTE_MS) / 1000 * 1000;
    let json = format!(
        r#"{{"shows":[{{"slug":"cold-open","title":"Cold Open","seasons":[{{"number":1,"episodes":[
          {{"number":1,"title":"Premiere","air_dates":{{"US":"{}","FR":"{}"}}}}]}}]}}]}}"#,
        rfc3339(us),
        rfc3339(fr)
    );
    cliffhanger::catalog::import::import_json(&app.db, &json)
        .await
        .expect("import");
    let room = format!("ep-{}", app.episode_id("cold-open", "s01e01").await);
    (room, us, fr)
}

/// A signed-up user who lives in `region`.
pub async fn fan(app: &TestApp, name: &str, region: &str) -> Browser {
    let b = app.browser().signed_up(name).await;
    let r = b.post("/region", &[("region", region)]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    b
}

/// Moves a stored message's send time to `offset_ms` after `air`.
pub async fn sent_at(app: &TestApp, id: i64, air: i64, offset_ms: i64) {
    sqlx::query("UPDATE chat_messages SET created_at = $1 WHERE id = $2")
        .bind(air + offset_ms)
        .bind(id)
        .execute(&app.db.pool)
        .await
        .expect("move the send time");
}

/// Joins with extra query parameters (`&relay=0`).
async fn join_with(base: &str, room: &str, who: &Browser, extra: &str) -> (Chat, Value) {
    let mut req = format!("{}{extra}", ws_url(base, room, None))
        .into_client_request()
        .expect("ws request");
    let cookie = who.session_cookie().expect("signed in");
    req.headers_mut().insert(
        "Cookie",
        format!("ch_session={cookie}").parse().expect("cookie"),
    );
    let (ws, _) = tokio_tungstenite::connect_async(req)
        .await
        .expect("ws connect");
    let mut c = Chat::from_socket(ws);
    let hello = c.expect_type("hello").await;
    (c, hello)
}

fn text(f: &Value) -> &str {
    f["text"].as_str().unwrap_or_default()
}

fn is_relayed(f: &Value) -> bool {
    f["type"] == "message" && f.get("relay").is_some()
}

/// Frames until one satisfies `stop` (bounded by the client's wait); returns them all.
async fn frames_until(c: &mut Chat, stop: impl Fn(&Value) -> bool) -> Vec<Value> {
    let mut seen = Vec::new();
    loop {
        let f = c.next_frame().await;
        let done = stop(&f);
        seen.push(f);
        if done {
            return seen;
        }
    }
}

async fn send_frame(c: &mut Chat, frame: Value) {
    c.ws.send(WsMessage::text(frame.to_string()))
        .await
        .expect("ws send");
}

/// The US premiere night: four messages moved to their offsets. Returns their ids (at
/// 10 s, due 1.5 s from now on the FR clock, at 20 min, one at 15 s to remove) and the
/// instant the second comes due in France.
async fn us_night(app: &TestApp, room: &str, us: i64, fr: i64, sam: &Browser) -> ([i64; 4], i64) {
    let (mut s, _) = Chat::join(&app.base, room, None, Some(sam)).await;
    let early = s.say("ten seconds in", "u1").await;
    let soon = s.say("right on cue", "u2").await;
    let late = s.say("twenty minutes in", "u3").await;
    let removed = s.say("rude remark", "u4").await;
    sent_at(app, early, us, 10_000).await;
    let fr_clock = cliffhanger::time_util::now_ms() - fr;
    sent_at(app, soon, us, fr_clock + 1_500).await;
    sent_at(app, late, us, 20 * MINUTE_MS).await;
    sent_at(app, removed, us, 15_000).await;
    ([early, soon, late, removed], fr + fr_clock + 1_500)
}

async fn a_later_region_gets_the_premiere_at_its_offsets(app: TestApp) {
    let (room, us, fr) = premiere(&app).await;
    let admin = fan(&app, "admin", "US").await;
    let sam = fan(&app, "sam", "US").await;
    let zoe = fan(&app, "zoe", "FR").await;
    let ([early, soon, late, removed], soon_due) = us_night(&app, &room, us, fr, &sam).await;
    let r = admin
        .post(
            &format!("/chat/messages/{removed}/mod"),
            &[("action", "delete")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // The FR viewer joins a minute into their airing: the hello holds none of the US
    // messages, the relay says where it comes from, and its backlog is exactly the part
    // the FR clock has passed (the removed message not among it).
    let (mut z, hello) = Chat::join(&app.base, &room, None, Some(&zoe)).await;
    assert!(
        hello["backlog"].as_array().is_some_and(|b| b.is_empty()),
        "nothing live from those ahead: {hello}"
    );
    let status = z.next_frame().await;
    assert_eq!(status["type"], "relay", "{status}");
    assert_eq!(status["on"], true);
    assert_eq!(status["from"], json!(["US"]));
    assert_eq!(status["clock"], "air");
    let first = z.next_frame().await;
    assert!(is_relayed(&first), "{first}");
    assert_eq!(first["id"], early);
    assert_eq!(first["user"], "sam");
    assert_eq!(first["relay"]["from"], "US");
    assert_eq!(first["relay"]["offset_ms"], 10_000);

    // A FR message is live at once, to FR and US viewers alike; a US viewer's message
    // sent now is half an hour ahead of the FR clock and does not reach FR at all.
    let (mut s, _) = Chat::join(&app.base, &room, None, Some(&sam)).await;
    let fr_live = z.say("bonsoir from Paris", "f1").await;
    let got = frames_until(&mut s, |f| f["id"] == fr_live).await;
    assert_eq!(text(got.last().expect("frame")), "bonsoir from Paris");
    let us_live = s.say("that ending!", "u5").await;

    // The next US message arrives at its offset on the FR clock, not before; the removed
    // one, the one twenty minutes in and the US live message never come.
    let seen = frames_until(&mut z, |f| f["id"] == soon).await;
    let arrived_at = cliffhanger::time_util::now_ms();
    assert!(
        arrived_at >= soon_due && arrived_at < soon_due + 3_000,
        "due at {soon_due}, arrived at {arrived_at}"
    );
    let arrived = seen.last().expect("frame");
    assert!(is_relayed(arrived), "{arrived}");
    assert_eq!(arrived["relay"]["due"], soon_due);
    assert_eq!(text(arrived), "right on cue");
    for f in &seen {
        assert!(
            ![removed, late, us_live].contains(&f["id"].as_i64().unwrap_or(0)),
            "ahead of the FR clock: {f}"
        );
    }
    assert!(seen.iter().any(|f| f["id"] == fr_live), "own live message");
    assert!(
        z.say("still here", "f2").await > 0,
        "the connection goes on"
    );
    let more = frames_until(&mut z, |f| text(f) == "still here").await;
    assert!(more.iter().all(|f| f["id"] != late && f["id"] != us_live));

    // A moderator removes a message already relayed: it goes from the FR page too.
    let r = admin
        .post(
            &format!("/chat/messages/{early}/mod"),
            &[("action", "delete")],
        )
        .await;
    assert_eq!(r.status, 303);
    let deleted = z.expect_type("deleted").await;
    assert_eq!(deleted["id"], early);

    // The live page's server-rendered panel keeps the US messages from the FR viewer too.
    let page = zoe
        .get("/shows/cold-open/episodes/s01e01/live?reveal=1")
        .await
        .body;
    assert!(page.contains("bonsoir from Paris"), "{page}");
    assert!(!page.contains("that ending!") && !page.contains("twenty minutes in"));
    assert!(
        page.contains("data-t-relay-from="),
        "the page has the relay's texts"
    );
    let us_page = sam
        .get("/shows/cold-open/episodes/s01e01/live?reveal=1")
        .await
        .body;
    assert!(us_page.contains("that ending!") && us_page.contains("bonsoir from Paris"));
}

async fn relay_off_hides_it_and_on_brings_the_elapsed_part(app: TestApp) {
    let (room, us, fr) = premiere(&app).await;
    let sam = fan(&app, "sam", "US").await;
    let zoe = fan(&app, "zoe", "FR").await;
    let ([early, soon, late, removed], _) = us_night(&app, &room, us, fr, &sam).await;
    let stored: i64 = sqlx::query("SELECT COUNT(*) FROM chat_messages WHERE sender_region = 'US'")
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
        .try_get(0)
        .expect("n");
    assert_eq!(stored, 4, "each message keeps its sender's region");

    // Off from the start: nothing relayed, not even once `soon` is due.
    let (mut off, _) = join_with(&app.base, &room, &zoe, "&relay=0").await;
    let status = off.next_frame().await;
    assert_eq!(status["type"], "relay");
    assert_eq!(status["on"], false);
    let (mut on, _) = Chat::join(&app.base, &room, None, Some(&zoe)).await;
    frames_until(&mut on, |f| f["id"] == soon).await;
    let marker = on.say("after the cue", "f1").await;
    let seen = frames_until(&mut off, |f| f["id"] == marker).await;
    assert!(seen.iter().all(|f| !is_relayed(f)), "relay off: {seen:?}");

    // On again: the elapsed part at once, in offset order, nothing beyond the clock.
    send_frame(&mut off, json!({"type": "relay", "on": true})).await;
    let status = off.expect_type("relay").await;
    assert_eq!(status["on"], true);
    let caught_up: Vec<i64> = frames_until(&mut off, |f| f["id"] == soon)
        .await
        .iter()
        .filter(|f| is_relayed(f))
        .map(|f| f["id"].as_i64().unwrap_or(0))
        .collect();
    // `removed` (15 s in) is not removed in this story: it plays between the two.
    assert_eq!(caught_up, [early, removed, soon]);

    // A late joiner gets exactly the elapsed part as backlog, right after the hello.
    let (mut late_joiner, _) = Chat::join(&app.base, &room, None, Some(&zoe)).await;
    assert_eq!(late_joiner.next_frame().await["type"], "relay");
    let backlog = [
        late_joiner.next_frame().await,
        late_joiner.next_frame().await,
    ];
    let ids: Vec<i64> = backlog
        .iter()
        .map(|f| f["id"].as_i64().unwrap_or(0))
        .collect();
    assert_eq!(ids, [early, removed]);
    let third = late_joiner.next_frame().await;
    assert_eq!(third["id"], soon, "{third}");
    let mark = on.say("one more", "f2").await;
    let rest = frames_until(&mut late_joiner, |f| f["id"] == mark).await;
    assert!(rest.iter().all(|f| f["id"] != late), "{rest:?}");

    // Relay and clock frames share `--chat-resumes-per-minute` (10) as their own budget:
    // one was used above, so the tenth of these is refused with the time to wait.
    for _ in 0..10 {
        send_frame(&mut off, json!({"type": "relay", "on": true})).await;
    }
    let answers = frames_until(&mut off, |f| f["type"] == "error").await;
    let refused = answers.last().expect("frame");
    assert_eq!(refused["code"], "rate_limited", "{refused}");
    assert!(refused["retry_after_ms"].as_u64().is_some_and(|ms| ms > 0));
    assert_eq!(answers.iter().filter(|f| f["type"] == "relay").count(), 9);

    // Odd frames are refused as any unreadable frame is, and the socket goes on.
    off.send_raw(r#"{"type":"relay","on":"maybe"}"#).await;
    assert_eq!(off.expect_type("error").await["code"], "bad_request");
    off.send_raw(r#"{"type":"clock","action":"rewind"}"#).await;
    assert_eq!(off.expect_type("error").await["code"], "bad_request");
}

async fn a_personal_clock_plays_and_pauses_the_relay(app: TestApp) {
    let (room, us, fr) = premiere(&app).await;
    let sam = fan(&app, "sam", "US").await;
    let ([early, soon, _late, at_15s], _) = us_night(&app, &room, us, fr, &sam).await;
    // A US viewer watching the recording: the room as it is, no relay until they press
    // play, nine seconds in.
    let kim = fan(&app, "kim", "US").await;
    let (mut k, hello) = Chat::join(&app.base, &room, None, Some(&kim)).await;
    assert_eq!(hello["backlog"].as_array().map(Vec::len), Some(4));
    send_frame(
        &mut k,
        json!({"type": "clock", "action": "play", "position_ms": 9_000}),
    )
    .await;
    let pressed = Instant::now();
    let status = k.expect_type("relay").await;
    assert_eq!(status["clock"], "playing");
    assert_eq!(status["position_ms"], 9_000);
    let got = frames_until(&mut k, is_relayed).await;
    let relayed = got.last().expect("frame");
    assert_eq!(relayed["id"], early);
    assert!(
        pressed.elapsed() >= Duration::from_millis(900),
        "at its offset"
    );

    // Paused: the clock holds, nothing more comes.
    send_frame(&mut k, json!({"type": "clock", "action": "pause"})).await;
    let status = k.expect_type("relay").await;
    assert_eq!(status["clock"], "paused");
    let held = status["position_ms"].as_i64().expect("position");
    assert!((10_000..12_000).contains(&held), "{held}");
    // A reaction counts where the viewer's own clock stands, not the US air time (30 min).
    send_frame(&mut k, json!({"type": "react", "key": "fire"})).await;
    assert_eq!(k.expect_type("reacted").await["offset_ms"], held);

    // Play from just before `soon`: what the jump passed comes at once, `soon` half a
    // second later.
    let soon_at: i64 = sqlx::query("SELECT created_at FROM chat_messages WHERE id = $1")
        .bind(soon)
        .fetch_one(&app.db.pool)
        .await
        .expect("row")
        .try_get(0)
        .expect("at");
    send_frame(
        &mut k,
        json!({"type": "clock", "action": "play", "position_ms": soon_at - us - 500}),
    )
    .await;
    assert_eq!(k.expect_type("relay").await["clock"], "playing");
    let played = Instant::now();
    let got = frames_until(&mut k, |f| f["id"] == soon).await;
    let relayed: Vec<&Value> = got.iter().filter(|f| is_relayed(f)).collect();
    assert_eq!(relayed.len(), 2, "{got:?}");
    assert_eq!(relayed[0]["id"], at_15s);
    assert!(played.elapsed() >= Duration::from_millis(400));
    // No relay in a room without air dates: the frame is refused, the socket stays.
    let other = format!("ep-{}", {
        app.seed_catalogue().await;
        app.episode_id("far-shore", "s01e01").await
    });
    let (mut o, _) = Chat::join(&app.base, &other, None, Some(&kim)).await;
    send_frame(&mut o, json!({"type": "relay", "on": false})).await;
    assert_eq!(o.expect_type("error").await["code"], "bad_request");
}

/// Schedules a party of Cold Open S01E01 that started a minute ago (to the minute),
/// including the relay or not; returns its id and stored start.
async fn party(app: &TestApp, host: &Browser, relay: bool) -> (i64, i64) {
    let start = crate::helpers::utc_form_time(-1);
    let mut fields = vec![("title", "Late night"), ("starts_at", start.as_str())];
    if relay {
        fields.push(("relay", "1"));
    }
    let r = host
        .post("/shows/cold-open/episodes/s01e01/parties", &fields)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id: i64 = r
        .location
        .unwrap_or_default()
        .trim_start_matches("/parties/")
        .parse()
        .expect("party id");
    let starts: i64 = sqlx::query("SELECT starts_at FROM parties WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .expect("party")
        .try_get(0)
        .expect("starts_at");
    (id, starts)
}

async fn a_watch_party_can_include_the_relay(app: TestApp) {
    let (room, us, _fr) = premiere(&app).await;
    let admin = fan(&app, "admin", "US").await;
    let sam = fan(&app, "sam", "US").await;
    let zoe = fan(&app, "zoe", "FR").await;
    let (mut s, _) = Chat::join(&app.base, &room, None, Some(&sam)).await;
    let early = s.say("five seconds in", "u1").await;
    let soon = s.say("right on the party's cue", "u2").await;
    let removed = s.say("rude remark", "u3").await;
    sent_at(&app, early, us, 5_000).await;
    sent_at(&app, removed, us, 6_000).await;

    // The form's checkbox: this party relays the premiere on the party's clock.
    let form = zoe
        .get("/shows/cold-open/episodes/s01e01/parties")
        .await
        .body;
    assert!(form.contains(r#"name="relay""#), "{form}");
    let (with, starts) = party(&app, &zoe, true).await;
    let party_clock = cliffhanger::time_util::now_ms() - starts;
    sent_at(&app, soon, us, party_clock + 1_500).await;
    let due = starts + party_clock + 1_500;
    let r = admin
        .post(
            &format!("/chat/messages/{removed}/mod"),
            &[("action", "delete")],
        )
        .await;
    assert_eq!(r.status, 303);

    let party_room = format!("party-{with}");
    let (mut z, _) = Chat::join(&app.base, &party_room, None, Some(&zoe)).await;
    let status = z.next_frame().await;
    assert_eq!(status["type"], "relay", "{status}");
    assert_eq!(status["clock"], "party");
    let first = z.next_frame().await;
    assert!(is_relayed(&first), "{first}");
    assert_eq!(
        first["id"], early,
        "backlog up to the party clock, without the removed one"
    );
    let seen = frames_until(&mut z, |f| f["id"] == soon).await;
    assert!(
        cliffhanger::time_util::now_ms() >= due,
        "at its party offset"
    );
    assert_eq!(seen.last().expect("frame")["relay"]["due"], due);
    // A removal reaches the party's room too.
    let r = admin
        .post(
            &format!("/chat/messages/{early}/mod"),
            &[("action", "delete")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(z.expect_type("deleted").await["id"], early);
    // The host pauses: the relay holds with the party clock, and goes on once resumed.
    let held = s.say("after the pause", "u4").await;
    assert_eq!(
        zoe.post(&format!("/parties/{with}/pause"), &[])
            .await
            .status,
        303
    );
    let paused_at: i64 = sqlx::query("SELECT paused_at FROM parties WHERE id = $1")
        .bind(with)
        .fetch_one(&app.db.pool)
        .await
        .expect("party")
        .try_get(0)
        .expect("paused_at");
    sent_at(&app, held, us, paused_at - starts + 300).await;
    // Past the moment it would have played without the pause.
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    let (mut p2, _) = Chat::join(&app.base, &party_room, None, Some(&zoe)).await;
    assert_eq!(p2.next_frame().await["clock"], "party_paused");
    let marker = z.say("still paused", "f1").await;
    let seen = frames_until(&mut p2, |f| f["id"] == marker).await;
    assert!(seen.iter().any(|f| f["id"] == soon), "{seen:?}");
    assert!(
        seen.iter().all(|f| f["id"] != held),
        "ahead of the paused clock: {seen:?}"
    );
    assert_eq!(
        zoe.post(&format!("/parties/{with}/resume"), &[])
            .await
            .status,
        303
    );
    let resumed = cliffhanger::time_util::now_ms();
    let seen = frames_until(&mut p2, |f| f["id"] == held).await;
    let due = seen.last().expect("frame")["relay"]["due"]
        .as_i64()
        .expect("due");
    assert!(
        due >= resumed - 100,
        "played on the resumed clock: {due} vs {resumed}"
    );

    let page = zoe.get(&format!("/parties/{with}?reveal=1")).await.body;
    assert!(
        page.contains("data-relay-bar"),
        "the party page offers the switch"
    );

    // A party without it: no relay, and the frames are refused.
    let (without, _) = party(&app, &sam, false).await;
    let (mut plain, _) = Chat::join(&app.base, &format!("party-{without}"), None, Some(&zoe)).await;
    send_frame(&mut plain, json!({"type": "relay", "on": true})).await;
    let refused = frames_until(&mut plain, |f| f["type"] == "error").await;
    assert!(refused
        .iter()
        .all(|f| !is_relayed(f) && f["type"] != "relay"));
    assert_eq!(refused.last().expect("frame")["code"], "bad_request");
}
