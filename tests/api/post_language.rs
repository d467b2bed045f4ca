//! Post languages: detected when written, changed by the author, shown as `lang`
//! attributes, and filtering thread lists and search.
use cliffhanger::search::service::{Search, SearchOptions};
use cliffhanger::search::SearchQuery;

use crate::helpers::{Browser, TestApp};

crate::on_both_backends!(
    a_reply_is_detected_and_its_author_can_change_it,
    short_posts_take_the_authors_interface_language,
    thread_lists_filter_by_language_across_pages,
    search_filters_by_language_also_after_a_reindex,
    unknown_languages_are_refused,
);

const ENGLISH: &str =
    "Marcus drove the ambulance through the blizzard and honestly everyone was terrified.";
const FRENCH: &str =
    "Marcus a conduit l'ambulance dans la tempête et franchement tout le monde avait peur.";

/// The `<article>` tag of post `id` on a thread page.
fn article_tag(page: &str, id: i64) -> String {
    let marker = format!("id=\"post-{id}\"");
    let at = page
        .find(&marker)
        .unwrap_or_else(|| panic!("post {id} is not on the page"));
    let start = page[..at].rfind("<article").expect("an article tag");
    let end = at + page[at..].find('>').expect("end of tag");
    page[start..=end].to_string()
}

/// The post id in a reply's `Location` (`/threads/1?page=1#post-7`).
fn post_id(location: &str) -> i64 {
    location
        .rsplit("#post-")
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a post location: {location}"))
}

async fn reply(b: &Browser, thread: i64, body: &str, lang: &str) -> i64 {
    let r = b
        .post(
            &format!("/threads/{thread}/posts"),
            &[("body", body), ("lang", lang)],
        )
        .await;
    assert_eq!(r.status, 303, "reply: {}", r.body);
    post_id(r.location.as_deref().unwrap_or_default())
}

