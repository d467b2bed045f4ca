//! The Meilisearch engine against a local HTTP server that records every request and answers
//! like Meilisearch would (no Meilisearch server can be installed in CI), plus a behaviour
//! test against a real Meilisearch when `MEILI_URL` is set.
use std::collections::{HashMap, HashSet};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use cliffhanger::config::Config;
use cliffhanger::db::{self, Db};
use cliffhanger::search::meili::MeiliEngine;
use cliffhanger::search::{
    indexer, DocKind, SearchDoc, SearchEngine, SearchError, SearchQuery, Sort,
};
use serde_json::{json, Value};

#[derive(Debug, Clone)]
struct Recorded {
    method: String,
    path: String,
    query: String,
    body: Value,
}

#[derive(Default)]
struct MockState {
    requests: Vec<Recorded>,
    /// Index uids that exist.
    existing: HashSet<String>,
    /// Canned hits per index uid, best first, each with its `_rankingScore`.
    hits: HashMap<String, Vec<Value>>,
    /// Answer every request with this status and a Meilisearch error body.
    fail: Option<(u16, &'static str, &'static str)>,
    next_task: u32,
}

type Shared = Arc<Mutex<MockState>>;

struct Mock {
    url: String,
    state: Shared,
    handle: ServerHandle,
}

impl Mock {
    async fn start() -> Mock {
        let state: Shared = Arc::default();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind mock");
        let port = listener.local_addr().expect("mock addr").port();
        let data = web::Data::new(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .default_service(web::to(answer))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .expect("listen mock")
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Mock {
            url: format!("http://127.0.0.1:{port}"),
            state,
            handle,
        }
    }

    fn engine(&self) -> MeiliEngine {
        MeiliEngine::new(&self.url, Some("test-master-key")).expect("engine")
    }

    fn with<R>(&self, f: impl FnOnce(&mut MockState) -> R) -> R {
        f(&mut self.state.lock().unwrap())
    }

    fn requests(&self) -> Vec<Recorded> {
        self.with(|s| s.requests.clone())
    }

    fn take_requests(&self) -> Vec<Recorded> {
        self.with(|s| std::mem::take(&mut s.requests))
    }

    fn to(&self, method: &str, path: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.method == method && r.path == path)
            .collect()
    }

    async fn stop(self) -> String {
        self.handle.stop(true).await;
        self.url
    }
}

fn meili_error(status: u16, code: &str, kind: &str, message: &str) -> HttpResponse {
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).json(json!({
        "message": message,
        "code": code,
        "type": kind,
        "link": format!("https://docs.meilisearch.com/errors#{code}"),
    }))
}

fn search_result(uid: &str, all: &[Value], query: &Value) -> Value {
    let offset = query["offset"].as_u64().unwrap_or(0) as usize;
    let limit = query["limit"].as_u64().unwrap_or(20) as usize;
    let hits: Vec<Value> = all.iter().skip(offset).take(limit).cloned().collect();
    json!({
        "indexUid": uid,
        "hits": hits,
        "query": query["q"].as_str().unwrap_or(""),
        "processingTimeMs": 1,
        "offset": offset,
        "limit": limit,
        "estimatedTotalHits": all.len(),
    })
}

