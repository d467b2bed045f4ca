//! Notifications as a user meets them: the header's count, the /notifications page, marking
//! them read, what never notifies (held, removed, deleted), the spoiler shield, the
//! per-kind preferences, follows and auto-follow, and the live count over SSE.
use sqlx::Row;

use crate::helpers::{Browser, TestApp};

crate::on_both_backends!(
    a_reply_notifies_the_thread_author_and_is_read_by_post,
    quotes_and_new_threads_notify,
    held_posts_notify_on_approval_and_removed_posts_drop_out,
    shielded_threads_leak_no_title_or_text,
    preferences_switch_a_kind_off,
    auto_follow_opt_out_and_unfollow,
    the_stream_sends_the_new_count,
    the_header_count_stops_at_99_plus,
);

/// The unread count the header shows, read from the page.
pub async fn header_count(b: &Browser) -> i64 {
    let page = b.get("/").await.body;
    // The link's text, not the attribute that hands notify.js its pattern.
    let marker = ">Notifications (";
    let start = page
        .find(marker)
        .expect("header shows the notifications link")
        + marker.len();
    let end = page[start..].find(')').expect("closing paren") + start;
    let n: i64 = page[start..end].parse().expect("a number");
    assert!(
        page.contains(&format!("aria-label=\"Notifications, {n} unread\"")),
        "the link carries an accessible label"
    );
    n
}

pub async fn reply(b: &Browser, thread: i64, body: &str) -> i64 {
    let r = b
        .post(&format!("/threads/{thread}/posts"), &[("body", body)])
        .await;
    assert_eq!(r.status, 303, "reply: {}", r.body);
    let loc = r.location.unwrap_or_default();
    loc.rsplit("#post-")
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no post id in {loc}"))
}

/// Ids of the user's notifications, newest first.
pub async fn notification_ids(app: &TestApp, user: &str) -> Vec<i64> {
    sqlx::query(
        "SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id \
         WHERE u.username_lower = $1 ORDER BY n.id DESC",
    )
    .bind(user.to_ascii_lowercase())
    .fetch_all(&app.db.pool)
    .await
    .expect("notifications")
    .iter()
    .map(|r| r.try_get(0).expect("id"))
    .collect()
}

async fn a_reply_notifies_the_thread_author_and_is_read_by_post(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let thread = ann
        .new_thread("night-shift", "general", "Ambulance night", "Who drives?")
        .await;
    assert_eq!(header_count(&ann).await, 0);
    reply(&bob, thread, "I do, every shift.").await;
    reply(&bob, thread, "And on weekends.").await;
    assert_eq!(header_count(&ann).await, 2);
    assert_eq!(
        header_count(&bob).await,
        0,
        "no notification of one's own posts"
    );
    let page = ann.get("/notifications").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("bob replied in \u{201c}Ambulance night\u{201d}"),
        "{}",
        page.body
    );
    assert_eq!(
        page.body.matches("class=\"notification unread\"").count(),
        2
    );

    let ids = notification_ids(&app, "ann").await;
    let one = format!("/notifications/{}/read", ids[0]);
    assert_eq!(ann.post_raw(&one, &[]).await.status, 403, "CSRF missing");
    assert_eq!(
        bob.post(&one, &[]).await.status,
        404,
        "another's notification"
    );
    let r = ann
        .post(&one, &[("next", &format!("/threads/{thread}"))])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        r.location.as_deref(),
        Some(format!("/threads/{thread}").as_str())
    );
    assert_eq!(header_count(&ann).await, 1);
    assert_eq!(ann.post_raw("/notifications/read", &[]).await.status, 403);
    assert_eq!(ann.post("/notifications/read", &[]).await.status, 303);
    assert_eq!(header_count(&ann).await, 0);
    let page = ann.get("/notifications").await.body;
    assert!(page.contains("bob replied"), "read entries stay listed");
    assert!(!page.contains("notification unread"));
    assert_eq!(
        app.browser().get("/notifications").await.status,
        303,
        "visitors are sent to log in"
    );
}

