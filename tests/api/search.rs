//! Search with the embedded engine against the real server.
use async_trait::async_trait;
use cliffhanger::search::{
    SearchDoc, SearchEngine, SearchError, SearchQuery, SearchResults, Synonyms,
};

use crate::helpers::{escaped, Backend, Browser, ChildServer, TestApp};

crate::on_both_backends!(
    finds_by_word_typo_prefix_synonym_within_its_show,
    site_wide_search_keeps_each_shows_synonyms_and_forgets_deletes,
    edits_and_deletes_reach_the_index,
    filters_narrow_and_snippets_are_inert,
    bad_queries_get_friendly_pages,
    engine_outage_keeps_the_outbox,
);

fn count(page: &str) -> usize {
    page.split("class=\"meta result-count\">")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX)
}

async fn finds_by_word_typo_prefix_synonym_within_its_show(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("admin").await;
    let t1 = admin
        .new_thread(
            "night-shift",
            "general",
            "Storm night",
            "Marcus drove the ambulance through the blizzard.",
        )
        .await;
    admin
        .new_thread(
            "far-shore",
            "general",
            "Other show",
            "A blizzard on the far shore too.",
        )
        .await;
    let anon = app.browser();
    let page = crate::search_wait(&anon, "/shows/night-shift/search?q=blizzard", |p| {
        p.contains(&format!("/threads/{t1}"))
    })
    .await;
    assert_eq!(count(&page), 1, "only its own show's post");
    assert!(page.contains("<mark>blizzard</mark>"));
    // Site-wide search finds both shows.
    let all = crate::search_wait(&anon, "/search?q=blizzard", |p| count(p) == 2).await;
    assert!(all.contains("Night Shift") && all.contains("Far Shore"));
    // One typo in an 8-letter word, a transposition, and a prefix of the last word.
    for q in ["blizard", "ambualnce", "ambul"] {
        let p = anon
            .get(&format!("/shows/night-shift/search?q={q}"))
            .await
            .body;
        assert!(p.contains(&format!("/threads/{t1}")), "{q} finds the post");
    }
    // Too many typos for a short word find nothing.
    assert_eq!(
        count(&anon.get("/shows/night-shift/search?q=blxzzrd").await.body),
        0
    );
    // Synonyms work both ways once a moderator adds them.
    assert_eq!(
        count(&anon.get("/shows/night-shift/search?q=doc").await.body),
        0
    );
    let saved = admin
        .post(
            "/shows/night-shift/search/settings",
            &[("synonyms", "doc = marcus")],
        )
        .await;
    assert_eq!(saved.status, 303);
    let p = anon.get("/shows/night-shift/search?q=doc").await.body;
    assert!(
        p.contains(&format!("/threads/{t1}")) && p.contains("<mark>Marcus</mark>"),
        "nickname finds full name"
    );
    let t2 = admin
        .new_thread(
            "night-shift",
            "general",
            "Doc is back",
            "The doc returns in episode two.",
        )
        .await;
    crate::search_wait(&anon, "/shows/night-shift/search?q=marcus", |p| {
        p.contains(&format!("/threads/{t2}"))
    })
    .await;
    // Another show's synonyms do not apply.
    assert_eq!(
        count(&anon.get("/shows/far-shore/search?q=doc").await.body),
        0
    );
    // Episodes are searchable too.
    let ep = crate::search_wait(&anon, "/shows/night-shift/search?q=pilot", |p| {
        count(p) >= 1
    })
    .await;
    assert!(ep.contains("/shows/night-shift/episodes/s01e01"));
}

async fn site_wide_search_keeps_each_shows_synonyms_and_forgets_deletes(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("admin").await;
    let night = admin
        .new_thread(
            "night-shift",
            "general",
            "Night drive",
            "Quillon parks the ambulance.",
        )
        .await;
    let far = admin
        .new_thread(
            "far-shore",
            "general",
            "Harbour day",
            "Quillon the fisherman.",
        )
        .await;
    let r = admin
        .post(
            &format!("/threads/{far}/posts"),
            &[("body", "a lone pelican on the jetty")],
        )
        .await;
    let pid = r
        .location
        .unwrap_or_default()
        .rsplit("#post-")
        .next()
        .unwrap_or_default()
        .to_string();
    let anon = app.browser();
    crate::search_wait(&anon, "/search?q=pelican", |p| {
        p.contains(&format!("#post-{pid}"))
    })
    .await;
    let both = crate::search_wait(&anon, "/search?q=quillon", |p| count(p) == 2).await;
    assert!(
        both.contains(&format!("/threads/{night}")) && both.contains(&format!("/threads/{far}"))
    );

    // Night Shift's nickname finds Night Shift's Quillon site-wide, not Far Shore's.
    let saved = admin
        .post(
            "/shows/night-shift/search/settings",
            &[("synonyms", "zeb = quillon")],
        )
        .await;
    assert_eq!(saved.status, 303);
    let page = anon.get("/search?q=zeb").await.body;
    assert_eq!(count(&page), 1, "{page}");
    assert!(page.contains(&format!("/threads/{night}")));
    assert!(!page.contains(&format!("/threads/{far}")));

    // A deleted post leaves site-wide results too.
    assert_eq!(
        admin
            .post(&format!("/posts/{pid}/delete"), &[])
            .await
            .status,
        303
    );
    crate::search_wait(&anon, "/search?q=pelican", |p| count(p) == 0).await;
    let api = anon.get("/api/v1/search?q=pelican").await;
    assert_eq!(api.status, 200);
    assert!(
        !api.body.contains(&format!("#post-{pid}\"")),
        "{}",
        api.body
    );
}

