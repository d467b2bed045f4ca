//! Thread pages are served from an in-process cache (on for both backends in tests). A
//! reader who has already seen a page must see every later change on the next view.
use crate::helpers::{escaped, TestApp};

crate::on_both_backends!(
    a_seen_thread_page_shows_each_later_change,
    catalogue_edits_reach_seen_thread_pages
);

async fn a_seen_thread_page_shows_each_later_change(app: TestApp) {
    app.seed_catalogue().await;
    // The first account is the site admin, who moderates every show.
    let admin = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let reader = app.browser();
    let id = admin
        .new_thread("night-shift", "general", "Cached thread", "Opening post.")
        .await;
    let page = format!("/threads/{id}");
    let view = || async { reader.get(&page).await.body };
    assert!(view().await.contains("Opening post."));

    let reply = bob
        .post(&format!("{page}/posts"), &[("body", "First reply.")])
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let post_id: i64 = reply
        .location
        .as_deref()
        .and_then(|l| l.rsplit("#post-").next())
        .and_then(|p| p.parse().ok())
        .expect("post id in the redirect");
    assert!(view().await.contains("First reply."), "reply shows");

    let edited = bob
        .post(
            &format!("/posts/{post_id}/edit"),
            &[("body", "Reply, reworded.")],
        )
        .await;
    assert_eq!(edited.status, 303);
    let seen = view().await;
    assert!(seen.contains("Reply, reworded.") && !seen.contains("First reply."));

    let removed = admin
        .post(
            &format!("/posts/{post_id}/mod"),
            &[("action", "remove"), ("reason", "too hot")],
        )
        .await;
    assert_eq!(removed.status, 303, "{}", removed.body);
    assert!(
        !view().await.contains("Reply, reworded."),
        "removed post's body is gone"
    );
    let restored = admin
        .post(&format!("/posts/{post_id}/mod"), &[("action", "restore")])
        .await;
    assert_eq!(restored.status, 303);
    assert!(view().await.contains("Reply, reworded."), "restored");

    let deleted = bob.post(&format!("/posts/{post_id}/delete"), &[]).await;
    assert_eq!(deleted.status, 303);
    assert!(!view().await.contains("Reply, reworded."), "deleted");

    let locked = admin
        .post(&format!("{page}/mod"), &[("action", "lock")])
        .await;
    assert_eq!(locked.status, 303);
    assert!(view().await.contains("This thread is locked"));

    let renamed = admin
        .post(
            &format!("{page}/mod"),
            &[("action", "edit"), ("title", "Renamed thread")],
        )
        .await;
    assert_eq!(renamed.status, 303, "{}", renamed.body);
    let seen = view().await;
    assert!(seen.contains("Renamed thread") && !seen.contains("Cached thread"));

    let gone = admin
        .post(
            &format!("{page}/mod"),
            &[("action", "remove"), ("reason", "off-topic")],
        )
        .await;
    assert_eq!(gone.status, 303);
    let seen = view().await;
    assert!(seen.contains("removed by a moderator: off-topic") && !seen.contains("Opening post."));
}

async fn catalogue_edits_reach_seen_thread_pages(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("ann").await;
    let reader = app.browser();
    let id = admin
        .new_thread("far-shore", "general", "Harbour talk", "Anyone else?")
        .await;
    let page = format!("/threads/{id}");
    assert!(reader.get(&page).await.body.contains("Far Shore"));

    // Renaming the show reaches the thread page seen before.
    let r = admin
        .post(
            "/shows/far-shore/admin/show",
            &[("title", "Far Shore Redux"), ("spoiler_delay_days", "")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(reader
        .get(&page)
        .await
        .body
        .contains(&escaped("Far Shore Redux")));

    // Far Shore s01e01 has no air date: its thread is shielded for anonymous readers.
    let episode = reader.get("/shows/far-shore/episodes/s01e01").await.body;
    let thread = episode
        .split("/threads/")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .map(str::to_string)
        .expect("episode page links its thread");
    let episode_thread = format!("/threads/{thread}");
    let before = reader.get(&episode_thread).await.body;
    assert!(before.contains("hidden until S01E01 airs"), "{before}");

    // Once the episode has an air date in the past, the same reader sees the thread.
    let r = admin
        .post(
            "/shows/far-shore/admin/episodes",
            &[
                ("code", "s01e01"),
                ("title", "Arrival"),
                ("runtime_min", "40"),
                ("air_dates", "US 2024-02-02"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let after = reader.get(&episode_thread).await.body;
    assert!(!after.contains("hidden until S01E01 airs"), "{after}");
}
