//! `cliffhanger migrate-data` and `cliffhanger backup`, run as the real binary against sites
//! built through the real server.
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cliffhanger::db::{transfer, Db, DbOptions};
use sqlx::Row;

use crate::helpers::{fresh_postgres_db_url, spawn_app, Backend, Browser, ChildServer, TestApp};
use crate::ws::Chat;

const PASSWORD: &str = "correct horse battery";

/// Runs the binary with `args` (no DATABASE_URL from the environment unless `env` sets it).
async fn cli(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cliffhanger"));
    cmd.args(args)
        .env_remove("DATABASE_URL")
        .env_remove("CLIFFHANGER_DATA_DIR")
        .env("RUST_LOG", "warn");
    for (k, v) in env {
        cmd.env(k, v);
    }
    tokio::task::spawn_blocking(move || cmd.output().expect("run cliffhanger"))
        .await
        .expect("cli task")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn sqlite_url(file: &Path) -> String {
    format!("sqlite://{}", file.display())
}

async fn open(url: &str) -> Db {
    Db::connect(DbOptions {
        url: url.to_string(),
        data_dir: std::env::temp_dir(),
        page_cache_threads: 0,
    })
    .await
    .expect("open database")
}

/// Polls (bounded) until `table` of `db` is empty: the indexer drains the search outbox
/// asynchronously, and a copy must not race it.
async fn wait_empty(db: &Db, table: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !transfer::is_empty(db, table).await.expect("count") {
        assert!(Instant::now() < deadline, "{table} never emptied");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Row count and checksum of every table, through the library's own reading.
async fn sums(db: &Db) -> Vec<(String, cliffhanger::transfer::verify::Sum)> {
    let mut out = Vec::new();
    for (name, t) in transfer::tables(db).await.expect("tables") {
        let cols: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
        let sum = cliffhanger::transfer::verify::checksum(db, &name, &cols, &t.key, 100)
            .await
            .expect("checksum");
        out.push((name, sum));
    }
    out
}

/// Plain `COUNT(*)` of every table, independent of the copy's code.
async fn counts(db: &Db) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for name in transfer::tables(db).await.expect("tables").into_keys() {
        let n: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM {name}"))
            .fetch_one(&db.pool)
            .await
            .expect("count")
            .try_get(0)
            .expect("count value");
        out.push((name, n));
    }
    out
}

struct Site {
    thread: i64,
    posts_max: i64,
}

/// A site with a row in every table: users, sessions, catalogue, forum, chat, a party,
/// moderation (team, report, sanction, filter, room settings, log), synonyms, watch marks,
/// a region, rate counters and settings.
async fn fill(app: &TestApp) -> Site {
    app.seed_catalogue().await;
    let admin = app.browser_from(2).signed_up("admin").await;
    let ann = app.browser_from(3).signed_up("ann").await;
    let bob = app.browser_from(4).signed_up("bob").await;
    let ok = |r: crate::helpers::Resp, what: &str| assert_eq!(r.status, 303, "{what}: {}", r.body);
    ok(
        admin
            .post(
                "/shows/night-shift/mod/team",
                &[("username", "ann"), ("action", "grant")],
            )
            .await,
        "grant",
    );
    let thread = ann
        .new_thread(
            "night-shift",
            "general",
            "Lighthouse theories",
            "The keeper knew about the zeppelinquartz all along",
        )
        .await;
    let r = bob
        .post(
            &format!("/threads/{thread}/posts"),
            &[("body", "Second thoughts on the *ambulance*")],
        )
        .await;
    let loc = r.location.clone().unwrap_or_default();
    ok(r, "reply");
    let post: String = loc.rsplit("#post-").next().unwrap_or_default().to_string();
    ok(
        bob.post(
            "/report",
            &[("kind", "post"), ("id", &post), ("reason", "spam")],
        )
        .await,
        "report",
    );
    ok(
        admin
            .post(
                "/shows/night-shift/mod/sanctions",
                &[
                    ("username", "bob"),
                    ("kind", "suspend"),
                    ("duration", "3"),
                    ("reason", "cooling off"),
                ],
            )
            .await,
        "sanction",
    );
    ok(
        admin
            .post(
                "/shows/night-shift/mod/filters",
                &[("pattern", "darnword"), ("action", "block")],
            )
            .await,
        "filter",
    );
    let episode = app.episode_id("night-shift", "s01e01").await;
    let room = format!("ep-{episode}");
    ok(
        admin
            .post(
                "/shows/night-shift/mod/rooms",
                &[("room", room.as_str()), ("slow_mode_s", "5")],
            )
            .await,
        "slow mode",
    );
    ok(
        admin
            .post(
                "/shows/night-shift/search/settings",
                &[("synonyms", "doc = marcus")],
            )
            .await,
        "synonyms",
    );
    ok(
        ann.post(
            "/shows/night-shift/episodes/s01e01/watched",
            &[("action", "watch")],
        )
        .await,
        "watched",
    );
    ok(ann.post("/region", &[("region", "DE")]).await, "region");
    ok(
        ann.post(
            "/settings/notifications",
            &[("web_reply", "on"), ("email_reply", "digest")],
        )
        .await,
        "notification preferences",
    );
    ok(
        ann.post(
            "/shows/night-shift/episodes/s01e01/parties",
            &[
                ("title", "Friday watch"),
                ("starts_at", &crate::helpers::utc_form_time(60)),
            ],
        )
        .await,
        "party",
    );
    ok(
        ann.post(&format!("/posts/{post}/reactions"), &[("reaction", "fire")])
            .await,
        "reaction",
    );
    let r = ann
        .post(
            "/shows/night-shift/threads",
            &[
                ("title", "Best rescue poll"),
                ("body", "vote below"),
                ("board", "general"),
                ("poll_question", "Who saved the night?"),
                ("poll_options", "Dana\nMarco"),
            ],
        )
        .await;
    let poll_thread = crate::helpers::thread_id_from(r.location.as_deref().unwrap_or_default());
    ok(r, "poll thread");
    let option: i64 = sqlx::query("SELECT MIN(id) FROM poll_options")
        .fetch_one(&app.db.pool)
        .await
        .expect("an option")
        .try_get(0)
        .expect("option id");
    ok(
        admin
            .post(
                &format!("/threads/{poll_thread}/poll/vote"),
                &[("option", &option.to_string())],
            )
            .await,
        "vote",
    );
    let r = ann
        .post("/settings/api/tokens", &[("name", "feed reader")])
        .await;
    assert_eq!(r.status, 200, "api token: {}", r.body);
    let (mut chat, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    chat.say("hello from the live room", "t-1").await;
    chat.send_raw(r#"{"type":"react","key":"fire"}"#).await;
    assert_eq!(chat.expect_type("reacted").await["key"], "fire");
    ok(
        ann.post(
            "/shows/night-shift/episodes/s01e01/rating",
            &[("score", "9")],
        )
        .await,
        "rating",
    );
    // Rows this site has no cause for yet (an episode airing this week), written directly.
    sqlx::query("INSERT INTO episode_announcements (episode_id, region, at) VALUES ($1, 'DE', 1)")
        .bind(episode)
        .execute(&app.db.pool)
        .await
        .expect("an episode announcement");
    // A pending reset link, and mail waiting for an SMTP server this site does not have.
    cliffhanger::auth::reset::admin_link(&app.db, "ann", None)
        .await
        .expect("reset link");
    sqlx::query(
        "INSERT INTO mail_outbox (user_id, to_addr, subject, body, created_at, next_attempt_at) \
         SELECT id, 'ann@example.org', 'Hello', 'Body', 1, 1 FROM users WHERE username = 'ann'",
    )
    .execute(&app.db.pool)
    .await
    .expect("queued mail");
    for sql in [
        "INSERT INTO follows (user_id, kind, target_id, created_at) \
         SELECT id, 'show', 1, 1 FROM users WHERE username = 'ann' \
         ON CONFLICT DO NOTHING",
        "INSERT INTO notifications (user_id, kind, dedupe, created_at) \
         SELECT id, 'reply', 'post:1', 1 FROM users WHERE username = 'ann' \
         ON CONFLICT DO NOTHING",
        "INSERT INTO prediction_outcomes (thread_id, outcome, marked_by, marked_at) \
         SELECT t.id, 'right', u.id, 1 FROM threads t, users u WHERE u.username = 'ann' \
         ORDER BY t.id LIMIT 1 ON CONFLICT DO NOTHING",
    ] {
        sqlx::query(sql).execute(&app.db.pool).await.expect(sql);
    }
    wait_empty(&app.db, "search_outbox").await;
    for (table, n) in counts(&app.db).await {
        // The outbox is drained into the index by design.
        assert!(
            n > 0 || table == "search_outbox",
            "the test site has no {table} rows: add some to `fill`"
        );
    }
    let posts_max: i64 = sqlx::query("SELECT MAX(id) FROM posts")
        .fetch_one(&app.db.pool)
        .await
        .expect("max")
        .try_get(0)
        .expect("max value");
    Site { thread, posts_max }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_site_moves_to_postgresql_and_serves_the_same_pages() {
    let Some(to) = fresh_postgres_db_url().await else {
        eprintln!("TEST_POSTGRES_URL not set: skipping the migration to PostgreSQL");
        return;
    };
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    let site = fill(&app).await;
    let from = sqlite_url(&app.data_dir.path().join("cliffhanger.db"));
    let out = cli(
        &[
            "migrate-data",
            "--from",
            &from,
            "--to",
            &to,
            "--batch-size",
            "3",
        ],
        &[],
    )
    .await;
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("checksums match"), "{stdout}");
    assert!(stdout.contains("cliffhanger reindex"), "{stdout}");

    let target = open(&to).await;
    assert_eq!(counts(&app.db).await, counts(&target).await);
    assert_eq!(sums(&app.db).await, sums(&target).await);

    // The search index is not copied: rebuild it, then serve from the new database.
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().to_str().expect("utf-8 path");
    let r = cli(&["reindex", "--data-dir", data], &[("DATABASE_URL", &to)]).await;
    assert!(r.status.success(), "{:?}", text(&r));
    let server = ChildServer::start(dir.path(), &to, &[]);
    let anon = Browser::for_base(&server.base);
    let page = anon.get(&format!("/threads/{}", site.thread)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("zeppelinquartz"), "{}", page.body);
    assert!(page.body.contains("Second thoughts"));
    let show = anon.get("/shows/night-shift").await;
    assert!(show.status == 200 && show.body.contains("Night Shift"));

    let ann = Browser::for_base(&server.base);
    assert_eq!(
        ann.login("ann", PASSWORD).await.status,
        303,
        "same password"
    );
    let r = ann
        .post(
            &format!("/threads/{}/posts", site.thread),
            &[("body", "Posted after the move")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let new_id: i64 = r
        .location
        .unwrap_or_default()
        .rsplit("#post-")
        .next()
        .and_then(|id| id.parse().ok())
        .expect("post id in location");
    assert!(
        new_id > site.posts_max,
        "a fresh id: {new_id} after {}",
        site.posts_max
    );

    let hits = crate::search_wait(&ann, "/search?q=zeppelinquartz", |p| {
        p.contains("Lighthouse theories")
    })
    .await;
    assert!(hits.contains("Lighthouse theories"));
}

/// Where a copy goes: a fresh PostgreSQL database when there is one, else a new SQLite file.
async fn fresh_target(dir: &Path) -> String {
    match fresh_postgres_db_url().await {
        Some(url) => url,
        None => sqlite_url(&dir.join("target.db")),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_migration_resumes_and_ends_equal() {
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    app.seed_catalogue().await;
    wait_empty(&app.db, "search_outbox").await;
    let from = sqlite_url(&app.data_dir.path().join("cliffhanger.db"));
    let dir = tempfile::tempdir().expect("temp dir");
    let to = fresh_target(dir.path()).await;
    let args = [
        "migrate-data",
        "--from",
        &from,
        "--to",
        &to,
        "--batch-size",
        "4",
    ];

    let mut first = args.to_vec();
    first.extend(["--stop-after-batches", "6"]);
    let out = cli(&first, &[]).await;
    let (stdout, stderr) = text(&out);
    assert!(!out.status.success(), "{stdout}");
    assert!(
        stderr.contains("run the same command again to resume"),
        "{stderr}"
    );
    let target = open(&to).await;
    let copied: i64 = counts(&target).await.iter().map(|(_, n)| n).sum();
    let all: i64 = counts(&app.db).await.iter().map(|(_, n)| n).sum();
    assert!(copied > 0 && copied < all, "part copied: {copied} of {all}");

    let out = cli(&args, &[]).await;
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("resumed"), "{stdout}");
    assert_eq!(counts(&app.db).await, counts(&target).await);
    assert_eq!(sums(&app.db).await, sums(&target).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_with_data_is_refused_unless_forced() {
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    app.seed_catalogue().await;
    wait_empty(&app.db, "search_outbox").await;
    let from = sqlite_url(&app.data_dir.path().join("cliffhanger.db"));
    let dir = tempfile::tempdir().expect("temp dir");
    let to = fresh_target(dir.path()).await;
    // Someone's site already lives in the target.
    let catalogue = dir.path().join("other.json");
    std::fs::write(
        &catalogue,
        r#"{"shows":[{"slug":"squatter","title":"Squatter","seasons":[]}]}"#,
    )
    .expect("write catalogue");
    let mut to_create = to.clone();
    if to.starts_with("sqlite:") {
        to_create.push_str("?mode=rwc");
    }
    let r = cli(
        &["import", catalogue.to_str().expect("utf-8")],
        &[("DATABASE_URL", &to_create)],
    )
    .await;
    assert!(r.status.success(), "{:?}", text(&r));
    let target = open(&to).await;
    let squatter = || async {
        sqlx::query("SELECT COUNT(*) FROM shows WHERE slug = 'squatter'")
            .fetch_one(&target.pool)
            .await
            .expect("count")
            .try_get::<i64, _>(0)
            .expect("value")
    };

    let args = ["migrate-data", "--from", &from, "--to", &to];
    let out = cli(&args, &[]).await;
    let (_, stderr) = text(&out);
    assert!(!out.status.success());
    assert!(
        stderr.contains("not empty") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(squatter().await, 1, "a refused run changes nothing");

    let mut forced = args.to_vec();
    forced.push("--force");
    let out = cli(&forced, &[]).await;
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("deleting every row"), "{stdout}");
    assert_eq!(squatter().await, 0);
    assert_eq!(sums(&app.db).await, sums(&target).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_writes_holds_every_acknowledged_post() {
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    app.seed_catalogue().await;
    let writer = app.browser().signed_up("writer").await;
    let thread = writer
        .new_thread("night-shift", "general", "Busy thread", "opening post")
        .await;
    // (body, page of the thread it landed on) of every reply the server acknowledged.
    let acked: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let task = {
        let (acked, stop) = (acked.clone(), stop.clone());
        tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let body = format!("marmalade reply {i}");
                let r = writer
                    .post(&format!("/threads/{thread}/posts"), &[("body", &body)])
                    .await;
                assert_eq!(r.status, 303, "{}", r.body);
                let page = r.location.unwrap_or_default();
                let page = page.split('#').next().unwrap_or_default().to_string();
                acked.lock().expect("lock").push((body, page));
                i += 1;
            }
        })
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while acked.lock().expect("lock").len() < 5 {
        assert!(Instant::now() < deadline, "the writer never got going");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let before = acked.lock().expect("lock").clone();
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("site-backup.db");
    let data = app.data_dir.path().to_str().expect("utf-8").to_string();
    let args = [
        "backup",
        copy.to_str().expect("utf-8"),
        "--data-dir",
        data.as_str(),
    ];
    let out = cli(&args, &[]).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    task.await.expect("writer");
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("To restore"), "{stdout}");

    // A second backup never overwrites the first.
    let again = cli(&args, &[]).await;
    assert!(!again.status.success());
    assert!(
        text(&again).1.contains("already exists"),
        "{:?}",
        text(&again)
    );

    let copied = open(&sqlite_url(&copy)).await;
    let check: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&copied.pool)
        .await
        .expect("integrity check")
        .try_get(0)
        .expect("result");
    assert_eq!(check, "ok");
    let bodies: Vec<String> = sqlx::query("SELECT body_src FROM posts")
        .fetch_all(&copied.pool)
        .await
        .expect("posts")
        .iter()
        .map(|r| r.try_get(0).expect("body"))
        .collect();
    for (body, _) in &before {
        assert!(
            bodies.contains(body),
            "{body} acknowledged before the backup"
        );
    }
    copied.pool.close().await;

    // Restore as README says: the file becomes cliffhanger.db, the index is rebuilt.
    let restored = tempfile::tempdir().expect("temp dir");
    std::fs::copy(&copy, restored.path().join("cliffhanger.db")).expect("copy backup");
    let rdir = restored.path().to_str().expect("utf-8");
    let r = cli(&["reindex", "--data-dir", rdir], &[]).await;
    assert!(r.status.success(), "{:?}", text(&r));
    let url = format!(
        "{}?mode=rwc",
        sqlite_url(&restored.path().join("cliffhanger.db"))
    );
    let server = ChildServer::start(restored.path(), &url, &[]);
    let reader = Browser::for_base(&server.base);
    for (body, page) in &before {
        let html = reader.get(page).await.body;
        assert!(
            html.contains(body.as_str()),
            "{body} on {page} after the restore"
        );
    }
    let hits = crate::search_wait(&reader, "/search?q=marmalade", |p| {
        p.contains("Busy thread")
    })
    .await;
    assert!(hits.contains("Busy thread"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgresql_backup_is_a_pg_dump_archive() {
    let Some(app) = spawn_app(Backend::Postgres).await else {
        return;
    };
    if Command::new("pg_dump").arg("--version").output().is_err() {
        eprintln!("pg_dump not on PATH: skipping (the message is unit-tested)");
        return;
    }
    app.seed_catalogue().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("site.dump");
    let url = app.shared_database_url();
    let out = cli(
        &["backup", file.to_str().expect("utf-8")],
        &[("DATABASE_URL", &url)],
    )
    .await;
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(text(&out).0.contains("pg_restore"));
    let list = Command::new("pg_restore")
        .arg("--list")
        .arg(&file)
        .output()
        .expect("run pg_restore");
    assert!(list.status.success(), "{:?}", text(&list));
    let listing = String::from_utf8_lossy(&list.stdout);
    assert!(listing.contains("TABLE DATA public posts"), "{listing}");
}