async fn edits_and_deletes_reach_the_index(app: TestApp) {
    app.seed_catalogue().await;
    let u = app.browser().signed_up("writer").await;
    let t = u
        .new_thread("night-shift", "general", "Edits", "first post text")
        .await;
    let r = u
        .post(
            &format!("/threads/{t}/posts"),
            &[("body", "the original walrus sentence")],
        )
        .await;
    let loc = r.location.unwrap_or_default();
    let pid = loc.rsplit("#post-").next().unwrap_or_default().to_string();
    let anon = app.browser();
    crate::search_wait(&anon, "/shows/night-shift/search?q=walrus", |p| {
        p.contains(&format!("#post-{pid}"))
    })
    .await;

    assert_eq!(
        u.post(
            &format!("/posts/{pid}/edit"),
            &[("body", "now about a narwhal")]
        )
        .await
        .status,
        303
    );
    crate::search_wait(&anon, "/shows/night-shift/search?q=narwhal", |p| {
        p.contains(&format!("#post-{pid}"))
    })
    .await;
    assert_eq!(
        count(&anon.get("/shows/night-shift/search?q=walrus").await.body),
        0,
        "old words are gone"
    );

    assert_eq!(
        u.post(&format!("/posts/{pid}/delete"), &[]).await.status,
        303
    );
    crate::search_wait(&anon, "/shows/night-shift/search?q=narwhal", |p| {
        count(p) == 0
    })
    .await;
}

async fn filters_narrow_and_snippets_are_inert(app: TestApp) {
    app.seed_catalogue().await;
    let u = app.browser().signed_up("filterer").await;
    let tagged = u
        .post(
            "/shows/night-shift/threads",
            &[
                ("title", "Tagged"),
                (
                    "body",
                    "quokka sighting `<script>alert(1)</script>` <img src=x onerror=alert(2)>",
                ),
                ("board", "theories"),
                ("episode", "s01e01"),
            ],
        )
        .await;
    assert_eq!(tagged.status, 303);
    let untagged = u
        .new_thread(
            "night-shift",
            "general",
            "Untagged",
            "another quokka sighting",
        )
        .await;
    let anon = app.browser();
    crate::search_wait(&anon, "/shows/night-shift/search?q=quokka", |p| {
        count(p) == 2
    })
    .await;
    let ep = anon
        .get("/shows/night-shift/search?q=quokka&episode=s01e01")
        .await
        .body;
    assert_eq!(count(&ep), 1);
    assert!(!ep.contains(&format!("/threads/{untagged}\"")));
    assert_eq!(
        count(
            &anon
                .get("/shows/night-shift/search?q=quokka&board=general")
                .await
                .body
        ),
        1
    );
    assert_eq!(
        count(
            &anon
                .get("/shows/night-shift/search?q=quokka&author=filterer&kind=thread")
                .await
                .body
        ),
        2
    );
    assert_eq!(
        count(
            &anon
                .get("/shows/night-shift/search?q=quokka&kind=chat")
                .await
                .body
        ),
        0
    );
    let newest = anon
        .get("/shows/night-shift/search?q=quokka&sort=newest")
        .await
        .body;
    let (a, b) = (newest.find("Untagged"), newest.find("Tagged<"));
    assert!(a.is_some() && b.is_some() && a < b, "newest first");
    // Hostile text in a snippet stays text.
    let lower = ep.to_ascii_lowercase();
    assert!(
        !lower.contains("<script>alert") && !lower.contains("<img src=x"),
        "snippet is inert"
    );
    assert!(ep.contains("&lt;script&gt;"));
}

