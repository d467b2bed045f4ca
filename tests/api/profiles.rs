//! Profiles at /users/{name} and the profile section of /settings: a bio rendered and
//! sanitized, roles, recent threads and replies through the visibility gate, watch progress
//! only when opted in, and forms that come back with what was typed.
use crate::helpers::TestApp;

crate::on_both_backends!(
    a_profile_shows_what_the_viewer_may_see,
    a_profile_keeps_the_viewers_spoiler_shield,
    profile_settings_are_checked
);

async fn a_profile_shows_what_the_viewer_may_see(app: TestApp) {
    app.seed_catalogue().await;
    let _admin = app.browser().signed_up("root").await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let t = bob
        .new_thread("night-shift", "general", "Bob's thread", "Opening")
        .await;
    let mine = ann
        .new_thread("night-shift", "general", "Ann's own thread", "Ann opens")
        .await;
    for body in [
        "Visible reply",
        "Held reply words",
        "Removed reply words",
        "Deleted reply words",
    ] {
        let r = ann
            .post(&format!("/threads/{t}/posts"), &[("body", body)])
            .await;
        assert_eq!(r.status, 303);
    }
    for (sql, body) in [
        (
            "UPDATE posts SET held = 1 WHERE body_src = $1",
            "Held reply words",
        ),
        (
            "UPDATE posts SET removed_reason = 'spam' WHERE body_src = $1",
            "Removed reply words",
        ),
        (
            "UPDATE posts SET deleted = 1 WHERE body_src = $1",
            "Deleted reply words",
        ),
    ] {
        sqlx::query(sql)
            .bind(body)
            .execute(&app.db.pool)
            .await
            .expect(sql);
    }
    app.db.cache.catalog_changed();

    let visitor = app.browser();
    let page = visitor.get("/users/ANN").await;
    assert_eq!(page.status, 200, "names are case-insensitive");
    assert!(
        page.body.contains("Ann&#39;s own thread") || page.body.contains("Ann's own thread"),
        "{}",
        page.body
    );
    assert!(page.body.contains(&format!("/threads/{mine}")));
    assert!(page.body.contains("Visible reply"));
    for hidden in [
        "Held reply words",
        "Removed reply words",
        "Deleted reply words",
    ] {
        assert!(!page.body.contains(hidden), "a visitor sees {hidden}");
    }
    assert!(!bob
        .get("/users/ann")
        .await
        .body
        .contains("Held reply words"));
    let own = ann.get("/users/ann").await;
    assert!(
        own.body.contains("Held reply words"),
        "the author sees their held post"
    );
    assert!(!own.body.contains("Removed reply words"));
    assert!(!page.body.contains("Watch progress"));
    assert!(visitor.get("/users/root").await.body.contains("Site admin"));
    assert_eq!(visitor.get("/users/nobody").await.status, 404);
    let thread = visitor.get(&format!("/threads/{t}")).await;
    assert!(
        thread.body.contains("href=\"/users/ann\""),
        "authors link to their profiles"
    );

    let r = ann
        .post(
            "/shows/night-shift/episodes/s01e01/watched",
            &[("action", "watch")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(
        !visitor
            .get("/users/ann")
            .await
            .body
            .contains("Watch progress"),
        "off by default"
    );
    let r = ann
        .post(
            "/settings/profile",
            &[
                ("bio", "Hi **there** <script>alert(1)</script>"),
                ("language", "fr"),
                ("show_progress", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = visitor.get("/users/ann").await;
    assert!(
        page.body.contains("<strong>there</strong>"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<script>alert"), "sanitized");
    assert!(
        page.body.contains("watched 1 of 2 episodes"),
        "{}",
        page.body
    );
}

/// A thread about an episode the viewer has not watched appears on its author's profile by
/// the shield's label only: neither its title nor the reply's text.
async fn a_profile_keeps_the_viewers_spoiler_shield(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    bob.new_thread("night-shift", "general", "Open thread", "Nothing to hide")
        .await;
    let shielded = crate::helpers::thread_past_watching(&ann, &bob).await;
    let r = bob
        .post(
            &format!("/threads/{shielded}/posts"),
            &[("body", "Second secret sentence")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = ann.get("/users/bob").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Open thread"), "{}", page.body);
    for secret in ["Double Back twist", "hidden text", "Second secret sentence"] {
        assert!(!page.body.contains(secret), "{secret} leaks: {}", page.body);
    }
    // A fan who has watched S01E02 sees the thread and the reply as they are.
    let cat = app.browser().signed_up("cat").await;
    let r = cat
        .post(
            "/shows/night-shift/episodes/s01e02/watched",
            &[("action", "up_to")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let seen = cat.get("/users/bob").await.body;
    assert!(seen.contains("Double Back twist revealed"), "{seen}");
    assert!(seen.contains("Second secret sentence"), "{seen}");
}

async fn profile_settings_are_checked(app: TestApp) {
    let ann = app.browser().signed_up("ann").await;
    let r = ann
        .post(
            "/settings/profile",
            &[
                ("bio", "Typed bio"),
                ("language", "xx"),
                ("auto_follow", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Unknown language"));
    assert!(r.body.contains("Typed bio"), "what was typed comes back");
    let long = "x".repeat(2001);
    let r = ann
        .post("/settings/profile", &[("bio", &long), ("language", "en")])
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("at most 2000"));
    let r = ann
        .post(
            "/settings/profile",
            &[("bio", "Saved bio"), ("language", "pt-BR")],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = ann.get("/settings").await;
    assert!(page.body.contains("Saved bio"));
    // The settings form's select, not the footer's switcher (which says the same).
    let select = page
        .body
        .split("<select name=\"language\">")
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
        .expect("the settings form has a language select");
    assert!(select.contains("value=\"pt-BR\" lang=\"pt-BR\" selected"));
    assert!(
        !page
            .body
            .contains("name=\"auto_follow\" value=\"1\" checked"),
        "auto-follow was turned off"
    );
    assert!(page.body.contains("<!-- notification preferences -->"));
    let r = app
        .browser()
        .post("/settings/profile", &[("bio", "x"), ("language", "en")])
        .await;
    assert_eq!(r.status, 303, "anonymous visitors are sent to log in");
}
