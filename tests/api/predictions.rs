//! Sealed predictions as fans meet them: a prediction names an episode still to come, can be
//! edited until that episode first airs and is locked after; it is sealed behind a label
//! (in lists, on its page, in search, feeds, the API and profiles) for every viewer until
//! they have watched the episode and it has aired in their region, its author excepted; once
//! the episode aired, its author or a moderator marks it, and the leaderboard counts.
use crate::helpers::{escaped, Browser, TestApp};

crate::on_both_backends!(
    a_prediction_is_editable_until_its_episode_first_airs,
    a_prediction_is_sealed_until_watched_and_aired_here,
    the_leaderboard_counts_predictions_marked_right,
);

const SECRET_TITLE: &str = "The keeper is her father";
const SECRET_BODY: &str = "Quillfeather reveals the keeper as Nora's father.";

/// An instant `minutes` from now (negative: ago) as RFC 3339 with seconds, in UTC.
fn at(minutes: i64) -> String {
    crate::helpers::rfc3339(cliffhanger::time_util::now_ms() + minutes * 60_000)
}

/// "Oracle" with S01E01 airing in the US and in Germany at the given times (RFC 3339), and
/// S01E02 far in the future. Importing again moves the air times (the import replaces them).
async fn import(app: &TestApp, us: &str, de: &str) {
    let json = format!(
        r#"{{"shows":[{{"slug":"oracle","title":"Oracle","seasons":[{{"number":1,"episodes":[
            {{"number":1,"title":"Omen","air_dates":{{"US":"{us}","DE":"{de}"}}}},
            {{"number":2,"title":"Later","air_dates":{{"US":"{}"}}}}]}}]}}]}}"#,
        at(60 * 24 * 90)
    );
    cliffhanger::catalog::import::import_json(&app.db, &json)
        .await
        .expect("import");
}

async fn predict(b: &Browser, title: &str, body: &str, episode: &str) -> crate::helpers::Resp {
    b.post(
        "/shows/oracle/threads",
        &[
            ("title", title),
            ("body", body),
            ("board", "predictions"),
            ("episode", episode),
        ],
    )
    .await
}

async fn prediction(b: &Browser, title: &str, body: &str) -> i64 {
    let r = predict(b, title, body, "s01e01").await;
    assert_eq!(r.status, 303, "{}", r.body);
    crate::helpers::thread_id_from(r.location.as_deref().unwrap_or_default())
}

/// The id of the first post a thread page shows.
fn first_post(page: &str) -> i64 {
    let marker = "id=\"post-";
    let start = page.find(marker).expect("a post on the page") + marker.len();
    page[start..]
        .split('"')
        .next()
        .and_then(|id| id.parse().ok())
        .expect("post id")
}