/// Answers like Meilisearch v1.x for the routes the engine uses.
async fn answer(req: HttpRequest, body: web::Bytes, state: web::Data<Shared>) -> HttpResponse {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let method = req.method().as_str().to_string();
    let path = req.path().to_string();
    let mut s = state.lock().unwrap();
    s.requests.push(Recorded {
        method: method.clone(),
        path: path.clone(),
        query: req.query_string().into(),
        body: body.clone(),
    });
    if let Some((status, code, kind)) = s.fail {
        return meili_error(status, code, kind, "the mock was told to fail");
    }
    s.next_task += 1;
    let task_uid = s.next_task;
    let task = |uid: &str, kind: &str| {
        HttpResponse::Accepted().json(json!({
            "taskUid": task_uid,
            "indexUid": uid,
            "status": "enqueued",
            "type": kind,
            "enqueuedAt": "2026-01-01T00:00:00Z",
        }))
    };
    let not_found = |uid: &str| {
        meili_error(
            404,
            "index_not_found",
            "invalid_request",
            &format!("Index `{uid}` not found."),
        )
    };
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method.as_str(), segments.as_slice()) {
        ("GET", ["health"]) => HttpResponse::Ok().json(json!({"status": "available"})),
        ("GET", ["tasks", _]) => HttpResponse::Ok().json(json!({
            "uid": task_uid, "indexUid": null, "status": "succeeded", "type": "documentAdditionOrUpdate",
            "enqueuedAt": "2026-01-01T00:00:00Z", "startedAt": "2026-01-01T00:00:00Z",
            "finishedAt": "2026-01-01T00:00:00Z", "duration": "PT0.001S",
        })),
        ("GET", ["indexes"]) => {
            let mut uids: Vec<&String> = s.existing.iter().collect();
            uids.sort();
            let results: Vec<Value> = uids.iter().map(|u| json!({"uid": u, "primaryKey": "id"})).collect();
            HttpResponse::Ok().json(json!({"results": results, "offset": 0, "limit": 1000, "total": results.len()}))
        }
        ("POST", ["indexes"]) => {
            let uid = body["uid"].as_str().unwrap_or_default().to_string();
            s.existing.insert(uid.clone());
            task(&uid, "indexCreation")
        }
        ("GET", ["indexes", uid]) if s.existing.contains(*uid) => HttpResponse::Ok().json(json!({
            "uid": uid, "primaryKey": "id", "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z",
        })),
        ("GET", ["indexes", uid]) => not_found(uid),
        ("PATCH", ["indexes", uid, "settings"]) => {
            s.existing.insert(uid.to_string());
            task(uid, "settingsUpdate")
        }
        ("POST", ["indexes", uid, "documents"]) => {
            s.existing.insert(uid.to_string());
            task(uid, "documentAdditionOrUpdate")
        }
        ("POST", ["indexes", uid, "documents", "delete-batch"]) | ("DELETE", ["indexes", uid, "documents"]) => {
            task(uid, "documentDeletion")
        }
        ("POST", ["indexes", uid, "search"]) if s.existing.contains(*uid) => {
            let hits = s.hits.get(*uid).cloned().unwrap_or_default();
            HttpResponse::Ok().json(search_result(uid, &hits, &body))
        }
        ("POST", ["indexes", uid, "search"]) => not_found(uid),
        ("POST", ["multi-search"]) => {
            let mut results = Vec::new();
            for (i, query) in body["queries"].as_array().cloned().unwrap_or_default().iter().enumerate() {
                let uid = query["indexUid"].as_str().unwrap_or_default();
                if !s.existing.contains(uid) {
                    return meili_error(404, "index_not_found", "invalid_request", &format!("Inside `.queries[{i}]`: Index `{uid}` not found."));
                }
                let hits = s.hits.get(uid).cloned().unwrap_or_default();
                results.push(search_result(uid, &hits, query));
            }
            HttpResponse::Ok().json(json!({"results": results}))
        }
        _ => meili_error(404, "not_found", "invalid_request", "unknown route"),
    }
}

fn doc(id: &str, show_id: i64, body: &str, created_at: i64) -> SearchDoc {
    SearchDoc {
        id: id.into(),
        kind: DocKind::Post,
        show_id,
        show_slug: format!("show-{show_id}"),
        show_title: format!("Show {show_id}"),
        season: Some(1),
        episode_code: Some("s01e02".into()),
        board: Some("general".into()),
        author: Some("Nora".into()),
        title: "Lighthouse theory".into(),
        body: body.into(),
        url: format!("/threads/1#{id}"),
        created_at,
        lang: Some("en".into()),
    }
}

/// A search hit as Meilisearch returns it: the stored document plus `_rankingScore`.
fn hit(d: &SearchDoc, score: f64) -> Value {
    let mut v = cliffhanger::search::meili::document_json(d);
    v["_rankingScore"] = json!(score);
    v
}

fn site_wide(text: &str, shows: &[i64], offset: usize, limit: usize) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        all_shows: shows.to_vec(),
        offset,
        limit,
        ..Default::default()
    }
}

