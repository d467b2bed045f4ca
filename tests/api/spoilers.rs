//! The spoiler shield as fans see it: watch progress, regional air dates, tags, inline spoilers.
use crate::helpers::{escaped, Browser, TestApp};

crate::on_both_backends!(
    watch_progress_unlocks_threads,
    region_decides_for_anonymous_visitors,
    search_hides_shielded_results,
    inline_spoilers_are_reveal_elements,
    live_room_asks_before_joining
);

fn day(offset: i64) -> String {
    let d = time::OffsetDateTime::now_utc().date() + time::Duration::days(offset);
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

/// "Orbit": S01E01-S01E04 aired in the US; S01E04 airs in Germany next month.
async fn seed(app: &TestApp) {
    let eps: Vec<String> = (1..=4)
        .map(|n| {
            let de = if n == 4 { day(30) } else { day(-60 + n) };
            format!(
                r#"{{"number":{n},"title":"Episode {n}","air_dates":{{"US":"{}","DE":"{de}"}}}}"#,
                day(-70 + n)
            )
        })
        .collect();
    let json = format!(
        r#"{{"shows":[{{"slug":"orbit","title":"Orbit","seasons":[{{"number":1,"episodes":[{}]}}]}}]}}"#,
        eps.join(",")
    );
    cliffhanger::catalog::import::import_json(&app.db, &json)
        .await
        .expect("import");
}

async fn thread(b: &Browser, title: &str, body: &str, episode: &str, spoils: &str) -> i64 {
    let r = b
        .post(
            "/shows/orbit/threads",
            &[
                ("title", title),
                ("body", body),
                ("board", "general"),
                ("episode", episode),
                ("spoils", spoils),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    crate::helpers::thread_id_from(r.location.as_deref().unwrap_or_default())
}

async fn watch_up_to(b: &Browser, code: &str) {
    let r = b
        .post(
            &format!("/shows/orbit/episodes/{code}/watched"),
            &[("action", "up_to")],
        )
        .await;
    assert_eq!(r.status, 303);
}

async fn watch_progress_unlocks_threads(app: TestApp) {
    seed(&app).await;
    // From the show page, one by one.
    let early = app.browser().signed_up("early").await;
    let show = early.get("/shows/orbit").await.body;
    assert!(show.contains("mark watched") && !show.contains(">watched<"));
    let r = early
        .post(
            "/shows/orbit/episodes/s01e01/watched",
            &[("action", "watch"), ("back", "/shows/orbit")],
        )
        .await;
    assert_eq!(r.location.as_deref(), Some("/shows/orbit"));
    assert_eq!(
        early
            .get("/shows/orbit")
            .await
            .body
            .matches(">watched<")
            .count(),
        1
    );
    let writer = app.browser().signed_up("writer").await;
    watch_up_to(&writer, "s01e04").await;
    let t3 = thread(
        &writer,
        "Episode three talk",
        "the third episode was calm",
        "s01e03",
        "",
    )
    .await;
    let t4 = thread(
        &writer,
        "The captain dies",
        "a shocking fourth episode",
        "s01e04",
        "",
    )
    .await;
    let tagged = thread(
        &writer,
        "General theory thread",
        "big reveal from the finale",
        "",
        "s01e04",
    )
    .await;

    let fan = app.browser().signed_up("fan").await;
    watch_up_to(&fan, "s01e03").await;
    let list = fan.get("/shows/orbit/forum").await.body;
    assert!(
        list.contains("Episode three talk"),
        "watched episode's thread is visible"
    );
    assert!(
        !list.contains("The captain dies") && !list.contains("General theory thread"),
        "titles spoil: hidden"
    );
    assert!(
        list.contains("S01E04 discussion · hidden until you&#39;ve watched S01E04")
            || list.contains(&escaped(
                "S01E04 discussion · hidden until you've watched S01E04"
            ))
    );
    assert!(
        list.contains(&escaped(
            "S01E04 spoilers · hidden until you've watched S01E04"
        )),
        "spoils-up-to tag shields too"
    );
    assert!(
        list.contains(&format!("/threads/{t4}?reveal=1")),
        "show anyway, per item"
    );
    assert!(fan
        .get(&format!("/threads/{t3}"))
        .await
        .body
        .contains("the third episode was calm"));
    let shielded = fan.get(&format!("/threads/{t4}")).await.body;
    assert!(
        !shielded.contains("The captain dies") && !shielded.contains("shocking"),
        "no title, not even in <title>"
    );
    assert!(fan
        .get(&format!("/threads/{tagged}"))
        .await
        .body
        .contains("Show anyway"));
    assert!(fan
        .get(&format!("/threads/{t4}?reveal=1"))
        .await
        .body
        .contains("a shocking fourth episode"));
    // Home and show pages shield too.
    assert!(!fan.get("/").await.body.contains("The captain dies"));
    assert!(!fan
        .get("/shows/orbit")
        .await
        .body
        .contains("The captain dies"));

    watch_up_to(&fan, "s01e04").await;
    let after = fan.get("/shows/orbit/forum").await.body;
    assert!(after.contains("The captain dies") && after.contains("General theory thread"));
    assert!(fan
        .get(&format!("/threads/{t4}"))
        .await
        .body
        .contains("a shocking fourth episode"));
    // The progress page lists what is watched.
    let progress = fan.get("/shows/orbit/progress").await.body;
    assert!(progress.contains("4 of 4 episodes watched"));
    // Unwatching brings the shield back.
    assert_eq!(
        fan.post(
            "/shows/orbit/episodes/s01e04/watched",
            &[("action", "unwatch")]
        )
        .await
        .status,
        303
    );
    assert!(!fan
        .get("/shows/orbit/forum")
        .await
        .body
        .contains("The captain dies"));
}

async fn region_decides_for_anonymous_visitors(app: TestApp) {
    seed(&app).await;
    let writer = app.browser().signed_up("writer").await;
    let t4 = thread(
        &writer,
        "The captain dies",
        "a shocking fourth episode",
        "s01e04",
        "",
    )
    .await;
    let german = app.browser();
    let de = german
        .http
        .get(german.url("/shows/orbit/forum"))
        .header("Accept-Language", "de-DE,de;q=0.9")
        .send()
        .await
        .expect("get");
    let de = de.text().await.expect("body");
    assert!(
        !de.contains("The captain dies"),
        "airs next month in Germany"
    );
    // The header chose German too, so the label is worded in German.
    assert!(
        de.contains(&escaped(
            "Diskussion zu S01E04 · verborgen, bis S01E04 in deiner Region (Germany) läuft"
        )),
        "{de}"
    );
    let american = app.browser();
    let us = american
        .http
        .get(american.url("/shows/orbit/forum"))
        .header("Accept-Language", "en-US")
        .send()
        .await
        .expect("get");
    assert!(
        us.text().await.expect("body").contains("The captain dies"),
        "aired in the US"
    );
    // The selector stores the choice in a cookie.
    let chooser = app.browser();
    assert_eq!(
        chooser.post("/region", &[("region", "DE")]).await.status,
        303
    );
    assert!(chooser
        .get(&format!("/threads/{t4}"))
        .await
        .body
        .contains("Show anyway"));
    assert_eq!(
        chooser.post("/region", &[("region", "US")]).await.status,
        303
    );
    assert!(chooser
        .get(&format!("/threads/{t4}"))
        .await
        .body
        .contains("a shocking fourth episode"));
    assert_eq!(
        chooser
            .post("/region", &[("region", "Germany!")])
            .await
            .status,
        422
    );
    // No French date: not aired, until the show's delay setting says otherwise.
    assert_eq!(
        chooser.post("/region", &[("region", "FR")]).await.status,
        303
    );
    assert!(chooser
        .get(&format!("/threads/{t4}"))
        .await
        .body
        .contains("Show anyway"));
    let r = writer
        .post(
            "/shows/orbit/admin/show",
            &[("title", "Orbit"), ("spoiler_delay_days", "7")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let fr = chooser.get(&format!("/threads/{t4}")).await.body;
    assert!(
        fr.contains("a shocking fourth episode"),
        "earliest date + 7 days has passed"
    );
    let bad = writer
        .post(
            "/shows/orbit/admin/show",
            &[("title", "Orbit"), ("spoiler_delay_days", "soon")],
        )
        .await;
    assert_eq!(bad.status, 422);
}

async fn search_hides_shielded_results(app: TestApp) {
    seed(&app).await;
    let writer = app.browser().signed_up("writer").await;
    watch_up_to(&writer, "s01e04").await;
    thread(
        &writer,
        "Zeppelin arrives",
        "the zeppelin lands in episode three",
        "s01e03",
        "",
    )
    .await;
    let t4 = thread(
        &writer,
        "Zeppelin explodes",
        "the zeppelin explodes ||and everyone dies|| at the end",
        "s01e04",
        "",
    )
    .await;
    let fan = app.browser().signed_up("fan").await;
    watch_up_to(&fan, "s01e03").await;
    crate::search_wait(&fan, "/shows/orbit/search?q=zeppelin&spoilers=show", |p| {
        p.contains(&format!("/threads/{t4}"))
    })
    .await;
    let default = fan.get("/shows/orbit/search?q=zeppelin").await.body;
    assert!(
        !default.contains(&format!("/threads/{t4}\"")),
        "shielded result left out"
    );
    assert!(default.contains("1 result hidden by your spoiler shield"));
    assert!(default.contains("Zeppelin arrives"));
    let shown = fan
        .get("/shows/orbit/search?q=zeppelin&spoilers=show")
        .await
        .body;
    assert!(shown.contains(&format!("/threads/{t4}")));
    assert!(
        !shown.contains("everyone dies"),
        "inline spoiler text never reaches a snippet"
    );
    assert_eq!(
        fan.get("/shows/orbit/search?q=everyone&spoilers=show")
            .await
            .body
            .matches("class=\"hit\"")
            .count(),
        0
    );
    // A thread with no episode tag but "spoils up to S01E04" is shielded in search too.
    let tagged = thread(
        &writer,
        "Walrus theory",
        "the walrus knows everything",
        "",
        "s01e04",
    )
    .await;
    crate::search_wait(&fan, "/shows/orbit/search?q=walrus&spoilers=show", |p| {
        p.contains(&format!("/threads/{tagged}"))
    })
    .await;
    let hidden = fan.get("/shows/orbit/search?q=walrus").await.body;
    assert!(!hidden.contains(&format!("/threads/{tagged}\"")));
    assert!(hidden.contains("1 result hidden by your spoiler shield"));
}

async fn inline_spoilers_are_reveal_elements(app: TestApp) {
    seed(&app).await;
    let w = app.browser().signed_up("writer").await;
    let t = thread(
        &w,
        "Finale thoughts ||Nora lives||",
        "I cried when ||<script>alert(1)</script>Nora <b>lives</b>|| happened",
        "",
        "",
    )
    .await;
    let page = w.get(&format!("/threads/{t}")).await.body;
    assert!(
        page.contains("<details class=\"spoiler\"><summary>Spoiler</summary>"),
        "click to reveal without JavaScript"
    );
    assert!(
        !page.to_ascii_lowercase().contains("<script>alert"),
        "inert"
    );
    let title = page
        .split("<title>")
        .nth(1)
        .and_then(|s| s.split("</title>").next())
        .unwrap_or_default();
    assert!(
        !title.contains("Nora lives"),
        "page title leaves it out: {title}"
    );
}

async fn live_room_asks_before_joining(app: TestApp) {
    seed(&app).await;
    let fan = app.browser().signed_up("fan").await;
    let ask = fan.get("/shows/orbit/episodes/s01e02/live").await.body;
    assert!(
        ask.contains("Show anyway") && !ask.contains("data-room="),
        "asks first"
    );
    assert!(fan
        .get("/shows/orbit/episodes/s01e02/live?reveal=1")
        .await
        .body
        .contains("data-room="));
    watch_up_to(&fan, "s01e02").await;
    assert!(fan
        .get("/shows/orbit/episodes/s01e02/live")
        .await
        .body
        .contains("data-room="));
}
