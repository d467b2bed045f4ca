//! Changing a password ends every other session and open socket of the account, keeps this
//! browser signed in, and refuses a wrong current password or a weak new one.
use crate::helpers::TestApp;
use crate::ws::{Chat, Event};

crate::on_both_backends!(a_password_change_signs_out_everywhere_else);

async fn a_password_change_signs_out_everywhere_else(app: TestApp) {
    app.seed_catalogue().await;
    let here = app.browser().signed_up("ann").await;
    let there = app.browser();
    assert_eq!(
        there.login("ann", "correct horse battery").await.status,
        303
    );
    let room = format!("ep-{}", app.episode_id("night-shift", "s01e01").await);
    let (mut sock, _) = Chat::join(&app.base, &room, None, Some(&there)).await;

    let form = "/settings/password";
    let r = here
        .post(
            form,
            &[
                ("current_password", "wrong"),
                ("new_password", "violet tugboat harbor"),
            ],
        )
        .await;
    assert_eq!(r.status, 422, "a wrong current password: {}", r.body);
    assert!(r.body.contains("current password is not right"));
    let r = here
        .post(
            form,
            &[
                ("current_password", "correct horse battery"),
                ("new_password", "password1"),
            ],
        )
        .await;
    assert_eq!(r.status, 422, "a weak new password: {}", r.body);
    assert!(r.body.contains("too easy to guess"));

    let r = here
        .post(
            form,
            &[
                ("current_password", "correct horse battery"),
                ("new_password", "violet tugboat harbor"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        here.get("/settings/password").await.status,
        200,
        "still signed in here"
    );
    assert_eq!(
        there.get("/settings/password").await.status,
        303,
        "the other session ended (sent to the login page)"
    );
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
    let fresh = app.browser();
    assert_eq!(
        fresh.login("ann", "correct horse battery").await.status,
        401
    );
    assert_eq!(
        fresh.login("ann", "violet tugboat harbor").await.status,
        303
    );
}
