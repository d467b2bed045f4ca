//! Notifications that come due with time (a followed party starting, a followed show's
//! episode airing in the follower's region) and those a moderator's action writes for the
//! author, asserted on the `notifications` rows: kind, user, ids, reason, exactly once.
use std::time::Duration;

use cliffhanger::config::Config;
use cliffhanger::notify::timed::{episodes, TimedOptions};
use cliffhanger::time_util::now_ms;
use sqlx::Row;

use crate::helpers::{eventually, spawn_app_with, spawn_cluster, Backend, Browser, TestApp};
use crate::ws::Chat;

/// Sweeps every 50 ms, so tests wait for them with `eventually`, never a sleep.
fn fast(c: &mut Config) {
    c.timed = TimedOptions {
        sweep: Duration::from_millis(50),
        episode_sweep: Duration::from_millis(50),
        ..TimedOptions::default()
    };
}

macro_rules! fast_on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = super::spawn_app_with(super::Backend::Sqlite, super::fast).await.expect("sqlite app");
                    super::$name(app).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(app) = super::spawn_app_with(super::Backend::Postgres, super::fast).await {
                        super::$name(app).await;
                    }
                }
            )*
        }
    };
}

fast_on_both_backends!(
    party_followers_hear_it_start_once,
    episode_airing_reaches_followers_in_that_region_only,
    moderator_actions_tell_the_author_in_the_same_transaction
);

async fn user_id(app: &TestApp, name: &str) -> i64 {
    sqlx::query("SELECT id FROM users WHERE username = $1")
        .bind(name)
        .fetch_one(&app.db.pool)
        .await
        .expect("user")
        .try_get(0)
        .expect("id")
}

/// (user_id, kind, dedupe, reason) of every notification, oldest first.
type Row4 = (i64, String, String, Option<String>);

async fn notifications(app: &TestApp, kind: &str) -> Vec<Row4> {
    sqlx::query(
        "SELECT user_id, kind, dedupe, reason FROM notifications WHERE kind = $1 ORDER BY id",
    )
    .bind(kind)
    .fetch_all(&app.db.pool)
    .await
    .expect("notifications")
    .iter()
    .map(|r| {
        (
            r.try_get(0).expect("user"),
            r.try_get(1).expect("kind"),
            r.try_get(2).expect("dedupe"),
            r.try_get(3).expect("reason"),
        )
    })
    .collect()
}

async fn scalar(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query(sql)
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .try_get(0)
        .expect("value")
}

