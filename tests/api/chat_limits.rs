//! WebSocket connection limits, the online count, and resume pages and their rate limit.
use std::net::IpAddr;
use std::time::{Duration, Instant};

use crate::helpers::{spawn_app_with, Backend, TestApp};
use crate::ws::Chat;

crate::on_both_backends!(
    one_address_gets_at_most_50_sockets,
    one_user_gets_at_most_8_sockets,
    online_counts_people_not_sockets,
    resume_reads_at_most_500_per_request,
    resume_frames_are_rate_limited_per_connection,
);

fn loopback(n: u8) -> IpAddr {
    IpAddr::from([127, 0, 0, n])
}

async fn room_of(app: &TestApp) -> String {
    format!("ep-{}", app.episode_id("night-shift", "s01e01").await)
}

/// Opens sockets from `from` until one is refused; returns them and the refusal status.
async fn open_until_refused(
    app: &TestApp,
    room: &str,
    from: IpAddr,
    who: Option<&crate::helpers::Browser>,
    at_most: usize,
) -> (Vec<Chat>, Option<u16>) {
    let mut open = Vec::new();
    for _ in 0..at_most {
        match Chat::connect_from(from, &app.base, room, None, who).await {
            Ok(c) => open.push(c),
            Err(status) => return (open, Some(status)),
        }
    }
    (open, None)
}

