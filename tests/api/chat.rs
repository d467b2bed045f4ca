//! Live chat against the real server with real WebSocket clients.
use std::time::Duration;

use serde_json::Value;
use sqlx::Row;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use crate::helpers::{spawn_app_with, Backend, TestApp};
use crate::ws::{request, Chat, Event};

crate::on_both_backends!(
    two_users_receive_messages_in_order,
    anonymous_reads_but_cannot_send,
    too_long_and_bad_frames_are_refused_and_connection_survives,
    rate_limit_answers_with_retry_time,
    resume_delivers_exactly_the_missed_messages,
    same_nonce_twice_stores_once,
    oversized_frame_closes_1009,
    foreign_origin_and_unknown_room_are_refused,
    party_offsets_and_replay_seek,
);

async fn room_of(app: &TestApp) -> String {
    format!("ep-{}", app.episode_id("night-shift", "s01e01").await)
}

async fn stored_messages(app: &TestApp, room: &str) -> Vec<String> {
    sqlx::query("SELECT body FROM chat_messages WHERE room = $1 ORDER BY id")
        .bind(room)
        .fetch_all(&app.db.pool)
        .await
        .expect("query")
        .iter()
        .map(|r| r.try_get::<String, _>(0).expect("body"))
        .collect()
}

fn texts(msgs: &[Value]) -> Vec<&str> {
    msgs.iter()
        .map(|m| m["text"].as_str().unwrap_or_default())
        .collect()
}

async fn two_users_receive_messages_in_order(app: TestApp) {
    app.seed_catalogue().await;
    let room = room_of(&app).await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let (mut a, hello) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    assert_eq!(hello["room"], room.as_str());
    assert_eq!(hello["slow_mode_s"], 0);
    assert!(hello["backlog"].as_array().is_some_and(|b| b.is_empty()));
    let (mut b, _) = Chat::join(&app.base, &room, None, Some(&bob)).await;

    let first = a.say("first <b>x</b>", "n1").await;
    let second = a.say("second", "n2").await;
    let third = b.say("third from bob", "n3").await;
    assert!(first < second && second < third);

    let got_a = a.messages(3).await;
    let got_b = b.messages(3).await;
    for got in [&got_a, &got_b] {
        assert_eq!(texts(got), ["first <b>x</b>", "second", "third from bob"]);
        assert_eq!(got[0]["user"], "ann");
        assert_eq!(got[2]["user"], "bob");
        assert_eq!(got[0]["id"], first);
        assert!(
            got[0]["offset_ms"].is_null(),
            "episode room messages carry no party offset"
        );
    }
    // A newcomer's hello carries the backlog and the online count.
    let (_c, hello) = Chat::join(&app.base, &room, None, None).await;
    assert_eq!(
        texts(hello["backlog"].as_array().expect("backlog")),
        ["first <b>x</b>", "second", "third from bob"]
    );
    assert_eq!(hello["online"], 3);
    // The live page shows the stored backlog without JavaScript, escaped.
    let page = app
        .browser()
        .get("/shows/night-shift/episodes/s01e01/live")
        .await
        .body;
    assert!(page.contains("first &lt;b&gt;x&lt;/b&gt;") && page.contains("third from bob"));
}