async fn quotes_and_new_threads_notify(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let cat = app.browser().signed_up("cat").await;
    // cat follows the show, bob only the "general" board.
    let r = cat
        .post("/shows/night-shift/follow", &[("action", "follow")])
        .await;
    assert_eq!(r.status, 303);
    assert!(cat
        .get("/shows/night-shift")
        .await
        .body
        .contains("aria-pressed=\"true\""));
    let r = bob
        .post(
            "/shows/night-shift/forum/general/follow",
            &[("action", "follow")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        bob.post_raw("/shows/night-shift/follow", &[("action", "follow")])
            .await
            .status,
        403
    );
    let thread = ann
        .new_thread(
            "night-shift",
            "general",
            "Siren songs",
            "Best episode intro?",
        )
        .await;
    for who in [&bob, &cat] {
        assert_eq!(header_count(who).await, 1);
        let page = who.get("/notifications").await.body;
        assert!(
            page.contains("ann started \u{201c}Siren songs\u{201d} in Night Shift"),
            "{page}"
        );
    }
    // bob quotes ann with the Quote button's text: ann hears "quoted", once.
    let first: i64 = sqlx::query("SELECT id FROM posts WHERE thread_id = $1 AND position = 1")
        .bind(thread)
        .fetch_one(&app.db.pool)
        .await
        .expect("first post")
        .try_get(0)
        .expect("id");
    let page = bob
        .get(&format!("/threads/{thread}?quote={first}"))
        .await
        .body;
    assert!(page.contains("wrote:"), "quote prefilled");
    let quoted = "**ann** wrote:\n\n> Best episode intro?\n\nSeason one, easily.";
    reply(&bob, thread, quoted).await;
    let page = ann.get("/notifications").await.body;
    assert!(
        page.contains("bob quoted you in \u{201c}Siren songs\u{201d}"),
        "{page}"
    );
    assert_eq!(header_count(&ann).await, 1, "one notification per post");
}

async fn held_posts_notify_on_approval_and_removed_posts_drop_out(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("admin").await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let r = admin
        .post(
            "/shows/night-shift/mod/filters",
            &[("pattern", "crypto"), ("action", "hold")],
        )
        .await;
    assert_eq!(r.status, 303);
    let thread = ann
        .new_thread("night-shift", "general", "Shift swaps", "Anyone?")
        .await;
    let held = reply(&bob, thread, "ask me about crypto @ann").await;
    assert_eq!(header_count(&ann).await, 0, "a held post notifies nobody");
    assert!(notification_ids(&app, "ann").await.is_empty());
    let r = admin
        .post(&format!("/posts/{held}/mod"), &[("action", "approve")])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(header_count(&ann).await, 1, "approval notifies");
    let page = ann.get("/notifications").await.body;
    assert!(page.contains("bob mentioned you in"), "{page}");

    // A post removed after notifying: the entry no longer shows, nor counts.
    let spoken = reply(&bob, thread, "Marker words of a rude reply").await;
    assert_eq!(header_count(&ann).await, 2);
    let r = admin
        .post(
            &format!("/posts/{spoken}/mod"),
            &[("action", "remove"), ("reason", "rude")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(header_count(&ann).await, 1);
    let page = ann.get("/notifications").await.body;
    assert_eq!(
        page.matches("<li class=\"notification").count(),
        1,
        "{page}"
    );
    assert!(!page.contains("Marker words"));
    // Deleted by its author: the same.
    let gone = reply(&bob, thread, "Oops, wrong thread").await;
    assert_eq!(header_count(&ann).await, 2);
    assert_eq!(
        bob.post(&format!("/posts/{gone}/delete"), &[]).await.status,
        303
    );
    assert_eq!(header_count(&ann).await, 1);
}

async fn shielded_threads_leak_no_title_or_text(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    // ann has watched nothing: a thread about S01E02 is behind her shield once she marks
    // S01E01 only (progress mode).
    let thread = crate::helpers::thread_past_watching(&ann, &bob).await;
    assert!(
        !ann.get(&format!("/threads/{thread}"))
            .await
            .body
            .contains("Double Back twist"),
        "the thread is shielded for ann"
    );
    let r = ann
        .post(
            &format!("/threads/{thread}/follow"),
            &[("action", "follow")],
        )
        .await;
    assert_eq!(r.status, 303);
    reply(&bob, thread, "Second secret sentence").await;
    assert_eq!(header_count(&ann).await, 1);
    let page = ann.get("/notifications").await.body;
    assert!(
        page.contains("New reply in a shielded thread of Night Shift"),
        "{page}"
    );
    for secret in ["Double Back twist", "twist is hidden", "Second secret"] {
        assert!(!page.contains(secret), "{secret} leaked: {page}");
    }
    assert!(page.contains(&format!("/threads/{thread}?page=1#post-")));
}

async fn preferences_switch_a_kind_off(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let settings = ann.get("/settings").await.body;
    assert!(
        settings.contains("name=\"web_reply\" checked")
            || settings.contains("id=\"web_reply\" name=\"web_reply\" checked")
    );
    assert!(settings.contains("Email (when the site has email)"));
    // Everything on but replies.
    let mut fields: Vec<(&str, &str)> = vec![
        ("web_quote", "on"),
        ("web_mention", "on"),
        ("web_new_thread", "on"),
        ("web_party", "on"),
        ("web_moderation", "on"),
        ("web_episode", "on"),
        ("email_reply", "digest"),
    ];
    assert_eq!(
        ann.post_raw("/settings/notifications", &fields)
            .await
            .status,
        403
    );
    fields.push(("email_mention", "sometimes"));
    assert_eq!(
        ann.post("/settings/notifications", &fields).await.status,
        422
    );
    fields.pop();
    assert_eq!(
        ann.post("/settings/notifications", &fields).await.status,
        303
    );
    let settings = ann.get("/settings").await.body;
    assert!(
        settings.contains("<option value=\"digest\" selected>"),
        "{settings}"
    );
    let thread = ann
        .new_thread("night-shift", "general", "Quiet please", "Hush")
        .await;
    reply(&bob, thread, "A reply ann does not want to hear of").await;
    assert_eq!(header_count(&ann).await, 0);
    reply(&bob, thread, "But @ann, this one names you").await;
    assert_eq!(header_count(&ann).await, 1, "mentions are still on");
}

async fn auto_follow_opt_out_and_unfollow(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let cat = app.browser().signed_up("cat").await;
    let thread = ann
        .new_thread("night-shift", "general", "Break room", "Coffee?")
        .await;
    // bob replies and so follows; cat turned auto-follow off first.
    // The profile form without its ticked "auto_follow" box turns auto-follow off.
    let profile = [("language", "en")];
    assert_eq!(
        cat.post_raw("/settings/profile", &profile).await.status,
        403
    );
    assert_eq!(cat.post("/settings/profile", &profile).await.status, 303);
    assert!(!cat
        .get("/settings")
        .await
        .body
        .contains("name=\"auto_follow\" checked"));
    reply(&bob, thread, "Tea.").await;
    reply(&cat, thread, "Water.").await;
    assert_eq!(header_count(&bob).await, 1, "bob follows after replying");
    assert!(bob
        .get(&format!("/threads/{thread}"))
        .await
        .body
        .contains("Following this thread"));
    reply(&ann, thread, "Coffee it is.").await;
    assert_eq!(header_count(&cat).await, 0, "cat did not follow");
    assert_eq!(header_count(&bob).await, 2);
    // bob unfollows: no more, and replying again does not follow anew.
    let r = bob
        .post(
            &format!("/threads/{thread}/follow"),
            &[("action", "unfollow")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        bob.post(&format!("/threads/{thread}/follow"), &[("action", "maybe")])
            .await
            .status,
        400
    );
    reply(&bob, thread, "Fine, coffee.").await;
    reply(&ann, thread, "Good.").await;
    assert_eq!(header_count(&bob).await, 2);
    assert_eq!(
        bob.post("/threads/999999/follow", &[("action", "follow")])
            .await
            .status,
        404
    );
}

/// Reads SSE `count` events from an open stream until one equals `want`.
/// An account that never reads its notifications: the header says "99+" rather than
/// counting every one of them on every page, and reading them brings it back to a number.
async fn the_header_count_stops_at_99_plus(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let thread = ann
        .new_thread("night-shift", "general", "Ambulance night", "Who drives?")
        .await;
    let post = reply(&bob, thread, "I do, every shift.").await;
    let header = |page: &str| {
        let marker = ">Notifications (";
        let start = page.find(marker).expect("notifications link") + marker.len();
        let end = page[start..].find(')').expect("closing paren") + start;
        page[start..end].to_string()
    };
    // 98 more of bob's notifications to ann, as a busy thread would leave them.
    let ann_id: i64 = sqlx::query("SELECT id FROM users WHERE username_lower = 'ann'")
        .fetch_one(&app.db.pool)
        .await
        .expect("ann")
        .try_get(0)
        .expect("id");
    let add = |from: i64, to: i64| {
        let pool = app.db.pool.clone();
        async move {
            for i in from..to {
                sqlx::query(
                    "INSERT INTO notifications (user_id, kind, dedupe, thread_id, post_id, created_at) \
                     VALUES ($1, 'reply', $2, $3, $4, $5)",
                )
                .bind(ann_id)
                .bind(format!("test:{i}"))
                .bind(thread)
                .bind(post)
                .bind(1_700_000_000_000_i64 + i)
                .execute(&pool)
                .await
                .expect("notification");
            }
        }
    };
    add(0, 98).await;
    let page = ann.get("/").await.body;
    assert_eq!(header(&page), "99");
    assert!(page.contains("aria-label=\"Notifications, 99 unread\""));
    add(98, 150).await;
    let page = ann.get("/").await.body;
    assert_eq!(header(&page), "99+", "150 unread");
    assert!(page.contains("aria-label=\"Notifications, 99+ unread\""));
    assert!(
        page.contains("data-cap=\"100\""),
        "notify.js shows the stream's count the same way"
    );
    assert_eq!(ann.post("/notifications/read", &[]).await.status, 303);
    assert_eq!(header(&ann.get("/").await.body), "0");
}

pub async fn wait_for_count(resp: &mut reqwest::Response, buf: &mut String, want: i64) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        while let Some(end) = buf.find("\n\n") {
            let event: String = buf.drain(..end + 2).collect();
            if event.contains("event: count") {
                let n: Option<i64> = event
                    .lines()
                    .find_map(|l| l.strip_prefix("data: "))
                    .and_then(|d| d.trim().parse().ok());
                if n == Some(want) {
                    return;
                }
            }
        }
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        assert!(!left.is_zero(), "the stream never sent count {want}");
        match tokio::time::timeout(left, resp.chunk()).await {
            Ok(Ok(Some(bytes))) => buf.push_str(&String::from_utf8_lossy(&bytes)),
            Ok(other) => panic!("stream ended: {other:?}"),
            Err(_) => panic!("the stream never sent count {want}"),
        }
    }
}

pub async fn open_stream(b: &Browser) -> reqwest::Response {
    let resp = b
        .http
        .get(b.url("/notifications/stream"))
        .send()
        .await
        .expect("stream");
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/event-stream")
    );
    resp
}

async fn the_stream_sends_the_new_count(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let thread = ann
        .new_thread("night-shift", "general", "Live count", "Watch the header")
        .await;
    let mut stream = open_stream(&ann).await;
    let mut buf = String::new();
    wait_for_count(&mut stream, &mut buf, 0).await;
    reply(&bob, thread, "One").await;
    wait_for_count(&mut stream, &mut buf, 1).await;
    reply(&bob, thread, "Two").await;
    wait_for_count(&mut stream, &mut buf, 2).await;
    assert_eq!(ann.post("/notifications/read", &[]).await.status, 303);
    wait_for_count(&mut stream, &mut buf, 0).await;
    assert_eq!(
        app.browser().get("/notifications/stream").await.status,
        303,
        "visitors have no stream"
    );
}

/// A reply written through node 1 reaches the stream of a user connected to node 2 (the
/// PostgreSQL change channel carries "user N has new notifications").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_on_one_node_updates_a_stream_on_the_other() {
    let Some(nodes) = crate::helpers::spawn_cluster(2, |_, _| {}).await else {
        return;
    };
    let (one, two) = (&nodes[0], &nodes[1]);
    one.seed_catalogue().await;
    let ann_one = one.browser().signed_up("ann").await;
    let ann_two = Browser {
        base: two.base.clone(),
        jar: ann_one.jar.clone(),
        http: ann_one.http.clone(),
    };
    let bob = one.browser().signed_up("bob").await;
    let thread = ann_one
        .new_thread("night-shift", "general", "Two nodes", "One site")
        .await;
    let mut stream = open_stream(&ann_two).await;
    let mut buf = String::new();
    wait_for_count(&mut stream, &mut buf, 0).await;
    reply(&bob, thread, "Written on node one").await;
    wait_for_count(&mut stream, &mut buf, 1).await;
}

/// Streams are capped per user: one over the cap is refused with 429, and closing one
/// makes room again (the server notices a closed stream at its next keep-alive).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_are_capped_per_user() {
    let app = crate::helpers::spawn_app_with(crate::helpers::Backend::Sqlite, |c| {
        c.notify_streams.per_user = 2;
        c.notify_streams.keepalive = std::time::Duration::from_millis(200);
    })
    .await
    .expect("sqlite app");
    let ann = app.browser().signed_up("ann").await;
    let first = open_stream(&ann).await;
    let _second = open_stream(&ann).await;
    let refused = ann.get("/notifications/stream").await;
    assert_eq!(refused.status, 429, "{}", refused.body);
    drop(first);
    crate::helpers::eventually("a closed stream gives its place back", || async {
        let r = ann
            .http
            .get(ann.url("/notifications/stream"))
            .send()
            .await
            .expect("stream");
        r.status() == 200
    })
    .await;
}
