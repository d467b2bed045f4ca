//! Real browser: headless Chromium driven through chromedriver (WebDriver, via fantoccini)
//! against the real server. Two signed-in users chat on an episode's live page; a user whose
//! network drops gets what they missed and their unsent message goes out once back; a burst
//! past the rate limit waits it out; a watch party's stored chat replays in offset order.
//! Screenshots go to target/browser-*.png. Needs Debian's `chromium` and
//! `chromium-driver` (`.ci/run` installs them); without chromedriver these tests fail.
use std::fs::File;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use fantoccini::cookies::Cookie;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::{FutureExt, SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message as WsMessage;

use crate::helpers::{spawn_app, Backend, Browser, TestApp};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
/// How long any one expected change in a page may take.
const WAIT: Duration = Duration::from_secs(20);
/// How long a whole scenario may take.
const SCENARIO: Duration = Duration::from_secs(180);
/// `?reveal=1`: the users have not marked S01E01 watched, so the page would ask first.
const LIVE_PAGE: &str = "/shows/night-shift/episodes/s01e01/live?reveal=1";

/// A chromedriver process on a free port; killed when dropped.
pub(crate) struct ChromeDriver {
    child: Child,
    url: String,
    log: PathBuf,
    dir: tempfile::TempDir,
}

impl ChromeDriver {
    /// Starts chromedriver and waits until its /status says it is ready.
    pub(crate) async fn start() -> ChromeDriver {
        let dir = tempfile::tempdir().expect("temp dir for chromedriver");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port for chromedriver")
            .port();
        let log = dir.path().join("chromedriver.log");
        let out = File::create(&log).expect("chromedriver log file");
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(out.try_clone().expect("log file handle"))
            .stderr(out)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {CHROMEDRIVER}: {e}. Install Debian's chromium and \
                     chromium-driver packages (.ci/run does)."
                )
            });
        let mut driver = ChromeDriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
            dir,
        };
        let http = reqwest::Client::new();
        let mut pause = Duration::from_millis(10);
        for _ in 0..60 {
            if let Ok(Some(status)) = driver.child.try_wait() {
                panic!(
                    "chromedriver exited early ({status}); its log:\n{}",
                    driver.log_text()
                );
            }
            let ready = http
                .get(format!("{}/status", driver.url))
                .timeout(Duration::from_secs(2))
                .send()
                .await;
            if let Ok(resp) = ready {
                if let Ok(v) = resp.json::<Value>().await {
                    if v["value"]["ready"] == json!(true) {
                        return driver;
                    }
                }
            }
            // Poll again soon, backing off up to a quarter second between attempts.
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(250));
        }
        panic!(
            "chromedriver never answered /status on {}; its log:\n{}",
            driver.url,
            driver.log_text()
        );
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// A new browser (WebDriver session) with its own fresh profile.
    pub(crate) async fn session(&self, name: &str) -> Client {
        let profile = self.dir.path().join(format!("profile-{name}"));
        std::fs::create_dir_all(&profile).expect("profile dir");
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=1200,1000",
                    format!("--user-data-dir={}", profile.display()),
                ],
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&self.url)
            .await
        {
            Ok(client) => client,
            Err(e) => panic!(
                "chromedriver could not start Chromium ({CHROMIUM}): {e}; its log:\n{}",
                self.log_text()
            ),
        }
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `scenario` with the browsers, then closes them (even when the scenario panicked,
/// so that no Chromium outlives the test) and re-raises its panic.
pub(crate) async fn with_browsers<F>(browsers: Vec<Client>, scenario: F)
where
    F: std::future::Future<Output = ()>,
{
    let outcome = tokio::time::timeout(SCENARIO, AssertUnwindSafe(scenario).catch_unwind()).await;
    for b in browsers {
        let _ = b.close().await;
    }
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => panic!("the browser scenario took longer than {SCENARIO:?}"),
    }
}

/// Gives the WebDriver session `user`'s session cookie.
pub(crate) async fn sign_in(browser: &Client, app: &TestApp, user: &Browser) {
    // Cookies can only be set for the site the browser is on.
    browser
        .goto(&format!("{}/healthz", app.base))
        .await
        .expect("open the app");
    let host = reqwest::Url::parse(&app.base)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .expect("app URL has a host");
    let session = user.session_cookie().expect("signed-in user has a session");
    // As the server sets it. The domain and SameSite must be explicit: fantoccini would send
    // a null domain and SameSite=None (which needs Secure), and chromedriver refuses both.
    let cookie = Cookie::parse(format!(
        "ch_session={session}; Domain={host}; Path=/; HttpOnly; SameSite=Lax"
    ))
    .expect("cookie");
    browser
        .add_cookie(cookie)
        .await
        .expect("set session cookie");
}

