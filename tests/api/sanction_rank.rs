//! A show moderator cannot sanction the site's admins or the show's other moderators: only
//! admins can. (A hostile or careless moderator must not lock out their peers.)
use crate::helpers::TestApp;

crate::on_both_backends!(moderators_cannot_sanction_admins_or_fellow_moderators);

async fn moderators_cannot_sanction_admins_or_fellow_moderators(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("boss").await;
    let moda = app.browser().signed_up("moda").await;
    let modb = app.browser().signed_up("modb").await;
    let fan = app.browser().signed_up("fan").await;
    for name in ["moda", "modb"] {
        let r = admin
            .post(
                "/shows/night-shift/mod/team",
                &[("username", name), ("action", "grant")],
            )
            .await;
        assert_eq!(r.status, 303, "grant {name}: {}", r.body);
    }
    let suspend = |who: &'static str| {
        vec![
            ("username", who),
            ("kind", "suspend"),
            ("duration", "3"),
            ("reason", "cooling off"),
        ]
    };
    for target in ["boss", "modb"] {
        let r = moda
            .post("/shows/night-shift/mod/sanctions", &suspend(target))
            .await;
        assert_eq!(r.status, 403, "a moderator suspending {target}: {}", r.body);
    }
    // Nothing was applied: the fellow moderator still posts.
    let t = modb
        .new_thread("night-shift", "general", "Still here", "not suspended")
        .await;
    assert!(t > 0);
    let r = moda
        .post("/shows/night-shift/mod/sanctions", &suspend("fan"))
        .await;
    assert_eq!(r.status, 303, "a moderator suspending a fan: {}", r.body);
    let r = admin
        .post("/shows/night-shift/mod/sanctions", &suspend("modb"))
        .await;
    assert_eq!(r.status, 303, "an admin suspending a moderator: {}", r.body);
    let r = modb
        .post(&format!("/threads/{t}/posts"), &[("body", "suspended now")])
        .await;
    assert_eq!(r.status, 403, "the suspended moderator cannot post");
    drop(fan);
}
