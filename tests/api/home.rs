//! The home page shows life: threads people answer, episodes airing around now in the
//! viewer's region, live rooms and parties, followed shows first; the show page prints each
//! episode's air date where the viewer lives.
use sqlx::Row;

use crate::helpers::{Browser, TestApp};

crate::on_both_backends!(
    home_lists_answered_threads_and_no_empty_episode_thread,
    new_episodes_strip_uses_the_viewers_region,
    followed_show_is_first_for_its_follower_only,
    show_page_prints_regional_air_dates,
    live_now_lists_running_and_soon_parties
);

fn day(offset: i64) -> String {
    let d = time::OffsetDateTime::now_utc().date() + time::Duration::days(offset);
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

/// "Long Run" with 40 episodes aired long ago (each with its automatic, unanswered thread),
/// and "Soon" whose S01E01 aired two days ago in the US and airs in three days in Germany.
async fn seed(app: &TestApp) {
    let old: Vec<String> = (1..=40)
        .map(|n| format!(r#"{{"number":{n},"title":"Old {n}","air_dates":{{"US":"2020-01-01","DE":"2020-02-01"}}}}"#))
        .collect();
    let json = format!(
        r#"{{"shows":[
        {{"slug":"long-run","title":"Long Run","seasons":[{{"number":1,"episodes":[{}]}}]}},
        {{"slug":"soon","title":"Soon","seasons":[{{"number":1,"episodes":[
          {{"number":1,"title":"Opening Night","air_dates":{{"US":"{}","DE":"{}"}}}},
          {{"number":2,"title":"Far Ahead","air_dates":{{"US":"{}"}}}}]}}]}}]}}"#,
        old.join(","),
        day(-2),
        day(3),
        day(30)
    );
    cliffhanger::catalog::import::import_json(&app.db, &json)
        .await
        .expect("import");
}

/// The part of the home page under "Recent threads".
fn recent_section(home: &str) -> &str {
    let start = home.find("Recent threads").expect("recent threads section");
    &home[start..]
}

async fn episode_thread(app: &TestApp, show: &str, code: &str) -> i64 {
    sqlx::query("SELECT e.thread_id FROM episodes e JOIN shows s ON s.id = e.show_id WHERE s.slug = $1 AND e.code = $2")
        .bind(show)
        .bind(code)
        .fetch_one(&app.db.pool)
        .await
        .expect("episode")
        .try_get(0)
        .expect("thread id")
}

async fn reply(b: &Browser, thread: i64, body: &str) {
    let r = b
        .post(&format!("/threads/{thread}/posts"), &[("body", body)])
        .await;
    assert_eq!(r.status, 303, "reply: {}", r.body);
}

async fn home_lists_answered_threads_and_no_empty_episode_thread(app: TestApp) {
    seed(&app).await;
    let fan = app.browser().signed_up("fan").await;
    let talked = fan
        .new_thread("long-run", "general", "Best season finale", "Discuss!")
        .await;
    let other = app.browser().signed_up("other").await;
    reply(&other, talked, "The second one.").await;
    let visitor = app.browser();
    let home = visitor.get("/").await.body;
    let recent = recent_section(&home);
    assert!(recent.contains("Best season finale"), "{recent}");
    assert!(
        !recent.contains("episode discussion"),
        "no unanswered episode thread is listed: {recent}"
    );

    // Someone answers an episode's thread: it is listed, above the older conversation.
    let ep = episode_thread(&app, "long-run", "s01e07").await;
    reply(&other, ep, "Underrated episode.").await;
    let home = visitor.get("/").await.body;
    let recent = recent_section(&home);
    let ep_at = recent
        .find(&format!("/threads/{ep}\""))
        .expect("the answered episode thread is listed");
    let talked_at = recent
        .find(&format!("/threads/{talked}\""))
        .expect("the conversation is still listed");
    assert!(ep_at < talked_at, "newest activity first");
    assert_eq!(recent.matches("episode discussion").count(), 1, "{recent}");

    // A removed thread is not listed at all, not even as a stub.
    sqlx::query("UPDATE threads SET removed_reason = 'spam' WHERE id = $1")
        .bind(talked)
        .execute(&app.db.pool)
        .await
        .expect("remove");
    let home = visitor.get("/").await.body;
    assert!(
        !recent_section(&home).contains(&format!("/threads/{talked}\"")),
        "{home}"
    );
}

async fn new_episodes_strip_uses_the_viewers_region(app: TestApp) {
    seed(&app).await;
    let us = app.browser();
    assert_eq!(us.post("/region", &[("region", "US")]).await.status, 303);
    let home = us.get("/").await.body;
    assert!(home.contains("New episodes in United States"), "{home}");
    assert!(
        home.contains(&format!("aired <time datetime=\"{0}\">{0}</time>", day(-2))),
        "the US date, in the past: {home}"
    );
    assert!(!home.contains("Far Ahead"), "a month away is not new");
    assert!(!home.contains("Old 1"), "years ago is not new");

    let de = app.browser();
    assert_eq!(de.post("/region", &[("region", "DE")]).await.status, 303);
    let home = de.get("/").await.body;
    assert!(home.contains("New episodes in Germany"), "{home}");
    assert!(
        home.contains(&format!("airs <time datetime=\"{0}\">{0}</time>", day(3))),
        "the German date, ahead: {home}"
    );
    assert!(!home.contains(&day(-2)), "not the US date: {home}");
}

