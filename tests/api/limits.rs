//! Abuse limits that must hold when requests arrive at once: failed logins per IP and per
//! account, sign-ups per IP, password rules, bans at login, and how often one user may
//! schedule parties and file reports. Every limit is counted in the database.
use crate::helpers::{spawn_app_with, Backend, Browser, TestApp};

crate::on_both_backends!(
    wrong_passwords_sent_at_once_meet_the_ip_limit,
    weak_passwords_and_the_username_are_refused,
    a_banned_user_cannot_log_back_in,
);

async fn statuses(reqs: Vec<impl std::future::Future<Output = u16>>) -> Vec<u16> {
    futures_util::future::join_all(reqs).await
}

async fn login_status(b: &Browser, user: &str, password: &str) -> u16 {
    b.login(user, password).await.status
}

async fn wrong_passwords_sent_at_once_meet_the_ip_limit(app: TestApp) {
    app.browser().signed_up("ann").await;
    let attacker = app.browser_from(3);
    // Every form needs its CSRF token: fetch the login page once first.
    attacker.get("/login").await;
    let tries = (0..20).map(|_| login_status(&attacker, "ann", "not her password"));
    let got = statuses(tries.collect()).await;
    let wrong = got.iter().filter(|&&s| s == 401).count();
    let limited = got.iter().filter(|&&s| s == 429).count();
    assert_eq!((wrong, limited), (6, 14), "20 at once from one IP: {got:?}");
    // Ann, elsewhere, still gets in: the limit is per IP and her account is not locked.
    let ann = app.browser_from(4);
    assert_eq!(
        login_status(&ann, "ann", "correct horse battery").await,
        303
    );
}

