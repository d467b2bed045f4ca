//! Accounts: admin bootstrap, sessions, login throttling.
use crate::helpers::TestApp;

crate::on_both_backends!(
    first_account_is_admin,
    session_rotates_on_login_and_dies_on_logout,
    seventh_failed_login_is_throttled,
    usernames_unique_ignoring_case,
    simultaneous_sign_ups_all_get_accounts
);

async fn first_account_is_admin(app: TestApp) {
    let first = app.browser().signed_up("founder").await;
    let second = app.browser().signed_up("member").await;
    assert_eq!(first.get("/admin").await.status, 200);
    assert_eq!(second.get("/admin").await.status, 403);
    assert_eq!(
        app.browser().get("/admin").await.status,
        303,
        "anonymous is sent to log in"
    );
    let r = second
        .post("/admin/shows", &[("slug", "sneaky"), ("title", "Sneaky")])
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(app.count("shows").await, 0);
    let ok = first
        .post(
            "/admin/shows",
            &[("slug", "new-show"), ("title", "New Show")],
        )
        .await;
    assert_eq!(ok.status, 303);
    let again = first
        .post(
            "/admin/shows",
            &[("slug", "new-show"), ("title", "Same Slug")],
        )
        .await;
    assert_eq!(again.status, 409, "a taken slug is a conflict");
    assert!(again.body.contains("already exists"));
    assert_eq!(app.count("shows").await, 1);
    let ep = first
        .post(
            "/shows/new-show/admin/episodes",
            &[
                ("code", "s01e01"),
                ("title", "Start"),
                ("runtime_min", "30"),
                ("air_dates", "US 2025-01-01\nFR 2025-02-01"),
            ],
        )
        .await;
    assert_eq!(ep.status, 303, "{}", ep.body);
    let page = app
        .browser()
        .get("/shows/new-show/episodes/s01e01")
        .await
        .body;
    assert!(page.contains("FR") && page.contains("2025-02-01"));
}

async fn session_rotates_on_login_and_dies_on_logout(app: TestApp) {
    let b = app.browser().signed_up("rotor").await;
    let first = b.session_cookie().expect("session after sign-up");
    assert_eq!(b.login("rotor", "correct horse battery").await.status, 303);
    let second = b.session_cookie().expect("session after login");
    assert_ne!(first, second, "login issues a new session id");

    // The old session no longer signs anyone in.
    let stale = app.browser();
    stale.jar.add_cookie_str(
        &format!("ch_session={first}; Path=/"),
        &reqwest::Url::parse(&app.base).unwrap(),
    );
    assert!(!stale.get("/").await.body.contains("Log out"));

    assert_eq!(b.post("/logout", &[]).await.status, 303);
    let replay = app.browser();
    replay.jar.add_cookie_str(
        &format!("ch_session={second}; Path=/"),
        &reqwest::Url::parse(&app.base).unwrap(),
    );
    assert!(
        !replay.get("/").await.body.contains("Log out"),
        "logged-out session is dead server-side"
    );
    assert_eq!(app.count("sessions").await, 0);
}

async fn seventh_failed_login_is_throttled(app: TestApp) {
    app.browser().signed_up("target").await;
    let b = app.browser();
    for i in 1..=6 {
        let r = b.login("target", "wrong password!").await;
        assert_eq!(r.status, 401, "attempt {i}");
        assert!(r.body.contains("Wrong username or password"));
    }
    let seventh = b.login("target", "correct horse battery").await;
    assert_eq!(
        seventh.status, 429,
        "even the right password waits out the window"
    );
    assert!(b.session_cookie().is_none());
}

async fn usernames_unique_ignoring_case(app: TestApp) {
    app.browser().signed_up("Casey").await;
    let r = app.browser().register("casey", "another password").await;
    assert_eq!(r.status, 409);
    assert!(r.body.contains("taken"));
    assert_eq!(app.count("users").await, 1);
    // Login is case-insensitive too.
    assert_eq!(
        app.browser()
            .login("CASEY", "correct horse battery")
            .await
            .status,
        303
    );
}

/// A crowd signing up at once (an episode just aired) all get accounts: no sign-up fails
/// because another was being written at the same moment, and the site still has one admin.
async fn simultaneous_sign_ups_all_get_accounts(app: TestApp) {
    use cliffhanger::db::users::{create, CreateUser};
    use cliffhanger::domain::Username;
    app.browser().signed_up("founder").await;
    let names: Vec<Username> = (0..48)
        .map(|i| Username::try_from(format!("fan_{i}").as_str()).expect("valid name"))
        .collect();
    let signups = names
        .iter()
        .map(|n| create(&app.db, n, "$argon2id$unused", true));
    for (name, result) in names
        .iter()
        .zip(futures_util::future::join_all(signups).await)
    {
        match result {
            Ok(CreateUser::Created { is_admin, .. }) => {
                assert!(!is_admin, "{} became a second admin", name.as_str())
            }
            Ok(CreateUser::NameTaken) => panic!("{} reported as taken", name.as_str()),
            Err(e) => panic!("sign-up of {} failed: {e}", name.as_str()),
        }
    }
    assert_eq!(app.count("users").await, 49);
}
