//! Accessibility: every main page, opened in headless Chromium on a seeded site, is checked
//! with axe-core; any violation of impact "serious" or "critical" fails the test, listed with
//! its rule, the elements at fault and axe's help text. axe-core is not vendored: `.ci/run`
//! fetches a pinned version once, checks its sha256 and points `AXE_CORE_JS` at
//! `axe.min.js`. Without that variable the test says it was skipped, unless `CI` is set,
//! where a missing axe-core is a failure.
use fantoccini::Client;
use serde_json::Value;

use crate::browser::{sign_in, with_browsers, ChromeDriver};
use crate::helpers::{spawn_app, Backend, Browser, TestApp};

/// Who opens a page.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Who {
    Visitor,
    Fan,
}

/// The pages checked: (name, who, path). `{thread}` is the seeded thread's id. One line per
/// page, so adding one (notifications, a profile) is one more line.
const PAGES: &[(&str, Who, &str)] = &[
    ("home", Who::Visitor, "/"),
    ("home, signed in", Who::Fan, "/"),
    ("show", Who::Visitor, "/shows/night-shift"),
    ("show, signed in", Who::Fan, "/shows/night-shift"),
    ("forum", Who::Visitor, "/shows/night-shift/forum"),
    ("board", Who::Visitor, "/shows/night-shift/forum/general"),
    ("thread", Who::Visitor, "/threads/{thread}"),
    ("thread, signed in", Who::Fan, "/threads/{thread}"),
    (
        "episode",
        Who::Visitor,
        "/shows/night-shift/episodes/s01e01",
    ),
    (
        "episode, watched (ratings, reaction timeline)",
        Who::Fan,
        "/shows/tonight/episodes/s01e01",
    ),
    ("live", Who::Visitor, "/shows/tonight/episodes/s01e01/live"),
    (
        "live, signed in",
        Who::Fan,
        "/shows/tonight/episodes/s01e01/live?reveal=1",
    ),
    (
        "live, asks first",
        Who::Fan,
        "/shows/tonight/episodes/s01e01/live",
    ),
    ("new thread", Who::Fan, "/shows/night-shift/threads/new"),
    (
        "watch parties",
        Who::Fan,
        "/shows/night-shift/episodes/s01e01/parties",
    ),
    ("progress", Who::Fan, "/shows/night-shift/progress"),
    ("search", Who::Visitor, "/search?q=sheriff"),
    ("settings", Who::Fan, "/settings"),
    ("notifications", Who::Fan, "/notifications"),
    ("profile", Who::Visitor, "/users/fan"),
    ("profile, signed in", Who::Fan, "/users/other"),
    ("forgot password", Who::Visitor, "/password/forgot"),
    ("login", Who::Visitor, "/login"),
    ("register", Who::Visitor, "/register"),
];

/// Where axe.min.js is; None (after saying so) when the test is to be skipped.
fn axe_source() -> Option<String> {
    let ci = std::env::var_os("CI").is_some();
    match std::env::var("AXE_CORE_JS") {
        Ok(path) => match std::fs::read_to_string(&path) {
            Ok(js) => Some(js),
            Err(e) => panic!("AXE_CORE_JS={path} cannot be read: {e}"),
        },
        Err(_) if ci => {
            panic!("CI is set but AXE_CORE_JS is not: .ci/run downloads axe-core and sets it")
        }
        Err(_) => {
            eprintln!(
                "accessibility test skipped: AXE_CORE_JS is not set (.ci/run downloads axe-core and sets it)"
            );
            None
        }
    }
}

