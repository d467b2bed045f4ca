//! Air times and time zones: times read in the viewer's zone (account setting, browser
//! cookie, else the region's), the three air-date forms, and the shield opening at the
//! instant an episode airs rather than at midnight UTC.
use crate::helpers::{escaped, Browser, TestApp};
use crate::import::run_import;

crate::on_both_backends!(
    air_times_read_in_the_viewers_zone,
    bad_zones_are_refused_naming_the_field,
    shield_opens_at_the_air_instant
);

/// 21:00 in New York on 8 Sep 2024 (EDT) is 01:00Z on the 9th: 03:00 CEST in Paris.
const PARIS: &str = "Mon 9 Sep 2024, 03:00 CEST";
const NEW_YORK: &str = "Sun 8 Sep 2024, 21:00 EDT";

async fn import(app: &TestApp, air_dates: &[&str]) {
    let episodes: Vec<String> = air_dates
        .iter()
        .enumerate()
        .map(|(i, a)| {
            format!(
                r#"{{"number":{},"title":"Episode {}","air_dates":{{{a}}}}}"#,
                i + 1,
                i + 1
            )
        })
        .collect();
    let json = format!(
        r#"{{"shows":[{{"slug":"dusk","title":"Dusk","seasons":[{{"number":1,"episodes":[{}]}}]}}]}}"#,
        episodes.join(",")
    );
    cliffhanger::catalog::import::import_json(&app.db, &json)
        .await
        .expect("import");
}

async fn page_as(b: &Browser, path: &str, accept_language: &str) -> String {
    b.http
        .get(b.url(path))
        .header("Accept-Language", accept_language)
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body")
}

async fn air_times_read_in_the_viewers_zone(app: TestApp) {
    import(
        &app,
        &[
            r#""US":{"date":"2024-09-08","time":"21:00","zone":"America/New_York"}"#,
            r#""US":"2024-09-08T21:00:00-04:00""#,
        ],
    )
    .await;
    for code in ["s01e01", "s01e02"] {
        let path = format!("/shows/dusk/episodes/{code}");
        // A visitor in the US with no zone of their own reads New York time.
        let american = app.browser();
        let us = page_as(&american, &path, "en-US").await;
        assert!(us.contains(NEW_YORK), "{code}: {us}");
        assert!(
            us.contains("datetime=\"2024-09-09T01:00:00Z\""),
            "machine-readable UTC stays"
        );
        // The browser's zone, as static/tz.js stores it, wins over the region's.
        let visitor = app.browser();
        let url = url::Url::parse(&app.base).expect("base url");
        visitor.jar.add_cookie_str("ch_tz=Europe/Paris", &url);
        let fr = page_as(&visitor, &path, "en-US").await;
        assert!(fr.contains(PARIS), "{code}: {fr}");
        assert!(!fr.contains(NEW_YORK));
    }
    // A forged cookie falls back to the region's zone.
    let forged = app.browser();
    let url = url::Url::parse(&app.base).expect("base url");
    forged.jar.add_cookie_str("ch_tz=Nowhere/Land", &url);
    let page = page_as(&forged, "/shows/dusk/episodes/s01e01", "en-US").await;
    assert!(page.contains(NEW_YORK));

    // The account's setting, saved on /settings, follows the user.
    let fan = app.browser().signed_up("fan").await;
    let saved = fan
        .post("/settings/time-zone", &[("time_zone", "europe/paris")])
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let settings = fan.get("/settings").await.body;
    assert!(
        settings.contains("name=\"time_zone\" value=\"Europe/Paris\""),
        "stored canonical"
    );
    let page = page_as(&fan, "/shows/dusk/episodes/s01e01", "en-US").await;
    assert!(page.contains(PARIS), "{page}");
    // The show page prints the time beside the date, and the script is on every page.
    let show = page_as(&fan, "/shows/dusk", "en-US").await;
    assert!(show.contains(PARIS), "{show}");
    assert!(show.contains("/static/tz.js"));
    let script = app.browser().get("/static/tz.js").await;
    assert_eq!(script.status, 200);
    assert!(script.body.contains("ch_tz=") && script.body.contains("SameSite=Lax"));
    // Back to automatic: the region's zone again.
    let cleared = fan.post("/settings/time-zone", &[("time_zone", "")]).await;
    assert_eq!(cleared.status, 303);
    let page = page_as(&fan, "/shows/dusk/episodes/s01e01", "en-US").await;
    assert!(page.contains(NEW_YORK));
}