async fn wait_for(
    browser: &Client,
    what: &str,
    locator: Locator<'_>,
) -> fantoccini::elements::Element {
    match browser.wait().at_most(WAIT).for_element(locator).await {
        Ok(e) => e,
        Err(e) => {
            let html = browser.source().await.unwrap_or_default();
            panic!("waiting for {what}: {e}\npage source:\n{html}")
        }
    }
}

async fn count(browser: &Client, css: &str) -> usize {
    browser
        .find_all(Locator::Css(css))
        .await
        .expect("find elements")
        .len()
}

fn screenshot_path(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&dir).expect("target dir");
    dir.join(name)
}

async fn save_screenshot(browser: &Client, name: &str) {
    let png = browser.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    let path = screenshot_path(name);
    std::fs::write(&path, png).expect("write screenshot");
    eprintln!("screenshot: {}", path.display());
}

/// A chat message (stored, not pending) whose text is exactly `text`.
fn message_xpath(text: &str) -> String {
    assert!(!text.contains('\''), "keep quotes out of xpath literals");
    format!(
        "//section[@id='chat']//ol[@data-messages]/li[contains(concat(' ', @class, ' '), ' chat-msg ') \
         and @data-id and not(contains(@class, 'pending'))][span[@class='text'][. = '{text}']]"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_users_chat_live_in_chromium() {
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    app.seed_catalogue().await;
    let alice = app.browser().signed_up("alice").await;
    let bob = app.browser().signed_up("bob").await;
    let driver = ChromeDriver::start().await;
    let a = driver.session("alice").await;
    let b = driver.session("bob").await;
    with_browsers(
        vec![a.clone(), b.clone()],
        live_chat(&app, &alice, &bob, &a, &b),
    )
    .await;
}

async fn live_chat(app: &TestApp, alice: &Browser, bob: &Browser, a: &Client, b: &Client) {
    sign_in(a, app, alice).await;
    sign_in(b, app, bob).await;
    let live = format!("{}{LIVE_PAGE}", app.base);
    for browser in [a, b] {
        browser.goto(&live).await.expect("open the live page");
    }
    for browser in [a, b] {
        wait_for(
            browser,
            "the chat to connect",
            Locator::Css("#chat [data-conn-state][data-state='live']"),
        )
        .await;
        wait_for(
            browser,
            "the form to be shown",
            Locator::Css("#chat form[data-form]:not([hidden])"),
        )
        .await;
        // Presence: both pages count both connections.
        wait_for(
            browser,
            "2 online",
            Locator::XPath("//section[@id='chat']//span[@data-online][normalize-space(.) = '2']"),
        )
        .await;
    }

    // Alice types (the counter follows) and presses Enter.
    let text = "Hello from alice <b>x</b> see https://example.com/ep1";
    let input = a
        .find(Locator::Css("#chat [data-input]"))
        .await
        .expect("chat input");
    input.send_keys(text).await.expect("type");
    let counter = a
        .find(Locator::Css("#chat [data-counter]"))
        .await
        .expect("counter")
        .text()
        .await
        .expect("counter text");
    assert_eq!(counter, format!("{}/500", text.chars().count()));
    input.send_keys(&Key::Enter).await.expect("press Enter");

    // Bob sees it; so does Alice, once, acked (no pending copy left).
    let xpath = message_xpath(text);
    wait_for(b, "Alice's message on Bob's page", Locator::XPath(&xpath)).await;
    wait_for(a, "Alice's own message", Locator::XPath(&xpath)).await;
    wait_for(
        a,
        "no pending message",
        Locator::XPath("//section[@id='chat'][not(.//li[contains(@class, 'pending')])]"),
    )
    .await;
    for browser in [a, b] {
        let copies = browser
            .find_all(Locator::XPath(&xpath))
            .await
            .expect("find messages");
        assert_eq!(copies.len(), 1, "the message is shown exactly once");
        // Markup in a message is text, never elements; the URL is a safe link.
        assert_eq!(count(browser, "#chat [data-messages] b").await, 0);
        let link = browser
            .find(Locator::Css(
                "#chat [data-messages] a[href='https://example.com/ep1']",
            ))
            .await
            .expect("the URL became a link");
        assert_eq!(
            link.attr("rel").await.expect("rel").as_deref(),
            Some("nofollow ugc noopener")
        );
        assert_eq!(
            link.attr("target").await.expect("target").as_deref(),
            Some("_blank")
        );
    }
    assert_eq!(
        a.find(Locator::Css("#chat [data-input]"))
            .await
            .expect("chat input")
            .prop("value")
            .await
            .expect("input value")
            .as_deref(),
        Some(""),
        "the input is cleared after sending"
    );

    // Bob answers with the Send button; Alice sees it after her own message.
    let reply = "Hi alice, nice catch";
    b.find(Locator::Css("#chat [data-input]"))
        .await
        .expect("chat input")
        .send_keys(reply)
        .await
        .expect("type");
    b.find(Locator::Css("#chat [data-form] button[type='submit']"))
        .await
        .expect("send button")
        .click()
        .await
        .expect("click Send");
    wait_for(
        a,
        "Bob's reply on Alice's page",
        Locator::XPath(&message_xpath(reply)),
    )
    .await;
    let order = a
        .execute(
            "return Array.from(document.querySelectorAll('#chat [data-messages] li.chat-msg'))\
               .map(li => [Number(li.dataset.id), li.querySelector('.text').textContent]);",
            vec![],
        )
        .await
        .expect("read the list");
    let order: Vec<(i64, String)> = serde_json::from_value(order).expect("id and text pairs");
    let texts: Vec<&str> = order.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(texts, [text, reply]);
    assert!(order[0].0 < order[1].0, "kept in id order: {order:?}");
    assert_eq!(app.count("chat_messages").await, 2);

    save_screenshot(b, "browser-live.png").await;
}

/// A TCP proxy in front of the app that can drop every connection through it and refuse new
/// ones, as a network outage would.
struct Proxy {
    base: String,
    down: Arc<AtomicBool>,
    cut: watch::Sender<u64>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    async fn start(app: &TestApp) -> Proxy {
        let upstream = app
            .base
            .strip_prefix("http://")
            .expect("app on http")
            .to_string();
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy port");
        let base = format!("http://{}", listener.local_addr().expect("proxy address"));
        let down = Arc::new(AtomicBool::new(false));
        let (cut, _) = watch::channel(0u64);
        let (is_down, cuts) = (down.clone(), cut.clone());
        let task = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if is_down.load(Ordering::SeqCst) {
                    continue; // dropped: the browser sees the connection fail
                }
                let mut cut_rx = cuts.subscribe();
                let upstream = upstream.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(&upstream).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut_rx.changed() => {}
                    }
                });
            }
        });
        Proxy {
            base,
            down,
            cut,
            task,
        }
    }

    fn go_down(&self) {
        self.down.store(true, Ordering::SeqCst);
        self.cut.send_modify(|n| *n += 1);
    }

    fn come_up(&self) {
        self.down.store(false, Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
        self.cut.send_modify(|n| *n += 1);
    }
}

