//! Atom feeds: they parse as Atom, they are spoiler-safe for the region they name (whoever
//! fetches them), hidden content stays out, and conditional GET answers 304.
use atom_syndication::Feed;

use crate::helpers::{thread_id_from, Browser, TestApp};

crate::on_both_backends!(
    feeds_follow_the_region_they_name,
    hidden_content_stays_out_of_feeds,
    conditional_get_answers_not_modified,
    a_feed_keeps_the_newest_fifty,
    bad_requests_and_autodiscovery
);

const ATOM: &str = "application/atom+xml; charset=utf-8";

fn day(offset: i64) -> String {
    let d = time::OffsetDateTime::now_utc().date() + time::Duration::days(offset);
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

/// "Tide": S01E01 aired in the US yesterday and airs in France in ten days.
async fn seed(app: &TestApp) {
    let json = format!(
        r#"{{"shows":[{{"slug":"tide","title":"Tide","seasons":[{{"number":1,"episodes":[
            {{"number":1,"title":"Ebb","air_dates":{{"US":"{}","FR":"{}"}}}}]}}]}}]}}"#,
        day(-1),
        day(10)
    );
    cliffhanger::catalog::import::import_json(&app.db, &json)
        .await
        .expect("import");
}

struct Fetched {
    status: u16,
    content_type: String,
    etag: Option<String>,
    last_modified: Option<String>,
    body: String,
}

