//! Sessions end when idle or old; pages for signed-in users are never cached.
use std::time::{Duration, Instant};

use cliffhanger::auth::expiry::{self, SessionLimits};
use cliffhanger::time_util::now_ms;

use crate::helpers::{Browser, TestApp};

crate::on_both_backends!(
    idle_and_old_sessions_are_signed_out,
    ended_sessions_are_purged_while_running,
    signed_in_pages_are_not_cached
);

const DAY_MS: i64 = 86_400_000;

async fn signed_in(b: &Browser) -> bool {
    b.get("/").await.body.contains("Log out")
}

async fn set_session_times(app: &TestApp, created_at: i64, last_seen: i64) {
    sqlx::query("UPDATE sessions SET created_at = $1, last_seen = $2")
        .bind(created_at)
        .bind(last_seen)
        .execute(&app.db.pool)
        .await
        .expect("set session times");
}

async fn last_seen(app: &TestApp) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT last_seen FROM sessions")
        .fetch_one(&app.db.pool)
        .await
        .expect("one session")
        .try_get(0)
        .expect("last_seen")
}

async fn idle_and_old_sessions_are_signed_out(app: TestApp) {
    let alice = app.browser().signed_up("alice").await;
    assert!(signed_in(&alice).await);
    let now = now_ms();

    // Used ten minutes ago: the visit is recorded. One minute ago: no write for it.
    set_session_times(&app, now - DAY_MS, now - 10 * 60_000).await;
    assert!(signed_in(&alice).await);
    assert!(last_seen(&app).await >= now);
    set_session_times(&app, now - DAY_MS, now - 60_000).await;
    assert!(signed_in(&alice).await);
    assert_eq!(last_seen(&app).await, now - 60_000);

    // 15 idle days end a session, however young.
    set_session_times(&app, now - 15 * DAY_MS, now - 15 * DAY_MS).await;
    assert!(!signed_in(&alice).await, "idle past 14 days is signed out");

    // 31 days after sign-in it ends, however active.
    let bob = app.browser().signed_up("bob").await;
    sqlx::query("DELETE FROM sessions WHERE created_at < $1")
        .bind(now - DAY_MS)
        .execute(&app.db.pool)
        .await
        .expect("drop alice's session");
    set_session_times(&app, now - 31 * DAY_MS, now - 60_000).await;
    assert!(!signed_in(&bob).await, "older than 30 days is signed out");
}

async fn ended_sessions_are_purged_while_running(app: TestApp) {
    let _alice = app.browser().signed_up("alice").await;
    let _bob = app.browser().signed_up("bob").await;
    let now = now_ms();
    sqlx::query("UPDATE sessions SET last_seen = $1 WHERE user_id = (SELECT id FROM users WHERE username = 'alice')")
        .bind(now - 20 * DAY_MS)
        .execute(&app.db.pool)
        .await
        .expect("age alice's session");
    assert_eq!(app.count("sessions").await, 2);
    // An abuse counter untouched for two days goes too; today's stays.
    for (key, at) in [
        ("login-ip:192.0.2.1", now - 2 * DAY_MS),
        ("login-ip:192.0.2.2", now),
    ] {
        sqlx::query(
            "INSERT INTO rate_counters (key, window_start, count, last_at) VALUES ($1, $2, 1, $2)",
        )
        .bind(key)
        .bind(at)
        .execute(&app.db.pool)
        .await
        .expect("a counter");
    }
    // The task the server starts, at a pace a test can wait for.
    expiry::spawn_purge(
        app.db.clone(),
        SessionLimits::default(),
        Duration::from_millis(50),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let counter = |key: &'static str| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query("SELECT key FROM rate_counters WHERE key = $1")
                .bind(key)
                .fetch_optional(&pool)
                .await
                .expect("read counters")
                .is_some()
        }
    };
    while app.count("sessions").await != 1 || counter("login-ip:192.0.2.1").await {
        assert!(
            Instant::now() < deadline,
            "the idle session or the old counter was never purged"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(counter("login-ip:192.0.2.2").await, "today's counter stays");
}

async fn signed_in_pages_are_not_cached(app: TestApp) {
    app.seed_catalogue().await;
    let anon = app.browser();
    let r = anon.http.get(anon.url("/")).send().await.expect("GET");
    assert_eq!(r.headers().get("cache-control"), None);
    let alice = app.browser().signed_up("alice").await;
    for path in ["/", "/shows/night-shift", "/settings", "/search?q=pilot"] {
        let r = alice.http.get(alice.url(path)).send().await.expect("GET");
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(
            r.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("private, no-store"),
            "{path}"
        );
    }
}

/// The `Max-Age` of the session cookie a sign-in sets.
async fn session_cookie_max_age(app: &TestApp, user: &str) -> Option<i64> {
    let b = app.browser();
    let token = b.csrf().await;
    let resp = b
        .http
        .post(format!("{}/register", app.base))
        .form(&[
            ("username", user),
            ("password", "correct horse battery"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .expect("POST /register");
    assert_eq!(resp.status().as_u16(), 303);
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("ch_session="))?
        .split("; ")
        .find_map(|p| p.strip_prefix("Max-Age="))?
        .parse()
        .ok()
}

/// A browser keeps the session cookie exactly as long as the server keeps the session.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cookie_lasts_as_long_as_the_session_may() {
    let Some(app) = crate::helpers::spawn_app_with(crate::helpers::Backend::Sqlite, |c| {
        c.sessions.max_days = 90
    })
    .await
    else {
        return;
    };
    assert_eq!(
        session_cookie_max_age(&app, "ann").await,
        Some(90 * 86_400),
        "--session-max-days 90"
    );
    let app = crate::helpers::spawn_app(crate::helpers::Backend::Sqlite)
        .await
        .expect("app");
    assert_eq!(
        session_cookie_max_age(&app, "bob").await,
        Some(SessionLimits::default().max_days * 86_400),
        "the default"
    );
}
