//! Real browser (headless Chromium, as `browser`): the live page shows the reaction buttons
//! once the chat is connected; a tap sends the `react` frame, the page confirms it, and the
//! reaction is stored.
use std::time::Duration;

use fantoccini::{Client, Locator};

use crate::browser::{sign_in, with_browsers, ChromeDriver};
use crate::helpers::{spawn_app, Backend, Browser, TestApp};

const WAIT: Duration = Duration::from_secs(20);
const LIVE_PAGE: &str = "/shows/night-shift/episodes/s01e01/live?reveal=1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tapped_reaction_is_sent_and_stored_in_chromium() {
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    app.seed_catalogue().await;
    let alice = app.browser().signed_up("alice").await;
    let driver = ChromeDriver::start().await;
    let a = driver.session("alice").await;
    with_browsers(vec![a.clone()], tap_a_reaction(&app, &alice, &a)).await;
}

async fn element(browser: &Client, what: &str, css: &str) -> fantoccini::elements::Element {
    match browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
    {
        Ok(e) => e,
        Err(e) => panic!("waiting for {what}: {e}"),
    }
}

async fn tap_a_reaction(app: &TestApp, alice: &Browser, a: &Client) {
    sign_in(a, app, alice).await;
    a.goto(&format!("{}{LIVE_PAGE}", app.base))
        .await
        .expect("open the live page");
    element(
        a,
        "the chat to connect",
        "#chat [data-conn-state][data-state='live']",
    )
    .await;
    let fire = element(
        a,
        "the fire button",
        "#chat [data-reactions]:not([hidden]) button[data-react='fire'][aria-label='Fire']",
    )
    .await;
    fire.click().await.expect("tap fire");
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let status = a
            .find(Locator::Css("#chat [data-reaction-status]"))
            .await
            .expect("status")
            .text()
            .await
            .unwrap_or_default();
        if status.contains("Sent: Fire") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no confirmation: {status:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.count("episode_reactions").await, 1);
}
