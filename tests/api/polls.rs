//! Polls in a thread's first post: checked on the new-thread form (kept when refused), one
//! vote per user that can change until the poll closes, results only after voting or the
//! close, and nothing of the poll where the gate hides the thread.
use sqlx::Row;

use crate::helpers::{thread_id_from, utc_form_time, Browser, Resp, TestApp};

crate::on_both_backends!(
    poll_validation_keeps_the_form,
    single_choice_votes_change_and_results_wait,
    multiple_choice_counts_voters_once,
    closed_poll_refuses_votes_and_shows_results,
    poll_hidden_where_the_thread_is,
    poll_closes_when_the_episode_airs_in_the_authors_region,
);

async fn create(b: &Browser, title: &str, poll: &[(&str, &str)]) -> Resp {
    let mut fields = vec![
        ("title", title),
        ("body", "what do you think?"),
        ("board", "general"),
    ];
    fields.extend_from_slice(poll);
    b.post("/shows/night-shift/threads", &fields).await
}

async fn poll_thread(b: &Browser, title: &str, poll: &[(&str, &str)]) -> i64 {
    let r = create(b, title, poll).await;
    assert_eq!(r.status, 303, "create poll thread: {}", r.body);
    thread_id_from(r.location.as_deref().unwrap_or_default())
}

async fn options(app: &TestApp, thread: i64) -> Vec<String> {
    sqlx::query(
        "SELECT o.id FROM poll_options o JOIN polls p ON p.id = o.poll_id \
         WHERE p.thread_id = $1 ORDER BY o.position",
    )
    .bind(thread)
    .fetch_all(&app.db.pool)
    .await
    .expect("options")
    .iter()
    .map(|r| r.try_get::<i64, _>(0).expect("id").to_string())
    .collect()
}

async fn vote(b: &Browser, thread: i64, choices: &[&str]) -> Resp {
    let fields: Vec<(&str, &str)> = choices.iter().map(|c| ("option", *c)).collect();
    b.post(&format!("/threads/{thread}/poll/vote"), &fields)
        .await
}

const THREE: &[(&str, &str)] = &[
    ("poll_question", "Who saved the night?"),
    ("poll_options", "Dana\nMarco\n\nThe ambulance"),
];

async fn poll_validation_keeps_the_form(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let threads = app.count("threads").await;
    let long = "x".repeat(301);
    let eleven = (1..=11)
        .map(|i| format!("choice {i}"))
        .collect::<Vec<_>>()
        .join("\n");
    let past = utc_form_time(-60);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![
                ("poll_question", "Only one?"),
                ("poll_options", "lonely option"),
            ],
            "2 to 10 options",
        ),
        (
            vec![("poll_question", "Too many?"), ("poll_options", &eleven)],
            "2 to 10 options",
        ),
        (
            vec![("poll_question", "Twice?"), ("poll_options", "Same\nsame")],
            "twice",
        ),
        (
            vec![("poll_question", &long), ("poll_options", "a\nb")],
            "at most 300",
        ),
        (vec![("poll_options", "a\nb")], "needs a question"),
        (
            vec![
                ("poll_question", "Closed already?"),
                ("poll_options", "yes\nno"),
                ("poll_close", "at"),
                ("poll_closes_at", &past),
            ],
            "in the past",
        ),
        (
            vec![
                ("poll_question", "Episode?"),
                ("poll_options", "yes\nno"),
                ("poll_close", "episode"),
            ],
            "choose the thread's episode",
        ),
        (
            vec![
                ("poll_question", "Aired?"),
                ("poll_options", "yes\nno"),
                ("poll_close", "episode"),
                ("episode", "s01e01"),
            ],
            "already aired",
        ),
    ];
    for (poll, why) in cases {
        let r = create(&ann, "A poll that fails", &poll).await;
        assert_eq!(r.status, 422, "{poll:?}: {}", r.body);
        assert!(
            r.body.contains(&crate::helpers::escaped(why)),
            "{why}: {}",
            r.body
        );
        assert!(r.body.contains("A poll that fails"), "the title is kept");
        for (name, value) in &poll {
            if name.starts_with("poll_") && *name != "poll_close" {
                assert!(
                    r.body.contains(&crate::helpers::escaped(value)),
                    "{name} kept"
                );
            }
        }
    }
    assert_eq!(app.count("threads").await, threads, "nothing half-written");
    assert_eq!(app.count("polls").await, 0);
    // Without a token the form is refused before anything else.
    let r = ann
        .post_raw(
            "/shows/night-shift/threads",
            &[
                ("title", "No token"),
                ("body", "b"),
                ("board", "general"),
                ("poll_question", "q"),
                ("poll_options", "a\nb"),
            ],
        )
        .await;
    assert_eq!(r.status, 403);
}