/// Night Shift (aired, with a thread that has replies) and "Tonight", airing today in the
/// US, so its live room is live.
async fn seed(app: &TestApp) -> (Browser, i64) {
    app.seed_catalogue().await;
    let d = time::OffsetDateTime::now_utc().date();
    let today = format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day());
    let tonight = format!(
        r#"{{"shows":[{{"slug":"tonight","title":"Tonight","synopsis":"On air now.","seasons":[{{"number":1,"episodes":[
        {{"number":1,"title":"Live Episode","runtime_min":50,"air_dates":{{"US":"{today}"}}}}]}}]}}]}}"#
    );
    cliffhanger::catalog::import::import_json(&app.db, &tonight)
        .await
        .expect("import tonight");
    let fan = app.browser().signed_up("fan").await;
    let thread = fan
        .new_thread(
            "night-shift",
            "general",
            "Did the sheriff know?",
            "The sheriff *knew*, surely.",
        )
        .await;
    // Watched, rated and reacted to: its page shows the ratings and the reaction timeline.
    let r = fan
        .post(
            "/shows/tonight/episodes/s01e01/watched",
            &[("action", "watch")],
        )
        .await;
    assert_eq!(r.status, 303, "watched: {}", r.body);
    let r = fan
        .post("/shows/tonight/episodes/s01e01/rating", &[("score", "8")])
        .await;
    assert_eq!(r.status, 303, "rating: {}", r.body);
    sqlx::query(
        "INSERT INTO episode_reactions (episode_id, room, user_id, reaction, region, offset_ms, created_at) \
         SELECT e.id, 'ep-' || e.id, u.id, 'fire', 'US', 300000, 1 FROM episodes e, users u \
         WHERE e.code = 's01e01' AND e.title = 'Live Episode' AND u.username = 'fan'",
    )
    .execute(&app.db.pool)
    .await
    .expect("a reaction");
    let page = fan.get("/shows/tonight/episodes/s01e01").await.body;
    assert!(page.contains("timeline-svg") && page.contains("rating-average"));
    let other = app.browser().signed_up("other").await;
    for body in ["He knew.", "Or protects someone."] {
        let r = other
            .post(&format!("/threads/{thread}/posts"), &[("body", body)])
            .await;
        assert_eq!(r.status, 303, "reply: {}", r.body);
    }
    crate::search_wait(&app.browser(), "/search?q=sheriff", |p| {
        p.contains("Did the sheriff know?")
    })
    .await;
    (fan, thread)
}

/// axe's violations on the open page, one line each: (serious or critical, the others).
async fn violations(browser: &Client, axe: &str) -> (Vec<String>, Vec<String>) {
    browser.execute(axe, vec![]).await.expect("inject axe-core");
    let found = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then(r => done(JSON.stringify(r.violations)))
               .catch(e => done(JSON.stringify([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }])));",
            vec![],
        )
        .await
        .expect("run axe-core");
    let list: Vec<Value> =
        serde_json::from_str(found.as_str().unwrap_or("[]")).expect("axe results are JSON");
    list.iter()
        .map(|v| {
            let targets: Vec<String> = v["nodes"]
                .as_array()
                .map(|nodes| nodes.iter().map(|n| n["target"].to_string()).collect())
                .unwrap_or_default();
            format!(
                "{} ({}): {} at {}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or(""),
                targets.join(", ")
            )
        })
        .partition(|line| line.contains(" (serious): ") || line.contains(" (critical): "))
}

async fn check_pages(
    app: &TestApp,
    fan: &Browser,
    thread: i64,
    visitor: &Client,
    signed: &Client,
    axe: &str,
) {
    sign_in(signed, app, fan).await;
    let mut failures = Vec::new();
    for (name, who, path) in PAGES {
        let browser = match who {
            Who::Visitor => visitor,
            Who::Fan => signed,
        };
        let path = path.replace("{thread}", &thread.to_string());
        // A page that fails to render would pass axe as an error page: check it is there.
        let status = match who {
            Who::Visitor => app.browser().get(&path).await.status,
            Who::Fan => fan.get(&path).await.status,
        };
        assert_eq!(status, 200, "{name} ({path})");
        let url = format!("{}{}", app.base, path);
        browser.goto(&url).await.expect("open page");
        let (blocking, minor) = violations(browser, axe).await;
        for v in blocking {
            failures.push(format!("{name} ({path}): {v}"));
        }
        for v in minor {
            eprintln!("axe-core, not failing the test: {name} ({path}): {v}");
        }
    }
    assert!(
        failures.is_empty(),
        "axe-core found {} serious or critical violations:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_pass_axe_core() {
    let Some(axe) = axe_source() else {
        return;
    };
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    let (fan, thread) = seed(&app).await;
    let driver = ChromeDriver::start().await;
    let visitor = driver.session("visitor").await;
    let signed = driver.session("fan").await;
    with_browsers(
        vec![visitor.clone(), signed.clone()],
        check_pages(&app, &fan, thread, &visitor, &signed, &axe),
    )
    .await;
}