/// A port nothing listens on.
fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[tokio::test]
async fn upserts_go_to_one_index_per_show_with_the_documented_shape() {
    let mock = Mock::start().await;
    let engine = mock.engine();
    let (a, b, c) = (
        doc("post-1", 1, "the walrus", 10),
        doc("post-2", 2, "other show", 20),
        doc("post-3", 1, "again", 30),
    );
    engine
        .upsert(&[a.clone(), b.clone(), c.clone()])
        .await
        .expect("upsert");

    // Each show's index is created with primary key `id` and configured, once; the
    // existence check lists the indexes and never asks for a missing one (a 404).
    assert_eq!(
        mock.to("GET", "/indexes").len(),
        2,
        "one listing per new show"
    );
    for uid in ["show_1", "show_2"] {
        assert!(
            mock.to("GET", &format!("/indexes/{uid}")).is_empty(),
            "no request for the missing {uid}"
        );
        let created = mock.to("POST", "/indexes");
        assert!(
            created
                .iter()
                .any(|r| r.body == json!({"uid": uid, "primaryKey": "id"})),
            "{created:?}"
        );
        let settings = mock.to("PATCH", &format!("/indexes/{uid}/settings"));
        assert_eq!(settings.len(), 1);
        assert!(
            settings[0].body.get("synonyms").is_none(),
            "upsert must not reset synonyms"
        );
        assert_eq!(
            settings[0].body["filterableAttributes"],
            json!([
                "kind",
                "season",
                "episode_code",
                "board",
                "author_lc",
                "show_id",
                "lang"
            ])
        );
    }

    let docs1 = mock.to("POST", "/indexes/show_1/documents");
    assert_eq!(docs1.len(), 1);
    assert_eq!(docs1[0].query, "primaryKey=id");
    assert_eq!(
        docs1[0].body[0],
        json!({
            "id": "post-1", "kind": "post", "show_id": 1, "show_slug": "show-1", "show_title": "Show 1",
            "season": 1, "episode_code": "s01e02", "board": "general", "author": "Nora",
            "title": "Lighthouse theory", "body": "the walrus", "url": "/threads/1#post-1",
            "created_at": 10, "lang": "en", "author_lc": "nora",
        })
    );
    let ids = |r: &Recorded| {
        r.body
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&docs1[0]), ["post-1", "post-3"]);
    let docs2 = mock.to("POST", "/indexes/show_2/documents");
    assert_eq!(docs2.len(), 1);
    assert_eq!(ids(&docs2[0]), ["post-2"]);
    // Documents read back from Meilisearch (with the extra field) parse as SearchDoc.
    let back: SearchDoc =
        serde_json::from_value(docs1[0].body[0].clone()).expect("doc shape round-trips");
    assert_eq!(back, a);

    // A known show costs one request per batch; an author-less doc has `author_lc: null`.
    mock.take_requests();
    let mut anon = doc("post-4", 1, "anonymous", 40);
    anon.author = None;
    engine.upsert(&[anon]).await.expect("upsert again");
    let reqs = mock.take_requests();
    assert_eq!(reqs.len(), 1, "{reqs:?}");
    assert_eq!(reqs[0].path, "/indexes/show_1/documents");
    assert_eq!(reqs[0].body[0]["author_lc"], Value::Null);

    // Deletes: ids per show index.
    engine
        .delete(&[
            (1, "post-1".into()),
            (2, "post-2".into()),
            (1, "post-3".into()),
        ])
        .await
        .expect("delete");
    let del1 = mock.to("POST", "/indexes/show_1/documents/delete-batch");
    assert_eq!(del1.len(), 1);
    assert_eq!(del1[0].body, json!(["post-1", "post-3"]));
    assert_eq!(
        mock.to("POST", "/indexes/show_2/documents/delete-batch")[0].body,
        json!(["post-2"])
    );

    // clear: one show, or every show_* index (other indexes on the server are left alone).
    mock.with(|s| s.existing.insert("movies".into()));
    mock.take_requests();
    engine.clear(Some(2)).await.expect("clear one");
    engine.clear(None).await.expect("clear all");
    let cleared: Vec<String> = mock
        .requests()
        .iter()
        .filter(|r| r.method == "DELETE")
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(
        cleared,
        [
            "/indexes/show_2/documents",
            "/indexes/show_1/documents",
            "/indexes/show_2/documents"
        ]
    );
    let list = mock.to("GET", "/indexes");
    assert_eq!(list.len(), 1);
    assert!(list[0].query.contains("limit=1000"), "{}", list[0].query);
    mock.stop().await;
}

