//! Deleting an account: the password is asked, everything personal goes in one step, the
//! posts stay (by "deleted user") or become the deleted placeholder, the threads stay
//! readable, and the old credentials stop working.
use sqlx::Row;

use crate::helpers::TestApp;
use crate::ws::{Chat, Event};

async fn count_for(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query(sql)
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
        .try_get(0)
        .expect("value")
}

async fn user_id(app: &TestApp, name: &str) -> i64 {
    sqlx::query("SELECT id FROM users WHERE username_lower = $1")
        .bind(name)
        .fetch_one(&app.db.pool)
        .await
        .expect("user")
        .try_get(0)
        .expect("id")
}

crate::on_both_backends!(
    deleting_an_account_keeps_posts_as_deleted_user,
    deleting_an_account_can_remove_its_posts,
    the_only_admin_cannot_delete_their_account
);

async fn deleting_an_account_keeps_posts_as_deleted_user(app: TestApp) {
    app.seed_catalogue().await;
    let _admin = app.browser().signed_up("root").await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let ann_id = user_id(&app, "ann").await;
    let bob_id = user_id(&app, "bob").await;
    let t1 = ann
        .new_thread(
            "night-shift",
            "general",
            "Ann asks",
            "What did the pilot mean?",
        )
        .await;
    let r = bob
        .post(&format!("/threads/{t1}/posts"), &[("body", "Bob answers")])
        .await;
    assert_eq!(r.status, 303);
    let r = ann
        .post(
            "/shows/night-shift/episodes/s01e01/watched",
            &[("action", "watch")],
        )
        .await;
    assert_eq!(r.status, 303);
    let show_id: i64 = sqlx::query("SELECT id FROM shows WHERE slug = 'night-shift'")
        .fetch_one(&app.db.pool)
        .await
        .expect("show")
        .try_get(0)
        .expect("id");
    cliffhanger::moderation::roles::grant(&app.db, show_id, ann_id, None)
        .await
        .expect("grant");
    for sql in [
        "INSERT INTO follows (user_id, kind, target_id, created_at) VALUES ($1, 'thread', 1, 0)",
        "INSERT INTO notification_prefs (user_id, kind, web, email) VALUES ($1, 'reply', 1, 'off')",
        "INSERT INTO notifications (user_id, kind, dedupe, created_at) VALUES ($1, 'reply', 'post:1', 0)",
        "INSERT INTO chat_messages (room, user_id, username, body, nonce, created_at) VALUES ('ep-1', $1, 'ann', 'hello room', 'n1', 0)",
    ] {
        sqlx::query(sql).bind(ann_id).execute(&app.db.pool).await.expect(sql);
    }
    sqlx::query("INSERT INTO notifications (user_id, kind, dedupe, actor_id, created_at) VALUES ($1, 'reply', 'post:2', $2, 0)")
        .bind(bob_id).bind(ann_id).execute(&app.db.pool).await.expect("notification by ann");
    let there = app.browser();
    assert_eq!(
        there.login("ann", "correct horse battery").await.status,
        303
    );
    let room = format!("ep-{}", app.episode_id("night-shift", "s01e01").await);
    let (mut sock, _) = Chat::join(&app.base, &room, None, Some(&there)).await;

    let r = ann
        .post(
            "/settings/account/delete",
            &[("current_password", "wrong"), ("posts", "keep")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("current password is not right"));
    assert_eq!(ann.get("/users/ann").await.status, 200, "nothing changed");
    assert_eq!(
        count_for(
            &app,
            "SELECT COUNT(*) FROM watched WHERE user_id = $1",
            ann_id
        )
        .await,
        1
    );

    let r = ann
        .post(
            "/settings/account/delete",
            &[
                ("current_password", "correct horse battery"),
                ("posts", "keep"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    loop {
        match sock.next_event().await {
            Event::Frame(_) => continue,
            Event::Closed(Some(frame)) => {
                assert_eq!(u16::from(frame.code), 4001, "{frame:?}");
                break;
            }
            other => panic!("expected close 4001, got {other:?}"),
        }
    }
    for table in [
        "sessions",
        "follows",
        "notifications",
        "notification_prefs",
        "watched",
        "show_moderators",
        "account_tokens",
    ] {
        let n = count_for(
            &app,
            &format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1"),
            ann_id,
        )
        .await;
        assert_eq!(n, 0, "{table} rows of the deleted user remain");
    }
    assert_eq!(
        count_for(
            &app,
            "SELECT COUNT(*) FROM notifications WHERE actor_id = $1",
            ann_id
        )
        .await,
        0
    );
    assert_eq!(
        count_for(
            &app,
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1",
            bob_id
        )
        .await,
        1,
        "bob keeps his"
    );
    assert_eq!(
        count_for(
            &app,
            "SELECT COUNT(*) FROM chat_messages WHERE user_id = $1 AND username = 'deleted user'",
            ann_id
        )
        .await,
        1
    );

    let page = app.browser().get(&format!("/threads/{t1}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("What did the pilot mean?"),
        "the text stays"
    );
    assert!(page.body.contains("deleted user"));
    assert!(!page.body.contains(">ann<"), "{}", page.body);
    assert!(page.body.contains("Bob answers"));
    assert_eq!(app.browser().get("/users/ann").await.status, 404);
    assert_eq!(
        ann.get("/settings/password").await.status,
        303,
        "signed out"
    );
    assert_eq!(
        app.browser()
            .login("ann", "correct horse battery")
            .await
            .status,
        401
    );
    let deleted_name = format!("deleted:{ann_id}");
    assert_eq!(app.browser().login(&deleted_name, "").await.status, 401);
    // The name is free again.
    let _new_ann = app.browser().signed_up("ann").await;
}

async fn deleting_an_account_can_remove_its_posts(app: TestApp) {
    app.seed_catalogue().await;
    let _admin = app.browser().signed_up("root").await;
    let carol = app.browser().signed_up("carol").await;
    let bob = app.browser().signed_up("bob").await;
    let t = carol
        .new_thread(
            "night-shift",
            "general",
            "Carol's theory",
            "Secret carol words",
        )
        .await;
    let r = bob
        .post(&format!("/threads/{t}/posts"), &[("body", "Bob disagrees")])
        .await;
    assert_eq!(r.status, 303);
    let r = carol
        .post(&format!("/threads/{t}/posts"), &[("body", "Carol again")])
        .await;
    assert_eq!(r.status, 303);
    let before = app.browser().get(&format!("/threads/{t}")).await;
    assert!(before.body.contains("Carol again"));

    let r = carol
        .post(
            "/settings/account/delete",
            &[
                ("current_password", "correct horse battery"),
                ("posts", "remove"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.browser().get(&format!("/threads/{t}")).await;
    assert_eq!(page.status, 200, "the thread stays for the replies");
    assert!(page.body.contains("Bob disagrees"));
    assert!(!page.body.contains("Secret carol words"));
    assert!(!page.body.contains("Carol again"));
    assert_eq!(
        app.browser()
            .login("carol", "correct horse battery")
            .await
            .status,
        401
    );
}

async fn the_only_admin_cannot_delete_their_account(app: TestApp) {
    let root = app.browser().signed_up("root").await;
    let r = root
        .post(
            "/settings/account/delete",
            &[("current_password", "correct horse battery")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("only site admin"), "{}", r.body);
    assert_eq!(root.get("/users/root").await.status, 200);
}
