//! The read-only JSON API: every endpoint's answer against its schema in the served OpenAPI
//! document; what anonymous callers, users (by token) and moderators see of held, removed and
//! shielded content; cursors over a 100-thread board; bad parameters; the rate limit; tokens.
use std::collections::HashSet;

use serde_json::Value;

use crate::helpers::{spawn_app_with, thread_past_watching, Backend, Browser, TestApp};

crate::on_both_backends!(
    api_answers_match_the_openapi_document,
    api_shows_each_viewer_what_the_gate_allows,
    api_cursors_walk_a_hundred_threads_once_each,
    api_tokens_are_made_once_hashed_and_revoked,
);

/// GET with an optional bearer token: (status, headers, JSON body).
async fn api(
    b: &Browser,
    token: Option<&str>,
    path: &str,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut req = b.http.get(b.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.expect("GET");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().await.expect("body");
    let json =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {text}"));
    (status, headers, json)
}

async fn ok_json(b: &Browser, token: Option<&str>, path: &str) -> Value {
    let (status, _, json) = api(b, token, path).await;
    assert_eq!(status, 200, "{path}: {json}");
    json
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => doc
            .pointer(r.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling $ref {r}")),
        None => schema,
    }
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => false,
    }
}

/// A JSON Schema check of the parts the API's schemas use: `$ref`, `type` (one or a list),
/// `required`, `properties`, `items`, `oneOf`/`anyOf`/`allOf`. Collects every mismatch.
fn check(doc: &Value, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    for key in ["oneOf", "anyOf"] {
        if let Some(list) = schema.get(key).and_then(Value::as_array) {
            let fits = list.iter().any(|s| {
                let mut e = Vec::new();
                check(doc, s, v, at, &mut e);
                e.is_empty()
            });
            if !fits {
                errors.push(format!("{at}: fits none of {key}"));
            }
        }
    }
    if let Some(list) = schema.get("allOf").and_then(Value::as_array) {
        for s in list {
            check(doc, s, v, at, errors);
        }
    }
    match schema.get("type") {
        Some(Value::String(t)) if !type_ok(t, v) => errors.push(format!("{at}: not {t}: {v}")),
        Some(Value::Array(ts)) if !ts.iter().filter_map(Value::as_str).any(|t| type_ok(t, v)) => {
            errors.push(format!("{at}: none of {ts:?}: {v}"))
        }
        _ => {}
    }
    if let Some(obj) = v.as_object() {
        for r in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = r.as_str().unwrap_or_default();
            if !obj.contains_key(name) {
                errors.push(format!("{at}: required {name} missing"));
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (name, s) in props {
                if let Some(value) = obj.get(name) {
                    check(doc, s, value, &format!("{at}.{name}"), errors);
                }
            }
        }
    }
    if let (Some(items), Some(list)) = (schema.get("items"), v.as_array()) {
        for (i, item) in list.iter().enumerate() {
            check(doc, items, item, &format!("{at}[{i}]"), errors);
        }
    }
}

/// Fetches `path` and checks it against the document's schema for `template` and `status`.
async fn conforms(b: &Browser, doc: &Value, template: &str, path: &str, status: u16) -> Value {
    let (got, headers, body) = api(b, None, path).await;
    assert_eq!(got, status, "{path}: {body}");
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(ct.starts_with("application/json"), "{path}: {ct}");
    let pointer = format!(
        "/paths/{}/get/responses/{status}/content/application~1json/schema",
        template.replace('~', "~0").replace('/', "~1")
    );
    let schema = doc
        .pointer(&pointer)
        .unwrap_or_else(|| panic!("the document has no {status} schema for {template}"));
    let mut errors = Vec::new();
    check(doc, schema, &body, "$", &mut errors);
    assert!(
        errors.is_empty(),
        "{path} breaks its schema: {errors:#?}\n{body}"
    );
    body
}

