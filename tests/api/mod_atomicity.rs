//! A moderator action and its mod-log entry commit together: when the log cannot be
//! written, the action, the reports it settles and any sanction are not applied either.
use cliffhanger::db::Backend as DbBackend;
use sqlx::Row;

use crate::helpers::{Browser, TestApp};

crate::on_both_backends!(an_action_without_its_log_entry_changes_nothing);

const REPLY: &str = "zebrareported reply text";

/// (what, path, form fields)
type Attempt<'a> = (&'a str, String, Vec<(&'a str, &'a str)>);

/// Makes every insert into mod_log fail, through the test's own connection.
async fn break_mod_log(app: &TestApp) {
    let statements: &[&str] = match app.db.backend {
        DbBackend::Sqlite => &["CREATE TRIGGER mod_log_down BEFORE INSERT ON mod_log \
             BEGIN SELECT RAISE(ABORT, 'mod log down'); END"],
        DbBackend::Postgres => &[
            "CREATE FUNCTION mod_log_down() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'mod log down'; END $$",
            "CREATE TRIGGER mod_log_down BEFORE INSERT ON mod_log \
             FOR EACH ROW EXECUTE FUNCTION mod_log_down()",
        ],
    };
    for sql in statements {
        sqlx::query(sql)
            .execute(&app.db.pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

async fn repair_mod_log(app: &TestApp) {
    let statements: &[&str] = match app.db.backend {
        DbBackend::Sqlite => &["DROP TRIGGER mod_log_down"],
        DbBackend::Postgres => &[
            "DROP TRIGGER mod_log_down ON mod_log",
            "DROP FUNCTION mod_log_down()",
        ],
    };
    for sql in statements {
        sqlx::query(sql)
            .execute(&app.db.pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

async fn scalar(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query(sql)
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .try_get(0)
        .expect("count")
}

struct World {
    moda: Browser,
    user: Browser,
    other: Browser,
    thread: i64,
    post: i64,
    user_id: i64,
}

async fn world(app: &TestApp) -> World {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("admin").await;
    let moda = app.browser().signed_up("mod_a").await;
    let user = app.browser().signed_up("user").await;
    let other = app.browser().signed_up("other").await;
    let r = admin
        .post(
            "/shows/night-shift/mod/team",
            &[("username", "mod_a"), ("action", "grant")],
        )
        .await;
    assert_eq!(r.status, 303, "grant mod_a");
    let thread = user
        .new_thread("night-shift", "general", "Atomic thread", "first post")
        .await;
    let r = user
        .post(&format!("/threads/{thread}/posts"), &[("body", REPLY)])
        .await;
    assert_eq!(r.status, 303, "reply: {}", r.body);
    let post: i64 = r
        .location
        .unwrap_or_default()
        .rsplit("#post-")
        .next()
        .and_then(|p| p.parse().ok())
        .expect("post id");
    let r = other
        .post(
            "/report",
            &[
                ("kind", "post"),
                ("id", &post.to_string()),
                ("reason", "spam"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "report: {}", r.body);
    let user_id = sqlx::query("SELECT id FROM users WHERE username = 'user'")
        .fetch_one(&app.db.pool)
        .await
        .expect("user row")
        .try_get(0)
        .expect("id");
    World {
        moda,
        user,
        other,
        thread,
        post,
        user_id,
    }
}

/// Nothing any of the failed actions would have changed has changed, as users and the
/// database see it.
async fn assert_untouched(app: &TestApp, w: &World, log_before: i64, after: &str) {
    let page = w.other.get(&format!("/threads/{}", w.thread)).await;
    assert_eq!(page.status, 200, "{after}: thread page");
    assert!(
        page.body.contains(REPLY) && !page.body.contains("removed by a moderator"),
        "{after}: the post is still visible to other users"
    );
    assert!(
        !page.body.contains("This thread is locked"),
        "{after}: the thread is not locked"
    );
    let queue = w.moda.get("/shows/night-shift/mod").await.body;
    assert!(
        queue.contains(&format!("id=\"report-post-{}\"", w.post)),
        "{after}: the report is still in the queue"
    );
    let home = w.user.get("/").await.body;
    assert!(
        !home.contains("Suspended from posting") && !home.contains("Chat timeout"),
        "{after}: the user is told of no sanction"
    );
    let checks = [
        (
            "SELECT COUNT(*) FROM posts WHERE id = $1 AND removed_reason IS NOT NULL",
            w.post,
            0,
        ),
        (
            "SELECT COUNT(*) FROM reports WHERE target_id = $1 AND target_kind = 'post' AND status = 'open'",
            w.post,
            1,
        ),
        (
            "SELECT COUNT(*) FROM threads WHERE id = $1 AND locked = 1",
            w.thread,
            0,
        ),
        (
            "SELECT COUNT(*) FROM sanctions WHERE user_id = $1",
            w.user_id,
            0,
        ),
    ];
    for (sql, id, want) in checks {
        assert_eq!(scalar(app, sql, id).await, want, "{after}: {sql}");
    }
    assert_eq!(
        app.count("mod_log").await,
        log_before,
        "{after}: no log entry"
    );
}

async fn an_action_without_its_log_entry_changes_nothing(app: TestApp) {
    let w = world(&app).await;
    let (p, t) = (w.post.to_string(), w.thread.to_string());
    let log_before = app.count("mod_log").await;
    break_mod_log(&app).await;
    let attempts: Vec<Attempt> = vec![
        (
            "remove the reported post",
            format!("/posts/{p}/mod"),
            vec![("action", "remove"), ("reason", "rude")],
        ),
        (
            "resolve its reports by removing it",
            "/shows/night-shift/mod/reports".into(),
            vec![
                ("kind", "post"),
                ("id", p.as_str()),
                ("action", "remove"),
                ("reason", "spam"),
            ],
        ),
        (
            "resolve its reports by removing it and sanctioning the author",
            "/shows/night-shift/mod/reports".into(),
            vec![
                ("kind", "post"),
                ("id", p.as_str()),
                ("action", "remove_sanction"),
                ("reason", "spam"),
                ("sanction", "suspend"),
                ("duration", "3"),
            ],
        ),
        (
            "lock the thread",
            format!("/threads/{t}/mod"),
            vec![("action", "lock")],
        ),
        (
            "suspend the user",
            "/shows/night-shift/mod/sanctions".into(),
            vec![
                ("username", "user"),
                ("kind", "suspend"),
                ("duration", "3"),
                ("reason", "cooling off"),
            ],
        ),
    ];
    for (what, path, fields) in &attempts {
        let r = w.moda.post(path, fields).await;
        assert_eq!(r.status, 500, "{what}: answers 500 when the log is down");
        assert_untouched(&app, &w, log_before, what).await;
    }
    // The user can still reply: the thread is open and no suspension applies.
    let r = w
        .user
        .post(&format!("/threads/{t}/posts"), &[("body", "still here")])
        .await;
    assert_eq!(r.status, 303, "reply after the failed actions: {}", r.body);

    repair_mod_log(&app).await;
    let r = w
        .moda
        .post(
            &format!("/posts/{p}/mod"),
            &[("action", "remove"), ("reason", "rude")],
        )
        .await;
    assert_eq!(r.status, 303, "remove once the log works: {}", r.body);
    let page = w.other.get(&format!("/threads/{t}")).await.body;
    assert!(
        page.contains("removed by a moderator: rude") && !page.contains(REPLY),
        "the removal took effect"
    );
    let queue = w.moda.get("/shows/night-shift/mod").await.body;
    assert!(
        !queue.contains(&format!("id=\"report-post-{p}\"")),
        "its report left the queue"
    );
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM reports WHERE target_id = $1 AND target_kind = 'post' AND status = 'actioned'",
            w.post,
        )
        .await,
        1
    );
    assert_eq!(
        app.count("mod_log").await,
        log_before + 1,
        "one mod-log entry"
    );
    let log = w.moda.get("/shows/night-shift/modlog").await.body;
    assert!(log.contains("remove post") && log.contains("rude"));
}