async fn fetch(b: &Browser, path: &str, headers: &[(&str, &str)]) -> Fetched {
    let mut req = b.http.get(b.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = req.send().await.expect("GET feed");
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    Fetched {
        status: resp.status().as_u16(),
        content_type: header("content-type").unwrap_or_default(),
        etag: header("etag"),
        last_modified: header("last-modified"),
        body: resp.text().await.unwrap_or_default(),
    }
}

/// The feed at `path`, checked to be Atom that parses and writes back the same.
async fn feed(b: &Browser, path: &str) -> Feed {
    let r = fetch(b, path, &[]).await;
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    assert_eq!(r.content_type, ATOM, "{path}");
    let parsed = Feed::read_from(r.body.as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}"));
    let again = Feed::read_from(parsed.to_string().as_bytes()).expect("round trip");
    assert_eq!(parsed, again, "{path} survives a round trip");
    parsed
}

fn titles(f: &Feed) -> Vec<String> {
    f.entries.iter().map(|e| e.title.value.clone()).collect()
}

/// Everything a reader could see of a feed: titles and content.
fn all_text(f: &Feed) -> String {
    let mut s = f.title.value.clone();
    for e in &f.entries {
        s.push_str(&e.title.value);
        s.push_str(
            e.content
                .as_ref()
                .and_then(|c| c.value.as_deref())
                .unwrap_or(""),
        );
    }
    s
}

async fn new_thread(b: &Browser, fields: &[(&str, &str)]) -> i64 {
    let mut all = vec![("board", "general")];
    all.extend_from_slice(fields);
    let r = b.post("/shows/tide/threads", &all).await;
    assert_eq!(r.status, 303, "{}", r.body);
    thread_id_from(r.location.as_deref().unwrap_or_default())
}

/// Replies and returns the post's id.
async fn reply(b: &Browser, thread: i64, body: &str) -> i64 {
    let r = b
        .post(&format!("/threads/{thread}/posts"), &[("body", body)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let loc = r.location.unwrap_or_default();
    loc.rsplit("#post-")
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no post id in {loc}"))
}

async fn feeds_follow_the_region_they_name(app: TestApp) {
    seed(&app).await;
    let root = app.browser().signed_up("root").await;
    let _ann = app.browser().signed_up("ann").await;
    let open = new_thread(
        &root,
        &[
            ("title", "Harbour talk"),
            ("body", "Waves ||krakenword|| and @ann"),
        ],
    )
    .await;
    let tagged = new_thread(
        &root,
        &[
            ("title", "Ebb thoughts"),
            ("body", "ebbbodyword"),
            ("episode", "s01e01"),
        ],
    )
    .await;
    new_thread(
        &root,
        &[
            ("title", "Guessing ahead"),
            ("body", "guessbodyword"),
            ("spoils", "s01e01"),
        ],
    )
    .await;
    reply(&root, tagged, "ebbreplyword").await;

    // Who asks does not matter: root, signed in and an admin, gets the anonymous feed.
    for b in [&app.browser(), &root] {
        let us = feed(b, "/shows/tide/feed.atom?region=US").await;
        let us_titles = titles(&us);
        for t in ["Harbour talk", "Ebb thoughts", "Guessing ahead"] {
            assert!(
                us_titles.iter().any(|x| x == t),
                "US lacks {t}: {us_titles:?}"
            );
        }
        let fr = feed(b, "/shows/tide/feed.atom?region=fr").await;
        assert_eq!(
            titles(&fr),
            vec!["Harbour talk".to_string()],
            "France sees only the untagged thread"
        );
        let text = all_text(&fr);
        for hidden in [
            "Ebb thoughts",
            "ebbbodyword",
            "Guessing ahead",
            "guessbodyword",
        ] {
            assert!(!text.contains(hidden), "FR feed shows {hidden}: {text}");
        }
        // The default region is the site's default (US).
        assert_eq!(titles(&feed(b, "/shows/tide/feed.atom").await), us_titles);
    }

    let board = feed(
        &app.browser(),
        "/shows/tide/forum/general/feed.atom?region=FR",
    )
    .await;
    assert_eq!(titles(&board), vec!["Harbour talk".to_string()]);

    // The tagged thread's own feed: its posts in the US; only the neutral label in France.
    let us = feed(
        &app.browser(),
        &format!("/threads/{tagged}/feed.atom?region=US"),
    )
    .await;
    assert!(all_text(&us).contains("ebbreplyword"), "{}", all_text(&us));
    assert_eq!(us.entries.len(), 2);
    let fr = feed(
        &app.browser(),
        &format!("/threads/{tagged}/feed.atom?region=FR"),
    )
    .await;
    assert!(fr.entries.is_empty());
    assert!(
        fr.title
            .value
            .contains("hidden until S01E01 airs in France"),
        "{}",
        fr.title.value
    );
    assert!(!all_text(&fr).contains("Ebb thoughts"));

    // The member's feed, as their profile shows them.
    let us = all_text(&feed(&app.browser(), "/users/ROOT/feed.atom?region=US").await);
    assert!(
        us.contains("Ebb thoughts") && us.contains("ebbreplyword"),
        "{us}"
    );
    let fr = all_text(&feed(&app.browser(), "/users/root/feed.atom?region=FR").await);
    for hidden in [
        "Ebb thoughts",
        "ebbbodyword",
        "ebbreplyword",
        "Guessing ahead",
    ] {
        assert!(!fr.contains(hidden), "FR member feed shows {hidden}: {fr}");
    }
    assert!(fr.contains("Harbour talk"), "{fr}");

    // Inline spoilers are out of every feed; links are absolute.
    let open_feed = feed(&app.browser(), &format!("/threads/{open}/feed.atom")).await;
    let raw = fetch(&app.browser(), &format!("/threads/{open}/feed.atom"), &[]).await;
    for text in [all_text(&open_feed), raw.body.clone()] {
        assert!(
            !text.contains("krakenword") && !text.contains("||"),
            "{text}"
        );
    }
    let content = all_text(&open_feed);
    assert!(content.contains("[spoiler]"), "{content}");
    assert!(
        content.contains(&format!("href=\"{}/users/ann\"", app.base)),
        "mention links are absolute: {content}"
    );
    let entry = &open_feed.entries[0];
    assert_eq!(entry.links[0].href, entry.id);
    let link = format!("{}/threads/{open}?page=1#post-", app.base);
    assert!(entry.id.starts_with(&link), "{} is absolute", entry.id);
    assert!(entry.id.starts_with("http://"), "{}", entry.id);
    assert!(open_feed.links.iter().any(|l| l.rel == "self"
        && l.href
            .ends_with(&format!("/threads/{open}/feed.atom?region=US"))));
}

async fn hidden_content_stays_out_of_feeds(app: TestApp) {
    seed(&app).await;
    let root = app.browser().signed_up("root").await;
    let ann = app.browser().signed_up("ann").await;
    let r = root
        .post(
            "/shows/tide/mod/filters",
            &[("pattern", "holdword"), ("action", "hold")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let t = new_thread(&root, &[("title", "Kept thread"), ("body", "keptbody")]).await;
    let removed = new_thread(
        &root,
        &[("title", "Removed title"), ("body", "removedbody")],
    )
    .await;
    new_thread(
        &root,
        &[("title", "Held holdword title"), ("body", "heldthreadbody")],
    )
    .await;
    reply(&ann, t, "visiblereply").await;
    reply(&ann, t, "a holdword reply").await;
    let gone = reply(&ann, t, "deletedreply").await;
    reply(&ann, t, "modremovedreply").await;
    let r = ann.post(&format!("/posts/{gone}/delete"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = root
        .post(
            &format!("/threads/{removed}/mod"),
            &[("action", "remove"), ("reason", "off topic")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let removed_post = sqlx::query("SELECT id FROM posts WHERE body_src = 'modremovedreply'")
        .fetch_one(&app.db.pool)
        .await
        .map(|r| sqlx::Row::get::<i64, _>(&r, 0))
        .expect("post");
    let r = root
        .post(
            &format!("/posts/{removed_post}/mod"),
            &[("action", "remove"), ("reason", "rude")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // Even the admin, who sees all of it on the pages, gets the anonymous feeds.
    for b in [&app.browser(), &root, &ann] {
        let thread = all_text(&feed(b, &format!("/threads/{t}/feed.atom")).await);
        assert!(thread.contains("visiblereply"), "{thread}");
        for hidden in ["holdword", "deletedreply", "modremovedreply"] {
            assert!(
                !thread.contains(hidden),
                "thread feed shows {hidden}: {thread}"
            );
        }
        let show = all_text(&feed(b, "/shows/tide/feed.atom").await);
        assert!(show.contains("Kept thread"), "{show}");
        for hidden in ["Removed title", "removedbody", "holdword", "heldthreadbody"] {
            assert!(!show.contains(hidden), "show feed shows {hidden}: {show}");
        }
        let member = all_text(&feed(b, "/users/ann/feed.atom").await);
        assert!(member.contains("visiblereply"), "{member}");
        for hidden in ["holdword", "deletedreply", "modremovedreply"] {
            assert!(
                !member.contains(hidden),
                "member feed shows {hidden}: {member}"
            );
        }
        let gone = feed(b, &format!("/threads/{removed}/feed.atom")).await;
        assert!(gone.entries.is_empty());
        assert!(!all_text(&gone).contains("Removed title"));
    }
}

async fn conditional_get_answers_not_modified(app: TestApp) {
    seed(&app).await;
    let root = app.browser().signed_up("root").await;
    let t = new_thread(&root, &[("title", "Cached"), ("body", "first")]).await;
    let visitor = app.browser();
    let path = format!("/threads/{t}/feed.atom");
    let first = fetch(&visitor, &path, &[]).await;
    assert_eq!(first.status, 200);
    let etag = first.etag.clone().expect("ETag");
    let modified = first.last_modified.clone().expect("Last-Modified");

    let same = fetch(&visitor, &path, &[("If-None-Match", &etag)]).await;
    assert_eq!(same.status, 304);
    assert!(same.body.is_empty());
    assert_eq!(same.etag.as_deref(), Some(etag.as_str()));
    let other = fetch(&visitor, &path, &[("If-None-Match", "\"something-else\"")]).await;
    assert_eq!(other.status, 200);
    assert!(!other.body.is_empty());
    assert_eq!(
        fetch(&visitor, &path, &[("If-Modified-Since", &modified)])
            .await
            .status,
        304
    );
    let old = "Mon, 01 Jan 2001 00:00:00 GMT";
    assert_eq!(
        fetch(&visitor, &path, &[("If-Modified-Since", old)])
            .await
            .status,
        200
    );
    // If-None-Match wins over a date that would match.
    let both = [
        ("If-None-Match", "\"nope\""),
        ("If-Modified-Since", modified.as_str()),
    ];
    assert_eq!(fetch(&visitor, &path, &both).await.status, 200);
    // Another region is another representation.
    let fr = fetch(&visitor, &format!("{path}?region=FR"), &[]).await;
    assert_ne!(fr.etag.as_deref(), Some(etag.as_str()));

    // A new reply changes the feed: the old validator no longer matches.
    reply(&root, t, "second").await;
    let after = fetch(&visitor, &path, &[("If-None-Match", &etag)]).await;
    assert_eq!(after.status, 200);
    assert!(after.body.contains("second"));
    assert_ne!(after.etag.as_deref(), Some(etag.as_str()));
}

async fn a_feed_keeps_the_newest_fifty(app: TestApp) {
    seed(&app).await;
    let root = app.browser().signed_up("root").await;
    let t = new_thread(&root, &[("title", "Long one"), ("body", "post 1")]).await;
    for n in 2..=52 {
        reply(&root, t, &format!("post {n}")).await;
    }
    let f = feed(&app.browser(), &format!("/threads/{t}/feed.atom")).await;
    assert_eq!(f.entries.len(), 50, "MAX_ENTRIES");
    let body = |i: usize| {
        f.entries[i]
            .content
            .as_ref()
            .and_then(|c| c.value.clone())
            .unwrap_or_default()
    };
    assert!(
        body(0).contains("<p>post 52</p>"),
        "newest first: {}",
        body(0)
    );
    assert!(body(49).contains("<p>post 3</p>"), "{}", body(49));
}

async fn bad_requests_and_autodiscovery(app: TestApp) {
    seed(&app).await;
    let root = app.browser().signed_up("root").await;
    let t = new_thread(&root, &[("title", "Found"), ("body", "here")]).await;
    let visitor = app.browser();
    for region in ["FRA", "f1", "", "%20"] {
        let r = fetch(
            &visitor,
            &format!("/threads/{t}/feed.atom?region={region}"),
            &[],
        )
        .await;
        assert_eq!(r.status, 400, "region {region:?}: {}", r.body);
    }
    for path in [
        "/shows/nope/feed.atom",
        "/shows/tide/forum/nope/feed.atom",
        "/threads/999999/feed.atom",
        "/threads/abc/feed.atom",
        "/users/nobody/feed.atom",
    ] {
        assert_eq!(fetch(&visitor, path, &[]).await.status, 404, "{path}");
    }

    let link = |path: &str, region: &str| {
        format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{{}}\" href=\"{path}/feed.atom?region={region}\">"
        )
    };
    for (page, feed_path) in [
        (format!("/threads/{t}"), format!("/threads/{t}")),
        ("/shows/tide".to_string(), "/shows/tide".to_string()),
        ("/shows/tide/forum".to_string(), "/shows/tide".to_string()),
        (
            "/shows/tide/forum/general".to_string(),
            "/shows/tide/forum/general".to_string(),
        ),
        ("/users/root".to_string(), "/users/root".to_string()),
    ] {
        let body = visitor.get(&page).await.body;
        let want = link(&feed_path, "US");
        let (before, after) = want.split_once("{}").expect("template");
        let at = body
            .find(before)
            .unwrap_or_else(|| panic!("{page} lacks {before}: {body}"));
        assert!(body[at..].contains(after), "{page}: {body}");
        assert!(body[..at].contains("<head>") && !body[..at].contains("</head>"));
    }
    // A visitor from France is offered the French feed.
    let fr = app.browser();
    assert_eq!(fr.post("/region", &[("region", "FR")]).await.status, 303);
    let body = fr.get(&format!("/threads/{t}")).await.body;
    assert!(
        body.contains(&format!("href=\"/threads/{t}/feed.atom?region=FR\"")),
        "{body}"
    );
}