async fn single_choice_votes_change_and_results_wait(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let cat = app.browser().signed_up("cat").await;
    let thread = poll_thread(&ann, "Best rescue", THREE).await;
    let ids = options(&app, thread).await;
    assert_eq!(ids.len(), 3, "the blank line is no option");

    let before = bob.get(&format!("/threads/{thread}")).await.body;
    assert!(before.contains("Who saved the night?") && before.contains("The ambulance"));
    assert!(
        !before.contains("poll-results") && !before.contains("voters"),
        "results wait for a vote"
    );
    assert!(before.contains("type=\"radio\" name=\"option\""));

    let r = vote(&bob, thread, &[&ids[0]]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let after = bob.get(&format!("/threads/{thread}")).await.body;
    assert!(after.contains("poll-results") && after.contains("1 voter"));
    assert!(after.contains("100% (1 vote)"), "{after}");

    // Changing the vote replaces it: still one voter.
    assert_eq!(vote(&bob, thread, &[&ids[1]]).await.status, 303);
    assert_eq!(vote(&cat, thread, &[&ids[1]]).await.status, 303);
    let page = cat.get(&format!("/threads/{thread}")).await.body;
    assert!(
        page.contains("2 voters") && page.contains("100% (2 votes)"),
        "{page}"
    );
    assert_eq!(app.count("poll_votes").await, 2);

    // One choice only; no choice; someone else's option.
    assert_eq!(vote(&bob, thread, &[&ids[0], &ids[2]]).await.status, 422);
    assert_eq!(vote(&bob, thread, &[]).await.status, 422);
    assert_eq!(vote(&bob, thread, &["999999"]).await.status, 422);
    assert_eq!(
        app.count("poll_votes").await,
        2,
        "refused votes change nothing"
    );

    // Ann has not voted: no results for her yet.
    let own = ann.get(&format!("/threads/{thread}")).await.body;
    assert!(!own.contains("poll-results"));

    // Signed out: to the login page. No token: refused.
    let r = vote(&app.browser(), thread, &[&ids[0]]).await;
    assert_eq!((r.status, r.location.as_deref()), (303, Some("/login")));
    let r = bob
        .post_raw(
            &format!("/threads/{thread}/poll/vote"),
            &[("option", ids[0].as_str())],
        )
        .await;
    assert_eq!(r.status, 403);
}

async fn multiple_choice_counts_voters_once(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let mut poll = THREE.to_vec();
    poll.push(("poll_multiple", "1"));
    let thread = poll_thread(&ann, "Pick several", &poll).await;
    let ids = options(&app, thread).await;
    assert!(bob
        .get(&format!("/threads/{thread}"))
        .await
        .body
        .contains("type=\"checkbox\" name=\"option\""));
    assert_eq!(vote(&bob, thread, &[&ids[0], &ids[2]]).await.status, 303);
    assert_eq!(vote(&ann, thread, &[&ids[2]]).await.status, 303);
    let page = bob.get(&format!("/threads/{thread}")).await.body;
    assert!(page.contains("2 voters"), "{page}");
    assert!(page.contains("50% (1 vote)") && page.contains("100% (2 votes)"));
    assert_eq!(app.count("poll_votes").await, 3);
}

async fn closed_poll_refuses_votes_and_shows_results(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let when = utc_form_time(120);
    let mut poll = THREE.to_vec();
    poll.extend_from_slice(&[("poll_close", "at"), ("poll_closes_at", &when)]);
    let thread = poll_thread(&ann, "Closing soon", &poll).await;
    let ids = options(&app, thread).await;
    let open = bob.get(&format!("/threads/{thread}")).await.body;
    assert!(open.contains("Closes on"), "{open}");
    assert_eq!(vote(&ann, thread, &[&ids[0]]).await.status, 303);

    // The closing time passes (set in the database: no waiting).
    sqlx::query("UPDATE polls SET closes_at = $1 WHERE thread_id = $2")
        .bind(cliffhanger::time_util::now_ms() - 1000)
        .bind(thread)
        .execute(&app.db.pool)
        .await
        .expect("close the poll");
    let r = vote(&bob, thread, &[&ids[1]]).await;
    assert_eq!(r.status, 409);
    assert!(r.body.contains("This poll is closed."), "{}", r.body);
    let page = bob.get(&format!("/threads/{thread}")).await.body;
    assert!(
        page.contains("Closed") && page.contains("1 voter"),
        "{page}"
    );
    assert!(!page.contains("/poll/vote"), "no vote form once closed");
    assert_eq!(app.count("poll_votes").await, 1);
}

async fn poll_hidden_where_the_thread_is(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("admin").await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    // Tagged with S01E01, which bob has not marked watched: shielded for him.
    let mut poll = THREE.to_vec();
    poll.push(("episode", "s01e01"));
    let thread = poll_thread(&ann, "Episode one poll", &poll).await;
    let ids = options(&app, thread).await;
    let shielded = bob.get(&format!("/threads/{thread}")).await.body;
    assert!(shielded.contains("hidden until"), "{shielded}");
    assert!(!shielded.contains("Who saved the night?") && !shielded.contains("The ambulance"));
    assert_eq!(vote(&bob, thread, &[&ids[0]]).await.status, 404);
    // "Show anyway": the poll is there, and the vote form carries the choice.
    let revealed = bob.get(&format!("/threads/{thread}?reveal=1")).await.body;
    assert!(revealed.contains("Who saved the night?"));
    assert!(revealed.contains("name=\"reveal\" value=\"1\""));
    let r = bob
        .post(
            &format!("/threads/{thread}/poll/vote"),
            &[("option", ids[0].as_str()), ("reveal", "1")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // Held for review: nobody but the author and moderators knows of it or its poll.
    let r = admin
        .post(
            "/shows/night-shift/mod/filters",
            &[("pattern", "crypto"), ("action", "hold")],
        )
        .await;
    assert_eq!(r.status, 303);
    let held = poll_thread(
        &ann,
        "A held poll",
        &[
            ("poll_question", "Is crypto the answer?"),
            ("poll_options", "yes\nno"),
        ],
    )
    .await;
    let held_ids = options(&app, held).await;
    assert_eq!(bob.get(&format!("/threads/{held}")).await.status, 404);
    assert_eq!(vote(&bob, held, &[&held_ids[0]]).await.status, 404);
    assert!(ann
        .get(&format!("/threads/{held}"))
        .await
        .body
        .contains("Is crypto the answer?"));

    // Removed: readers get the notice, no poll, and cannot vote.
    let open = poll_thread(&ann, "Removed later", THREE).await;
    let open_ids = options(&app, open).await;
    let r = admin
        .post(
            &format!("/threads/{open}/mod"),
            &[("action", "remove"), ("reason", "off topic")],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = bob.get(&format!("/threads/{open}")).await.body;
    assert!(!page.contains("Who saved the night?"));
    assert_eq!(vote(&bob, open, &[&open_ids[0]]).await.status, 404);
    assert_eq!(vote(&bob, 999_999, &["1"]).await.status, 404);
}

const FUTURE: &str = r#"{"shows":[{"slug":"night-shift","title":"Night Shift","seasons":[{"number":2,"episodes":[
  {"number":1,"title":"Next Year","air_dates":{"US":"2099-03-01","GB":"2099-06-01"}}]}]}]}"#;

async fn poll_closes_when_the_episode_airs_in_the_authors_region(app: TestApp) {
    app.seed_catalogue().await;
    cliffhanger::catalog::import::import_json(&app.db, FUTURE)
        .await
        .expect("future episode imports");
    let ann = app.browser().signed_up("ann").await;
    let r = ann.post("/region", &[("region", "GB")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let mut poll = THREE.to_vec();
    poll.extend_from_slice(&[("poll_close", "episode"), ("episode", "s02e01")]);
    let thread = poll_thread(&ann, "Before the premiere", &poll).await;
    let closes: Option<i64> = sqlx::query("SELECT closes_at FROM polls WHERE thread_id = $1")
        .bind(thread)
        .fetch_one(&app.db.pool)
        .await
        .expect("poll")
        .try_get(0)
        .expect("closes_at");
    // 2099-06-01T00:00Z, the GB date, not the US one.
    assert_eq!(closes, Some(4_083_955_200_000));
    let page = ann.get(&format!("/threads/{thread}?reveal=1")).await.body;
    assert!(
        page.contains("Closes on") && page.contains("2099-06-01"),
        "{page}"
    );
}