#[tokio::test]
async fn set_synonyms_sends_the_expanded_map_and_every_setting() {
    let mock = Mock::start().await;
    mock.with(|s| s.existing.insert("show_7".into()));
    let engine = mock.engine();
    let groups = vec![
        vec![
            "dany".to_string(),
            "daenerys targaryen".into(),
            "khaleesi".into(),
        ],
        vec!["jon".into(), "lord snow".into()],
    ];
    engine.set_synonyms(7, &groups).await.expect("set synonyms");

    assert_eq!(mock.to("GET", "/indexes").len(), 1);
    assert!(
        mock.to("POST", "/indexes").is_empty(),
        "an existing index is not created again"
    );
    let patches = mock.to("PATCH", "/indexes/show_7/settings");
    assert_eq!(patches.len(), 1);
    let body = &patches[0].body;
    assert_eq!(
        body["synonyms"],
        json!({
            "dany": ["daenerys targaryen", "khaleesi"],
            "daenerys targaryen": ["dany", "khaleesi"],
            "khaleesi": ["dany", "daenerys targaryen"],
            "jon": ["lord snow"],
            "lord snow": ["jon"],
        })
    );
    assert_eq!(
        body["filterableAttributes"],
        json!([
            "kind",
            "season",
            "episode_code",
            "board",
            "author_lc",
            "show_id",
            "lang"
        ])
    );
    assert_eq!(
        body["searchableAttributes"],
        json!(["title", "body", "episode_code", "author"])
    );
    assert_eq!(body["sortableAttributes"], json!(["created_at"]));
    assert_eq!(
        body["rankingRules"],
        json!([
            "sort",
            "words",
            "typo",
            "proximity",
            "attribute",
            "exactness"
        ])
    );

    // Settings are applied on every call; no more existence checks; clearing sends `{}`.
    mock.take_requests();
    engine
        .set_synonyms(7, &vec![])
        .await
        .expect("clear synonyms");
    let reqs = mock.take_requests();
    assert_eq!(reqs.len(), 1, "{reqs:?}");
    assert_eq!(reqs[0].path, "/indexes/show_7/settings");
    assert_eq!(reqs[0].body["synonyms"], json!({}));
    assert_eq!(
        reqs[0].body["filterableAttributes"]
            .as_array()
            .map(Vec::len),
        Some(7)
    );

    // A new show: created (primary key `id`), then configured with its synonyms.
    engine.set_synonyms(8, &groups).await.expect("new show");
    let reqs = mock.take_requests();
    let seen: Vec<(String, String)> = reqs
        .iter()
        .map(|r| (r.method.clone(), r.path.clone()))
        .collect();
    assert_eq!(
        seen,
        [
            ("GET".into(), "/indexes".into()),
            ("POST".into(), "/indexes".into()),
            ("PATCH".into(), "/indexes/show_8/settings".into())
        ]
    );
    assert_eq!(reqs[1].body, json!({"uid": "show_8", "primaryKey": "id"}));
    assert_eq!(reqs[2].body["synonyms"]["jon"], json!(["lord snow"]));
    mock.stop().await;
}