async fn watch(b: &Browser, code: &str) {
    let r = b
        .post(
            &format!("/shows/oracle/episodes/{code}/watched"),
            &[("action", "watch")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
}

async fn mark(b: &Browser, thread: i64, outcome: &str) -> crate::helpers::Resp {
    b.post(
        &format!("/threads/{thread}/prediction"),
        &[("outcome", outcome)],
    )
    .await
}

async fn a_prediction_is_editable_until_its_episode_first_airs(app: TestApp) {
    // Airs in the US tomorrow, in Germany next month.
    import(&app, &at(60 * 24), &at(60 * 24 * 30)).await;
    let _admin = app.browser().signed_up("admin").await;
    let seer = app.browser().signed_up("seer").await;
    let other = app.browser().signed_up("other").await;

    // A prediction must name its episode, and one still to come.
    let r = predict(&seer, "A guess", "about nothing", "").await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("names the episode"), "{}", r.body);
    assert!(r.body.contains("about nothing"), "the form is kept");
    let r = predict(&seer, "A later guess", "about the second", "s01e02").await;
    assert_eq!(r.status, 303, "S01E02 is months away: {}", r.body);

    let t = prediction(&seer, SECRET_TITLE, SECRET_BODY).await;
    let page = seer.get(&format!("/threads/{t}")).await.body;
    assert!(page.contains("Prediction for S01E01"), "{page}");
    assert!(page.contains("Can be edited until the episode first airs"));
    let post = first_post(&page);
    let r = seer
        .post(
            &format!("/posts/{post}/edit"),
            &[("body", "Edited: the keeper is her uncle.")],
        )
        .await;
    assert_eq!(r.status, 303, "editable before the airing: {}", r.body);
    // Nothing to mark before the episode aired.
    let r = mark(&seer, t, "right").await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.body.contains("only after its episode has first aired"));

    // The US airing was a minute ago; Germany still waits: the first airing anywhere locks it.
    import(&app, &at(-1), &at(60 * 24 * 30)).await;
    let page = seer.get(&format!("/threads/{t}")).await.body;
    assert!(page.contains("Locked"), "{page}");
    assert!(page.contains("Edited: the keeper is her uncle."));
    assert!(
        !page.contains(&format!("/posts/{post}/edit")),
        "no edit link"
    );
    let r = seer
        .post(
            &format!("/posts/{post}/edit"),
            &[("body", "Sneaky: the keeper is her brother.")],
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.body.contains("locked"), "{}", r.body);
    assert!(
        r.body.contains("Sneaky: the keeper is her brother."),
        "the form is kept"
    );
    let r = seer.post(&format!("/posts/{post}/delete"), &[]).await;
    assert_eq!(r.status, 409, "{}", r.body);
    let page = seer.get(&format!("/threads/{t}")).await.body;
    assert!(page.contains("Edited: the keeper is her uncle."));
    assert!(!page.contains("Sneaky"));
    // Replies stay open (sealed with the prediction).
    let r = other
        .post(&format!("/threads/{t}/posts"), &[("body", "We will see.")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // A new prediction for an episode that aired is refused.
    let r = predict(&seer, "Hindsight", "I knew it all along", "s01e01").await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("already aired"), "{}", r.body);

    // Now it can be marked, by its author only (or a moderator).
    let r = mark(&other, t, "wrong").await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = mark(&seer, t, "certainly").await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = mark(&seer, t, "partly").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = seer.get(&format!("/threads/{t}")).await.body;
    assert!(page.contains("Marked partly right."), "{page}");
    let r = seer
        .post_raw(&format!("/threads/{t}/prediction"), &[("outcome", "right")])
        .await;
    assert_eq!(r.status, 403, "no CSRF token, no mark");
}

async fn a_prediction_is_sealed_until_watched_and_aired_here(app: TestApp) {
    // Airs in the US in a minute (so it can still be predicted), in Germany next month.
    import(&app, &at(1), &at(60 * 24 * 30)).await;
    let _admin = app.browser().signed_up("admin").await;
    let seer = app.browser().signed_up("seer").await;
    let t = prediction(&seer, SECRET_TITLE, SECRET_BODY).await;
    // The US airing is now past.
    import(&app, &at(-10), &at(60 * 24 * 30)).await;

    let us_fan = app.browser().signed_up("usfan").await;
    watch(&us_fan, "s01e01").await;
    let unwatched = app.browser().signed_up("unwatched").await;
    let de_fan = app.browser().signed_up("defan").await;
    assert_eq!(
        de_fan.post("/region", &[("region", "DE")]).await.status,
        303
    );
    watch(&de_fan, "s01e01").await;
    let anonymous = app.browser();
    // A reply that mentions a fan notifies them; the notification names no sealed title.
    let r = seer
        .post(
            &format!("/threads/{t}/posts"),
            &[("body", "@unwatched what do you think?")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // Search finds it for the fan who may read it (the index fills asynchronously).
    crate::search_wait(&us_fan, "/shows/oracle/search?q=quillfeather", |p| {
        p.contains("Quillfeather")
    })
    .await;

    let title = escaped(SECRET_TITLE);
    // The part of the body without characters that HTML escaping changes.
    let body = "Quillfeather reveals the keeper";
    for (who, b, label) in [
        (
            "a fan who has not watched",
            &unwatched,
            "Prediction for S01E01 · sealed until you have watched S01E01",
        ),
        (
            "a fan in a region where it has not aired",
            &de_fan,
            "Prediction for S01E01 · sealed until S01E01 has aired in your region (Germany)",
        ),
        (
            "an anonymous visitor",
            &anonymous,
            "Prediction for S01E01 · sealed until you have watched S01E01",
        ),
    ] {
        let label = escaped(label);
        let list = b.get("/shows/oracle/forum/predictions").await.body;
        assert!(
            list.contains(&label),
            "{who}: the list shows the seal: {list}"
        );
        assert!(!list.contains(&title), "{who}: no title in the list");
        assert!(
            !list.contains(&format!("/threads/{t}?reveal=1")),
            "{who}: a seal has no show anyway"
        );
        let forum = b.get("/shows/oracle/forum").await.body;
        assert!(!forum.contains(&title), "{who}: no title in the forum");
        let home = b.get("/").await.body;
        assert!(!home.contains(&title), "{who}: no title on the home page");
        for path in [format!("/threads/{t}"), format!("/threads/{t}?reveal=1")] {
            let page = b.get(&path).await;
            assert_eq!(page.status, 200);
            assert!(page.body.contains(&label), "{who}: {path}: {}", page.body);
            assert!(
                !page.body.contains(&title) && !page.body.contains(body),
                "{who}: {path} shows nothing of it"
            );
            assert!(!page.body.contains("Show anyway"), "{who}: {path}");
        }
        for path in [
            "/shows/oracle/search?q=quillfeather",
            "/shows/oracle/search?q=quillfeather&spoilers=show",
            "/search?q=quillfeather",
        ] {
            let page = b.get(path).await.body;
            assert!(!page.contains("Quillfeather"), "{who}: {path}: {page}");
        }
        if b.session_cookie().is_some() {
            let notes = b.get("/notifications").await.body;
            assert!(!notes.contains(&title), "{who}: {notes}");
        }
        let profile = b.get("/users/seer").await.body;
        assert!(
            !profile.contains(&title) && !profile.contains("Quillfeather"),
            "{who}: the profile keeps it sealed"
        );
        let api = b.get(&format!("/api/v1/threads/{t}")).await;
        assert_eq!(api.status, 200);
        assert!(!api.body.contains(SECRET_TITLE), "{who}: {}", api.body);
        let api = b.get(&format!("/api/v1/threads/{t}/posts")).await;
        assert_eq!(api.status, 403, "{who}: {}", api.body);
        assert!(!api.body.contains("Quillfeather"));
    }
    // Feeds are read anonymously: sealed whatever the region.
    for region in ["US", "DE"] {
        for path in [
            format!("/shows/oracle/feed.atom?region={region}"),
            format!("/shows/oracle/forum/predictions/feed.atom?region={region}"),
            format!("/threads/{t}/feed.atom?region={region}"),
            format!("/users/seer/feed.atom?region={region}"),
        ] {
            let feed = anonymous.get(&path).await;
            assert_eq!(feed.status, 200, "{path}");
            assert!(
                !feed.body.contains("keeper is her father") && !feed.body.contains("Quillfeather"),
                "{path}: {}",
                feed.body
            );
        }
    }

    let notes = unwatched.get("/notifications").await.body;
    assert!(notes.contains("seer"), "the mention was notified: {notes}");

    // Watched, and aired in the US: open.
    let page = us_fan.get(&format!("/threads/{t}")).await.body;
    assert!(page.contains(&title) && page.contains(body), "{page}");
    let list = us_fan.get("/shows/oracle/forum/predictions").await.body;
    assert!(list.contains(&title));
    // The author always reads their own, without having watched.
    let page = seer.get(&format!("/threads/{t}")).await.body;
    assert!(page.contains(&title) && page.contains(body), "{page}");
    let found = seer.get("/shows/oracle/search?q=quillfeather").await.body;
    assert!(found.contains("Quillfeather"), "{found}");
    // Once the German fan's region has it too, their seal opens.
    assert_eq!(
        de_fan.post("/region", &[("region", "US")]).await.status,
        303
    );
    let page = de_fan.get(&format!("/threads/{t}")).await.body;
    assert!(page.contains(body), "{page}");
}

async fn the_leaderboard_counts_predictions_marked_right(app: TestApp) {
    import(&app, &at(1), &at(60 * 24 * 30)).await;
    let admin = app.browser().signed_up("admin").await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let carl = app.browser().signed_up("carl").await;
    let ann1 = prediction(&ann, "Ann one", "first guess").await;
    let ann2 = prediction(&ann, "Ann two", "second guess").await;
    let ann3 = prediction(&ann, "Ann three", "third guess").await;
    let bob1 = prediction(&bob, "Bob one", "bob's guess").await;
    let bob2 = prediction(&bob, "Bob two", "bob's other guess").await;
    let _carl = prediction(&carl, "Carl one", "never marked").await;
    let board = app
        .browser()
        .get("/shows/oracle/forum/predictions")
        .await
        .body;
    assert!(board.contains("/shows/oracle/forum/predictions/leaderboard"));
    let empty = app
        .browser()
        .get("/shows/oracle/forum/predictions/leaderboard")
        .await
        .body;
    assert!(
        empty.contains("No prediction has been marked yet."),
        "{empty}"
    );

    import(&app, &at(-5), &at(60 * 24 * 30)).await;
    for (b, t, outcome) in [
        (&ann, ann1, "right"),
        (&ann, ann2, "right"),
        (&ann, ann3, "partly"),
        (&bob, bob1, "wrong"),
        // A moderator marks someone else's prediction.
        (&admin, bob2, "right"),
        // Marking again replaces the mark.
        (&ann, ann3, "wrong"),
        (&ann, ann3, "partly"),
    ] {
        let r = mark(b, t, outcome).await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let page = app
        .browser()
        .get("/shows/oracle/forum/predictions/leaderboard")
        .await;
    assert_eq!(page.status, 200);
    let rows: Vec<&str> = page
        .body
        .split("<tr class=\"leader\">")
        .skip(1)
        .map(|r| r.split("</tr>").next().unwrap_or_default())
        .collect();
    assert_eq!(
        rows.len(),
        2,
        "only marked predictions count: {}",
        page.body
    );
    let cells = |row: &str| -> Vec<String> {
        row.split("<td")
            .skip(1)
            .map(|c| {
                let inner = c.split_once('>').map(|(_, v)| v).unwrap_or_default();
                let inner = inner.split("</td>").next().unwrap_or_default();
                // The name is a link to the profile.
                inner
                    .rsplit_once("\">")
                    .map(|(_, v)| v.trim_end_matches("</a>"))
                    .unwrap_or(inner)
                    .to_string()
            })
            .collect()
    };
    assert_eq!(cells(rows[0]), ["1", "ann", "2", "1", "0"], "{}", rows[0]);
    assert_eq!(cells(rows[1]), ["2", "bob", "1", "0", "1"], "{}", rows[1]);
    // The moderator's mark is in the show's mod log.
    let log = admin.get("/shows/oracle/modlog").await.body;
    assert!(
        log.contains("mark prediction") && log.contains(&format!("thread #{bob2}: right")),
        "{log}"
    );
}