async fn signups_limited(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |c| c.accounts.signups_per_ip = 3).await else {
        return;
    };
    let crowd = app.browser_from(20);
    crowd.get("/register").await;
    let crowd = &crowd;
    let names: Vec<String> = (0..10).map(|i| format!("fan{i}")).collect();
    let got = statuses(
        names
            .iter()
            .map(|n| async move { crowd.register(n, "correct horse battery").await.status })
            .collect(),
    )
    .await;
    let made = got.iter().filter(|&&s| s == 303).count();
    let limited = got.iter().filter(|&&s| s == 429).count();
    assert_eq!(
        (made, limited),
        (3, 7),
        "10 sign-ups at once from one IP: {got:?}"
    );
    assert_eq!(app.count("users").await, 3);
    let elsewhere = app.browser_from(21);
    assert_eq!(
        elsewhere
            .register("neighbour", "correct horse battery")
            .await
            .status,
        303,
        "another IP still signs up"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signups_at_once_sqlite() {
    signups_limited(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signups_at_once_postgres() {
    signups_limited(Backend::Postgres).await;
}

async fn weak_passwords_and_the_username_are_refused(app: TestApp) {
    let b = app.browser();
    for (name, password, why) in [
        ("casey", "password", "too easy to guess"),
        ("casey", "12345678", "too easy to guess"),
        ("dana_banana", "dana_banana", "cannot be your username"),
        ("casey", "short", "8 to 128"),
    ] {
        let r = b.register(name, password).await;
        assert_eq!(r.status, 422, "{password:?}: {}", r.body);
        assert!(r.body.contains(why), "{password:?} says why: {}", r.body);
        assert!(r.body.contains(name), "the form keeps the username");
    }
    assert_eq!(app.count("users").await, 0);
}

async fn a_banned_user_cannot_log_back_in(app: TestApp) {
    let admin = app.browser().signed_up("boss").await;
    app.browser().signed_up("troll").await;
    let r = admin
        .post(
            "/admin/ban",
            &[("username", "troll"), ("reason", "spam waves")],
        )
        .await;
    assert_eq!(r.status, 303, "ban: {}", r.body);
    let again = app.browser_from(7);
    let r = again.login("troll", "correct horse battery").await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(r.body.contains("banned"), "{}", r.body);
    assert!(again.session_cookie().is_none_or(|c| c.is_empty()));
    // The wrong password says nothing about the ban.
    let r = again.login("troll", "a wrong one").await;
    assert_eq!(r.status, 401);
    assert!(!r.body.contains("banned"));
}

async fn parties_limited(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |c| c.activity.parties_per_hour = 2).await else {
        return;
    };
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("boss").await;
    let host = app.browser().signed_up("host").await;
    let r = admin
        .post(
            "/shows/night-shift/mod/filters",
            &[("pattern", "darnword"), ("action", "block")],
        )
        .await;
    assert_eq!(r.status, 303, "add filter: {}", r.body);
    let parties = "/shows/night-shift/episodes/s01e01/parties";
    let starts = crate::helpers::utc_form_time(60);
    let r = host
        .post(
            parties,
            &[("title", "DarnWord night"), ("starts_at", &starts)],
        )
        .await;
    assert_eq!(r.status, 422, "a blocked word in the title: {}", r.body);
    for i in 0..2 {
        let title = format!("Watch night {i}");
        let r = host
            .post(parties, &[("title", &title), ("starts_at", &starts)])
            .await;
        assert_eq!(r.status, 303, "party {i}: {}", r.body);
    }
    let r = host
        .post(parties, &[("title", "One more"), ("starts_at", &starts)])
        .await;
    assert_eq!(r.status, 429, "the third party this hour: {}", r.body);
    assert_eq!(app.count("parties").await, 2);
    // A suspended user schedules nothing.
    let r = admin
        .post(
            "/shows/night-shift/mod/sanctions",
            &[
                ("username", "host"),
                ("kind", "suspend"),
                ("duration", "3"),
                ("reason", "cooling off"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "suspend: {}", r.body);
    let other = app.browser().signed_up("second").await;
    let r = admin
        .post(
            "/shows/night-shift/mod/sanctions",
            &[
                ("username", "second"),
                ("kind", "suspend"),
                ("duration", "3"),
                ("reason", "cooling off"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let r = other
        .post(
            parties,
            &[("title", "Suspended party"), ("starts_at", &starts)],
        )
        .await;
    assert_eq!(r.status, 403, "a suspended user: {}", r.body);
    assert_eq!(app.count("parties").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parties_limited_sqlite() {
    parties_limited(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parties_limited_postgres() {
    parties_limited(Backend::Postgres).await;
}

/// Past its failures an account is throttled (one try per interval), never locked: once the
/// interval has passed, the right password gets in.
async fn account_throttle(backend: Backend) {
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
        let r = app.browser_from(n).login("ann", "guess").await;
        assert_eq!(r.status, 401, "failure from 127.0.0.{n}");
    }
    let r = app
        .browser_from(14)
        .login("ann", "correct horse battery")
        .await;
    assert_eq!(r.status, 429, "the next try waits: {}", r.body);
    assert!(r.body.contains("seconds between tries"), "{}", r.body);
    // The interval passes (moved back in the database, not waited for).
    sqlx::query(
        "UPDATE rate_counters SET window_start = window_start - 3600001 \
         WHERE key LIKE 'login-account:%:slot'",
    )
    .execute(&app.db.pool)
    .await
    .expect("move the interval back");
    let r = app
        .browser_from(15)
        .login("ann", "correct horse battery")
        .await;
    assert_eq!(r.status, 303, "ann is not locked out: {}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_throttle_sqlite() {
    account_throttle(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_throttle_postgres() {
    account_throttle(Backend::Postgres).await;
}

async fn reports_limited(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |c| c.activity.reports_per_hour = 2).await else {
        return;
    };
    app.seed_catalogue().await;
    let author = app.browser().signed_up("author").await;
    let reporter = app.browser().signed_up("reporter").await;
    let mut threads = Vec::new();
    for i in 0..3 {
        let t = author
            .new_thread("night-shift", "general", &format!("Topic {i}"), "text")
            .await;
        threads.push(t);
    }
    let mut got = Vec::new();
    for t in &threads {
        let id = t.to_string();
        let r = reporter
            .post(
                "/report",
                &[("kind", "thread"), ("id", &id), ("reason", "spam")],
            )
            .await;
        got.push(r.status);
    }
    assert_eq!(got, [303, 303, 429], "two reports an hour, then 429");
    assert_eq!(app.count("reports").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_limited_sqlite() {
    reports_limited(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_limited_postgres() {
    reports_limited(Backend::Postgres).await;
}
