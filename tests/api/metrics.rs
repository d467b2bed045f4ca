//! `/metrics`: a scrape parses as Prometheus text, its series move with this test's own
//! traffic (each server has its own registry, so values are exact), and who may read it.
use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::helpers::{spawn_app_with, Backend, Browser, TestApp};
use crate::prom_text::{parse, Scrape};
use crate::ws::Chat;

crate::on_both_backends!(
    requests_are_counted_by_route_pattern_and_status,
    chat_counts_follow_real_sockets,
    throttled_logins_and_refused_signups_are_counted_by_reason,
);

const WAIT: Duration = Duration::from_secs(10);
const TOKEN: &str = "scrape-token-0123456789abcdef";

/// A scrape by `b`; it must be allowed and well-formed.
async fn scrape_by(b: &Browser) -> Scrape {
    let resp = b
        .http
        .get(b.url("/metrics"))
        .send()
        .await
        .expect("GET /metrics");
    assert_eq!(resp.status(), 200);
    let ctype = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        ctype.starts_with("text/plain") && ctype.contains("version=0.0.4"),
        "{ctype}"
    );
    let text = resp.text().await.expect("body");
    parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

async fn scrape(app: &TestApp) -> Scrape {
    scrape_by(&app.browser()).await
}

/// The value of the one sample of `name` whose labels include `labels`; 0 when absent.
fn value(s: &Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
    let found: Vec<f64> = s
        .samples
        .iter()
        .filter(|x| x.name == name)
        .filter(|x| {
            labels
                .iter()
                .all(|(k, v)| x.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|x| x.value)
        .collect();
    assert!(found.len() <= 1, "{name}{labels:?} matches {found:?}");
    found.first().copied().unwrap_or(0.0)
}

/// Scrapes until `ok` holds for the values it reads, or fails after `WAIT`: the series move
/// when a background task (room, session, indexer) gets to them.
async fn scrape_until(app: &TestApp, what: &str, ok: impl Fn(&Scrape) -> bool) -> Scrape {
    let deadline = Instant::now() + WAIT;
    loop {
        let s = scrape(app).await;
        if ok(&s) {
            return s;
        }
        assert!(Instant::now() < deadline, "metrics never showed {what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn requests(s: &Scrape, method: &str, route: &str, status: &str) -> f64 {
    value(
        s,
        "cliffhanger_http_requests_total",
        &[("method", method), ("route", route), ("status", status)],
    )
}

async fn requests_are_counted_by_route_pattern_and_status(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let first = ann
        .new_thread("night-shift", "general", "One", "body one")
        .await;
    let second = ann
        .new_thread("night-shift", "general", "Two", "body two")
        .await;
    let visitor = app.browser();
    for id in [first, second, first] {
        assert_eq!(visitor.get(&format!("/threads/{id}")).await.status, 200);
    }
    assert_eq!(visitor.get("/threads/999999").await.status, 404);
    for path in ["/no/such/page", "/wp-login.php", "/x?y=1"] {
        assert_eq!(visitor.get(path).await.status, 404);
    }

    let s = scrape(&app).await;
    // Three views of two threads are one series; the missing thread matched the route.
    assert_eq!(requests(&s, "GET", "/threads/{id}", "200"), 3.0);
    assert_eq!(requests(&s, "GET", "/threads/{id}", "404"), 1.0);
    assert_eq!(requests(&s, "GET", "unmatched", "404"), 3.0);
    assert_eq!(requests(&s, "POST", "/shows/{show}/threads", "303"), 2.0);
    assert_eq!(requests(&s, "POST", "/register", "303"), 1.0);
    // Raw paths never become labels.
    for x in &s.samples {
        if let Some(route) = x.labels.get("route") {
            assert!(
                route == "unmatched" || !route.chars().any(|c| c.is_ascii_digit()),
                "a raw path leaked into a label: {route}"
            );
        }
    }
    assert_eq!(
        value(
            &s,
            "cliffhanger_http_request_duration_seconds_count",
            &[("method", "GET"), ("route", "/threads/{id}")]
        ),
        4.0
    );
    assert!(value(&s, "cliffhanger_db_pool_max_connections", &[]) >= 1.0);
    assert!(
        value(&s, "cliffhanger_db_pool_connections", &[("state", "idle")])
            + value(
                &s,
                "cliffhanger_db_pool_connections",
                &[("state", "in_use")]
            )
            >= 1.0,
        "the pool has connections open"
    );
    // The scrape above is itself counted by the next one.
    let again = scrape(&app).await;
    assert_eq!(requests(&again, "GET", "/metrics", "200"), 1.0);
}

async fn chat_counts_follow_real_sockets(app: TestApp) {
    app.seed_catalogue().await;
    let room = format!("ep-{}", app.episode_id("night-shift", "s01e01").await);
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let idle = scrape(&app).await;
    assert_eq!(value(&idle, "cliffhanger_websockets_open", &[]), 0.0);
    assert_eq!(value(&idle, "cliffhanger_chat_rooms_running", &[]), 0.0);

    let (mut a, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    let (mut b, _) = Chat::join(&app.base, &room, None, Some(&bob)).await;
    a.say("hello from ann", "n1").await;
    b.messages(1).await;
    let s = scrape_until(&app, "one message in, two sockets, one room", |s| {
        value(s, "cliffhanger_chat_messages_in_total", &[]) == 1.0
            && value(s, "cliffhanger_websockets_open", &[]) == 2.0
            && value(s, "cliffhanger_chat_rooms_running", &[]) == 1.0
            // Two hellos, the message to both, ann's ack: at least these were written.
            && value(s, "cliffhanger_chat_frames_out_total", &[]) >= 5.0
    })
    .await;
    assert_eq!(
        value(&s, "cliffhanger_chat_slow_disconnects_total", &[]),
        0.0
    );
    // The WebSocket handshake is a request like any other.
    assert_eq!(requests(&s, "GET", "/ws/rooms/{room}", "101"), 2.0);

    b.say("and bob", "n2").await;
    a.messages(1).await;
    scrape_until(&app, "the second message", |s| {
        value(s, "cliffhanger_chat_messages_in_total", &[]) == 2.0
    })
    .await;

    drop(a);
    drop(b);
    scrape_until(&app, "the sockets and the room gone", |s| {
        value(s, "cliffhanger_websockets_open", &[]) == 0.0
            && value(s, "cliffhanger_chat_rooms_running", &[]) == 0.0
    })
    .await;
}

async fn throttled_logins_and_refused_signups_are_counted_by_reason(app: TestApp) {
    app.browser().signed_up("ann").await;
    let s = scrape(&app).await;
    for reason in ["ip", "account"] {
        assert_eq!(
            value(
                &s,
                "cliffhanger_login_throttled_total",
                &[("reason", reason)]
            ),
            0.0
        );
    }
    // The default per-IP limit is 6 failures a minute: the seventh is throttled.
    let guesser = app.browser_from(7);
    for n in 0..7 {
        let r = guesser.login("ann", "not her password").await;
        assert_eq!(r.status, if n < 6 { 401 } else { 429 }, "try {n}");
    }
    let weak = app.browser_from(8).register("bob", "password").await;
    assert_eq!(weak.status, 422);
    let taken = app
        .browser_from(8)
        .register("ann", "correct horse battery")
        .await;
    assert_eq!(taken.status, 409);

    let s = scrape(&app).await;
    assert_eq!(
        value(&s, "cliffhanger_login_throttled_total", &[("reason", "ip")]),
        1.0
    );
    assert_eq!(
        value(
            &s,
            "cliffhanger_login_throttled_total",
            &[("reason", "account")]
        ),
        0.0
    );
    assert_eq!(requests(&s, "POST", "/login", "429"), 1.0);
    assert_eq!(requests(&s, "POST", "/login", "401"), 6.0);
    let refused = |reason| {
        value(
            &s,
            "cliffhanger_signups_refused_total",
            &[("reason", reason)],
        )
    };
    assert_eq!(
        (
            refused("invalid"),
            refused("name_taken"),
            refused("ip_limit")
        ),
        (1.0, 1.0, 0.0)
    );
}

/// Past its failures an account is throttled whatever address the tries come from.
async fn account_throttle_is_counted(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |c| {
        c.accounts.login_failures_per_account = 3;
        c.accounts.account_retry_secs = 3600;
    })
    .await
    else {
        return;
    };
    app.browser().signed_up("ann").await;
    for n in 10..14 {
        assert_eq!(app.browser_from(n).login("ann", "guess").await.status, 401);
    }
    let r = app.browser_from(14).login("ann", "guess").await;
    assert_eq!(r.status, 429, "{}", r.body);
    let s = scrape(&app).await;
    assert_eq!(
        value(
            &s,
            "cliffhanger_login_throttled_total",
            &[("reason", "account")]
        ),
        1.0
    );
    assert_eq!(
        value(&s, "cliffhanger_login_throttled_total", &[("reason", "ip")]),
        0.0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_throttle_is_counted_sqlite() {
    account_throttle_is_counted(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_throttle_is_counted_postgres() {
    account_throttle_is_counted(Backend::Postgres).await;
}

/// With no indexer in this process the outbox keeps what a post queued: the depth is the
/// table's, and the lag grows with the oldest row's age. A node that indexes drains it to 0.
async fn outbox_depth_and_lag(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |c| c.indexer = false).await else {
        return;
    };
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let before = scrape(&app).await;
    let queued_before = app.count("search_outbox").await;
    assert_eq!(
        value(&before, "cliffhanger_search_outbox_rows", &[]),
        queued_before as f64
    );
    assert_eq!(
        value(&before, "cliffhanger_search_indexer_active", &[]),
        0.0,
        "a --no-indexer node never drains"
    );
    ann.new_thread("night-shift", "general", "Queued", "waits for the indexer")
        .await;
    let queued = app.count("search_outbox").await;
    assert!(queued > queued_before, "the post queued index jobs");
    let s = scrape_until(&app, "the outbox depth and a growing lag", |s| {
        value(s, "cliffhanger_search_outbox_rows", &[]) == queued as f64
            && value(s, "cliffhanger_search_indexing_lag_seconds", &[]) >= 0.05
    })
    .await;
    assert!(value(&s, "cliffhanger_search_indexing_lag_seconds", &[]) < 3600.0);

    // Another node on the same database drains the outbox; the scrape here shows it.
    let indexer = crate::helpers::spawn_node(Some(app.shared_database_url()), |_| {}).await;
    scrape_until(&app, "an empty outbox", |s| {
        value(s, "cliffhanger_search_outbox_rows", &[]) == 0.0
            && value(s, "cliffhanger_search_indexing_lag_seconds", &[]) == 0.0
    })
    .await;
    scrape_until(&indexer, "the draining node says it is the indexer", |s| {
        value(s, "cliffhanger_search_indexer_active", &[]) == 1.0
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outbox_depth_and_lag_sqlite() {
    outbox_depth_and_lag(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outbox_depth_and_lag_postgres() {
    outbox_depth_and_lag(Backend::Postgres).await;
}

async fn status_of(b: &Browser, authorization: Option<&str>) -> (u16, HashMap<String, String>) {
    let mut req = b.http.get(b.url("/metrics"));
    if let Some(a) = authorization {
        req = req.header("Authorization", a);
    }
    let resp = req.send().await.expect("GET /metrics");
    let headers = resp
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_string()))
        .collect();
    (resp.status().as_u16(), headers)
}

/// A reverse proxy on this machine (a trusted proxy at 127.0.0.1) forwards requests from
/// anywhere, so its requests are not local: they need the token. A loopback client that is
/// not the proxy (127.0.0.2) still reads without one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_a_local_proxy_the_token_is_required_and_accepted() {
    let app = spawn_app_with(Backend::Sqlite, |c| {
        c.trusted_proxies = vec!["127.0.0.1/32".parse().expect("cidr")];
        c.metrics_token = Some(TOKEN.parse().expect("token"));
    })
    .await
    .expect("sqlite app");
    let proxy = app.browser_from(1);
    let (status, headers) = status_of(&proxy, None).await;
    assert_eq!(status, 401);
    assert_eq!(
        headers.get("www-authenticate").map(String::as_str),
        Some(r#"Bearer realm="metrics""#)
    );
    // A forwarded header claiming loopback changes nothing.
    let spoofed = proxy
        .http
        .get(proxy.url("/metrics"))
        .header("X-Forwarded-For", "127.0.0.1")
        .send()
        .await
        .expect("GET");
    assert_eq!(spoofed.status(), 401);
    for wrong in [
        format!("Bearer {TOKEN}x"),
        format!("Basic {TOKEN}"),
        TOKEN.to_string(),
        "Bearer ".to_string(),
    ] {
        assert_eq!(status_of(&proxy, Some(&wrong)).await.0, 401, "{wrong}");
    }
    let (status, _) = status_of(&proxy, Some(&format!("Bearer {TOKEN}"))).await;
    assert_eq!(status, 200);

    let local = app.browser_from(2);
    let s = scrape_by(&local).await;
    // Refused scrapes are counted too, under their status.
    assert_eq!(requests(&s, "GET", "/metrics", "401"), 6.0);
    assert_eq!(requests(&s, "GET", "/metrics", "200"), 1.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_token_non_local_scrapes_are_forbidden() {
    let app = spawn_app_with(Backend::Sqlite, |c| {
        c.trusted_proxies = vec!["127.0.0.1/32".parse().expect("cidr")];
    })
    .await
    .expect("sqlite app");
    let proxy = app.browser_from(1);
    let (status, _) = status_of(&proxy, Some(&format!("Bearer {TOKEN}"))).await;
    assert_eq!(status, 403);
    let resp = proxy
        .http
        .get(proxy.url("/metrics"))
        .send()
        .await
        .expect("GET");
    assert_eq!(resp.status(), 403);
    let body = resp.text().await.unwrap_or_default();
    assert!(body.contains("--metrics-token"), "{body}");
    assert!(!body.contains("cliffhanger_"), "{body}");
}

/// A client that never reads is closed 4008 once its queue is full, and counted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_consumer_disconnect_is_counted() {
    let app = spawn_app_with(Backend::Sqlite, |c| {
        // Room for the 100 frames (50 messages, 50 acks) one burst queues for the sender.
        c.chat.outbound_queue = 200;
        c.chat.rate_count = 100_000;
    })
    .await
    .expect("sqlite app");
    app.seed_catalogue().await;
    let room = format!("ep-{}", app.episode_id("night-shift", "s01e01").await);
    let ann = app.browser().signed_up("ann").await;
    // A tiny receive buffer, and no reads: the server's writes to it soon block.
    let _slow = crate::ws::connect_slow(&app.base, &room).await;
    let (mut sender, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    // Four bytes a character: each message is a 2 KB frame, so buffers fill in a few MB.
    let text = "🎬".repeat(500);
    let mut sent = 0;
    loop {
        for i in 0..50 {
            sender.send_text(&text, &format!("s{sent}-{i}")).await;
        }
        sent += 50;
        sender.messages(50).await;
        let s = scrape(&app).await;
        if value(&s, "cliffhanger_chat_slow_disconnects_total", &[]) == 1.0 {
            assert_eq!(
                value(&s, "cliffhanger_chat_messages_in_total", &[]),
                sent as f64
            );
            break;
        }
        assert!(sent < 20_000, "no slow disconnect after {sent} messages");
    }
    scrape_until(&app, "only the sender's socket left", |s| {
        value(s, "cliffhanger_websockets_open", &[]) == 1.0
    })
    .await;
}