async fn followed_show_is_first_for_its_follower_only(app: TestApp) {
    seed(&app).await;
    let follower = app.browser().signed_up("follower").await;
    let bystander = app.browser().signed_up("bystander").await;
    // Shows are listed by title: "Long Run" before "Soon".
    let soon: i64 = sqlx::query("SELECT id FROM shows WHERE slug = 'soon'")
        .fetch_one(&app.db.pool)
        .await
        .expect("show")
        .try_get(0)
        .expect("id");
    let uid: i64 = sqlx::query("SELECT id FROM users WHERE username = 'follower'")
        .fetch_one(&app.db.pool)
        .await
        .expect("user")
        .try_get(0)
        .expect("id");
    sqlx::query(
        "INSERT INTO follows (user_id, kind, target_id, muted, created_at) VALUES ($1, 'show', $2, 0, 0)",
    )
    .bind(uid)
    .bind(soon)
    .execute(&app.db.pool)
    .await
    .expect("follow");

    let shows_of = |home: String| {
        let start = home.find("id=\"shows-heading\"").expect("shows section");
        let end = home.find("id=\"recent-heading\"").expect("recent section");
        home[start..end].to_string()
    };
    let mine = shows_of(follower.get("/").await.body);
    let (soon_at, long_at) = (mine.find("/shows/soon\""), mine.find("/shows/long-run\""));
    assert!(soon_at < long_at, "the followed show first: {mine}");
    assert_eq!(mine.matches(">following<").count(), 1, "{mine}");

    let theirs = shows_of(bystander.get("/").await.body);
    let (soon_at, long_at) = (
        theirs.find("/shows/soon\""),
        theirs.find("/shows/long-run\""),
    );
    assert!(long_at < soon_at, "catalogue order: {theirs}");
    assert!(!theirs.contains(">following<"), "{theirs}");
}

async fn show_page_prints_regional_air_dates(app: TestApp) {
    seed(&app).await;
    let us = app.browser();
    assert_eq!(us.post("/region", &[("region", "US")]).await.status, 303);
    let page = us.get("/shows/soon").await.body;
    assert!(
        page.contains(&format!(
            "aired <time datetime=\"{0}\">{0}</time> in United States",
            day(-2)
        )),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "not yet aired in United States · airs <time datetime=\"{0}\">{0}</time>",
            day(30)
        )),
        "{page}"
    );
    let de = app.browser();
    assert_eq!(de.post("/region", &[("region", "DE")]).await.status, 303);
    let page = de.get("/shows/soon").await.body;
    assert!(
        page.contains(&format!(
            "not yet aired in Germany · airs <time datetime=\"{0}\">{0}</time>",
            day(3)
        )),
        "{page}"
    );
    assert!(
        page.contains("not yet aired in Germany</span>"),
        "S01E02 has no German date and the show no delay: {page}"
    );

    // The watched mark is text with an icon, not colour alone.
    let fan = app.browser().signed_up("watcher").await;
    let r = fan
        .post(
            "/shows/soon/episodes/s01e01/watched",
            &[("action", "watch"), ("back", "/shows/soon")],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = fan.get("/shows/soon").await.body;
    assert_eq!(
        page.matches("<span aria-hidden=\"true\">✓ </span>watched</span>")
            .count(),
        1,
        "{page}"
    );
}

async fn live_now_lists_running_and_soon_parties(app: TestApp) {
    seed(&app).await;
    let host = app.browser().signed_up("host").await;
    drop(host);
    let now = cliffhanger::time_util::now_ms();
    let parties = [
        ("Running party", now - 10 * 60_000),
        ("Soon party", now + 30 * 60_000),
        ("Later party", now + 3 * 3_600_000),
        ("Finished party", now - 5 * 3_600_000),
    ];
    for (title, starts_at) in parties {
        sqlx::query(
            "INSERT INTO parties (episode_id, host_id, title, starts_at, created_at) \
             SELECT e.id, u.id, $1, $2, $3 FROM episodes e JOIN shows s ON s.id = e.show_id, users u \
             WHERE s.slug = 'long-run' AND e.code = 's01e01' AND u.username = 'host'",
        )
        .bind(title)
        .bind(starts_at)
        .bind(now)
        .execute(&app.db.pool)
        .await
        .expect("party");
    }
    let home = app.browser().get("/").await.body;
    assert!(home.contains("Live now in"), "{home}");
    assert!(home.contains("Running party"), "{home}");
    assert!(home.contains("watch party running"), "{home}");
    assert!(home.contains("Soon party"), "{home}");
    assert!(!home.contains("Later party"), "{home}");
    assert!(!home.contains("Finished party"), "{home}");
}
