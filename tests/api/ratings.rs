//! Ratings for those who watched: only a fan who marked the episode watched may rate it (1 to
//! 10, a new rating replaces the old one), and only such fans see the averages, overall and
//! per region, on the episode page and beside the episode on the show page.
use crate::helpers::{Browser, TestApp};

crate::on_both_backends!(
    rating_needs_watching_and_replaces,
    averages_overall_and_per_region_for_watchers_only,
);

const EPISODE: &str = "/shows/night-shift/episodes/s01e01";

async fn watch(b: &Browser) {
    let r = b
        .post(&format!("{EPISODE}/watched"), &[("action", "watch")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
}

async fn rate(b: &Browser, score: &str) -> crate::helpers::Resp {
    b.post(&format!("{EPISODE}/rating"), &[("score", score)])
        .await
}

async fn fan(app: &TestApp, name: &str, region: &str) -> Browser {
    let b = app.browser().signed_up(name).await;
    assert_eq!(b.post("/region", &[("region", region)]).await.status, 303);
    b
}

/// The overall average as the episode page prints it, if it does.
fn average(page: &str) -> Option<String> {
    let start = page.find("class=\"rating-average\">")? + "class=\"rating-average\">".len();
    let end = page[start..].find('<')?;
    Some(page[start..start + end].to_string())
}

/// A region's row of the per-region table: (average, count).
fn region_row(page: &str, region: &str) -> Option<(String, String)> {
    let start = page.find(&format!("data-region=\"{region}\""))?;
    let row = &page[start..start + page[start..].find("</tr>")?];
    let cells: Vec<&str> = row
        .split("<td")
        .skip(1)
        .map(|c| {
            let c = &c[c.find('>').map_or(0, |i| i + 1)..];
            &c[..c.find('<').unwrap_or(c.len())]
        })
        .collect();
    Some((cells.get(1)?.to_string(), cells.get(2)?.to_string()))
}

async fn rating_needs_watching_and_replaces(app: TestApp) {
    app.seed_catalogue().await;
    let _admin = app.browser().signed_up("admin").await;
    let ann = fan(&app, "ann", "US").await;

    // Not watched yet: refused with a reason, nothing stored.
    let r = rate(&ann, "8").await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(
        r.body.contains("Mark S01E01 watched before rating it"),
        "{}",
        r.body
    );
    assert_eq!(app.count("episode_ratings").await, 0);
    let page = ann.get(EPISODE).await.body;
    assert!(page.contains("once you have watched it"), "neutral line");
    assert!(
        !page.contains("/rating\""),
        "no rating form before watching"
    );

    watch(&ann).await;
    let r = rate(&ann, "8").await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        r.location.as_deref(),
        Some(format!("{EPISODE}#rating").as_str())
    );
    let page = ann.get(EPISODE).await.body;
    assert_eq!(average(&page).as_deref(), Some("8.0"));
    assert!(page.contains("1 rating"), "count shown");

    // A second rating replaces the first: still one rating, the new score.
    assert_eq!(rate(&ann, "3").await.status, 303);
    let page = ann.get(EPISODE).await.body;
    assert_eq!(average(&page).as_deref(), Some("3.0"));
    assert!(
        page.contains("<option value=\"3\" selected>"),
        "own score preselected"
    );
    assert_eq!(app.count("episode_ratings").await, 1);

    // Bad scores: 422, and the stored one is untouched.
    for bad in ["0", "11", "seven", "7.5", ""] {
        let r = rate(&ann, bad).await;
        assert_eq!(r.status, 422, "{bad:?}: {}", r.body);
        assert!(r.body.contains("whole number from 1 to 10"), "{}", r.body);
    }
    assert_eq!(
        average(&ann.get(EPISODE).await.body).as_deref(),
        Some("3.0")
    );

    // Without the form's token nothing changes.
    let r = ann
        .post_raw(&format!("{EPISODE}/rating"), &[("score", "9")])
        .await;
    assert!(r.status == 400 || r.status == 403, "{}", r.status);
    assert_eq!(
        average(&ann.get(EPISODE).await.body).as_deref(),
        Some("3.0")
    );

    // Anonymous: asked to sign in, nothing stored.
    let anon = app.browser();
    let r = anon
        .post(&format!("{EPISODE}/rating"), &[("score", "9")])
        .await;
    assert!(
        r.location
            .as_deref()
            .is_some_and(|l| l.starts_with("/login")),
        "anonymous rating accepted: {} {:?}",
        r.status,
        r.location
    );
    assert_eq!(app.count("episode_ratings").await, 1);

    // Unmarking the episode takes the right to rate away again.
    let r = ann
        .post(&format!("{EPISODE}/watched"), &[("action", "unwatch")])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(rate(&ann, "9").await.status, 403);
}

async fn averages_overall_and_per_region_for_watchers_only(app: TestApp) {
    app.seed_catalogue().await;
    let _admin = app.browser().signed_up("admin").await;
    let ann = fan(&app, "ann", "US").await;
    let bob = fan(&app, "bob", "US").await;
    let cat = fan(&app, "cat", "GB").await;
    let dan = fan(&app, "dan", "GB").await;
    for (b, score) in [(&ann, "7"), (&bob, "8"), (&cat, "10")] {
        watch(b).await;
        assert_eq!(rate(b, score).await.status, 303);
    }

    let page = ann.get(EPISODE).await.body;
    assert_eq!(average(&page).as_deref(), Some("8.3"), "(7 + 8 + 10) / 3");
    assert!(page.contains("3 ratings"));
    assert_eq!(
        region_row(&page, "US"),
        Some(("7.5".to_string(), "2".to_string()))
    );
    assert_eq!(
        region_row(&page, "GB"),
        Some(("10.0".to_string(), "1".to_string()))
    );

    // The show page: beside the watched episode only.
    let show = ann.get("/shows/night-shift").await.body;
    assert!(show.contains("8.3/10 (3)"), "show page average");

    // dan has not watched it: neither numbers nor form, on either page.
    let page = dan.get(EPISODE).await.body;
    assert_eq!(average(&page), None);
    assert!(
        !page.contains("8.3") && !page.contains("7.5"),
        "no average leaks"
    );
    assert!(!page.contains("data-region="));
    assert!(page.contains("once you have watched it"));
    assert!(!dan.get("/shows/night-shift").await.body.contains("8.3"));

    // An anonymous visitor, even where the episode has aired: nothing.
    let anon = app.browser();
    let page = anon.get(EPISODE).await.body;
    assert!(!page.contains("8.3") && !page.contains("class=\"ratings\""));
    assert!(!page.contains("once you have watched it"));
    assert!(!anon.get("/shows/night-shift").await.body.contains("8.3"));

    // dan watches and rates: he sees it all, and GB's average moves.
    watch(&dan).await;
    assert_eq!(rate(&dan, "5").await.status, 303);
    let page = dan.get(EPISODE).await.body;
    assert_eq!(average(&page).as_deref(), Some("7.5"), "30 / 4");
    assert_eq!(
        region_row(&page, "GB"),
        Some(("7.5".to_string(), "2".to_string()))
    );
}
