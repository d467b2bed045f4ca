//! The forum story a new user lives through, and what it looks like on the pages.
use crate::helpers::{escaped, thread_id_from, TestApp};

crate::on_both_backends!(
    register_post_reply_edit_view,
    long_thread_paginates_by_thirty,
    quote_and_delete,
    episode_has_thread_and_pages
);

async fn register_post_reply_edit_view(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser();
    assert_eq!(
        ann.register("ann", "correct horse battery").await.status,
        303
    );
    // Log out and back in: the story goes through the login form too.
    assert_eq!(ann.post("/logout", &[]).await.status, 303);
    let login = ann.login("ann", "correct horse battery").await;
    assert_eq!(login.status, 303, "{}", login.body);
    assert!(ann.get("/").await.body.contains("Log out"));

    let id = ann
        .new_thread(
            "night-shift",
            "theories",
            "Who called the ambulance?",
            "It was **the neighbour**, surely.",
        )
        .await;
    let bob = app.browser().signed_up("bob").await;
    let reply = bob
        .post(
            &format!("/threads/{id}/posts"),
            &[("body", "No, the *landlord*.")],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let loc = reply.location.unwrap_or_default();
    assert_eq!(thread_id_from(&loc), id);
    assert!(loc.contains("page=1#post-"), "{loc}");

    // Bob edits his reply.
    let post_id: i64 = loc
        .rsplit("#post-")
        .next()
        .and_then(|p| p.parse().ok())
        .expect("post id");
    let edit_form = bob.get(&format!("/posts/{post_id}/edit")).await;
    assert!(edit_form.body.contains("No, the *landlord*."));
    let edited = bob
        .post(
            &format!("/posts/{post_id}/edit"),
            &[("body", "No, the *landlord*, who lied.")],
        )
        .await;
    assert_eq!(edited.status, 303);

    let page = app.browser().get(&format!("/threads/{id}")).await;
    assert_eq!(page.status, 200);
    let first = page
        .body
        .find("<strong>the neighbour</strong>")
        .expect("first post rendered");
    let second = page
        .body
        .find("<em>landlord</em>, who lied.")
        .expect("edited reply rendered");
    assert!(first < second, "posts in order");
    assert!(page.body.contains("edited"), "edit is marked");
    assert!(page.body.contains("Who called the ambulance?"));

    // Anne cannot edit Bob's post.
    let denied = ann
        .post(&format!("/posts/{post_id}/edit"), &[("body", "hijacked")])
        .await;
    assert_eq!(denied.status, 403);
    assert!(!app
        .browser()
        .get(&format!("/threads/{id}"))
        .await
        .body
        .contains("hijacked"));

    // The new thread is listed on the show's forum and board, newest activity first.
    let forum = app.browser().get("/shows/night-shift/forum/theories").await;
    assert!(forum.body.contains("Who called the ambulance?"));
    let home = app.browser().get("/").await;
    assert!(home.body.contains("Who called the ambulance?"));
}

async fn long_thread_paginates_by_thirty(app: TestApp) {
    app.seed_catalogue().await;
    let u = app.browser().signed_up("poster").await;
    let id = u
        .new_thread("night-shift", "general", "Counting thread", "post number 1")
        .await;
    let mut last = String::new();
    for n in 2..=31 {
        let r = u
            .post(
                &format!("/threads/{id}/posts"),
                &[("body", &format!("post number {n}"))],
            )
            .await;
        assert_eq!(r.status, 303);
        last = r.location.unwrap_or_default();
    }
    assert!(
        last.contains("?page=2#post-"),
        "31st post lands on page 2: {last}"
    );
    let p1 = app.browser().get(&format!("/threads/{id}")).await.body;
    assert!(p1.contains("post number 30") && !p1.contains("post number 31"));
    assert!(p1.contains("Page 1 of 2"));
    let p2 = app
        .browser()
        .get(&format!("/threads/{id}?page=2"))
        .await
        .body;
    assert!(p2.contains("post number 31") && !p2.contains("post number 30<"));
    // Out-of-range pages show the last page rather than an empty one.
    assert!(app
        .browser()
        .get(&format!("/threads/{id}?page=99"))
        .await
        .body
        .contains("post number 31"));
}

async fn quote_and_delete(app: TestApp) {
    app.seed_catalogue().await;
    let u = app.browser().signed_up("quoter").await;
    let id = u
        .new_thread("night-shift", "general", "Quote me", "The *original* words")
        .await;
    let page = u.get(&format!("/threads/{id}")).await.body;
    let pid: i64 = page
        .split("id=\"post-")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .expect("post anchor");
    let quoted = u.get(&format!("/threads/{id}?quote={pid}")).await.body;
    assert!(
        quoted.contains(&escaped("> The *original* words")),
        "reply box pre-filled with a quote"
    );

    let del = u.post(&format!("/posts/{pid}/delete"), &[]).await;
    assert_eq!(del.status, 303);
    let after = app.browser().get(&format!("/threads/{id}")).await.body;
    assert!(!after.contains("original"), "deleted text is gone");
    assert!(
        after.contains(">deleted<"),
        "a deleted marker stays in its place"
    );
    // A deleted post cannot be edited back.
    assert_eq!(
        u.post(&format!("/posts/{pid}/edit"), &[("body", "back")])
            .await
            .status,
        404
    );
}

async fn episode_has_thread_and_pages(app: TestApp) {
    app.seed_catalogue().await;
    let b = app.browser();
    let show = b.get("/shows/night-shift").await;
    assert_eq!(show.status, 200);
    assert!(show.body.contains("S01E02") && show.body.contains("Double Back"));
    for board in ["General", "Episodes", "Theories"] {
        assert!(show.body.contains(board), "default board {board}");
    }
    let ep = b.get("/shows/night-shift/episodes/s01e01").await;
    assert_eq!(ep.status, 200);
    assert!(
        ep.body.contains("2024-03-01") && ep.body.contains("GB"),
        "regional air dates shown"
    );
    assert!(ep.body.contains("Open the episode discussion"));
    let episodes_board = b.get("/shows/night-shift/forum/episodes").await.body;
    assert!(episodes_board.contains("S01E01 · Pilot (episode discussion)"));
    assert_eq!(b.get("/healthz").await.status, 200);
}