async fn bad_zones_are_refused_naming_the_field(app: TestApp) {
    // The import file: the field is named and nothing is imported.
    let file = r#"{"shows":[{"slug":"dusk","title":"Dusk","seasons":[{"number":1,"episodes":[
        {"number":1,"title":"Fine","air_dates":{"US":"2024-09-08"}},
        {"number":2,"title":"Bad","air_dates":{"US":{"date":"2024-09-15","time":"21:00","zone":"Mars/Olympus"}}}]}]}]}"#;
    let out = run_import(&app, file);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("shows[0].seasons[0].episodes[1].air_dates.US.zone"),
        "{err}"
    );
    assert!(
        err.contains("Mars/Olympus") && err.contains("nothing imported"),
        "{err}"
    );
    assert_eq!(app.count("shows").await, 0);
    assert_eq!(app.count("episode_air_dates").await, 0);

    // The admin form: 422 naming the line and the part; the episode is not saved.
    let admin = app.browser().signed_up("admin").await;
    let show = admin
        .post("/admin/shows", &[("slug", "dusk"), ("title", "Dusk")])
        .await;
    assert_eq!(show.status, 303);
    let bad = admin
        .post(
            "/shows/dusk/admin/episodes",
            &[
                ("code", "s01e01"),
                ("title", "Start"),
                (
                    "air_dates",
                    "GB 2024-09-08\nUS 2024-09-08 21:00 Mars/Olympus",
                ),
            ],
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("line 2: zone"), "{}", bad.body);
    let bad_time = admin
        .post(
            "/shows/dusk/admin/episodes",
            &[
                ("code", "s01e01"),
                ("title", "Start"),
                ("air_dates", "US 2024-09-08 9pm America/New_York"),
            ],
        )
        .await;
    assert_eq!(bad_time.status, 422);
    assert!(bad_time.body.contains("line 1: time"), "{}", bad_time.body);
    assert_eq!(app.count("episodes").await, 0);
    // Both good forms save, and the edit form gives them back as typed.
    let good = admin
        .post(
            "/shows/dusk/admin/episodes",
            &[
                ("code", "s01e01"),
                ("title", "Start"),
                (
                    "air_dates",
                    "US 2024-09-08 21:00 America/New_York\nCA 2024-09-08T21:00:00-04:00",
                ),
            ],
        )
        .await;
    assert_eq!(good.status, 303, "{}", good.body);
    let edit = admin.get("/shows/dusk/admin?episode=s01e01").await.body;
    assert!(
        edit.contains("US 2024-09-08 21:00 America/New_York"),
        "{edit}"
    );
    assert!(edit.contains("CA 2024-09-08T21:00:00-04:00"), "{edit}");

    // The settings form refuses a zone the tz database does not know.
    let refused = admin
        .post("/settings/time-zone", &[("time_zone", "Mars/Olympus")])
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("Time zone: \u{201c}Mars/Olympus\u{201d}"),
        "{}",
        refused.body
    );
    let stored: Option<String> = sqlx::query_scalar("SELECT time_zone FROM users")
        .fetch_one(&app.db.pool)
        .await
        .expect("zone");
    assert_eq!(stored, None);
}

/// `minutes` from now in New York, as the import's `{"date","time","zone"}` form.
fn new_york_in(minutes: i64) -> String {
    let at = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_mins(minutes))
        .expect("in range")
        .to_zoned(jiff::tz::TimeZone::get("America/New_York").expect("zone"));
    format!(
        r#"{{"date":"{}","time":"{}","zone":"America/New_York"}}"#,
        at.strftime("%Y-%m-%d"),
        at.strftime("%H:%M")
    )
}

/// `minutes` from now as RFC 3339 in UTC.
fn utc_in(minutes: i64) -> String {
    let at = time::OffsetDateTime::now_utc() + time::Duration::minutes(minutes);
    at.format(&time::format_description::well_known::Rfc3339)
        .expect("format")
}

async fn shield_opens_at_the_air_instant(app: TestApp) {
    let earlier = new_york_in(-5);
    let later = new_york_in(5);
    let (earlier_utc, later_utc) = (utc_in(-5), utc_in(5));
    import(
        &app,
        &[
            &format!(r#""US":{earlier}"#),
            &format!(r#""US":{later}"#),
            &format!(r#""US":"{earlier_utc}""#),
            &format!(r#""US":"{later_utc}""#),
        ],
    )
    .await;
    let visitor = app.browser();
    for (code, aired) in [
        ("s01e01", true),
        ("s01e02", false),
        ("s01e03", true),
        ("s01e04", false),
    ] {
        let page = page_as(&visitor, &format!("/shows/dusk/episodes/{code}"), "en-US").await;
        let up = code.to_uppercase();
        let label = escaped(&format!(
            "{up} discussion · hidden until {up} airs in United States"
        ));
        assert_eq!(!page.contains(&label), aired, "{code}: {page}");
        // Its discussion thread's first post shows once it aired.
        assert_eq!(
            page.contains(&format!("Discussion thread for {up}.")),
            aired,
            "{code}"
        );
        assert_eq!(
            page.contains("Airing now in United States"),
            aired,
            "{code}"
        );
        // Still ahead: a countdown to the local time.
        assert_eq!(page.contains("data-countdown="), !aired, "{code}");
    }
    let home = page_as(&visitor, "/", "en-US").await;
    assert!(
        home.contains("Dusk S01E01") && home.contains("Dusk S01E03"),
        "{home}"
    );
    assert!(!home.contains("Dusk S01E02") && !home.contains("Dusk S01E04"));
}