async fn bad_queries_get_friendly_pages(app: TestApp) {
    app.seed_catalogue().await;
    let b = app.browser();
    let empty = b.get("/search?q=").await;
    assert_eq!(empty.status, 200);
    let long = b.get(&format!("/search?q={}", "a".repeat(201))).await;
    assert_eq!(long.status, 422);
    assert!(long.body.contains("limited to 200 characters"));
    let garbage = b.get("/search?q=%22%22%22!!!%3F%3F*%5C").await;
    assert_eq!(garbage.status, 200);
    assert!(garbage.body.contains("no words to search for"));
    for q in [
        "%22unclosed",
        "a%20-b%20OR%20(c",
        "%E2%80%94%F0%9F%98%80",
        "s01e01",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ] {
        assert_eq!(b.get(&format!("/search?q={q}")).await.status, 200, "{q}");
    }
    assert_eq!(b.get("/shows/nope/search?q=x").await.status, 404);
    let escaped_q = b
        .get("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await
        .body;
    assert!(
        !escaped_q.contains("<script>alert(1)")
            && escaped_q.contains(&escaped("<script>alert(1)</script>"))
    );
}

/// An engine that is down.
struct DownEngine;

#[async_trait]
impl SearchEngine for DownEngine {
    fn name(&self) -> &'static str {
        "down"
    }
    async fn upsert(&self, _: &[SearchDoc]) -> Result<(), SearchError> {
        Err(SearchError::Unavailable("connection refused".into()))
    }
    async fn delete(&self, _: &[(i64, String)]) -> Result<(), SearchError> {
        Err(SearchError::Unavailable("connection refused".into()))
    }
    async fn search(
        &self,
        _: &SearchQuery,
        _: &[(i64, Synonyms)],
    ) -> Result<SearchResults, SearchError> {
        Err(SearchError::Unavailable("connection refused".into()))
    }
    async fn set_synonyms(&self, _: i64, _: &Synonyms) -> Result<(), SearchError> {
        Err(SearchError::Unavailable("connection refused".into()))
    }
    async fn clear(&self, _: Option<i64>) -> Result<(), SearchError> {
        Err(SearchError::Unavailable("connection refused".into()))
    }
}

async fn engine_outage_keeps_the_outbox(app: TestApp) {
    // A database of its own that no server drains, so the test controls the indexer.
    let dir = tempfile::tempdir().expect("dir");
    let url = match &app.database_url {
        Some(_) => crate::helpers::fresh_postgres_db_url()
            .await
            .expect("postgres"),
        None => format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("outage.db").display()
        ),
    };
    let config = cliffhanger::config::Config::for_tests(dir.path().to_path_buf(), Some(url));
    let db = cliffhanger::db::Db::connect(&config).await.expect("db");
    engine_outage_with_db(db, dir.path()).await;
}

async fn engine_outage_with_db(db: cliffhanger::db::Db, dir: &std::path::Path) {
    use cliffhanger::search::indexer::drain_once;
    cliffhanger::catalog::import::import_json(&db, crate::helpers::SAMPLE_CATALOGUE)
        .await
        .expect("import");
    let before = cliffhanger::db::search::outbox_len(&db).await.expect("len");
    assert!(before > 0, "the import queued its episodes");
    assert!(matches!(
        drain_once(&db, &DownEngine).await,
        Err(SearchError::Unavailable(_))
    ));
    assert_eq!(
        cliffhanger::db::search::outbox_len(&db).await.expect("len"),
        before,
        "nothing lost while the engine is down"
    );
    let engine =
        cliffhanger::search::embedded::EmbeddedEngine::open(&dir.join("idx")).expect("engine");
    while drain_once(&db, &engine).await.expect("drain") > 0 {}
    assert_eq!(
        cliffhanger::db::search::outbox_len(&db).await.expect("len"),
        0
    );
    let q = SearchQuery {
        text: "double back".into(),
        limit: 10,
        ..Default::default()
    };
    let res = engine.search(&q, &[]).await.expect("search");
    assert!(res.hits.iter().any(|h| h.doc.title.contains("Double Back")));
}

/// Posts committed by a server that dies before indexing are found after a restart.
async fn sigkill_before_indexing(backend: Backend) {
    // Only the child processes touch this database and data dir.
    let data = tempfile::tempdir().expect("data dir");
    let db_url = match backend {
        Backend::Sqlite => format!(
            "sqlite://{}?mode=rwc",
            data.path().join("crash.db").display()
        ),
        Backend::Postgres => match crate::helpers::fresh_postgres_db_url().await {
            Some(url) => url,
            None => return eprintln!("TEST_POSTGRES_URL not set: skipping the PostgreSQL variant"),
        },
    };
    let import = data.path().join("cat.json");
    std::fs::write(&import, crate::helpers::SAMPLE_CATALOGUE).expect("write");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_cliffhanger"))
        .arg("import")
        .arg(&import)
        .arg("--data-dir")
        .arg(data.path())
        .env("DATABASE_URL", &db_url)
        .status()
        .expect("import");
    assert!(status.success());

    // First life: no indexer (it "crashes" before indexing), then SIGKILL.
    let mut first = ChildServer::start(data.path(), &db_url, &["--no-indexer"]);
    let b = Browser::for_base(&first.base).signed_up("survivor").await;
    let t = b
        .new_thread(
            "night-shift",
            "general",
            "Before the crash",
            "capybara stampede",
        )
        .await;
    first.kill9();

    // Second life: the outbox is drained and the post is found.
    let second = ChildServer::start(data.path(), &db_url, &[]);
    let anon = Browser::for_base(&second.base);
    crate::search_wait(&anon, "/shows/night-shift/search?q=capybara", |p| {
        p.contains(&format!("/threads/{t}"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_before_indexing_sqlite() {
    sigkill_before_indexing(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_before_indexing_postgres() {
    sigkill_before_indexing(Backend::Postgres).await;
}