#[tokio::test]
async fn a_filtered_search_sends_the_filter_expression_and_sort() {
    let mock = Mock::start().await;
    let (d1, d2) = (
        doc("post-1", 1, "walrus", 10),
        doc("post-2", 1, "walrus two", 20),
    );
    // A stored document this version cannot read is skipped, not a failed search.
    let junk = json!({"id": "post-0", "title": 7, "_rankingScore": 0.5});
    mock.with(|s| {
        s.existing.insert("show_1".into());
        s.hits
            .insert("show_1".into(), vec![hit(&d2, 0.8), hit(&d1, 0.6), junk]);
    });
    let engine = mock.engine();
    let q = SearchQuery {
        text: r#"walrus "the keeper" lig"#.into(),
        show_id: Some(1),
        all_shows: vec![1, 2],
        season: Some(2),
        episode: Some("s02e01".into()),
        board: Some(r#"gen"er\al"#.into()),
        author: Some("Nora".into()),
        kind: Some(DocKind::Post),
        lang: Some("fr".into()),
        sort: Sort::Newest,
        offset: 0,
        limit: 5,
    };
    let res = engine.search(&q, &[]).await.expect("search");
    let reqs = mock.to("POST", "/indexes/show_1/search");
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        reqs[0].body,
        json!({
            "q": r#"walrus "the keeper" lig"#,
            "offset": 0,
            "limit": 5,
            "filter": r#"kind = "post" AND season = 2 AND episode_code = "s02e01" AND board = "gen\"er\\al" AND author_lc = "nora" AND lang = "fr""#,
            "sort": ["created_at:desc"],
            "showRankingScore": true,
        })
    );
    assert_eq!(res.total, 3, "Meilisearch's estimate");
    assert_eq!(
        res.hits.iter().map(|h| h.doc.clone()).collect::<Vec<_>>(),
        [d2, d1]
    );
    assert!((res.hits[0].score - 0.8).abs() < 1e-6);
    assert!(
        mock.to("POST", "/multi-search").is_empty(),
        "one show: a plain search"
    );

    // No filters, relevance: neither `filter` nor `sort` is sent.
    let plain = SearchQuery {
        text: "walrus".into(),
        show_id: Some(1),
        offset: 1,
        limit: 1,
        ..Default::default()
    };
    let res = engine.search(&plain, &[]).await.expect("plain search");
    let last = mock.to("POST", "/indexes/show_1/search").pop().unwrap();
    assert_eq!(
        last.body,
        json!({"q": "walrus", "offset": 1, "limit": 1, "showRankingScore": true})
    );
    assert_eq!(
        (res.total, res.hits.len(), res.hits[0].doc.id.as_str()),
        (3, 1, "post-1")
    );

    // A show that never had anything indexed has no index yet: no results, not an error.
    let none = engine
        .search(
            &SearchQuery {
                show_id: Some(9),
                ..plain
            },
            &[],
        )
        .await
        .expect("no index yet");
    assert_eq!((none.total, none.hits.len()), (0, 0));
    mock.stop().await;
}