/// A UTC start `secs` from now, to the second, as the party form accepts it.
fn start_in(secs: i64) -> String {
    let t = time::OffsetDateTime::now_utc() + time::Duration::seconds(secs);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        t.month() as u8,
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

async fn create_party(host: &Browser, title: &str, starts_at: &str) -> i64 {
    let r = host
        .post(
            "/shows/night-shift/episodes/s01e01/parties",
            &[("title", title), ("starts_at", starts_at)],
        )
        .await;
    assert_eq!(r.status, 303, "create party: {}", r.body);
    r.location
        .unwrap_or_default()
        .trim_start_matches("/parties/")
        .parse()
        .expect("party id")
}

async fn follow(b: &Browser, party: i64, action: &str) {
    let r = b
        .post(&format!("/parties/{party}/follow"), &[("action", action)])
        .await;
    assert_eq!(r.status, 303, "{action}: {}", r.body);
    assert_eq!(
        r.location.as_deref(),
        Some(format!("/parties/{party}").as_str())
    );
}

async fn announced(app: &TestApp, party: i64) -> bool {
    scalar(
        app,
        "SELECT COUNT(*) FROM parties WHERE id = $1 AND announced_at IS NOT NULL",
        party,
    )
    .await
        == 1
}

/// Moves the party's start to a second from now, as if the ten minutes had passed.
async fn starts_soon(app: &TestApp, party: i64) {
    sqlx::query("UPDATE parties SET starts_at = $1 WHERE id = $2")
        .bind(now_ms() + 1000)
        .bind(party)
        .execute(&app.db.pool)
        .await
        .expect("move the start");
}

async fn party_followers_hear_it_start_once(app: TestApp) {
    app.seed_catalogue().await;
    let host = app.browser().signed_up("host").await;
    let fan = app.browser().signed_up("fan").await;
    let fickle = app.browser().signed_up("fickle").await;
    let bystander = app.browser().signed_up("bystander").await;
    let (host_id, fan_id) = (user_id(&app, "host").await, user_id(&app, "fan").await);

    // A party that started long ago (beyond the 15-minute grace) is never announced.
    let stale = create_party(&host, "Stale", &crate::helpers::utc_form_time(-40)).await;
    let party = create_party(&host, "Friday watch", &start_in(600)).await;
    follow(&fan, party, "follow").await;
    follow(&fickle, party, "follow").await;
    follow(&fickle, party, "unfollow").await;
    follow(&fan, stale, "follow").await;

    // The party page offers the button that matches.
    let page = fan.get(&format!("/parties/{party}?reveal=1")).await.body;
    assert!(page.contains("value=\"unfollow\""), "{page}");
    let page = bystander
        .get(&format!("/parties/{party}?reveal=1"))
        .await
        .body;
    assert!(page.contains("value=\"follow\""), "{page}");
    assert!(!app
        .browser()
        .get(&format!("/parties/{party}"))
        .await
        .body
        .contains("/follow\""));
    assert!(
        notifications(&app, "party").await.is_empty(),
        "nothing before the start"
    );

    starts_soon(&app, party).await;
    eventually("the party's start is announced", || announced(&app, party)).await;
    let mut got = notifications(&app, "party").await;
    got.sort();
    let dedupe = format!("party:{party}");
    // The host follows their own party from its creation; the unfollower and the
    // bystander hear nothing.
    let mut want = vec![
        (host_id, "party".to_string(), dedupe.clone(), None),
        (fan_id, "party".to_string(), dedupe, None),
    ];
    want.sort();
    assert_eq!(got, want);
    let ids = scalar(
        &app,
        "SELECT COUNT(*) FROM notifications WHERE party_id = $1 AND episode_id IS NOT NULL \
         AND show_id IS NOT NULL",
        party,
    )
    .await;
    assert_eq!(ids, 2, "the rows name the party, its episode and show");
    assert!(!announced(&app, stale).await);

    // Another sweep (here run directly) finds nothing left to announce.
    let again = cliffhanger::notify::timed::parties::announce_due(
        &app.db,
        &TimedOptions::default(),
        now_ms(),
    )
    .await
    .expect("sweep");
    assert_eq!(again, 0);
    assert_eq!(notifications(&app, "party").await.len(), 2);

    // Bad input: unknown action 400, unknown party 404, no CSRF token 403, visitor to login.
    let r = fan
        .post(&format!("/parties/{party}/follow"), &[("action", "maybe")])
        .await;
    assert_eq!(r.status, 400);
    let r = fan
        .post("/parties/999999/follow", &[("action", "follow")])
        .await;
    assert_eq!(r.status, 404);
    let r = fan
        .post_raw(&format!("/parties/{party}/follow"), &[("action", "follow")])
        .await;
    assert_eq!(r.status, 403);
    let r = app
        .browser()
        .post(&format!("/parties/{party}/follow"), &[("action", "follow")])
        .await;
    assert!(r.status == 303 || r.status == 401, "{}", r.status);
}

/// Two nodes sweeping one database announce a party once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_announce_a_party_once() {
    let Some(nodes) = spawn_cluster(2, |_, c| fast(c)).await else {
        return;
    };
    let (a, b) = (&nodes[0], &nodes[1]);
    a.seed_catalogue().await;
    let host = a.browser().signed_up("host").await;
    let mut fans = Vec::new();
    for i in 0..5 {
        let fan = b.browser().signed_up(&format!("fan{i}")).await;
        fans.push(fan);
    }
    let party = create_party(&host, "Cluster watch", &start_in(600)).await;
    for fan in &fans {
        follow(fan, party, "follow").await;
    }
    starts_soon(a, party).await;
    eventually("the party's start is announced", || announced(a, party)).await;
    let got = notifications(a, "party").await;
    assert_eq!(got.len(), 6, "host and five fans, once each: {got:?}");
}

