//! CSRF and XSS: forged requests change nothing, hostile text comes out inert.
use crate::helpers::{escaped, extract_csrf, TestApp};

crate::on_both_backends!(
    csrf_missing_wrong_or_foreign_origin_is_refused,
    xss_payloads_are_inert,
    anonymous_cannot_post
);

async fn csrf_missing_wrong_or_foreign_origin_is_refused(app: TestApp) {
    app.seed_catalogue().await;
    let alice = app.browser().signed_up("alice").await;
    let mallory = app.browser().signed_up("mallory").await;
    let before = (app.count("threads").await, app.count("posts").await);
    let fields = [
        ("title", "Forged thread"),
        ("body", "forged"),
        ("board", "general"),
    ];

    let missing = alice.post_raw("/shows/night-shift/threads", &fields).await;
    assert_eq!(missing.status, 403);

    let other_token = mallory.csrf().await;
    let mut with_other = fields.to_vec();
    with_other.push(("csrf_token", &other_token));
    let wrong = alice
        .post_raw("/shows/night-shift/threads", &with_other)
        .await;
    assert_eq!(wrong.status, 403, "another session's token is refused");

    let token = alice.csrf().await;
    let mut good = fields.to_vec();
    good.push(("csrf_token", &token));
    let foreign = alice
        .http
        .post(alice.url("/shows/night-shift/threads"))
        .header("Origin", "https://evil.example")
        .form(&good)
        .send()
        .await
        .expect("POST");
    assert_eq!(
        foreign.status().as_u16(),
        403,
        "foreign Origin refused even with a valid token"
    );

    // Logout without a token does not end the session.
    assert_eq!(alice.post_raw("/logout", &[]).await.status, 403);
    assert!(alice.get("/").await.body.contains("Log out"));

    assert_eq!(
        (app.count("threads").await, app.count("posts").await),
        before,
        "nothing changed"
    );

    // The same request with its own token and no foreign Origin works.
    assert_eq!(
        alice
            .post_raw("/shows/night-shift/threads", &good)
            .await
            .status,
        303
    );
}

async fn xss_payloads_are_inert(app: TestApp) {
    app.seed_catalogue().await;
    let u = app.browser().signed_up("xss_tester").await;
    let body = "<script>alert('b')</script>\n\n<img src=x onerror=alert(1)>\n\n[click](JaVaScRiPt:alert(2))\n\n\
                <a href=\"jAvAsCrIpT:alert(3)\">a</a>\n\n<svg onload=alert(4)><circle r=1 /></svg>";
    let id = u
        .new_thread(
            "night-shift",
            "general",
            "<script>alert('t')</script> title",
            body,
        )
        .await;
    let page = app.browser().get(&format!("/threads/{id}")).await.body;
    let lower = page.to_ascii_lowercase();
    assert!(!lower.contains("<script>alert"), "no live script tag");
    assert!(
        page.contains(&escaped("<script>alert('t')</script> title")),
        "title shown as text"
    );
    assert!(!lower.contains("onerror="), "no event handler attribute");
    assert!(!lower.contains("onload="), "no event handler attribute");
    assert!(!lower.contains("javascript:"), "no javascript: URL");
    assert!(!lower.contains("<svg"), "no SVG");
    // Lists show the title escaped too.
    let list = app.browser().get("/shows/night-shift/forum").await.body;
    assert!(
        !list.to_ascii_lowercase().contains("<script>alert") && list.contains(&escaped("<script>"))
    );

    // A hostile username is refused and echoed back escaped.
    let r = app
        .browser()
        .register("<img src=x onerror=alert(5)>", "correct horse battery")
        .await;
    assert_eq!(r.status, 422);
    assert!(
        !r.body.contains("<img src=x"),
        "typed username is escaped in the form"
    );
    assert!(r.body.contains(&escaped("<img src=x onerror=alert(5)>")));
}

async fn anonymous_cannot_post(app: TestApp) {
    app.seed_catalogue().await;
    let anon = app.browser();
    let page = anon.get("/shows/night-shift/threads/new").await;
    assert_eq!(
        page.status, 303,
        "new-thread form asks anonymous visitors to log in"
    );
    let token = extract_csrf(&anon.get("/login").await.body).expect("anon token");
    let r = anon
        .post_raw(
            "/shows/night-shift/threads",
            &[
                ("title", "anon"),
                ("body", "anon"),
                ("board", "general"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location.as_deref(), Some("/login"));
    assert_eq!(
        app.count("threads").await,
        3,
        "only the seeded episode threads"
    );
}