async fn a_reply_is_detected_and_its_author_can_change_it(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("admin").await;
    let thread = admin
        .new_thread("night-shift", "general", "The storm episode", ENGLISH)
        .await;
    let fr = reply(&admin, thread, FRENCH, "").await;
    let page = admin.get(&format!("/threads/{thread}")).await.body;
    assert!(article_tag(&page, fr).contains(r#"lang="fr""#), "{page}");
    let first = page
        .split("id=\"post-")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|id| id.parse::<i64>().ok())
        .expect("the opening post");
    assert!(article_tag(&page, first).contains(r#"lang="en""#));
    // The form offers detection first and every supported language.
    assert!(page.contains(r#"<option value="">Detect automatically</option>"#));

    // The author says it is Spanish: it stays Spanish although the text reads French.
    let r = admin
        .post(
            &format!("/posts/{fr}/edit"),
            &[("body", FRENCH), ("lang", "es")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = admin.get(&format!("/threads/{thread}")).await.body;
    assert!(article_tag(&page, fr).contains(r#"lang="es""#));
    // The edit form comes back with the choice selected, so saving it again keeps it.
    let form = admin.get(&format!("/posts/{fr}/edit")).await.body;
    assert!(
        form.contains(r#"<option value="es" lang="es" selected>"#),
        "{form}"
    );
    let edited = format!("{FRENCH} Et la suite est encore meilleure.");
    let r = admin
        .post(
            &format!("/posts/{fr}/edit"),
            &[("body", edited.as_str()), ("lang", "es")],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = admin.get(&format!("/threads/{thread}")).await.body;
    assert!(article_tag(&page, fr).contains(r#"lang="es""#));
    // Back to "detect automatically": the text decides again.
    let r = admin
        .post(
            &format!("/posts/{fr}/edit"),
            &[("body", edited.as_str()), ("lang", "")],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = admin.get(&format!("/threads/{thread}")).await.body;
    assert!(article_tag(&page, fr).contains(r#"lang="fr""#));
    let form = admin.get(&format!("/posts/{fr}/edit")).await.body;
    // The post's language select, not the footer's interface-language switcher.
    let select = form
        .split("<select name=\"lang\">")
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
        .expect("the edit form has a language select");
    assert!(
        !select.contains(" selected>"),
        "a detected language is not a choice: {select}"
    );

    // Profiles mark each reply's excerpt with its language.
    let profile = app.browser().get("/users/admin").await.body;
    assert!(
        profile.contains(r#"<span lang="fr">Marcus a conduit"#),
        "{profile}"
    );
}

async fn short_posts_take_the_authors_interface_language(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("admin").await;
    let thread = admin
        .new_thread("night-shift", "general", "The storm episode", ENGLISH)
        .await;
    let ann = app.browser().signed_up("ann").await;
    let r = ann
        .post("/settings/profile", &[("bio", ""), ("language", "fr")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let short = reply(&ann, thread, "Oui !", "").await;
    let by_admin = reply(&admin, thread, "Oui !", "").await;
    let page = admin.get(&format!("/threads/{thread}")).await.body;
    assert!(article_tag(&page, short).contains(r#"lang="fr""#));
    assert!(article_tag(&page, by_admin).contains(r#"lang="en""#));
    // A long text is detected whatever the interface language.
    let long = reply(&ann, thread, ENGLISH, "").await;
    let page = admin.get(&format!("/threads/{thread}")).await.body;
    assert!(article_tag(&page, long).contains(r#"lang="en""#));
}

async fn thread_lists_filter_by_language_across_pages(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("admin").await;
    let english = admin
        .new_thread("night-shift", "general", "The storm episode", ENGLISH)
        .await;
    // One more French thread than a page holds.
    let per_page = cliffhanger::db::forum::THREADS_PER_PAGE;
    let mut french = Vec::new();
    for i in 0..=per_page {
        let title = format!("L'épisode de la tempête, partie {i}");
        french.push(
            admin
                .new_thread("night-shift", "general", &title, FRENCH)
                .await,
        );
    }
    // The author chose the language of this one: Spanish, whatever the text says.
    let r = admin
        .post(
            "/shows/night-shift/threads",
            &[
                ("title", "Otra vez"),
                ("body", FRENCH),
                ("board", "general"),
                ("lang", "es"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let spanish = crate::helpers::thread_id_from(r.location.as_deref().unwrap_or_default());

    let anon = app.browser();
    for list in [
        "/shows/night-shift/forum",
        "/shows/night-shift/forum/general",
    ] {
        let first = anon.get(&format!("{list}?lang=fr")).await;
        assert_eq!(first.status, 200);
        let page = first.body;
        assert!(!page.contains(&format!("/threads/{english}\"")), "{list}");
        assert!(!page.contains(&format!("/threads/{spanish}\"")), "{list}");
        assert!(page.contains(r#"<option value="fr" lang="fr" selected>"#));
        // The newest French threads fill page 1, their titles marked French; the pager
        // keeps the filter.
        let newest = french[per_page as usize];
        assert!(
            page.contains(&format!(r#"href="/threads/{newest}" lang="fr">"#)),
            "{page}"
        );
        assert!(!page.contains(&format!("/threads/{}\"", french[0])));
        assert!(page.contains("href=\"?page=2&#38;lang=fr\""), "{page}");
        let second = anon.get(&format!("{list}?page=2&lang=fr")).await.body;
        assert!(
            second.contains(&format!("/threads/{}\"", french[0])),
            "{second}"
        );
        assert!(!second.contains(&format!("/threads/{english}\"")));
        let es = anon.get(&format!("{list}?lang=es")).await.body;
        assert!(es.contains(&format!("/threads/{spanish}\"")));
        assert!(!es.contains(&format!("/threads/{english}\"")));
        assert!(!es.contains(&format!("/threads/{}\"", french[0])));
    }
    // Without a filter every thread is listed.
    let all = anon.get("/shows/night-shift/forum?page=2").await.body;
    assert!(all.contains(&format!("/threads/{english}\"")));
}

async fn search_filters_by_language_also_after_a_reindex(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("admin").await;
    let thread = admin
        .new_thread("night-shift", "general", "The storm episode", ENGLISH)
        .await;
    let fr = reply(&admin, thread, FRENCH, "").await;
    let anon = app.browser();
    crate::search_wait(&anon, "/search?q=marcus", |p| {
        p.contains(&format!("/threads/{thread}\"")) && p.contains(&format!("#post-{fr}\""))
    })
    .await;
    for path in [
        "/search?q=marcus&lang=fr",
        "/shows/night-shift/search?q=marcus&lang=fr",
    ] {
        let page = anon.get(path).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains(&format!("#post-{fr}\"")), "{path}");
        assert!(
            !page.body.contains(&format!("/threads/{thread}\"")),
            "{path}"
        );
        assert!(page.body.contains(r#"<div lang="fr">"#), "hits carry lang");
        assert!(page
            .body
            .contains(r#"<option value="fr" lang="fr" selected>"#));
    }
    let en = anon.get("/search?q=marcus&lang=en").await.body;
    assert!(en.contains(&format!("/threads/{thread}\"")));
    assert!(!en.contains(&format!("#post-{fr}\"")));

    // A rebuild from the database (what `cliffhanger reindex` runs) carries the languages.
    let dir = tempfile::tempdir().expect("temp dir");
    let options = SearchOptions {
        data_dir: dir.path().to_path_buf(),
        meili_url: None,
        meili_key: None,
    };
    let search = Search::open(&options, app.db.clone()).expect("search");
    cliffhanger::search::reindex::run(&app.db, &search, None, false)
        .await
        .expect("reindex");
    let q = SearchQuery {
        text: "marcus".into(),
        lang: Some("fr".into()),
        limit: 10,
        ..Default::default()
    };
    let (res, _) = search.search(&q).await.expect("search");
    let ids: Vec<&str> = res.hits.iter().map(|h| h.doc.id.as_str()).collect();
    assert_eq!(ids, [format!("post-{fr}")]);
    assert_eq!(res.hits[0].doc.lang.as_deref(), Some("fr"));
}

async fn unknown_languages_are_refused(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("admin").await;
    let thread = admin
        .new_thread("night-shift", "general", "The storm episode", ENGLISH)
        .await;
    let anon = app.browser();
    for path in [
        "/shows/night-shift/forum?lang=xx",
        "/shows/night-shift/forum/general?lang=und",
        "/search?q=marcus&lang=klingon",
        "/shows/night-shift/search?q=marcus&lang=xx",
    ] {
        let r = anon.get(path).await;
        assert_eq!(r.status, 400, "{path}");
        assert!(r.body.contains("Unknown language"), "{path}: {}", r.body);
    }
    // Forms: refused, shown again with what was typed, and nothing saved.
    let posts = app.count("posts").await;
    let r = admin
        .post(
            &format!("/threads/{thread}/posts"),
            &[("body", "Mon texte à garder"), ("lang", "xx")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Unknown language"));
    assert!(r.body.contains("Mon texte à garder"));
    let r = admin
        .post(
            "/shows/night-shift/threads",
            &[
                ("title", "Un titre gardé"),
                ("body", FRENCH),
                ("board", "general"),
                ("lang", "zz"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Un titre gardé"));
    let page = admin.get(&format!("/threads/{thread}")).await.body;
    let first = page
        .split("id=\"post-")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|id| id.parse::<i64>().ok())
        .expect("the opening post");
    let r = admin
        .post(
            &format!("/posts/{first}/edit"),
            &[("body", "Texte modifié"), ("lang", "xx")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Texte modifié"));
    assert_eq!(app.count("posts").await, posts);
    let page = admin.get(&format!("/threads/{thread}")).await.body;
    assert!(
        page.contains("honestly everyone was terrified"),
        "the edit was not saved"
    );
}
