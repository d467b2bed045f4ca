//! `back` targets stay on this site.
use crate::helpers::TestApp;

crate::on_both_backends!(back_targets_never_leave_the_site);

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
