//! @mentions: they notify the people named (the first ten), link to profiles in the post,
//! and leave code and unknown names alone.
use crate::helpers::TestApp;
use crate::notifications::{header_count, reply};

crate::on_both_backends!(mentions_notify_link_and_skip_code, mentions_cap_at_ten);

async fn mentions_notify_link_and_skip_code(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("Bob").await;
    let cat = app.browser().signed_up("cat").await;
    let dan = app.browser().signed_up("dan").await;
    let thread = ann
        .new_thread("night-shift", "general", "Roll call", "Who is on tonight?")
        .await;
    let body = "Paging @bob and @nobody_here.\n\n`@cat` is code\n\n```\n@dan\n```\n";
    reply(&ann, thread, body).await;
    assert_eq!(header_count(&bob).await, 1);
    assert_eq!(header_count(&cat).await, 0, "inline code is not a mention");
    assert_eq!(header_count(&dan).await, 0, "a code block is not a mention");
    let page = bob.get("/notifications").await.body;
    assert!(
        page.contains("ann mentioned you in \u{201c}Roll call\u{201d}"),
        "{page}"
    );
    let html = ann.get(&format!("/threads/{thread}")).await.body;
    assert!(
        html.contains(
            r#"<a class="mention" href="/users/Bob" rel="nofollow ugc noopener">@Bob</a>"#
        ),
        "{html}"
    );
    assert!(html.contains("@nobody_here"), "unknown names stay text");
    assert!(!html.contains("href=\"/users/nobody_here\""));
    assert!(!html.contains("href=\"/users/cat\""));
    assert!(!html.contains("href=\"/users/dan\""));
    let _ = cat;
}

async fn mentions_cap_at_ten(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let mut people = Vec::new();
    for i in 0..12 {
        people.push(app.browser().signed_up(&format!("user{i:02}")).await);
    }
    let thread = ann
        .new_thread("night-shift", "general", "Everyone", "Hello")
        .await;
    let names: Vec<String> = (0..12).map(|i| format!("@user{i:02}")).collect();
    reply(&ann, thread, &format!("Meeting: {}", names.join(" "))).await;
    for (i, p) in people.iter().enumerate() {
        let want = if i < 10 { 1 } else { 0 };
        assert_eq!(header_count(p).await, want, "user{i:02}");
    }
}
