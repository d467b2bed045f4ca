//! `back` targets stay on this site; images from other sites are links.
use crate::helpers::{thread_id_from, TestApp};

crate::on_both_backends!(back_targets_never_leave_the_site, remote_images_are_links);

/// A form's path, its other fields, and where it goes when `back` is refused.
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, String);

/// Targets browsers follow to another site, each written as a form would send it.
const FOREIGN: &[&str] = &[
    "/\\evil.example",
    "/\t/evil.example",
    "//evil.example",
    "https://evil.example",
];

async fn back_targets_never_leave_the_site(app: TestApp) {
    app.seed_catalogue().await;
    // The first account is the site admin, who may moderate every show.
    let admin = app.browser().signed_up("admin").await;
    let thread = admin
        .new_thread("night-shift", "general", "Back links", "body")
        .await;
    let mod_path = format!("/threads/{thread}/mod");
    let cases: [Case; 3] = [
        ("/region", vec![("region", "GB")], "/settings".to_string()),
        (
            "/shows/night-shift/episodes/s01e01/watched",
            vec![("action", "watch")],
            "/shows/night-shift/progress".to_string(),
        ),
        (
            &mod_path,
            vec![("action", "lock")],
            format!("/threads/{thread}"),
        ),
    ];
    for (path, fields, fallback) in &cases {
        for back in FOREIGN {
            let mut all = fields.clone();
            all.push(("back", back));
            let r = admin.post(path, &all).await;
            assert_eq!(r.status, 303, "{path} back={back:?}: {}", r.body);
            assert_eq!(
                r.location.as_deref(),
                Some(fallback.as_str()),
                "{path} back={back:?}"
            );
        }
        let mut all = fields.clone();
        all.push(("back", "/shows/night-shift?from=form#top"));
        let r = admin.post(path, &all).await;
        assert_eq!(
            r.location.as_deref(),
            Some("/shows/night-shift?from=form#top"),
            "{path}: a path of this site is kept"
        );
    }
}

async fn remote_images_are_links(app: TestApp) {
    app.seed_catalogue().await;
    let alice = app.browser().signed_up("alice").await;
    let body =
        "Look ![x](https://tracker.example/p.gif) and <img src=\"https://pixel.example/a.gif\">";
    let thread = alice
        .new_thread("night-shift", "general", "Pixels", body)
        .await;
    let r = alice
        .post(&format!("/threads/{thread}/posts"), &[("body", body)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        thread_id_from(r.location.as_deref().unwrap_or_default()),
        thread
    );
    let resp = alice
        .http
        .get(alice.url(&format!("/threads/{thread}")))
        .send()
        .await
        .expect("GET thread");
    let csp = resp
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(csp.contains("img-src 'self' data:;"), "{csp}");
    let page = resp.text().await.expect("page");
    assert!(!page.contains("<img src=\"https://"), "{page}");
    assert!(!page.contains("pixel.example"), "{page}");
    assert_eq!(
        page.matches(">image from tracker.example</a>").count(),
        2,
        "{page}"
    );
}
