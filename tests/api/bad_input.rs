//! Every rejected form comes back with what was typed and why, and nothing is saved.
use crate::helpers::TestApp;

crate::on_both_backends!(
    thread_form_rejections_save_nothing,
    reply_and_edit_rejections_save_nothing,
    registration_rejections,
    unknown_ids_are_404_pages,
    oversized_payload_is_413
);

async fn thread_form_rejections_save_nothing(app: TestApp) {
    app.seed_catalogue().await;
    let u = app.browser().signed_up("picky").await;
    let before = (app.count("threads").await, app.count("posts").await);
    let long_title = "t".repeat(201);
    let long_body = "b".repeat(32_001);
    let cases: [(&str, &str, &str, &str, u16, &str); 6] = [
        ("", "a body I typed", "general", "", 422, "at least 3"),
        (
            &long_title,
            "a body I typed",
            "general",
            "",
            422,
            "too long",
        ),
        ("Fine title", "   ", "general", "", 422, "cannot be empty"),
        ("Fine title", &long_body, "general", "", 413, "too long"),
        (
            "Fine title",
            "a body I typed",
            "no-such-board",
            "",
            422,
            "Choose one of this show",
        ),
        (
            "Fine title",
            "a body I typed",
            "general",
            "s09e09",
            422,
            "no episode",
        ),
    ];
    for (title, body, board, episode, status, message) in cases {
        let r = u
            .post(
                "/shows/night-shift/threads",
                &[
                    ("title", title),
                    ("body", body),
                    ("board", board),
                    ("episode", episode),
                ],
            )
            .await;
        assert_eq!(r.status, status, "title={} board={board}", title.len());
        assert!(r.body.contains(message), "message {message:?} shown");
        if body.len() < 100 && !body.trim().is_empty() {
            assert!(r.body.contains(body), "typed body kept");
        }
        if title.len() < 100 && !title.is_empty() {
            assert!(r.body.contains(title), "typed title kept");
        }
    }
    assert_eq!(
        (app.count("threads").await, app.count("posts").await),
        before
    );
}

async fn reply_and_edit_rejections_save_nothing(app: TestApp) {
    app.seed_catalogue().await;
    let u = app.browser().signed_up("replier").await;
    let id = u
        .new_thread("night-shift", "general", "Replies here", "first")
        .await;
    let posts = app.count("posts").await;
    let empty = u
        .post(&format!("/threads/{id}/posts"), &[("body", " \n ")])
        .await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("cannot be empty"));
    let long = format!("keep-this-prefix {}", "x".repeat(32_000));
    let too_long = u
        .post(&format!("/threads/{id}/posts"), &[("body", &long)])
        .await;
    assert_eq!(too_long.status, 413);
    assert!(
        too_long.body.contains("keep-this-prefix"),
        "typed reply kept"
    );
    assert!(too_long.body.contains("too long"));
    assert_eq!(app.count("posts").await, posts);

    let page = u.get(&format!("/threads/{id}")).await.body;
    let pid = page
        .split("id=\"post-")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("post id");
    let bad_edit = u.post(&format!("/posts/{pid}/edit"), &[("body", "")]).await;
    assert_eq!(bad_edit.status, 422);
    assert!(
        u.get(&format!("/threads/{id}"))
            .await
            .body
            .contains("first"),
        "original text survives"
    );
}

async fn registration_rejections(app: TestApp) {
    let b = app.browser();
    for (name, pass, msg) in [
        ("ab", "long enough pass", "3 to 32"),
        ("bad name", "long enough pass", "only letters"),
        ("fine_name", "short", "8 to 128"),
    ] {
        let r = b.register(name, pass).await;
        assert_eq!(r.status, 422, "{name}");
        assert!(r.body.contains(msg), "{msg}");
        assert!(
            r.body.contains(&format!("value=\"{name}\"")),
            "typed username kept"
        );
    }
    assert_eq!(app.count("users").await, 0);
}

async fn unknown_ids_are_404_pages(app: TestApp) {
    app.seed_catalogue().await;
    let b = app.browser();
    for path in [
        "/threads/999999",
        "/threads/not-a-number",
        "/threads/99999999999999999999999",
        "/shows/no-such-show",
        "/shows/night-shift/episodes/s09e09",
        "/shows/night-shift/episodes/garbage",
        "/shows/night-shift/forum/no-board",
        "/nowhere",
        "/static/missing.css",
    ] {
        let r = b.get(path).await;
        assert_eq!(r.status, 404, "{path}");
        assert!(
            r.body.contains("Not found"),
            "{path} renders the error page"
        );
    }
    assert_eq!(
        b.get("/threads/1?page=abc").await.status,
        200,
        "bad page numbers fall back to page 1"
    );
    let member = app.browser().signed_up("member").await;
    assert_eq!(member.get("/posts/123456/edit").await.status, 404);
    assert_eq!(member.post("/posts/123456/delete", &[]).await.status, 404);
    assert_eq!(
        member
            .post("/threads/123456/posts", &[("body", "hello")])
            .await
            .status,
        404
    );
}

async fn oversized_payload_is_413(app: TestApp) {
    app.seed_catalogue().await;
    let u = app.browser().signed_up("bulky").await;
    let huge = "z".repeat(300 * 1024);
    let r = u
        .post(
            "/shows/night-shift/threads",
            &[("title", "Huge"), ("body", &huge), ("board", "general")],
        )
        .await;
    assert_eq!(r.status, 413);
    assert!(r.body.contains("Too large"));
    assert_eq!(app.count("threads").await, 3);
}
