//! `loadtest seed` on a small community: the bulk-written rows render like those the forms
//! write (counters and positions consistent), on both backends.
use sqlx::Row;

use crate::helpers::TestApp;

crate::on_both_backends!(seeded_community_renders_its_pages);

async fn seeded_community_renders_its_pages(app: TestApp) {
    let args = cliffhanger::loadtest::SeedArgs {
        shows: 3,
        threads: 20,
        posts: 200,
        users: 30,
        admin_password: Some("seeded admin password 15".into()),
        seed: 15,
        data_dir: app.data_dir.path().to_path_buf(),
        database_url: app.database_url.clone(),
    };
    let seeded = cliffhanger::loadtest::seed_community(&app.db, &args)
        .await
        .expect("seeds");
    assert_eq!((seeded.threads, seeded.posts), (20, 200));
    let b = app.browser();
    for (name, path) in &seeded.pages {
        let page = b.get(path).await;
        assert_eq!(page.status, 200, "{name} {path}: {}", page.body);
    }
    // The biggest thread's last page holds its last posts, numbered on from the pages before.
    let (_, last) = seeded
        .pages
        .iter()
        .find(|(n, _)| *n == "big_thread_last")
        .expect("a big thread");
    let body = b.get(last).await.body;
    assert!(body.contains(r#"<article class="post""#), "{body}");
    let (_, board) = &seeded.pages[2];
    let listed = b.get(board).await.body;
    assert!(listed.contains("href=\"/threads/"), "{listed}");

    // Counters match the rows: post_count, last_post_at and gap-free positions.
    let bad: i64 = sqlx::query(
        "SELECT COUNT(*) FROM threads t WHERE t.post_count <> (SELECT COUNT(*) FROM posts p WHERE p.thread_id = t.id) \
         OR t.last_post_at <> (SELECT MAX(p.created_at) FROM posts p WHERE p.thread_id = t.id) \
         OR t.post_count <> (SELECT MAX(p.position) FROM posts p WHERE p.thread_id = t.id)",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("consistency query")
    .try_get(0)
    .expect("count");
    assert_eq!(bad, 0, "threads whose counters disagree with their posts");
    // A second seed into the same database is refused rather than mixed in.
    assert!(cliffhanger::loadtest::seed_community(&app.db, &args)
        .await
        .is_err());
    // The sequences moved past the explicit ids: a new account replies through the form,
    // and its post lands after the seeded ones.
    let big: i64 =
        sqlx::query("SELECT id, post_count FROM threads ORDER BY post_count DESC, id LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .expect("biggest thread")
            .try_get(0)
            .expect("id");
    let before = app.count("posts").await;
    let fan = app.browser().signed_up("late_fan").await;
    let r = fan
        .post(
            &format!("/threads/{big}/posts"),
            &[("body", "Late to this thread, but here goes.")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(app.count("posts").await, before + 1);
    // The seeded admin signs in with the password given to the seed.
    let admin = app.browser();
    let r = admin.login("seed_admin", "seeded admin password 15").await;
    assert_eq!(r.status, 303, "{}", r.body);
}