#[tokio::test]
async fn site_wide_search_is_one_multi_search_merged_by_ranking_score() {
    let mock = Mock::start().await;
    let d = |id: &str, show: i64, at: i64| doc(id, show, "walrus", at);
    mock.with(|s| {
        s.existing
            .extend(["show_1".to_string(), "show_2".to_string()]);
        s.hits.insert(
            "show_1".into(),
            vec![hit(&d("a", 1, 1), 0.9), hit(&d("b", 1, 5), 0.5)],
        );
        s.hits.insert(
            "show_2".into(),
            vec![
                hit(&d("c", 2, 2), 0.95),
                hit(&d("d", 2, 4), 0.7),
                hit(&d("e", 2, 3), 0.1),
            ],
        );
    });
    let engine = mock.engine();
    let mut q = site_wide("walrus", &[2, 1], 1, 3);
    q.kind = Some(DocKind::Post);
    let res = engine.search(&q, &[]).await.expect("site-wide search");

    let multi = mock.to("POST", "/multi-search");
    assert_eq!(multi.len(), 1, "one multi-search request");
    let queries = multi[0].body["queries"].as_array().expect("queries");
    assert_eq!(queries.len(), 2, "one query per show");
    for (query, uid) in queries.iter().zip(["show_1", "show_2"]) {
        assert_eq!(
            *query,
            json!({"indexUid": uid, "q": "walrus", "offset": 0, "limit": 4, "filter": "kind = \"post\"", "showRankingScore": true})
        );
    }
    assert!(
        mock.requests().iter().all(|r| !r.path.ends_with("/search")),
        "no per-index searches"
    );
    let ids: Vec<&str> = res.hits.iter().map(|h| h.doc.id.as_str()).collect();
    assert_eq!(
        ids,
        ["a", "d", "b"],
        "merged by _rankingScore 0.95 | 0.9 0.7 0.5 | 0.1"
    );
    assert_eq!(res.total, 5, "estimated totals summed");
    let scores: Vec<f32> = res.hits.iter().map(|h| h.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    // Newest first: merged by date across shows.
    let mut newest = site_wide("walrus", &[1, 2], 0, 10);
    newest.sort = Sort::Newest;
    let res = engine.search(&newest, &[]).await.expect("newest");
    let ids: Vec<&str> = res.hits.iter().map(|h| h.doc.id.as_str()).collect();
    assert_eq!(ids, ["b", "d", "e", "c", "a"]);
    let last = mock.to("POST", "/multi-search").pop().unwrap();
    assert_eq!(last.body["queries"][0]["sort"], json!(["created_at:desc"]));

    // A show without an index yet: the others are still searched, and its index is created.
    mock.take_requests();
    let res = engine
        .search(&site_wide("walrus", &[1, 2, 3], 0, 10), &[])
        .await
        .expect("with a missing index");
    assert_eq!(res.hits.len(), 5);
    let multi = mock.to("POST", "/multi-search");
    assert_eq!(multi.len(), 2, "retried once without the missing index");
    assert_eq!(multi[1].body["queries"].as_array().map(Vec::len), Some(2));
    assert!(mock
        .to("POST", "/indexes")
        .iter()
        .any(|r| r.body["uid"] == "show_3"));
    mock.take_requests();
    engine
        .search(&site_wide("walrus", &[1, 2, 3], 0, 10), &[])
        .await
        .expect("all indexes exist now");
    assert_eq!(mock.requests().len(), 1, "back to a single request");

    // No shows at all: nothing to ask.
    mock.take_requests();
    assert_eq!(
        engine
            .search(&site_wide("walrus", &[], 0, 10), &[])
            .await
            .expect("empty")
            .total,
        0
    );
    assert!(mock.requests().is_empty());
    mock.stop().await;
}

#[tokio::test]
async fn an_outage_is_unavailable_and_other_errors_are_not() {
    // Stopped server: connection refused.
    let mock = Mock::start().await;
    let url = mock.stop().await;
    for url in [url, closed_port_url()] {
        let engine = MeiliEngine::new(&url, None).expect("the constructor sends nothing");
        let unavailable = |r: Result<(), SearchError>, what: &str| {
            assert!(
                matches!(r, Err(SearchError::Unavailable(_))),
                "{what}: {r:?}"
            );
        };
        unavailable(
            engine.upsert(&[doc("post-1", 1, "walrus", 1)]).await,
            "upsert",
        );
        unavailable(engine.delete(&[(1, "post-1".into())]).await, "delete");
        unavailable(
            engine
                .set_synonyms(1, &vec![vec!["a".into(), "b".into()]])
                .await,
            "set_synonyms",
        );
        unavailable(engine.clear(None).await, "clear");
        unavailable(
            engine
                .search(
                    &SearchQuery {
                        text: "walrus".into(),
                        show_id: Some(1),
                        limit: 10,
                        ..Default::default()
                    },
                    &[],
                )
                .await
                .map(|_| ()),
            "search",
        );
        unavailable(
            engine
                .search(&site_wide("walrus", &[1, 2], 0, 10), &[])
                .await
                .map(|_| ()),
            "site-wide search",
        );
        unavailable(engine.check().await, "health");
    }

    // HTTP 5xx from Meilisearch is an outage too; a rejected request is not.
    let mock = Mock::start().await;
    mock.with(|s| s.existing.insert("show_1".into()));
    let engine = mock.engine();
    let q = SearchQuery {
        text: "walrus".into(),
        show_id: Some(1),
        limit: 10,
        ..Default::default()
    };
    mock.with(|s| s.fail = Some((500, "internal", "internal")));
    let r = engine.search(&q, &[]).await;
    assert!(matches!(r, Err(SearchError::Unavailable(_))), "{r:?}");
    mock.with(|s| s.fail = Some((503, "io_error", "system")));
    let r = engine.upsert(&[doc("post-1", 1, "walrus", 1)]).await;
    assert!(matches!(r, Err(SearchError::Unavailable(_))), "{r:?}");
    mock.with(|s| s.fail = Some((400, "invalid_search_filter", "invalid_request")));
    let r = engine.search(&q, &[]).await;
    assert!(matches!(r, Err(SearchError::Other(_))), "{r:?}");
    mock.with(|s| s.fail = Some((403, "invalid_api_key", "auth")));
    let r = engine.search(&q, &[]).await;
    assert!(matches!(r, Err(SearchError::Other(_))), "{r:?}");
    mock.with(|s| s.fail = None);
    engine.check().await.expect("healthy again");
    mock.stop().await;
}

#[tokio::test]
async fn a_hanging_server_times_out_as_unavailable() {
    // Accepts connections but never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let holder = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    let engine = MeiliEngine::new(&url, None)
        .expect("engine")
        .with_timeout(Duration::from_millis(300));
    let started = std::time::Instant::now();
    let r = engine.search(&site_wide("walrus", &[1], 0, 10), &[]).await;
    assert!(matches!(r, Err(SearchError::Unavailable(_))), "{r:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    holder.abort();
}

#[tokio::test]
async fn the_constructor_needs_no_server_and_rejects_bad_settings() {
    assert!(MeiliEngine::new(&closed_port_url(), Some("key")).is_ok());
    assert!(
        MeiliEngine::new("http://127.0.0.1:7700/", None).is_ok(),
        "a trailing slash is fine"
    );
    assert!(matches!(
        MeiliEngine::new("not a url", None),
        Err(SearchError::Other(_))
    ));
    assert!(matches!(
        MeiliEngine::new("ftp://127.0.0.1", None),
        Err(SearchError::Other(_))
    ));
    assert!(
        matches!(
            MeiliEngine::new("http://127.0.0.1:7700", Some("bad\nkey")),
            Err(SearchError::Other(_))
        ),
        "no panic on a bad key"
    );
    assert_eq!(
        MeiliEngine::new("http://127.0.0.1:7700", None)
            .unwrap()
            .name(),
        "meilisearch"
    );
}

#[tokio::test]
async fn a_meilisearch_outage_keeps_the_outbox_intact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::connect(&Config::for_tests(dir.path().to_path_buf(), None))
        .await
        .expect("db");
    let mut tx = db.begin().await.expect("tx");
    // A document that no longer exists in the database: the indexer deletes it from the engine.
    db::search::enqueue(&mut tx, 1, "post-999999")
        .await
        .expect("enqueue");
    tx.commit().await.expect("commit");

    let down = MeiliEngine::new(&closed_port_url(), None).expect("engine");
    let r = indexer::drain_once(&db, &down).await;
    assert!(matches!(r, Err(SearchError::Unavailable(_))), "{r:?}");
    assert_eq!(
        db::search::outbox_len(&db).await.expect("outbox"),
        1,
        "the work waits in the outbox"
    );

    // Back up: the outbox drains into Meilisearch.
    let mock = Mock::start().await;
    assert_eq!(
        indexer::drain_once(&db, &mock.engine())
            .await
            .expect("drain"),
        1
    );
    assert_eq!(db::search::outbox_len(&db).await.expect("outbox"), 0);
    assert_eq!(
        mock.to("POST", "/indexes/show_1/documents/delete-batch")[0].body,
        json!(["post-999999"])
    );
    mock.stop().await;
}

/// Polls `check` until it holds (Meilisearch applies tasks asynchronously), at most ~10 s.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..100 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for: {what}");
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// The ids a search finds, sorted (empty on errors: the caller polls).
async fn found(engine: &MeiliEngine, q: &SearchQuery) -> Vec<String> {
    let hits = engine
        .search(q, &[])
        .await
        .map(|r| r.hits)
        .unwrap_or_default();
    sorted(hits.into_iter().map(|h| h.doc.id).collect())
}

#[tokio::test]
async fn behaviour_against_a_real_meilisearch() {
    let Ok(url) = std::env::var("MEILI_URL") else {
        println!(
            "skipped: set MEILI_URL (and MEILI_MASTER_KEY) to run the Meilisearch behaviour test"
        );
        return;
    };
    let key = std::env::var("MEILI_MASTER_KEY").ok();
    let engine = MeiliEngine::new(&url, key.as_deref()).expect("engine");
    engine
        .check()
        .await
        .expect("MEILI_URL is set but Meilisearch does not answer");
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64;
    let (a, b) = (
        1_000_000_000 + (stamp % 1_000_000_000) * 2,
        1_000_000_001 + (stamp % 1_000_000_000) * 2,
    );

    engine
        .set_synonyms(a, &vec![vec!["nora".into(), "eleanor".into()]])
        .await
        .expect("synonyms");
    // `author` is searchable, so the fixture's default author ("Nora") would match the
    // synonym query in every post: these posts are by someone no query names.
    let by_quill = |mut d: SearchDoc| {
        d.author = Some("Quill".into());
        d
    };
    let mut p1 = by_quill(doc(
        &format!("post-{a}1"),
        a,
        "Eleanor keeps the walrus in the lighthouse",
        10,
    ));
    p1.title = "Lighthouse theory".into();
    let mut p2 = by_quill(doc(
        &format!("post-{a}2"),
        a,
        "The walrus returns at dawn",
        20,
    ));
    p2.episode_code = Some("s01e03".into());
    p2.title = "Dawn".into();
    p2.lang = Some("fr".into());
    let mut p3 = by_quill(doc(
        &format!("post-{b}3"),
        b,
        "A walrus and an Eleanor in another show",
        30,
    ));
    p3.title = "Elsewhere".into();
    engine
        .upsert(&[p1.clone(), p2.clone(), p3.clone()])
        .await
        .expect("upsert");

    let in_show = |show: i64, text: &str| SearchQuery {
        text: text.into(),
        show_id: Some(show),
        limit: 10,
        ..Default::default()
    };
    let e = &engine;
    let (both, just_p1) = (
        &sorted(vec![p1.id.clone(), p2.id.clone()]),
        &vec![p1.id.clone()],
    );
    eventually("a word finds both posts of show a", || async move {
        found(e, &in_show(a, "walrus")).await == *both
    })
    .await;
    eventually("a typo still finds them", || async move {
        found(e, &in_show(a, "walrys")).await == *both
    })
    .await;
    eventually("the last word is a prefix", || async move {
        found(e, &in_show(a, "walr")).await == *both
    })
    .await;
    eventually("a synonym finds the full name", || async move {
        found(e, &in_show(a, "nora")).await == *just_p1
    })
    .await;
    assert!(
        found(e, &in_show(b, "nora")).await.is_empty(),
        "synonyms are per show"
    );
    assert_eq!(
        found(e, &in_show(b, "walrus")).await,
        [p3.id.clone()],
        "only in its own show"
    );
    let mut by_episode = in_show(a, "walrus");
    by_episode.episode = Some("s01e03".into());
    assert_eq!(
        found(e, &by_episode).await,
        [p2.id.clone()],
        "filter by episode"
    );
    let mut by_lang = in_show(a, "walrus");
    by_lang.lang = Some("fr".into());
    assert_eq!(
        found(e, &by_lang).await,
        [p2.id.clone()],
        "filter by language"
    );
    let site = site_wide("walrus", &[a, b], 0, 10);
    let res = engine.search(&site, &[]).await.expect("site-wide");
    assert_eq!(res.hits.len(), 3);
    assert!(res.hits.windows(2).all(|w| w[0].score >= w[1].score));

    engine.delete(&[(a, p2.id.clone())]).await.expect("delete");
    eventually("a deleted post disappears", || async move {
        found(e, &in_show(a, "walrus")).await == *just_p1
    })
    .await;

    // Clean up the test indexes (not waited for).
    let client = meilisearch_sdk::client::Client::new(url.trim_end_matches('/'), key.as_deref())
        .expect("client");
    for show in [a, b] {
        let _ = client.delete_index(format!("show_{show}")).await;
    }
}
