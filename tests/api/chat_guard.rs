//! Hostile chat input: fragmented frames, the send limit across rooms, links from new
//! accounts, a room task that dies, and sign-out closing a user's sockets.
use futures_util::SinkExt;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{CloseCode, Data, OpCode};
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{spawn_app_with, Backend, TestApp};
use crate::ws::{Chat, Event};

crate::on_both_backends!(
    fragmented_message_is_reassembled,
    fragments_past_the_limit_close_1009,
    send_limit_holds_across_rooms,
    a_killed_room_comes_back_and_resumes_lose_nothing,
    sign_out_closes_every_socket_of_the_user_4001,
);

async fn rooms(app: &TestApp) -> (String, String) {
    (
        format!("ep-{}", app.episode_id("night-shift", "s01e01").await),
        format!("ep-{}", app.episode_id("far-shore", "s01e01").await),
    )
}

async fn send_fragments(chat: &mut Chat, parts: &[&str]) {
    for (i, part) in parts.iter().enumerate() {
        let opcode = if i == 0 {
            OpCode::Data(Data::Text)
        } else {
            OpCode::Data(Data::Continue)
        };
        let frame = Frame::message(part.as_bytes().to_vec(), opcode, i + 1 == parts.len());
        chat.ws
            .send(Message::Frame(frame))
            .await
            .expect("send fragment");
    }
}

async fn expect_close(chat: &mut Chat, code: CloseCode) {
    loop {
        match chat.next_event().await {
            Event::Frame(_) => continue,
            Event::Closed(Some(frame)) => {
                assert_eq!(frame.code, code, "{frame:?}");
                return;
            }
            other => panic!("expected close {code}, got {other:?}"),
        }
    }
}

async fn fragmented_message_is_reassembled(app: TestApp) {
    app.seed_catalogue().await;
    let (room, _) = rooms(&app).await;
    let ann = app.browser().signed_up("ann").await;
    let (mut a, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    send_fragments(
        &mut a,
        &[
            r#"{"type":"send","te"#,
            r#"xt":"in three "#,
            r#"pieces","nonce":"f1"}"#,
        ],
    )
    .await;
    // The room broadcasts the message, then acks it.
    let msg = a.expect_type("message").await;
    assert_eq!(msg["text"], "in three pieces");
    let ack = a.expect_type("ack").await;
    assert_eq!(ack["nonce"], "f1");
    assert_eq!(ack["id"], msg["id"]);
}

async fn fragments_past_the_limit_close_1009(app: TestApp) {
    app.seed_catalogue().await;
    let (room, _) = rooms(&app).await;
    let ann = app.browser().signed_up("ann").await;
    let (mut a, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    // Each fragment is under the 16 KiB frame limit; together they are over it.
    let chunk = "z".repeat(6 * 1024);
    let head = format!(r#"{{"type":"send","nonce":"big","text":"{chunk}"#);
    send_fragments(&mut a, &[&head, &chunk, &chunk, r#""}"#]).await;
    expect_close(&mut a, CloseCode::Size).await;
}

async fn send_limit_holds_across_rooms(app: TestApp) {
    app.seed_catalogue().await;
    let (one, two) = rooms(&app).await;
    let ann = app.browser().signed_up("ann").await;
    let (mut a, _) = Chat::join(&app.base, &one, None, Some(&ann)).await;
    let (mut b, _) = Chat::join(&app.base, &two, None, Some(&ann)).await;
    for i in 0..3 {
        a.say(&format!("one {i}"), &format!("a{i}")).await;
    }
    for i in 0..2 {
        b.say(&format!("two {i}"), &format!("b{i}")).await;
    }
    b.send_text("one too many", "b2").await;
    let err = b.expect_type("error").await;
    assert_eq!(err["code"], "rate_limited", "{err}");
    a.send_text("and here too", "a3").await;
    assert_eq!(a.expect_type("error").await["code"], "rate_limited");
}

async fn a_killed_room_comes_back_and_resumes_lose_nothing(app: TestApp) {
    app.seed_catalogue().await;
    let (room, _) = rooms(&app).await;
    let room_id = cliffhanger::chat::RoomId::parse(&room).expect("room id");
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let (mut a, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    let (mut b, _) = Chat::join(&app.base, &room, None, Some(&bob)).await;
    let first = a.say("before the crash", "k1").await;
    assert_eq!(b.messages(1).await[0]["id"], first);
    app.chat.kill_room_for_tests(room_id).await;
    // Every member is told to reconnect (1012), not left talking to a dead room.
    expect_close(&mut a, CloseCode::Restart).await;
    expect_close(&mut b, CloseCode::Restart).await;
    // The next join starts the room afresh from the database.
    let (mut a2, hello) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    assert_eq!(hello["backlog"][0]["text"], "before the crash");
    let second = a2.say("after the crash", "k2").await;
    // Bob resumes from the last id he saw: nothing is lost, nothing repeated.
    let (mut b2, hello) = Chat::join(&app.base, &room, Some(first), Some(&bob)).await;
    let backlog = hello["backlog"].as_array().expect("backlog");
    assert_eq!(backlog.len(), 1, "{hello}");
    assert_eq!(backlog[0]["id"], second);
    a2.say("and on it goes", "k3").await;
    assert_eq!(b2.messages(1).await[0]["text"], "and on it goes");
}

async fn sign_out_closes_every_socket_of_the_user_4001(app: TestApp) {
    app.seed_catalogue().await;
    let (one, two) = rooms(&app).await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let (mut a1, _) = Chat::join(&app.base, &one, None, Some(&ann)).await;
    let (mut a2, _) = Chat::join(&app.base, &two, None, Some(&ann)).await;
    let (mut b, _) = Chat::join(&app.base, &one, None, Some(&bob)).await;
    // Logging out (in another tab) ends every socket of the account at once.
    assert_eq!(ann.post("/logout", &[]).await.status, 303);
    for a in [&mut a1, &mut a2] {
        loop {
            match a.next_event().await {
                Event::Frame(_) => continue,
                Event::Closed(Some(frame)) => {
                    assert_eq!(u16::from(frame.code), 4001);
                    assert_eq!(frame.reason.as_str(), "signed out");
                    break;
                }
                other => panic!("expected close 4001, got {other:?}"),
            }
        }
    }
    // Others stay connected and can still send.
    b.say("still here", "s1").await;
}

/// Run separately from the list above: it needs a config where accounts count as new.
async fn links_from_new_accounts(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |c| {
        c.new_accounts.min_age_ms = 24 * 3_600_000;
    })
    .await
    else {
        return;
    };
    app.seed_catalogue().await;
    let (room, _) = rooms(&app).await;
    // The first account is the site admin, whom the rule does not cover.
    let _admin = app.browser().signed_up("admin").await;
    let ann = app.browser().signed_up("ann").await;
    let (mut a, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    for (i, spam) in ["see https://spam.example now", "visit www.spam.example"]
        .iter()
        .enumerate()
    {
        a.send_text(spam, &format!("l{i}")).await;
        let err = a.expect_type("error").await;
        assert_eq!(err["code"], "forbidden", "{err}");
        assert!(err["message"].as_str().is_some_and(|m| m.contains("links")));
    }
    a.say("no links, just words", "ok").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_from_new_accounts_sqlite() {
    links_from_new_accounts(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_from_new_accounts_postgres() {
    links_from_new_accounts(Backend::Postgres).await;
}