async fn open_live_page(browser: &Client, base: &str) {
    browser
        .goto(&format!("{base}{LIVE_PAGE}"))
        .await
        .expect("open the live page");
    wait_for(
        browser,
        "the chat to connect",
        Locator::Css("#chat [data-conn-state][data-state='live']"),
    )
    .await;
}

/// Types `text` into the chat input and presses Enter.
async fn type_and_enter(browser: &Client, text: &str) {
    let input = browser
        .find(Locator::Css("#chat [data-input]"))
        .await
        .expect("chat input");
    input.send_keys(text).await.expect("type");
    input.send_keys(&Key::Enter).await.expect("press Enter");
}

/// (id, text) of every stored message on the list, top to bottom.
async fn listed(browser: &Client) -> Vec<(i64, String)> {
    let v = browser
        .execute(
            "return Array.from(document.querySelectorAll('#chat [data-messages] li.chat-msg[data-id]'))\
               .map(li => [Number(li.dataset.id), li.querySelector('.text').textContent]);",
            vec![],
        )
        .await
        .expect("read the list");
    serde_json::from_value(v).expect("id and text pairs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_reconnects_resends_and_waits_out_rate_limits_in_chromium() {
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    app.seed_catalogue().await;
    let alice = app.browser().signed_up("alice").await;
    let bob = app.browser().signed_up("bob").await;
    let proxy = Proxy::start(&app).await;
    let driver = ChromeDriver::start().await;
    let a = driver.session("alice").await;
    let b = driver.session("bob").await;
    with_browsers(
        vec![a.clone(), b.clone()],
        reconnect_and_rate_limit(&app, &proxy, &alice, &bob, &a, &b),
    )
    .await;
}

async fn reconnect_and_rate_limit(
    app: &TestApp,
    proxy: &Proxy,
    alice: &Browser,
    bob: &Browser,
    a: &Client,
    b: &Client,
) {
    sign_in(a, app, alice).await;
    sign_in(b, app, bob).await;
    // Alice's browser reaches the app through the proxy (same host, so same cookies).
    open_live_page(a, &proxy.base).await;
    open_live_page(b, &app.base).await;

    // Alice's network drops. Bob talks meanwhile, and Alice writes while offline.
    proxy.go_down();
    wait_for(
        a,
        "Alice's page to notice the drop",
        Locator::Css("#chat [data-conn-state][data-state='reconnecting']"),
    )
    .await;
    let missed = "Bob says this while alice is offline";
    type_and_enter(b, missed).await;
    wait_for(b, "Bob's message", Locator::XPath(&message_xpath(missed))).await;
    let offline = "alice wrote this offline";
    type_and_enter(a, offline).await;
    wait_for(
        a,
        "Alice's message pending",
        Locator::XPath(&format!(
            "//section[@id='chat']//li[contains(@class, 'pending')][span[@class='text'][. = '{offline}']]"
        )),
    )
    .await;

    // Back online: Alice resumes (gets what she missed) and her pending message goes out.
    proxy.come_up();
    wait_for(
        a,
        "the missed message",
        Locator::XPath(&message_xpath(missed)),
    )
    .await;
    wait_for(
        a,
        "Alice's message, acked",
        Locator::XPath(&message_xpath(offline)),
    )
    .await;
    wait_for(
        b,
        "Alice's message on Bob's page",
        Locator::XPath(&message_xpath(offline)),
    )
    .await;
    wait_for(
        a,
        "no pending message",
        Locator::XPath("//section[@id='chat'][not(.//li[contains(@class, 'pending')])]"),
    )
    .await;
    wait_for(
        a,
        "the chat live again",
        Locator::Css("#chat [data-conn-state][data-state='live']"),
    )
    .await;
    for browser in [a, b] {
        let texts: Vec<String> = listed(browser).await.into_iter().map(|(_, t)| t).collect();
        assert_eq!(texts, [missed, offline], "no gap, no duplicate");
    }

    // A burst past the rate limit (5 per 5 s): the error is shown with its wait, the held
    // message stays pending and goes out by itself once allowed.
    let burst: Vec<String> = (1..=6).map(|i| format!("burst message {i}")).collect();
    for text in &burst {
        type_and_enter(a, text).await;
    }
    let error = wait_for(
        a,
        "the rate-limit error",
        Locator::Css("#chat [data-error]:not([hidden])"),
    )
    .await;
    let shown = error.text().await.expect("error text");
    assert!(
        shown.contains("too fast") && shown.contains(" s."),
        "rate-limit error with its wait: {shown:?}"
    );
    save_screenshot(a, "browser-rate-limited.png").await;
    wait_for(
        a,
        "the last burst message, acked",
        Locator::XPath(&message_xpath(&burst[5])),
    )
    .await;
    wait_for(
        a,
        "the error cleared after the ack",
        Locator::Css("#chat [data-error][hidden]"),
    )
    .await;
    wait_for(
        b,
        "the burst on Bob's page",
        Locator::XPath(&message_xpath(&burst[5])),
    )
    .await;
    let mut expected = vec![missed.to_string(), offline.to_string()];
    expected.extend(burst.iter().cloned());
    for browser in [a, b] {
        let list = listed(browser).await;
        let texts: Vec<&str> = list.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, expected);
        assert!(
            list.windows(2).all(|w| w[0].0 < w[1].0),
            "id order: {list:?}"
        );
    }
    assert_eq!(app.count("chat_messages").await, 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn party_chat_replays_in_offset_order_in_chromium() {
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    app.seed_catalogue().await;
    let alice = app.browser().signed_up("alice").await;

    // A party that started a few minutes ago, so messages sent now carry offsets.
    let start_fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let starts_at = (time::OffsetDateTime::now_utc() - time::Duration::minutes(5))
        .format(&start_fmt)
        .expect("format start time");
    let r = alice
        .post(
            "/shows/night-shift/episodes/s01e01/parties",
            &[("title", "Replay night"), ("starts_at", &starts_at)],
        )
        .await;
    assert_eq!(r.status, 303, "create party: {}", r.body);
    let party: i64 = r
        .location
        .as_deref()
        .and_then(|l| l.strip_prefix("/parties/"))
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("party location: {:?}", r.location));

    let texts = [
        "first: the cold open",
        "second <b>x</b> bold? no",
        "third https://example.com/ep1",
    ];
    chat_over_websocket(&app, &alice, &format!("party-{party}"), &texts).await;

    // The data the page plays once the viewer chose "show anyway" (the episode is behind an
    // anonymous viewer's shield): every message, ordered by offset.
    let data: Vec<Value> =
        reqwest::get(format!("{}/parties/{party}/replay.json?reveal=1", app.base))
            .await
            .expect("replay json")
            .json()
            .await
            .expect("replay json body");
    let offsets: Vec<i64> = data
        .iter()
        .map(|m| m["offset_ms"].as_i64().expect("messages carry offsets"))
        .collect();
    assert_eq!(data.len(), 3, "{data:?}");
    assert!(offsets.windows(2).all(|w| w[0] <= w[1]), "{offsets:?}");
    assert!(
        offsets[0] >= 4 * 60_000,
        "offset from the party start: {offsets:?}"
    );

    let driver = ChromeDriver::start().await;
    let viewer = driver.session("viewer").await;
    with_browsers(
        vec![viewer.clone()],
        replay(&app, &viewer, party, &texts, &offsets),
    )
    .await;
}

/// Sends `texts` into `room` as `user` over the WebSocket protocol, each acked before the next.
async fn chat_over_websocket(app: &TestApp, user: &Browser, room: &str, texts: &[&str]) {
    let url = format!(
        "{}/ws/rooms/{room}?reveal=1",
        app.base.replacen("http://", "ws://", 1)
    );
    let mut req = url.into_client_request().expect("ws request");
    let cookie = format!(
        "ch_session={}",
        user.session_cookie().expect("signed-in user has a session")
    );
    req.headers_mut()
        .insert("cookie", cookie.parse().expect("cookie header"));
    let (mut ws, _) = tokio_tungstenite::connect_async(req)
        .await
        .expect("WebSocket connects");
    let hello = next_json(&mut ws).await;
    assert_eq!(hello["type"], "hello", "{hello}");
    for (i, text) in texts.iter().enumerate() {
        let nonce = format!("replay-{i}");
        let frame = json!({"type": "send", "text": text, "nonce": nonce}).to_string();
        ws.send(WsMessage::text(frame)).await.expect("send");
        loop {
            let v = next_json(&mut ws).await;
            assert_ne!(v["type"], "error", "{v}");
            if v["type"] == "ack" && v["nonce"] == json!(nonce) {
                break;
            }
        }
    }
    let _ = ws.close(None).await;
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The next JSON text frame.
async fn next_json(ws: &mut Ws) -> Value {
    loop {
        let frame = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("a frame in time")
            .expect("connection open")
            .expect("frame");
        if let WsMessage::Text(t) = frame {
            return serde_json::from_str(t.as_str()).expect("JSON frame");
        }
    }
}

/// Runs JS that moves the seek slider to `to` ("max" or seconds) as a user dragging it would.
async fn seek(browser: &Client, to: &str) {
    browser
        .execute(
            "const s = document.querySelector('#replay [data-seek]');\
             s.value = arguments[0] === 'max' ? s.max : arguments[0];\
             s.dispatchEvent(new Event('input', {bubbles: true}));\
             s.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![json!(to)],
        )
        .await
        .expect("seek");
}

fn clock(ms: i64) -> String {
    let s = ms / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

async fn replay(app: &TestApp, viewer: &Client, party: i64, texts: &[&str], offsets: &[i64]) {
    viewer
        .goto(&format!("{}/parties/{party}/replay?reveal=1", app.base))
        .await
        .expect("open the replay page");
    wait_for(
        viewer,
        "the replay controls",
        Locator::Css("#replay [data-controls]:not([hidden])"),
    )
    .await;
    // The clock starts at 0:00, before any message: the server-rendered list gave way.
    assert_eq!(
        count(viewer, "#replay [data-messages] li.chat-msg").await,
        0
    );
    let clock_xpath = |text: &str| {
        format!("//section[@id='replay']//output[@data-clock][normalize-space(.) = '{text}']")
    };
    wait_for(
        viewer,
        "the clock at 0:00",
        Locator::XPath(&clock_xpath("0:00")),
    )
    .await;

    // Seek to just before the first message and play: it shows up as the clock reaches it.
    let before_first = offsets[0] / 1000 - 1;
    seek(viewer, &before_first.to_string()).await;
    wait_for(
        viewer,
        "the clock after seeking",
        Locator::XPath(&clock_xpath(&clock(before_first * 1000))),
    )
    .await;
    assert_eq!(
        count(viewer, "#replay [data-messages] li.chat-msg").await,
        0
    );
    let play = viewer
        .find(Locator::Css("#replay [data-play]"))
        .await
        .expect("play button");
    play.click().await.expect("play");
    let first = format!(
        "//section[@id='replay']//ol[@data-messages]/li[contains(@class, 'chat-msg')][1]\
         [span[@class='text'][. = '{}']]",
        texts[0]
    );
    wait_for(
        viewer,
        "the first message while playing",
        Locator::XPath(&first),
    )
    .await;
    play.click().await.expect("pause");
    assert_eq!(play.text().await.expect("button text"), "Play");

    // Seek to the end: every message, in offset order.
    seek(viewer, "max").await;
    let end = viewer
        .find(Locator::Css("#replay [data-seek]"))
        .await
        .expect("slider")
        .attr("max")
        .await
        .expect("max")
        .and_then(|m| m.parse::<i64>().ok())
        .expect("numeric max");
    wait_for(
        viewer,
        "all messages after seeking to the end",
        Locator::XPath(&format!(
            "//section[@id='replay']//ol[@data-messages][count(li[contains(@class, 'chat-msg')]) = {}]",
            texts.len()
        )),
    )
    .await;
    wait_for(
        viewer,
        "the clock at the end",
        Locator::XPath(&clock_xpath(&clock(end * 1000))),
    )
    .await;
    let shown = viewer
        .execute(
            "return Array.from(document.querySelectorAll('#replay [data-messages] li.chat-msg'))\
               .map(li => [Number(li.dataset.offsetMs), li.querySelector('.text').textContent]);",
            vec![],
        )
        .await
        .expect("read the list");
    let shown: Vec<(i64, String)> = serde_json::from_value(shown).expect("offset and text pairs");
    let shown_texts: Vec<&str> = shown.iter().map(|(_, t)| t.as_str()).collect();
    let shown_offsets: Vec<i64> = shown.iter().map(|(o, _)| *o).collect();
    assert_eq!(shown_texts, texts);
    assert_eq!(shown_offsets, offsets);
    assert_eq!(count(viewer, "#replay [data-messages] b").await, 0);
    assert_eq!(
        count(
            viewer,
            "#replay [data-messages] a[href='https://example.com/ep1'][rel='nofollow ugc noopener']"
        )
        .await,
        1
    );
    save_screenshot(viewer, "browser-replay.png").await;

    // Seeking back to the start clears the list again.
    seek(viewer, "0").await;
    wait_for(
        viewer,
        "an empty list after seeking back",
        Locator::XPath(
            "//section[@id='replay']//ol[@data-messages][not(li[contains(@class, 'chat-msg')])]",
        ),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_signed_out_elsewhere_reads_on_as_a_visitor_in_chromium() {
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    app.seed_catalogue().await;
    let alice = app.browser().signed_up("alice").await;
    let driver = ChromeDriver::start().await;
    let a = driver.session("alice").await;
    with_browsers(vec![a.clone()], signed_out_elsewhere(&app, &alice, &a)).await;
}

async fn signed_out_elsewhere(app: &TestApp, alice: &Browser, a: &Client) {
    sign_in(a, app, alice).await;
    open_live_page(a, &app.base).await;
    wait_for(
        a,
        "the chat form",
        Locator::Css("#chat form[data-form]:not([hidden])"),
    )
    .await;
    // The same session logs out in another tab: the server closes its sockets 4001.
    assert_eq!(alice.post("/logout", &[]).await.status, 303);
    wait_for(
        a,
        "the signed-out notice",
        Locator::XPath(
            "//section[@id='chat']//p[@data-error][not(@hidden)][contains(., 'You were signed out.')]",
        ),
    )
    .await;
    wait_for(
        a,
        "the form put away",
        Locator::Css("#chat form[data-form][hidden]"),
    )
    .await;
    wait_for(
        a,
        "the chat reading again",
        Locator::Css("#chat [data-conn-state][data-state='live']"),
    )
    .await;
    // It reads on: a message sent now still arrives.
    let bob = app.browser().signed_up("bob").await;
    let room = format!("ep-{}", app.episode_id("night-shift", "s01e01").await);
    let (mut chat, _) = crate::ws::Chat::join(&app.base, &room, None, Some(&bob)).await;
    chat.say("still reading along", "bob-1").await;
    wait_for(
        a,
        "bob's message",
        Locator::XPath(&message_xpath("still reading along")),
    )
    .await;
    save_screenshot(a, "browser-signed-out.png").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reactions_update_in_place_in_chromium() {
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    app.seed_catalogue().await;
    let alice = app.browser().signed_up("alice").await;
    let thread = alice
        .new_thread("night-shift", "general", "React in place", "first post")
        .await;
    let driver = ChromeDriver::start().await;
    let a = driver.session("alice").await;
    with_browsers(
        vec![a.clone()],
        reactions_in_place(&app, &alice, &a, thread),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_header_count_updates_live_in_chromium() {
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    app.seed_catalogue().await;
    let alice = app.browser().signed_up("alice").await;
    let bob = app.browser().signed_up("bob").await;
    let thread = alice
        .new_thread("night-shift", "general", "Live header", "Reply to me")
        .await;
    let driver = ChromeDriver::start().await;
    let a = driver.session("alice").await;
    let b = driver.session("bob").await;
    with_browsers(
        vec![a.clone(), b.clone()],
        header_count_live(&app, &alice, &bob, &a, &b, thread),
    )
    .await;
}

async fn reactions_in_place(app: &TestApp, alice: &Browser, a: &Client, thread: i64) {
    sign_in(a, app, alice).await;
    a.goto(&format!("{}/threads/{thread}", app.base))
        .await
        .expect("open the thread");
    // A page that reloads loses this mark; an update in place keeps it.
    a.execute("window.stayedOnPage = true;", vec![])
        .await
        .expect("mark the page");
    let like = "form[data-reactions] button[data-key='like']";
    wait_for(a, "the like button", Locator::Css(like))
        .await
        .click()
        .await
        .expect("click like");
    wait_for(
        a,
        "one like, pressed",
        Locator::Css(&format!(
            "{like}[aria-pressed='true'][aria-label='Like (1)']"
        )),
    )
    .await;
    let kept = a
        .execute("return window.stayedOnPage === true;", vec![])
        .await
        .expect("read the mark");
    assert_eq!(kept, json!(true), "the count changed without a reload");
    assert_eq!(app.count("post_reactions").await, 1);
    wait_for(a, "the like button", Locator::Css(like))
        .await
        .click()
        .await
        .expect("click like again");
    wait_for(
        a,
        "the like taken back",
        Locator::Css(&format!(
            "{like}[aria-pressed='false'][aria-label='Like (0)']"
        )),
    )
    .await;
    assert_eq!(app.count("post_reactions").await, 0);
}

async fn header_count_live(
    app: &TestApp,
    alice: &Browser,
    bob: &Browser,
    a: &Client,
    b: &Client,
    thread: i64,
) {
    sign_in(a, app, alice).await;
    sign_in(b, app, bob).await;
    a.goto(&format!("{}/threads/{thread}", app.base))
        .await
        .expect("alice opens her thread");
    wait_for(
        a,
        "the header count at 0",
        Locator::Css("#notify-count[data-unread='0']"),
    )
    .await;
    // Bob replies in his browser; Alice does not reload.
    b.goto(&format!("{}/threads/{thread}", app.base))
        .await
        .expect("bob opens the thread");
    let body = wait_for(b, "the reply box", Locator::Css("textarea[name='body']")).await;
    body.send_keys("Replying live").await.expect("type");
    b.form(Locator::Css(&format!(
        "form[action='/threads/{thread}/posts']"
    )))
    .await
    .expect("the reply form")
    .submit()
    .await
    .expect("send the reply");
    let link = wait_for(
        a,
        "the header count at 1 without a reload",
        Locator::Css("#notify-count[data-unread='1']"),
    )
    .await;
    assert_eq!(link.text().await.expect("text"), "Notifications (1)");
    assert_eq!(
        link.attr("aria-label").await.expect("label").as_deref(),
        Some("Notifications, 1 unread")
    );
    save_screenshot(a, "browser-notification-count.png").await;
    link.click().await.expect("open notifications");
    wait_for(
        a,
        "the notification listed",
        Locator::XPath("//li[contains(@class, 'unread')]/a[contains(., 'bob replied in')]"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relayed_us_message_appears_at_its_offset_beside_a_live_fr_one_in_chromium() {
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    let (room, us, fr) = crate::relay::premiere(&app).await;
    let sam = crate::relay::fan(&app, "sam", "US").await;
    let zoe = crate::relay::fan(&app, "zoe", "FR").await;
    // Sam's message from the US premiere, moved to 6 s past where the FR clock is now.
    let (mut s, _) = crate::ws::Chat::join(&app.base, &room, None, Some(&sam)).await;
    let id = s.say("US says what a twist", "u1").await;
    let due = cliffhanger::time_util::now_ms() + 6_000;
    crate::relay::sent_at(&app, id, us, due - fr).await;
    let driver = ChromeDriver::start().await;
    let z = driver.session("zoe").await;
    with_browsers(vec![z.clone()], relayed_beside_live(&app, &zoe, &z, due)).await;
}

async fn relayed_beside_live(app: &TestApp, zoe: &Browser, z: &Client, due: i64) {
    sign_in(z, app, zoe).await;
    z.goto(&format!(
        "{}/shows/cold-open/episodes/s01e01/live?reveal=1",
        app.base
    ))
    .await
    .expect("open the live page");
    wait_for(
        z,
        "the chat to connect",
        Locator::Css("#chat [data-conn-state][data-state='live']"),
    )
    .await;
    wait_for(
        z,
        "the relay's switch",
        Locator::Css("#chat [data-relay-bar]:not([hidden]) [data-relay-toggle]"),
    )
    .await;
    type_and_enter(z, "FR says bonsoir").await;
    wait_for(
        z,
        "the live FR message",
        Locator::XPath(&message_xpath("FR says bonsoir")),
    )
    .await;
    assert!(
        cliffhanger::time_util::now_ms() < due,
        "the page took too long to test the offset"
    );
    assert_eq!(
        count(z, "#chat li.relayed").await,
        0,
        "not before its offset"
    );
    let relayed = wait_for(
        z,
        "the relayed US message",
        Locator::XPath(&format!(
            "{}[contains(concat(' ', @class, ' '), ' relayed ')]",
            message_xpath("US says what a twist")
        )),
    )
    .await;
    assert!(cliffhanger::time_util::now_ms() >= due, "at its offset");
    let from = relayed
        .find(Locator::Css(".relay-from"))
        .await
        .expect("where it comes from")
        .prop("textContent")
        .await
        .expect("text");
    // As written (the tag style shows it in capitals).
    assert_eq!(from.as_deref(), Some("from the US premiere"));
    // Both are on the list, the FR message first: it was said first on the FR clock.
    let texts: Vec<String> = listed(z).await.into_iter().map(|(_, t)| t).collect();
    assert_eq!(texts, ["FR says bonsoir", "US says what a twist"]);
    save_screenshot(z, "browser-relay.png").await;

    // Switched off, the relayed message goes out of sight; the live one stays.
    z.find(Locator::Css("#chat [data-relay-toggle]"))
        .await
        .expect("switch")
        .click()
        .await
        .expect("click");
    assert!(!relayed.is_displayed().await.expect("displayed?"));
    let live = z
        .find(Locator::XPath(&message_xpath("FR says bonsoir")))
        .await
        .expect("live message");
    assert!(live.is_displayed().await.expect("displayed?"));
}