async fn api_answers_match_the_openapi_document(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let t = ann
        .new_thread(
            "night-shift",
            "general",
            "Shapes thread",
            "searchable quokkaword",
        )
        .await;
    let r = ann
        .post(&format!("/threads/{t}/posts"), &[("body", "a reply")])
        .await;
    assert_eq!(r.status, 303);
    let b = app.browser();
    let doc = ok_json(&b, None, "/api/v1/openapi.json").await;
    assert_eq!(
        doc["openapi"].as_str().map(|v| &v[..3]),
        Some("3.1"),
        "{}",
        doc["openapi"]
    );
    let cases = [
        ("/api/v1/shows", "/api/v1/shows".to_string()),
        ("/api/v1/shows/{slug}", "/api/v1/shows/night-shift".into()),
        (
            "/api/v1/shows/{slug}/episodes",
            "/api/v1/shows/night-shift/episodes".into(),
        ),
        (
            "/api/v1/shows/{slug}/boards",
            "/api/v1/shows/night-shift/boards".into(),
        ),
        (
            "/api/v1/shows/{slug}/threads",
            "/api/v1/shows/night-shift/threads".into(),
        ),
        (
            "/api/v1/shows/{slug}/boards/{board}/threads",
            "/api/v1/shows/night-shift/boards/general/threads".into(),
        ),
        ("/api/v1/threads/{id}", format!("/api/v1/threads/{t}")),
        (
            "/api/v1/threads/{id}/posts",
            format!("/api/v1/threads/{t}/posts"),
        ),
        ("/api/v1/live", "/api/v1/live".into()),
        ("/api/v1/parties", "/api/v1/parties".into()),
    ];
    for (template, path) in &cases {
        conforms(&b, &doc, template, path, 200).await;
    }
    // The index fills asynchronously: wait (bounded) for the thread to be found.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let hits = conforms(
            &b,
            &doc,
            "/api/v1/search",
            "/api/v1/search?q=quokkaword&show=night-shift",
            200,
        )
        .await;
        if hits["items"].as_array().is_some_and(|h| !h.is_empty()) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "search never found the thread"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let eps = ok_json(&b, None, "/api/v1/shows/night-shift/episodes").await;
    let pilot = &eps["items"][0]["episodes"][0];
    assert_eq!(pilot["code"], "s01e01");
    let dates: Vec<(&str, &str)> = pilot["air_dates"]
        .as_array()
        .expect("air dates")
        .iter()
        .map(|d| {
            (
                d["region"].as_str().unwrap_or(""),
                d["date"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(dates, [("US", "2024-01-05"), ("GB", "2024-03-01")]);

    // Errors have one shape, and their statuses are in the document.
    for (template, path, status) in [
        ("/api/v1/shows/{slug}", "/api/v1/shows/no-such-show", 404),
        ("/api/v1/threads/{id}", "/api/v1/threads/999999", 404),
        (
            "/api/v1/shows/{slug}/threads",
            "/api/v1/shows/night-shift/threads?limit=0",
            400,
        ),
        (
            "/api/v1/shows/{slug}/threads",
            "/api/v1/shows/night-shift/threads?limit=101",
            400,
        ),
        (
            "/api/v1/shows/{slug}/threads",
            "/api/v1/shows/night-shift/threads?limit=x",
            400,
        ),
        (
            "/api/v1/shows/{slug}/threads",
            "/api/v1/shows/night-shift/threads?cursor=bm9wZQ",
            400,
        ),
        (
            "/api/v1/threads/{id}/posts",
            &format!("/api/v1/threads/{t}/posts?cursor=%%%"),
            400,
        ),
        ("/api/v1/search", "/api/v1/search", 400),
    ] {
        let body = conforms(&b, &doc, template, path, status).await;
        let code = body["error"]["code"].as_str().unwrap_or_default();
        assert_eq!(
            code,
            if status == 404 {
                "not_found"
            } else {
                "bad_request"
            },
            "{path}: {body}"
        );
    }
    let (status, _, body) = api(&b, None, "/api/v1/no/such/endpoint").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found")),
        "{body}"
    );
    let resp = b
        .http
        .post(b.url("/api/v1/shows"))
        .send()
        .await
        .expect("POST");
    assert_eq!(resp.status().as_u16(), 405);
    assert_eq!(
        resp.headers().get("allow").and_then(|v| v.to_str().ok()),
        Some("GET")
    );
    let body: Value = resp.json().await.expect("JSON 405");
    assert_eq!(body["error"]["code"], "method_not_allowed");

    // The docs page renders the document on the server.
    let docs = b.get("/api/v1/docs").await;
    assert_eq!(docs.status, 200);
    for text in [
        "/api/v1/shows/{slug}/boards/{board}/threads",
        "next_cursor",
        "ThreadOut",
        "limit",
    ] {
        assert!(docs.body.contains(text), "docs page lacks {text}");
    }
    assert!(
        !docs.body.contains("<script src=\"http"),
        "no outside scripts"
    );
}

/// Makes a token through the settings page and returns it as the page showed it once.
async fn make_token(b: &Browser, name: &str) -> String {
    let r = b.post("/settings/api/tokens", &[("name", name)]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let marker = "<code class=\"token\">";
    let start = r.body.find(marker).expect("the new token is shown") + marker.len();
    let end = r.body[start..].find('<').expect("token ends") + start;
    r.body[start..end].to_string()
}

fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|t| t["id"].as_i64())
        .collect()
}

fn item(page: &Value, id: i64) -> Option<&Value> {
    page["items"]
        .as_array()?
        .iter()
        .find(|t| t["id"].as_i64() == Some(id))
}

async fn api_shows_each_viewer_what_the_gate_allows(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("admin").await;
    let showmod = app.browser().signed_up("showmod").await;
    let author = app.browser().signed_up("author").await;
    let watcher = app.browser().signed_up("watcher").await;
    for (path, fields) in [(
        "/shows/night-shift/mod/team",
        vec![("username", "showmod"), ("action", "grant")],
    )] {
        assert_eq!(admin.post(path, &fields).await.status, 303);
    }
    let r = showmod
        .post(
            "/shows/night-shift/mod/filters",
            &[("pattern", "hexkelp"), ("action", "hold")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let held = author
        .new_thread(
            "night-shift",
            "general",
            "held thread hexkelp",
            "body hexkelp",
        )
        .await;
    let open = author
        .new_thread("night-shift", "general", "open thread", "first post")
        .await;
    let r = watcher
        .post(
            &format!("/threads/{open}/posts"),
            &[("body", "a rude reply")],
        )
        .await;
    assert_eq!(r.status, 303);
    let reply: i64 = r
        .location
        .as_deref()
        .and_then(|l| l.rsplit("#post-").next())
        .and_then(|p| p.parse().ok())
        .expect("reply id");
    let r = showmod
        .post(
            &format!("/posts/{reply}/mod"),
            &[("action", "remove"), ("reason", "rude")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let gone = author
        .new_thread(
            "night-shift",
            "general",
            "removed thread title",
            "removed body",
        )
        .await;
    let r = showmod
        .post(
            &format!("/threads/{gone}/mod"),
            &[("action", "remove"), ("reason", "off topic")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let shielded = thread_past_watching(&watcher, &author).await;

    let anon = app.browser();
    let author_token = make_token(&author, "author script").await;
    let mod_token = make_token(&showmod, "mod script").await;
    let watcher_token = make_token(&watcher, "watcher script").await;
    let board = "/api/v1/shows/night-shift/boards/general/threads";

    // Held: only its author and the show's moderators know of it.
    for (who, token, sees) in [
        ("anonymous", None, false),
        ("watcher", Some(watcher_token.as_str()), false),
        ("author", Some(author_token.as_str()), true),
        ("moderator", Some(mod_token.as_str()), true),
    ] {
        let list = ok_json(&anon, token, board).await;
        assert_eq!(
            ids(&list).contains(&held),
            sees,
            "{who} and the held thread: {list}"
        );
        let (status, _, body) = api(&anon, token, &format!("/api/v1/threads/{held}")).await;
        assert_eq!(status, if sees { 200 } else { 404 }, "{who}: {body}");
        if sees {
            assert_eq!(body["held"], true);
        }
    }
    // The session cookie is a viewer too (the author's browser, no token).
    let list = ok_json(&author, None, board).await;
    assert!(
        ids(&list).contains(&held),
        "the author's session sees the held thread"
    );

    // A removed reply: its body for moderators only; a removed thread: no title for others.
    let posts_path = format!("/api/v1/threads/{open}/posts");
    for (who, token, body_shown) in [
        ("anonymous", None, false),
        ("author", Some(author_token.as_str()), false),
        ("moderator", Some(mod_token.as_str()), true),
    ] {
        let posts = ok_json(&anon, token, &posts_path).await;
        let removed = item(&posts, reply).unwrap_or_else(|| panic!("{who}: {posts}"));
        assert_eq!(removed["removed"], "rude", "{who}");
        let body = removed["body_html"].as_str().unwrap_or_default();
        assert_eq!(body.contains("rude reply"), body_shown, "{who}: {body}");
        let list = ok_json(&anon, token, board).await;
        let t = item(&list, gone).unwrap_or_else(|| panic!("{who}: removed thread listed"));
        let title = t["title"].as_str().unwrap_or_default();
        assert_eq!(
            title.contains("removed thread title"),
            body_shown,
            "{who}: {t}"
        );
        let posts = ok_json(&anon, token, &format!("/api/v1/threads/{gone}/posts")).await;
        assert_eq!(
            !ids(&posts).is_empty(),
            body_shown,
            "{who}: posts of the removed thread"
        );
    }

    // Behind the watcher's shield: the label, no title, posts only when revealed.
    let list = ok_json(&anon, Some(&watcher_token), board).await;
    let t = item(&list, shielded).expect("the shielded thread is listed");
    assert!(t["shielded"].is_string(), "{t}");
    assert_eq!(t["title"], "", "{t}");
    let one = ok_json(
        &anon,
        Some(&watcher_token),
        &format!("/api/v1/threads/{shielded}"),
    )
    .await;
    assert!(one["shielded"].is_string() && one["title"] == "", "{one}");
    let path = format!("/api/v1/threads/{shielded}/posts");
    let (status, _, body) = api(&anon, Some(&watcher_token), &path).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("forbidden")),
        "{body}"
    );
    assert!(!body.to_string().contains("hidden text"), "{body}");
    let revealed = ok_json(&anon, Some(&watcher_token), &format!("{path}?reveal=true")).await;
    assert!(
        revealed.to_string().contains("The twist is hidden text"),
        "{revealed}"
    );
    // The author watched nothing either, but wrote it: the shield is per viewer, and the
    // anonymous viewer's region (US, where S01E02 aired) shows it whole.
    let anon_view = ok_json(&anon, None, &format!("/api/v1/threads/{shielded}")).await;
    assert!(anon_view["shielded"].is_null(), "{anon_view}");
    assert_eq!(anon_view["title"], "Double Back twist revealed");
}

async fn api_cursors_walk_a_hundred_threads_once_each(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let csrf = ann.csrf().await;
    let mut made = HashSet::new();
    for i in 0..100 {
        let title = format!("walk thread {i}");
        let r = ann
            .post_raw(
                "/shows/night-shift/threads",
                &[
                    ("title", &title),
                    ("body", "body"),
                    ("board", "theories"),
                    ("csrf_token", &csrf),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        made.insert(crate::helpers::thread_id_from(
            r.location.as_deref().unwrap_or_default(),
        ));
    }
    assert_eq!(made.len(), 100);
    let b = app.browser();
    let base = "/api/v1/shows/night-shift/boards/theories/threads?limit=7";
    let mut seen = Vec::new();
    let mut path = base.to_string();
    let mut pages = 0;
    loop {
        let page = ok_json(&b, None, &path).await;
        let got = ids(&page);
        assert!(got.len() <= 7);
        seen.extend(got);
        pages += 1;
        assert!(pages <= 20, "the walk never ends");
        match page["next_cursor"].as_str() {
            Some(c) => {
                // A reply in the middle of the walk bumps a thread; the order does not move.
                if pages == 3 {
                    let first = seen[0];
                    let r = ann
                        .post_raw(
                            &format!("/threads/{first}/posts"),
                            &[("body", "bump"), ("csrf_token", &csrf)],
                        )
                        .await;
                    assert_eq!(r.status, 303);
                }
                path = format!("{base}&cursor={c}");
            }
            None => break,
        }
    }
    assert_eq!(pages, 15, "100 threads in pages of 7");
    let unique: HashSet<i64> = seen.iter().copied().collect();
    assert_eq!(seen.len(), 100, "no thread twice");
    assert_eq!(unique, made, "every thread once");
    let mut sorted = seen.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(seen, sorted, "newest first");
    // The default page is 25; the largest 100.
    assert_eq!(
        ids(&ok_json(
            &b,
            None,
            "/api/v1/shows/night-shift/boards/theories/threads"
        )
        .await)
        .len(),
        25
    );
    let all = ok_json(
        &b,
        None,
        "/api/v1/shows/night-shift/boards/theories/threads?limit=100",
    )
    .await;
    assert_eq!(ids(&all).len(), 100);
    assert!(all["next_cursor"].is_null(), "{}", all["next_cursor"]);

    // Posts walk the same way, in a thread the walk did not bump (the oldest).
    let t = *seen.last().expect("a thread");
    assert_ne!(t, seen[0]);
    for i in 0..4 {
        let r = ann
            .post_raw(
                &format!("/threads/{t}/posts"),
                &[("body", &format!("reply {i}")), ("csrf_token", &csrf)],
            )
            .await;
        assert_eq!(r.status, 303);
    }
    let mut positions = Vec::new();
    let mut path = format!("/api/v1/threads/{t}/posts?limit=2");
    loop {
        let page = ok_json(&b, None, &path).await;
        positions.extend(
            page["items"]
                .as_array()
                .expect("items")
                .iter()
                .filter_map(|p| p["position"].as_i64()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/threads/{t}/posts?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(positions, [1, 2, 3, 4, 5]);
}

async fn api_tokens_are_made_once_hashed_and_revoked(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let token = make_token(&ann, "my script").await;
    assert_eq!(token.len(), 64, "{token}");
    // Stored as its SHA-256 only.
    let hash = cliffhanger::auth::session::token_hash(&token);
    let rows: i64 =
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1")
            .bind(&hash)
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
    assert_eq!(rows, 1);
    let raw: i64 =
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1")
            .bind(&token)
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
    assert_eq!(raw, 0);
    // Shown once: the settings page lists it by name, not the token.
    let page = ann.get("/settings/api").await;
    assert!(page.body.contains("my script") && !page.body.contains(&token));

    let anon = app.browser();
    ok_json(&anon, Some(&token), "/api/v1/shows").await;
    // Creating and revoking need the CSRF token.
    let r = ann
        .post_raw("/settings/api/tokens", &[("name", "no csrf")])
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let id: i64 = sqlx::query_scalar::<_, i64>("SELECT id FROM api_tokens WHERE token_hash = $1")
        .bind(&hash)
        .fetch_one(&app.db.pool)
        .await
        .expect("id");
    // Someone else cannot revoke it.
    let bob = app.browser().signed_up("bob").await;
    let r = bob
        .post(&format!("/settings/api/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    ok_json(&anon, Some(&token), "/api/v1/shows").await;
    let r = ann
        .post(&format!("/settings/api/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    for bad in [token.as_str(), "not-a-token", &"a".repeat(64)] {
        let (status, headers, body) = api(&anon, Some(bad), "/api/v1/shows").await;
        assert_eq!(status, 401, "{bad}: {body}");
        assert_eq!(body["error"]["code"], "unauthorized");
        assert!(headers.contains_key("www-authenticate"));
    }
    // An empty name is refused with the form shown again.
    let r = ann.post("/settings/api/tokens", &[("name", "  ")]).await;
    assert_eq!(r.status, 422, "{}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_rate_limit_answers_429_with_retry_after_sqlite() {
    api_rate_limit(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_rate_limit_answers_429_with_retry_after_postgres() {
    api_rate_limit(Backend::Postgres).await;
}

/// A server with `--api-requests-per-minute 3`.
async fn api_rate_limit(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |c| c.api_requests_per_minute = 3).await else {
        return;
    };
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let token = make_token(&ann, "limited").await;
    let anon = app.browser();
    for _ in 0..3 {
        ok_json(&anon, None, "/api/v1/shows").await;
    }
    let (status, headers, body) = api(&anon, None, "/api/v1/shows").await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"]["code"], "rate_limited");
    let retry: i64 = headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!((1..=60).contains(&retry), "{retry}");
    // A token has its own count, from the same address.
    for _ in 0..3 {
        ok_json(&anon, Some(&token), "/api/v1/shows").await;
    }
    let (status, headers, _) = api(&anon, Some(&token), "/api/v1/shows").await;
    assert_eq!(status, 429);
    assert!(headers.contains_key("retry-after"));
    // Another address still has its own.
    ok_json(&app.browser_from(7), None, "/api/v1/shows").await;
}