async fn anonymous_reads_but_cannot_send(app: TestApp) {
    app.seed_catalogue().await;
    let room = room_of(&app).await;
    let ann = app.browser().signed_up("ann").await;
    let (mut anon, _) = Chat::join(&app.base, &room, None, None).await;
    let (mut a, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    anon.send_text("let me in", "x1").await;
    let err = anon.expect_type("error").await;
    assert_eq!(err["code"], "forbidden");
    a.say("hello readers", "h1").await;
    let seen = anon.messages(1).await;
    assert_eq!(seen[0]["text"], "hello readers");
    assert_eq!(stored_messages(&app, &room).await, ["hello readers"]);
}

async fn too_long_and_bad_frames_are_refused_and_connection_survives(app: TestApp) {
    app.seed_catalogue().await;
    let room = room_of(&app).await;
    let ann = app.browser().signed_up("ann").await;
    let (mut a, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    a.send_text(&"x".repeat(501), "long").await;
    assert_eq!(a.expect_type("error").await["code"], "too_long");
    a.send_raw("this is not json").await;
    assert_eq!(a.expect_type("error").await["code"], "bad_request");
    a.send_raw(r#"{"type":"dance"}"#).await;
    assert_eq!(a.expect_type("error").await["code"], "bad_request");
    a.send_text("   ", "blank").await;
    assert_eq!(a.expect_type("error").await["code"], "bad_request");
    assert!(
        stored_messages(&app, &room).await.is_empty(),
        "nothing stored"
    );
    // Exactly 500 characters is fine, and the connection still works.
    a.say(&"y".repeat(500), "ok").await;
    assert_eq!(stored_messages(&app, &room).await.len(), 1);
}

async fn rate_limit_answers_with_retry_time(app: TestApp) {
    app.seed_catalogue().await;
    let room = room_of(&app).await;
    let ann = app.browser().signed_up("ann").await;
    let (mut a, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    for i in 0..5 {
        a.say(&format!("msg {i}"), &format!("r{i}")).await;
    }
    a.send_text("one too many", "r5").await;
    let err = a.expect_type("error").await;
    assert_eq!(err["code"], "rate_limited");
    let retry = err["retry_after_ms"].as_u64().expect("retry_after_ms");
    assert!(retry > 0 && retry <= 5_000, "{retry}");
    assert_eq!(stored_messages(&app, &room).await.len(), 5);
}

async fn resume_delivers_exactly_the_missed_messages(app: TestApp) {
    app.seed_catalogue().await;
    let room = room_of(&app).await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let (mut a, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    let (mut b, _) = Chat::join(&app.base, &room, None, Some(&bob)).await;
    b.say("before 1", "b1").await;
    b.say("before 2", "b2").await;
    let seen = b.messages(2).await;
    let last_seen = seen[1]["id"].as_i64().expect("id");
    drop(b);
    for i in 1..=3 {
        a.say(&format!("missed {i}"), &format!("m{i}")).await;
    }
    // Reconnect with ?after=: the hello backlog is exactly the missed messages.
    let (mut b2, hello) = Chat::join(&app.base, &room, Some(last_seen), Some(&bob)).await;
    assert_eq!(
        texts(hello["backlog"].as_array().expect("backlog")),
        ["missed 1", "missed 2", "missed 3"]
    );
    // And a `resume` frame on a live connection does the same.
    b2.send_raw(&format!(r#"{{"type":"resume","after":{last_seen}}}"#))
        .await;
    assert_eq!(
        texts(&b2.messages(3).await),
        ["missed 1", "missed 2", "missed 3"]
    );
    // New messages continue after the resumed ones, no gap, no duplicate.
    a.say("after", "a1").await;
    assert_eq!(texts(&b2.messages(1).await), ["after"]);
}

async fn same_nonce_twice_stores_once(app: TestApp) {
    app.seed_catalogue().await;
    let room = room_of(&app).await;
    let ann = app.browser().signed_up("ann").await;
    let (mut a, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    let id1 = a.say("only once", "same").await;
    // A client that resends after reconnecting, with the same nonce:
    let (mut again, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    let id2 = again.say("only once", "same").await;
    assert_eq!(id1, id2, "the resend is acked with the original id");
    assert_eq!(stored_messages(&app, &room).await, ["only once"]);
}

async fn oversized_frame_closes_1009(app: TestApp) {
    app.seed_catalogue().await;
    let room = room_of(&app).await;
    let ann = app.browser().signed_up("ann").await;
    let (mut a, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    a.send_text(&"z".repeat(17 * 1024), "big").await;
    loop {
        match a.next_event().await {
            Event::Frame(f) if f["type"] == "presence" => continue,
            Event::Closed(Some(frame)) => {
                assert_eq!(frame.code, CloseCode::Size);
                break;
            }
            other => panic!("expected close 1009, got {other:?}"),
        }
    }
    assert!(stored_messages(&app, &room).await.is_empty());
}

async fn foreign_origin_and_unknown_room_are_refused(app: TestApp) {
    app.seed_catalogue().await;
    let room = room_of(&app).await;
    let mut req = request(&app.base, &room, None, None);
    req.headers_mut()
        .insert("Origin", "https://evil.example".parse().expect("header"));
    match tokio_tungstenite::connect_async(req).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => {
            assert_eq!(resp.status().as_u16(), 403)
        }
        other => panic!(
            "foreign origin must be refused, got {:?}",
            other.map(|_| ())
        ),
    }
    for bad in ["ep-999999", "party-5", "lobby"] {
        match tokio_tungstenite::connect_async(request(&app.base, bad, None, None)).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => {
                assert_eq!(resp.status().as_u16(), 404, "{bad}")
            }
            other => panic!("{bad} must be 404, got {:?}", other.map(|_| ())),
        }
    }
}

async fn party_offsets_and_replay_seek(app: TestApp) {
    app.seed_catalogue().await;
    let host = app.browser().signed_up("host").await;
    let r = host
        .post(
            "/shows/night-shift/episodes/s01e01/parties",
            &[
                ("title", "Friday watch"),
                ("starts_at", &crate::helpers::utc_form_time(-10)),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let party = r.location.unwrap_or_default();
    let pid: i64 = party
        .trim_start_matches("/parties/")
        .parse()
        .expect("party id");
    // The host has not marked S01E01 watched: the party page asks first, then shows it.
    let ask = host.get(&party).await.body;
    assert!(ask.contains("Show anyway") && !ask.contains("Pause the clock"));
    let page = host.get(&format!("{party}?reveal=1")).await.body;
    assert!(page.contains("Friday watch") && page.contains("Pause the clock"));

    let room = format!("party-{pid}");
    let (mut c, _) = Chat::join(&app.base, &room, None, Some(&host)).await;
    c.say("opening titles", "p1").await;
    c.say("what a twist", "p2").await;
    let msgs = c.messages(2).await;
    let o1 = msgs[0]["offset_ms"].as_i64().expect("offset");
    let o2 = msgs[1]["offset_ms"].as_i64().expect("offset");
    assert!(
        o1 >= 9 * 60_000,
        "offset measured from the party start: {o1}"
    );
    assert!(o2 >= o1);

    // While the host has paused, the episode clock stands still.
    assert_eq!(
        host.post(&format!("/parties/{pid}/pause"), &[])
            .await
            .status,
        303
    );
    c.say("paused 1", "p3").await;
    c.say("paused 2", "p4").await;
    let paused = c.messages(2).await;
    assert_eq!(paused[0]["offset_ms"], paused[1]["offset_ms"]);
    assert_eq!(
        host.post(&format!("/parties/{pid}/resume"), &[])
            .await
            .status,
        303
    );

    // Only the host controls the clock.
    let guest = app.browser().signed_up("guest").await;
    assert_eq!(
        guest
            .post(&format!("/parties/{pid}/pause"), &[])
            .await
            .status,
        403
    );

    let all: Vec<Value> = serde_json::from_str(
        &app.browser()
            .get(&format!("/parties/{pid}/replay.json"))
            .await
            .body,
    )
    .expect("json");
    assert_eq!(
        texts(&all),
        ["opening titles", "what a twist", "paused 1", "paused 2"]
    );
    let offsets: Vec<i64> = all
        .iter()
        .map(|m| m["offset_ms"].as_i64().unwrap_or(-1))
        .collect();
    assert!(
        offsets.windows(2).all(|w| w[0] <= w[1]),
        "ordered by offset: {offsets:?}"
    );
    // Seeking past the first message returns the rest.
    let from = offsets[0] + 1;
    let seek: Vec<Value> = serde_json::from_str(
        &app.browser()
            .get(&format!("/parties/{pid}/replay.json?from={from}"))
            .await
            .body,
    )
    .expect("json");
    assert_eq!(
        seek.first().and_then(|m| m["text"].as_str()),
        Some(if offsets[1] >= from {
            "what a twist"
        } else {
            "paused 1"
        })
    );
    assert!(seek
        .iter()
        .all(|m| m["offset_ms"].as_i64().unwrap_or(-1) >= from));
    // The replay page lists the messages for readers without JavaScript.
    let replay = app.browser().get(&format!("/parties/{pid}/replay")).await;
    assert_eq!(replay.status, 200);
    assert!(replay.body.contains("opening titles"));

    // Scheduling needs a valid time; nothing is created otherwise.
    let bad = host
        .post(
            "/shows/night-shift/episodes/s01e01/parties",
            &[("title", "x"), ("starts_at", "soon")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("not a start time"));
    assert_eq!(app.count("parties").await, 1);
}

/// A client that stops reading is disconnected; everyone else keeps getting every message.
async fn slow_consumer_is_dropped_without_slowing_the_room(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |c| {
        c.chat.outbound_queue = 200;
        c.chat.rate_count = 100_000;
    })
    .await
    else {
        return;
    };
    app.seed_catalogue().await;
    let room = room_of(&app).await;
    let ann = app.browser().signed_up("ann").await;
    // The slow client asks for a tiny receive buffer so the server's queue fills quickly.
    let mut slow = crate::ws::connect_slow(&app.base, &room).await;
    let (mut reader, _) = Chat::join(&app.base, &room, None, None).await;
    let (mut sender, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;

    // The sender waits for the reader after every chunk, so a client that keeps reading
    // never has more than a chunk queued; the slow client never reads at all.
    let total = 10_000;
    let chunk = 50;
    let text = "s".repeat(480);
    let mut ids = Vec::with_capacity(total);
    for c in 0..total / chunk {
        for i in c * chunk..(c + 1) * chunk {
            sender
                .send_text(&format!("{i} {text}"), &format!("s{i}"))
                .await;
        }
        ids.extend(
            reader
                .messages(chunk)
                .await
                .iter()
                .map(|m| m["id"].as_i64().unwrap_or(0)),
        );
        sender.messages(chunk).await;
    }
    assert_eq!(ids.len(), total);
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "in order, no duplicates"
    );

    // Now read what the slow client was given: it must end (closed 4008 or dropped) early.
    let mut got = 0usize;
    let ended = loop {
        use futures_util::StreamExt;
        match tokio::time::timeout(Duration::from_secs(20), slow.next())
            .await
            .expect("slow client ends")
        {
            Some(Ok(tokio_tungstenite::tungstenite::Message::Text(_))) => got += 1,
            Some(Ok(tokio_tungstenite::tungstenite::Message::Close(frame))) => {
                break format!("close {:?}", frame.map(|f| f.code))
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => break format!("error {e}"),
            None => break "eof".to_string(),
        }
    };
    eprintln!("slow client got {got} frames, then {ended}");
    assert!(
        got < total,
        "the slow client was cut off ({got} of {total} frames, {ended})"
    );
    if ended.starts_with("close") {
        assert!(ended.contains("4008"), "{ended}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_consumer_sqlite() {
    slow_consumer_is_dropped_without_slowing_the_room(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_consumer_postgres() {
    slow_consumer_is_dropped_without_slowing_the_room(Backend::Postgres).await;
}
