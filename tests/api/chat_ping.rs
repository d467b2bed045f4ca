//! Keep-alive: every client is pinged each ping interval (from one clock for the whole
//! node), a client that answers stays connected, and one that stops answering is closed
//! with 1001 "no pong" once the pong timeout has passed.
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{spawn_app_with, Backend};
use crate::ws::{Chat, Event, WAIT};

const PING: Duration = Duration::from_millis(50);
const PONG_TIMEOUT: Duration = Duration::from_millis(400);

/// Reads `chat` until it has seen `n` pings (answering each, as tungstenite does when it
/// reads), failing if any other frame ends the connection first.
async fn answer_pings(chat: &mut Chat, n: usize) {
    let mut seen = 0;
    while seen < n {
        match tokio::time::timeout(WAIT, chat.ws.next()).await {
            Ok(Some(Ok(Message::Ping(_)))) => seen += 1,
            Ok(Some(Ok(Message::Close(c)))) => panic!("closed after {seen} pings: {c:?}"),
            Ok(Some(Ok(_))) => {}
            other => panic!("no ping within {WAIT:?} after {seen}: {other:?}"),
        }
    }
}

async fn silent_clients_are_closed_answering_ones_stay(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |c| {
        c.chat.ping_interval = PING;
        c.chat.pong_timeout = PONG_TIMEOUT;
    })
    .await
    else {
        return;
    };
    app.seed_catalogue().await;
    let room = format!("ep-{}", app.episode_id("night-shift", "s01e01").await);
    let (mut live, _) = Chat::join(&app.base, &room, None, None).await;
    // Never read again until the server has given up on it: it answers no ping.
    let (mut silent, _) = Chat::join(&app.base, &room, None, None).await;

    // Twenty ticks of the clock are well past twice the pong timeout.
    answer_pings(&mut live, 20).await;
    let deadline = Instant::now() + WAIT;
    while app.chat.open_sockets() > 1 {
        assert!(
            Instant::now() < deadline,
            "the silent client was never closed"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Its close frame may sit behind pings it never answered; answering them now can meet
    // the closed socket first, so either is the end it was given.
    loop {
        match silent.next_event().await {
            Event::Closed(Some(frame)) => {
                assert_eq!(frame.code, CloseCode::Away);
                assert_eq!(frame.reason.as_str(), "no pong");
                break;
            }
            Event::Ended => break,
            Event::Frame(_) => {}
            Event::Closed(None) => panic!("closed without a reason"),
        }
    }
    // The client that answered is still there, still pinged.
    answer_pings(&mut live, 2).await;
    assert_eq!(app.chat.open_sockets(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_clients_are_closed_answering_ones_stay_sqlite() {
    silent_clients_are_closed_answering_ones_stay(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_clients_are_closed_answering_ones_stay_postgres() {
    silent_clients_are_closed_answering_ones_stay(Backend::Postgres).await;
}