/// Connects from `from`, retrying until a slot frees (a closed socket's session ends
/// asynchronously), within a bounded deadline.
async fn connect_when_free(app: &TestApp, room: &str, from: IpAddr) -> Chat {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match Chat::connect_from(from, &app.base, room, None, None).await {
            Ok(c) => return c,
            Err(status) => {
                assert_eq!(status, 429);
                assert!(
                    Instant::now() < deadline,
                    "the closed socket's slot never freed"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
}

async fn one_address_gets_at_most_50_sockets(app: TestApp) {
    app.seed_catalogue().await;
    let room = room_of(&app).await;
    let (mut open, refused) = open_until_refused(&app, &room, loopback(2), None, 60).await;
    assert_eq!(open.len(), 50);
    assert_eq!(refused, Some(429));
    // Another address is counted on its own.
    Chat::connect_from(loopback(3), &app.base, &room, None, None)
        .await
        .expect("another address connects");
    // A closed socket gives its slot back.
    let mut gone = open.pop().expect("a socket");
    gone.ws.close(None).await.expect("close");
    drop(gone);
    connect_when_free(&app, &room, loopback(2)).await;
}

async fn one_user_gets_at_most_8_sockets(app: TestApp) {
    app.seed_catalogue().await;
    let room = room_of(&app).await;
    let ann = app.browser().signed_up("ann").await;
    let mut open = Vec::new();
    // From different addresses, so only the per-user limit applies.
    for n in 0..8u8 {
        open.push(
            Chat::connect_from(loopback(10 + n), &app.base, &room, None, Some(&ann))
                .await
                .expect("within the per-user limit"),
        );
    }
    let refused = Chat::connect_from(loopback(20), &app.base, &room, None, Some(&ann)).await;
    assert_eq!(refused.err(), Some(429));
    // Reading anonymously from there still works.
    Chat::connect_from(loopback(20), &app.base, &room, None, None)
        .await
        .expect("anonymous socket");
}

async fn online_counts_people_not_sockets(app: TestApp) {
    app.seed_catalogue().await;
    let room = room_of(&app).await;
    let ann = app.browser().signed_up("ann").await;
    let (_t1, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    let (_t2, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    let (_anon1, _) = Chat::join(&app.base, &room, None, None).await;
    let (_anon2, hello) = Chat::join(&app.base, &room, None, None).await;
    // ann once (two tabs), and each anonymous socket.
    assert_eq!(hello["online"], 3, "{hello}");
}

async fn store_messages(app: &TestApp, room: &str, n: usize) -> Vec<i64> {
    use sqlx::Row;
    let show_id: i64 = sqlx::query("SELECT id FROM shows WHERE slug = 'night-shift'")
        .fetch_one(&app.db.pool)
        .await
        .expect("show")
        .try_get(0)
        .expect("id");
    let user_id: i64 = sqlx::query("SELECT id FROM users WHERE username = 'ann'")
        .fetch_one(&app.db.pool)
        .await
        .expect("user")
        .try_get(0)
        .expect("id");
    let msgs: Vec<cliffhanger::db::chat::NewMessage> = (0..n)
        .map(|i| cliffhanger::db::chat::NewMessage {
            room: room.to_string(),
            show_id,
            user_id,
            username: "ann".into(),
            text: format!("old {i}"),
            nonce: format!("old-{i}"),
            created_at: 1_000 + i as i64,
            offset_ms: None,
            is_mod: false,
            region: None,
        })
        .collect();
    cliffhanger::db::chat_store::insert_batch(&app.db, &msgs)
        .await
        .expect("store")
        .into_iter()
        .map(|done| done.id)
        .collect()
}

async fn resume_reads_at_most_500_per_request(app: TestApp) {
    app.seed_catalogue().await;
    let room = room_of(&app).await;
    let _ann = app.browser().signed_up("ann").await;
    let ids = store_messages(&app, &room, 1_200).await;
    // Anonymous clients may resume a public room: a page at a time.
    let (mut c, hello) = Chat::join(&app.base, &room, Some(0), None).await;
    let page = hello["backlog"].as_array().expect("backlog");
    assert_eq!(page.len(), 500);
    assert_eq!(page[0]["id"], ids[0]);
    assert_eq!(page[499]["id"], ids[499]);
    // The next page, by a `resume` frame from the last id received.
    c.send_raw(&format!(r#"{{"type":"resume","after":{}}}"#, ids[499]))
        .await;
    let next = c.messages(500).await;
    assert_eq!(next[0]["id"], ids[500]);
    assert_eq!(next[499]["id"], ids[999]);
    // The room still answers while and after serving those pages.
    let (_other, hello) = Chat::join(&app.base, &room, None, None).await;
    assert_eq!(
        hello["backlog"].as_array().map(Vec::len),
        Some(50),
        "{hello}"
    );
}

async fn resume_frames_are_rate_limited_per_connection(app: TestApp) {
    app.seed_catalogue().await;
    let room = room_of(&app).await;
    let (mut c, _) = Chat::join(&app.base, &room, None, None).await;
    for _ in 0..10 {
        c.send_raw(r#"{"type":"resume","after":0}"#).await;
    }
    c.send_raw(r#"{"type":"resume","after":0}"#).await;
    let err = c.expect_type("error").await;
    assert_eq!(err["code"], "rate_limited", "{err}");
    assert!(err["retry_after_ms"].as_u64().is_some_and(|ms| ms > 0));
    // Another connection has its own budget.
    let (mut d, _) = Chat::join(&app.base, &room, None, None).await;
    d.send_raw(r#"{"type":"resume","after":0}"#).await;
    d.send_raw(r#"{"type":"send","text":"x"}"#).await;
    assert_eq!(d.expect_type("error").await["code"], "forbidden");
}

/// The process-wide limit, set low: concurrent handshakes never get past it.
async fn process_limit_holds_under_concurrent_handshakes(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |c| c.chat.sockets.max = 5).await else {
        return;
    };
    app.seed_catalogue().await;
    let room = room_of(&app).await;
    let attempts: Vec<_> = (0..20u8)
        .map(|n| {
            let base = app.base.clone();
            let room = room.clone();
            tokio::spawn(async move {
                Chat::connect_from(loopback(30 + n), &base, &room, None, None).await
            })
        })
        .collect();
    let mut open = Vec::new();
    let mut refused = 0;
    for a in attempts {
        match a.await.expect("task") {
            Ok(c) => open.push(c),
            Err(status) => {
                assert_eq!(status, 429);
                refused += 1;
            }
        }
    }
    assert_eq!(open.len(), 5);
    assert_eq!(refused, 15);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn process_limit_holds_under_concurrent_handshakes_sqlite() {
    process_limit_holds_under_concurrent_handshakes(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn process_limit_holds_under_concurrent_handshakes_postgres() {
    process_limit_holds_under_concurrent_handshakes(Backend::Postgres).await;
}
