//! Text built to break matching: letters whose lowercase has another byte length (`İ`, `ẞ`,
//! the Kelvin sign). Word filters still apply to it, and neither a forum reply nor a live
//! room falls over.
use crate::helpers::TestApp;
use crate::ws::Chat;

crate::on_both_backends!(filters_hold_on_text_whose_case_changes_length);

async fn filters_hold_on_text_whose_case_changes_length(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("boss").await;
    for (pattern, action) in [("darn", "replace"), ("spoiler", "block")] {
        let r = admin
            .post(
                "/shows/night-shift/mod/filters",
                &[("pattern", pattern), ("action", action)],
            )
            .await;
        assert_eq!(r.status, 303, "filter {pattern}");
    }
    let fan = app.browser().signed_up("fan").await;
    let t = fan
        .new_thread("night-shift", "general", "Odd letters", "first post")
        .await;
    let r = fan
        .post(&format!("/threads/{t}/posts"), &[("body", "İ darn— ẞ")])
        .await;
    assert_eq!(r.status, 303, "the reply is answered: {}", r.body);
    let page = app.browser().get(&format!("/threads/{t}")).await.body;
    assert!(page.contains("İ ****— ẞ"), "replaced in place");
    for text in ["İ SPOILER ahead", "the \u{212A}elvin spoiler"] {
        let r = fan
            .post(&format!("/threads/{t}/posts"), &[("body", text)])
            .await;
        assert_eq!(r.status, 422, "{text:?} is still blocked");
    }

    let room = format!("ep-{}", app.episode_id("night-shift", "s01e01").await);
    let (mut c, _) = Chat::join(&app.base, &room, None, Some(&fan)).await;
    c.say("İ darn— ẞ", "n1").await;
    let got = c.messages(1).await;
    assert_eq!(got[0]["text"], "İ ****— ẞ");
    // The room is alive for the next visitor.
    let (_, hello) = Chat::join(&app.base, &room, None, None).await;
    assert_eq!(hello["backlog"][0]["text"], "İ ****— ẞ");
}