const DAY: i64 = 86_400_000;

fn date(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(ms / 1000)
        .expect("time")
        .date();
    format!("{:04}-{:02}-{:02}", t.year(), t.month() as u8, t.day())
}

async fn episode_airing_reaches_followers_in_that_region_only(app: TestApp) {
    let now = now_ms();
    let (today, next_month, old) = (date(now), date(now + 31 * DAY), date(now - 10 * DAY));
    let catalogue = format!(
        r#"{{"shows":[{{"slug":"tidewater","title":"Tidewater","seasons":[{{"number":1,"episodes":[
          {{"number":1,"title":"Low Tide","air_dates":{{"FR":"{old}","US":"{old}"}}}},
          {{"number":2,"title":"High Tide","air_dates":{{"FR":"{today}","US":"{next_month}"}}}}]}}]}}]}}"#
    );
    cliffhanger::catalog::import::import_json(&app.db, &catalogue)
        .await
        .expect("catalogue imports");
    let _admin = app.browser().signed_up("admin").await;
    for name in ["paris", "boston", "nofollow", "noregion"] {
        app.browser().signed_up(name).await;
    }
    let show: i64 = sqlx::query("SELECT id FROM shows WHERE slug = 'tidewater'")
        .fetch_one(&app.db.pool)
        .await
        .expect("show")
        .try_get(0)
        .expect("id");
    let (e1, e2) = (
        app.episode_id("tidewater", "s01e01").await,
        app.episode_id("tidewater", "s01e02").await,
    );
    for (name, region) in [("paris", "FR"), ("boston", "US"), ("nofollow", "FR")] {
        sqlx::query("UPDATE users SET region = $1 WHERE username = $2")
            .bind(region)
            .bind(name)
            .execute(&app.db.pool)
            .await
            .expect("region");
    }
    // Follows of shows are written by their own feature; here straight into the table.
    for name in ["paris", "boston", "noregion"] {
        sqlx::query(
            "INSERT INTO follows (user_id, kind, target_id, muted, created_at) \
             VALUES ($1, 'show', $2, 0, $3)",
        )
        .bind(user_id(&app, name).await)
        .bind(show)
        .bind(now)
        .execute(&app.db.pool)
        .await
        .expect("follow");
    }
    let claimed = |episode: i64, region: &'static str| {
        let db = app.db.clone();
        async move {
            sqlx::query(
                "SELECT COUNT(*) FROM episode_announcements WHERE episode_id = $1 AND region = $2",
            )
            .bind(episode)
            .bind(region)
            .fetch_one(&db.pool)
            .await
            .expect("count")
            .try_get::<i64, _>(0)
            .expect("n")
                == 1
        }
    };
    eventually("S01E02's airing in France is announced", || {
        claimed(e2, "FR")
    })
    .await;
    // The old episode is recorded as past, for both regions, without notifying anyone.
    eventually("S01E01 is recorded as past", || claimed(e1, "US")).await;
    assert!(claimed(e1, "FR").await);

    let got = notifications(&app, "episode").await;
    let paris = user_id(&app, "paris").await;
    assert_eq!(
        got,
        vec![(
            paris,
            "episode".to_string(),
            format!("episode:{e2}"),
            Some("FR".to_string())
        )],
        "only the follower in France, once; not next month's US, not the old episode"
    );
    let ids = scalar(
        &app,
        "SELECT COUNT(*) FROM notifications WHERE episode_id = $1 AND show_id IS NOT NULL",
        e2,
    )
    .await;
    assert_eq!(ids, 1);
    // US (and the follower without a region, who counts as US) waits for next month.
    assert!(!claimed(e2, "US").await);

    // Sweeping again writes nothing; a month on, the US followers hear of it, once each.
    let opts = TimedOptions::default();
    assert_eq!(
        episodes::announce_airing(&app.db, &opts, now_ms())
            .await
            .expect("sweep"),
        0
    );
    let later = now + 31 * DAY + 3_600_000;
    assert_eq!(
        episodes::announce_airing(&app.db, &opts, later)
            .await
            .expect("sweep"),
        2
    );
    assert_eq!(
        episodes::announce_airing(&app.db, &opts, later)
            .await
            .expect("sweep"),
        0
    );
    let us: Vec<i64> = notifications(&app, "episode")
        .await
        .into_iter()
        .filter(|n| n.3.as_deref() == Some("US"))
        .map(|n| n.0)
        .collect();
    let mut want = vec![
        user_id(&app, "boston").await,
        user_id(&app, "noregion").await,
    ];
    want.sort();
    let mut us_sorted = us.clone();
    us_sorted.sort();
    assert_eq!(us_sorted, want);
}

