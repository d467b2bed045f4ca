//! Mail through a real SMTP server: confirming an address, resetting a password by mailed
//! link (single use, expiring, the same answer for unknown accounts), and the admin's link
//! when the site sends no mail.
use crate::helpers::{spawn_app_with, Backend, TestApp};
use crate::smtp::{link_path, SmtpSink};
use crate::ws::{Chat, Event};

const FORGOT_ANSWER: &str = "If that account has a confirmed address, a link is on its way.";

async fn with_mail(backend: Backend) -> Option<(TestApp, SmtpSink)> {
    let sink = SmtpSink::start();
    let url = sink.url();
    let app = spawn_app_with(backend, |c| {
        c.mail.smtp_url = Some(url);
        c.accounts.resets_per_ip = 3;
    })
    .await?;
    Some((app, sink))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_flows_sqlite() {
    let (app, sink) = with_mail(Backend::Sqlite).await.expect("sqlite app");
    mail_flows(app, sink).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_flows_postgres() {
    if let Some((app, sink)) = with_mail(Backend::Postgres).await {
        mail_flows(app, sink).await;
    }
}

async fn mail_flows(app: TestApp, sink: SmtpSink) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let login = app.browser().get("/login").await;
    assert!(
        login.body.contains("href=\"/password/forgot\""),
        "{}",
        login.body
    );

    // A new address needs the password, then a confirmation link.
    let r = ann
        .post(
            "/settings/email",
            &[("email", "ann@example.org"), ("current_password", "wrong")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("value=\"ann@example.org\""),
        "what was typed comes back"
    );
    let r = ann
        .post(
            "/settings/email",
            &[
                ("email", "not an address"),
                ("current_password", "correct horse battery"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    let r = ann
        .post(
            "/settings/email",
            &[
                ("email", "Ann@Example.org"),
                ("current_password", "correct horse battery"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let first = sink.message(1).await;
    assert!(first.starts_with("To: Ann@Example.org"), "{first}");
    let confirm = link_path(&first, "/settings/email/confirm/");
    assert!(ann
        .get("/settings")
        .await
        .body
        .contains("No confirmed address"));
    // Opening the link changes nothing: its page has a button.
    let page = app.browser().get(&confirm).await;
    assert_eq!(page.status, 200);
    assert!(ann
        .get("/settings")
        .await
        .body
        .contains("No confirmed address"));
    let r = app.browser().post(&confirm, &[]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(ann.get("/settings").await.body.contains("Ann@Example.org"));
    assert_eq!(
        app.browser().post(&confirm, &[]).await.status,
        404,
        "used once"
    );

    // Unknown accounts get the same answer, and no mail.
    let stranger = app.browser();
    let r = stranger
        .post("/password/forgot", &[("who", "nobody-here")])
        .await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains(FORGOT_ANSWER));
    let r = stranger
        .post("/password/forgot", &[("who", "ANN@example.ORG")])
        .await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains(FORGOT_ANSWER));
    let second = sink.message(2).await;
    assert!(second.starts_with("To: Ann@Example.org"), "{second}");
    crate::helpers::eventually("sent mail leaves the outbox", || async {
        app.count("mail_outbox").await == 0
    })
    .await;
    assert_eq!(sink.messages().len(), 2, "the unknown name sent nothing");

    // Another session, with a chat socket, ends when the password is reset.
    let there = app.browser();
    assert_eq!(
        there.login("ann", "correct horse battery").await.status,
        303
    );
    let room = format!("ep-{}", app.episode_id("night-shift", "s01e01").await);
    let (mut sock, _) = Chat::join(&app.base, &room, None, Some(&there)).await;

    let reset = link_path(&second, "/password/reset/");
    assert_eq!(stranger.get(&reset).await.status, 200);
    let r = stranger.post(&reset, &[("new_password", "short")]).await;
    assert_eq!(r.status, 422, "a weak password shows the form again");
    let r = stranger
        .post(&reset, &[("new_password", "violet tugboat harbor")])
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
    assert_eq!(
        there.get("/settings/password").await.status,
        303,
        "signed out"
    );
    assert_eq!(
        ann.get("/settings/password").await.status,
        303,
        "signed out too"
    );
    assert_eq!(
        app.browser()
            .login("ann", "correct horse battery")
            .await
            .status,
        401
    );
    assert_eq!(
        app.browser()
            .login("ann", "violet tugboat harbor")
            .await
            .status,
        303
    );
    // Used once.
    assert_eq!(stranger.get(&reset).await.status, 404);
    let r = stranger
        .post(&reset, &[("new_password", "another fine passphrase")])
        .await;
    assert_eq!(r.status, 404);

    // An expired link is refused.
    let r = stranger.post("/password/forgot", &[("who", "ann")]).await;
    assert_eq!(r.status, 200);
    let third = sink.message(3).await;
    let late = link_path(&third, "/password/reset/");
    sqlx::query("UPDATE account_tokens SET expires_at = 1 WHERE used_at IS NULL")
        .execute(&app.db.pool)
        .await
        .expect("expire");
    assert_eq!(stranger.get(&late).await.status, 404);
    let r = stranger
        .post(&late, &[("new_password", "another fine passphrase")])
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(
        app.browser()
            .login("ann", "violet tugboat harbor")
            .await
            .status,
        303
    );

    // Three requests an hour from one address.
    let r = stranger.post("/password/forgot", &[("who", "ann")]).await;
    assert_eq!(r.status, 429);
}

crate::on_both_backends!(without_mail_resets_go_through_an_admin);

async fn without_mail_resets_go_through_an_admin(app: TestApp) {
    let _ann = app.browser().signed_up("ann").await;
    let visitor = app.browser();
    for page in ["/login", "/password/forgot"] {
        let r = visitor.get(page).await;
        assert!(
            r.body.contains("password resets go through an admin"),
            "{page}: {}",
            r.body
        );
    }
    let r = visitor.post("/password/forgot", &[("who", "ann")]).await;
    assert_eq!(r.status, 409);
    let link = cliffhanger::auth::reset::admin_link(&app.db, "ANN", None)
        .await
        .expect("a link");
    assert!(link.starts_with("/password/reset/"), "{link}");
    assert!(
        cliffhanger::auth::reset::admin_link(&app.db, "nobody", None)
            .await
            .is_err()
    );
    let r = visitor
        .post(&link, &[("new_password", "violet tugboat harbor")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        app.browser()
            .login("ann", "violet tugboat harbor")
            .await
            .status,
        303
    );
    assert_eq!(
        visitor
            .post(&link, &[("new_password", "violet tugboat harbor")])
            .await
            .status,
        404
    );
}
