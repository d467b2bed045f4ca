//! Editing a published post to add a held word holds it again: a word filter that only looked
//! at new posts would let anything through by posting it clean and editing it afterwards.
use super::Failures;
use crate::helpers::TestApp;

crate::on_both_backends!(edit_to_a_held_word_holds_the_post);

const WORD: &str = "nimbusotter";
const HOLD_WORD: &str = "hexkelp";

async fn edit_to_a_held_word_holds_the_post(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("admin").await;
    let writer = app.browser().signed_up("writer").await;
    let reader = app.browser().signed_up("reader").await;
    let moderator = app.browser().signed_up("moderator").await;
    let anon = app.browser();
    let r = admin
        .post(
            "/shows/night-shift/mod/team",
            &[("username", "moderator"), ("action", "grant")],
        )
        .await;
    assert_eq!(r.status, 303, "grant: {}", r.body);
    let r = moderator
        .post(
            "/shows/night-shift/mod/filters",
            &[("pattern", HOLD_WORD), ("action", "hold")],
        )
        .await;
    assert_eq!(r.status, 303, "filter: {}", r.body);
    let t = writer
        .new_thread("night-shift", "general", "Edited later", "the opening post")
        .await;
    let r = writer
        .post(
            &format!("/threads/{t}/posts"),
            &[("body", &format!("a clean {WORD} reply"))],
        )
        .await;
    assert_eq!(r.status, 303, "reply: {}", r.body);
    let pid: i64 = r
        .location
        .as_deref()
        .and_then(|l| l.rsplit("#post-").next())
        .and_then(|p| p.parse().ok())
        .expect("post id");
    let thread = format!("/threads/{t}");
    assert!(
        reader.get(&thread).await.body.contains(WORD),
        "published: another user reads it"
    );

    let r = writer
        .post(
            &format!("/posts/{pid}/edit"),
            &[("body", &format!("a {WORD} reply, now with {HOLD_WORD}"))],
        )
        .await;
    assert_eq!(r.status, 303, "edit: {}", r.body);

    let mut f = Failures::default();
    for (who, b) in [("reader", &reader), ("anonymous", &anon)] {
        let page = b.get(&thread).await.body;
        f.expect(!page.contains(WORD), || {
            format!("{thread} as {who}: LEAKED the edited, held reply")
        });
    }
    let own = writer.get(&thread).await.body;
    f.expect(
        own.contains(WORD) && own.contains("held for review"),
        || format!("{thread} as its author: the reply is not shown marked as held for review"),
    );
    let queue = moderator.get("/shows/night-shift/mod").await;
    assert_eq!(queue.status, 200);
    f.expect(
        queue.body.contains(WORD) && queue.body.contains(&format!("#post-{pid}")),
        || "/shows/night-shift/mod: the held reply is not in the review queue".into(),
    );

    let r = moderator
        .post(&format!("/posts/{pid}/mod"), &[("action", "approve")])
        .await;
    assert_eq!(r.status, 303, "approve: {}", r.body);
    for (who, b) in [("reader", &reader), ("anonymous", &anon)] {
        let page = b.get(&thread).await.body;
        f.expect(page.contains(WORD), || {
            format!("{thread} as {who}: the approved reply is not published again")
        });
    }
    f.expect(
        !moderator
            .get("/shows/night-shift/mod")
            .await
            .body
            .contains(WORD),
        || "/shows/night-shift/mod: the approved reply is still in the review queue".into(),
    );
    f.finish("edit to a held word");
}