fn post_id(location: &str) -> i64 {
    location
        .rsplit("#post-")
        .next()
        .and_then(|p| p.parse().ok())
        .expect("post id")
}

#[derive(Debug, PartialEq, Eq)]
struct Note {
    kind: String,
    user: i64,
    actor: Option<i64>,
    thread: Option<i64>,
    post: Option<i64>,
    reason: Option<String>,
    dedupe: String,
}

async fn newest(app: &TestApp) -> Note {
    let r = sqlx::query(
        "SELECT kind, user_id, actor_id, thread_id, post_id, reason, dedupe FROM notifications \
         ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("a notification");
    Note {
        kind: r.try_get(0).expect("kind"),
        user: r.try_get(1).expect("user"),
        actor: r.try_get(2).expect("actor"),
        thread: r.try_get(3).expect("thread"),
        post: r.try_get(4).expect("post"),
        reason: r.try_get(5).expect("reason"),
        dedupe: r.try_get(6).expect("dedupe"),
    }
}

async fn reply(b: &Browser, thread: i64, body: &str) -> i64 {
    let r = b
        .post(&format!("/threads/{thread}/posts"), &[("body", body)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    post_id(&r.location.unwrap_or_default())
}

async fn newest_log_id(app: &TestApp) -> i64 {
    sqlx::query("SELECT MAX(id) FROM mod_log")
        .fetch_one(&app.db.pool)
        .await
        .expect("log")
        .try_get(0)
        .expect("id")
}

async fn counts(app: &TestApp) -> (i64, i64) {
    (app.count("mod_log").await, app.count("notifications").await)
}

async fn moderator_actions_tell_the_author_in_the_same_transaction(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("admin").await;
    let moda = app.browser().signed_up("mod_a").await;
    let user = app.browser().signed_up("user").await;
    let r = admin
        .post(
            "/shows/night-shift/mod/team",
            &[("username", "mod_a"), ("action", "grant")],
        )
        .await;
    assert_eq!(r.status, 303);
    let (mod_id, user_id) = (user_id(&app, "mod_a").await, user_id(&app, "user").await);
    let thread = user
        .new_thread("night-shift", "general", "Theories", "first post")
        .await;
    let post = reply(&user, thread, "a reply that breaks the rules").await;

    // Removing a post with a reason: one log entry and one notification, together.
    let before = counts(&app).await;
    let r = moda
        .post(
            &format!("/posts/{post}/mod"),
            &[("action", "remove"), ("reason", "no personal attacks")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(counts(&app).await, (before.0 + 1, before.1 + 1));
    let log = newest_log_id(&app).await;
    assert_eq!(
        newest(&app).await,
        Note {
            kind: "moderation".to_string(),
            user: user_id,
            actor: Some(mod_id),
            thread: Some(thread),
            post: Some(post),
            reason: Some("no personal attacks".to_string()),
            dedupe: format!("mod:{log}"),
        }
    );
    // The author sees it counted and told with the reason, though the post is gone.
    assert_eq!(super::notifications::header_count(&user).await, 1);
    let page = user.get("/notifications").await.body;
    assert!(
        page.contains(
            "Your post in \u{201c}Theories\u{201d} was removed by a moderator: no personal attacks"
        ),
        "{page}"
    );

    // Locking the author's thread tells them too; pinning it does not.
    let r = moda
        .post(
            &format!("/threads/{thread}/mod"),
            &[("action", "lock"), ("reason", "settled")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let n = newest(&app).await;
    assert_eq!(
        (n.user, n.thread, n.post, n.reason.as_deref()),
        (user_id, Some(thread), None, Some("settled"))
    );
    let page = user.get("/notifications").await.body;
    assert!(
        page.contains("A moderator locked \u{201c}Theories\u{201d}: settled"),
        "{page}"
    );
    let r = moda
        .post(&format!("/threads/{thread}/mod"), &[("action", "unlock")])
        .await;
    assert_eq!(r.status, 303);
    let before = counts(&app).await;
    let r = moda
        .post(&format!("/threads/{thread}/mod"), &[("action", "pin")])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(counts(&app).await, (before.0 + 1, before.1));

    // A moderator removing their own post is logged but not told about it.
    let own = reply(&moda, thread, "my own reply").await;
    let before = counts(&app).await;
    let r = moda
        .post(
            &format!("/posts/{own}/mod"),
            &[("action", "remove"), ("reason", "double post")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(counts(&app).await, (before.0 + 1, before.1));

    // A chat timeout and a chat deletion tell the speaker.
    let room = format!("ep-{}", app.episode_id("night-shift", "s01e01").await);
    let (mut c, _) = Chat::join(&app.base, &room, None, Some(&user)).await;
    let said = c.say("spam spam spam", "n1").await;
    let before = counts(&app).await;
    let r = moda
        .post(
            &format!("/chat/messages/{said}/mod"),
            &[
                ("action", "timeout"),
                ("duration", "10"),
                ("reason", "flooding"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(counts(&app).await, (before.0 + 1, before.1 + 1));
    let n = newest(&app).await;
    assert_eq!(
        (n.kind.as_str(), n.user, n.reason.as_deref()),
        ("moderation", user_id, Some("flooding"))
    );
    let r = moda
        .post(
            &format!("/chat/messages/{said}/mod"),
            &[("action", "delete"), ("reason", "")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let n = newest(&app).await;
    assert_eq!(
        (n.user, n.reason),
        (user_id, None),
        "no reason given, none stored"
    );

    // A refused action writes nothing: removing the admin's post and sanctioning them is
    // beyond a show moderator, so the removal, its log entry and its notification roll back.
    let admins = reply(&admin, thread, "an admin's reply").await;
    let r = user
        .post(
            "/report",
            &[
                ("kind", "post"),
                ("id", &admins.to_string()),
                ("reason", "spam"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let before = counts(&app).await;
    let r = moda
        .post(
            "/shows/night-shift/mod/reports",
            &[
                ("kind", "post"),
                ("id", &admins.to_string()),
                ("action", "remove_sanction"),
                ("sanction", "warn"),
                ("reason", "rude"),
            ],
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(counts(&app).await, before);
    let removed = scalar(
        &app,
        "SELECT COUNT(*) FROM posts WHERE id = $1 AND removed_reason IS NOT NULL",
        admins,
    )
    .await;
    assert_eq!(removed, 0);

    // A site ban tells the banned user, with the reason.
    let before = counts(&app).await;
    let r = admin
        .post(
            "/admin/ban",
            &[
                ("username", "user"),
                ("reason", "repeated abuse"),
                ("duration", "7"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(counts(&app).await, (before.0 + 1, before.1 + 1));
    let n = newest(&app).await;
    assert_eq!(
        (n.kind.as_str(), n.user, n.reason.as_deref()),
        ("moderation", user_id, Some("repeated abuse"))
    );
    let kinds = scalar(
        &app,
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = 'moderation'",
        user_id,
    )
    .await;
    assert_eq!(kinds, 5, "post removal, lock, timeout, deletion, ban");
}
