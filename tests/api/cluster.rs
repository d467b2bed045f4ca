//! Two nodes on one PostgreSQL database, as behind a load balancer: whichever node a request
//! reaches, a user sees the same site. Each node keeps its page cache on (the default), hears
//! the other's changes, and exactly one of them drains the search outbox.
use std::time::{Duration, Instant};

use sqlx::Row;

use crate::helpers::{extract_csrf, spawn_cluster, Browser, TestApp};

const PATIENCE: Duration = Duration::from_secs(10);

/// The same browser (one cookie jar, one client) pointed at another node. Cookies are kept
/// per host, and every node is 127.0.0.1, so the session travels as it would behind one
/// address.
fn at(b: &Browser, node: &TestApp) -> Browser {
    Browser {
        base: node.base.clone(),
        jar: b.jar.clone(),
        http: b.http.clone(),
    }
}

/// Polls `path` on `b` until its body satisfies `ok`; fails after `PATIENCE`.
async fn eventually(b: &Browser, path: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let body = b.get(path).await.body;
        if ok(&body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: {path} on {} never did; last body:\n{body}",
            b.base
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The `name: value` line of a node's `/healthz`.
async fn health(node: &TestApp, name: &str) -> String {
    let body = node.browser().get("/healthz").await.body;
    body.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("/healthz has no {name} line: {body:?}"))
        .to_string()
}

/// Ids of the posts whose edit link a page shows.
fn post_ids(html: &str) -> Vec<i64> {
    html.split("href=\"/posts/")
        .skip(1)
        .filter_map(|s| {
            let (id, rest) = s.split_once('/')?;
            rest.starts_with("edit\"")
                .then(|| id.parse().ok())
                .flatten()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_forum_story_reads_the_same_on_either_node() {
    let Some(nodes) = spawn_cluster(2, |_, c| c.page_cache = None).await else {
        return;
    };
    let (a, b) = (&nodes[0], &nodes[1]);
    a.seed_catalogue().await;
    for node in [a, b] {
        assert_eq!(health(node, "page cache").await, "live", "{}", node.base);
    }

    // Signed up on A, the session cookie is honoured on B.
    let ann_a = a.browser().signed_up("ann").await;
    let ann_b = at(&ann_a, b);
    let home_b = ann_b.get("/").await.body;
    assert!(
        home_b.contains("<span class=\"who\">ann</span>"),
        "B does not know A's session:\n{home_b}"
    );

    // A thread posted on A is on B at the first read after the redirect.
    let id = ann_a
        .new_thread("night-shift", "general", "Across nodes", "Posted on A.")
        .await;
    let page = format!("/threads/{id}");
    let reader_a = a.browser();
    let reader_b = at(&reader_a, b);
    assert!(reader_b.get(&page).await.body.contains("Posted on A."));

    // A caches the page; a write that tells nobody (straight into the table) stays
    // unseen there, which shows the page really is served from A's cache.
    let seen = reader_a.get(&page).await.body;
    assert!(reader_a.get(&page).await.body.contains("Posted on A."));
    let first_post = *post_ids(&ann_a.get(&page).await.body)
        .first()
        .expect("the author sees an edit link");
    sqlx::query("UPDATE posts SET body_html = '<p>Unannounced.</p>' WHERE id = $1")
        .bind(first_post)
        .execute(&a.db.pool)
        .await
        .expect("raw update");
    assert!(
        !reader_a.get(&page).await.body.contains("Unannounced."),
        "the page cache is not in use on A, so this test would prove nothing:\n{seen}"
    );

    // Edited on B with a CSRF token from a page A served: A hears of it.
    let token = extract_csrf(&ann_a.get(&page).await.body).expect("csrf on A's page");
    let edited = ann_b
        .post_raw(
            &format!("/posts/{first_post}/edit"),
            &[("body", "Edited on B."), ("csrf_token", &token)],
        )
        .await;
    assert_eq!(edited.status, 303, "edit on B: {}", edited.body);
    eventually(&reader_a, &page, "A shows B's edit", |p| {
        p.contains("Edited on B.") && !p.contains("Posted on A.")
    })
    .await;

    // A reply on A reaches B, whose cache held the page from before.
    let reply = ann_a
        .post(&format!("{page}/posts"), &[("body", "Reply on A.")])
        .await;
    assert_eq!(reply.status, 303, "reply on A: {}", reply.body);
    eventually(&reader_b, &page, "B shows A's reply", |p| {
        p.contains("Reply on A.") && p.contains("Edited on B.")
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_split_across_nodes_meet_one_limit() {
    let Some(nodes) = spawn_cluster(2, |_, _| {}).await else {
        return;
    };
    let (a, b) = (&nodes[0], &nodes[1]);
    a.browser().signed_up("ann").await;
    let limit = cliffhanger::auth::limits::AccountLimits::default().login_failures_per_ip;
    // One client address (127.0.0.9), its requests spread over both nodes in turn.
    let via = [a.browser_from(9), b.browser_from(9)];
    let mut got = Vec::new();
    for i in 0..(limit + 3) {
        let browser = &via[i as usize % 2];
        got.push(browser.login("ann", "not her password").await.status);
    }
    let mut want = vec![401u16; limit as usize];
    want.extend([429, 429, 429]);
    assert_eq!(got, want, "the per-IP limit of {limit} counts both nodes");
}

/// The `/healthz` indexer roles of both nodes, once neither is still starting.
async fn roles(nodes: &[TestApp]) -> Vec<String> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let mut roles = Vec::new();
        for node in nodes {
            roles.push(health(node, "indexer").await);
        }
        if roles.iter().all(|r| r != "off") {
            return roles;
        }
        assert!(Instant::now() < deadline, "indexer roles stayed {roles:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn outbox_drained(node: &TestApp) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let left = cliffhanger::db::search::outbox_len(&node.db)
            .await
            .expect("outbox length");
        if left == 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{left} outbox rows never drained"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Results a node's search page reports for `q` (0 when it says none).
async fn results(node: &TestApp, q: &str) -> usize {
    let body = node.browser().get(&format!("/search?q={q}")).await.body;
    body.split("class=\"meta result-count\">")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no result count on the search page:\n{body}"))
}

/// The backend that holds the indexer's advisory lock in this test's database.
async fn lock_holder(node: &TestApp) -> Option<i32> {
    sqlx::query(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted \
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    .fetch_optional(&node.db.pool)
    .await
    .expect("pg_locks")
    .map(|r| r.try_get(0).expect("pid"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_one_node_drains_the_search_outbox() {
    // Each node's embedded index lives in its own data dir, so what a node's search finds
    // is exactly what that node indexed.
    let Some(nodes) = spawn_cluster(2, |_, c| {
        c.indexer_retry = Duration::from_millis(300);
    })
    .await
    else {
        return;
    };
    let mut roles_now = roles(&nodes).await;
    roles_now.sort();
    assert_eq!(roles_now, ["active", "standby"]);
    let active = if health(&nodes[0], "indexer").await == "active" {
        0
    } else {
        1
    };
    let (drainer, idle) = (&nodes[active], &nodes[1 - active]);

    nodes[0].seed_catalogue().await;
    let ann = nodes[0].browser().signed_up("ann").await;
    let ann_other = at(&ann, &nodes[1]);
    for (i, who) in [&ann, &ann_other, &ann, &ann_other].into_iter().enumerate() {
        who.new_thread(
            "night-shift",
            "general",
            &format!("Lighthouse {i}"),
            "The zeppelin circled the lighthouse.",
        )
        .await;
        // Sampled while both nodes run: never two drainers.
        assert_eq!(
            roles(&nodes)
                .await
                .iter()
                .filter(|r| *r == "active")
                .count(),
            1
        );
    }
    outbox_drained(drainer).await;
    assert_eq!(
        results(drainer, "zeppelin").await,
        4,
        "indexed on the drainer"
    );
    assert_eq!(
        results(idle, "zeppelin").await,
        0,
        "the standby node drained some of the outbox too"
    );

    // The drainer's lock session ends (as when its node dies): the lock frees itself and
    // one node drains again.
    let holder = lock_holder(drainer).await.expect("someone holds the lock");
    let killed: bool = sqlx::query("SELECT pg_terminate_backend($1)")
        .bind(holder)
        .fetch_one(&drainer.db.pool)
        .await
        .expect("terminate")
        .try_get(0)
        .expect("bool");
    assert!(killed);
    let deadline = Instant::now() + PATIENCE;
    while lock_holder(drainer).await.is_none_or(|pid| pid == holder) {
        assert!(Instant::now() < deadline, "nobody took the freed lock");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    ann.new_thread(
        "night-shift",
        "general",
        "After the handover",
        "A zeppelin again.",
    )
    .await;
    outbox_drained(drainer).await;
    // The old drainer learns of its loss at its next batch.
    let deadline = Instant::now() + PATIENCE;
    loop {
        let mut roles_now = roles(&nodes).await;
        roles_now.sort();
        if roles_now == ["active", "standby"] {
            break;
        }
        assert!(Instant::now() < deadline, "roles stayed {roles_now:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_indexer_reports_off_and_leaves_the_work_to_the_other_node() {
    let Some(nodes) = spawn_cluster(2, |i, c| c.indexer = i == 1).await else {
        return;
    };
    assert_eq!(health(&nodes[0], "indexer").await, "off");
    let deadline = Instant::now() + PATIENCE;
    while health(&nodes[1], "indexer").await != "active" {
        assert!(Instant::now() < deadline, "the other node never indexed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The backends of both nodes' change listeners.
async fn listeners(node: &TestApp) -> Vec<i32> {
    sqlx::query(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() \
         AND query LIKE 'LISTEN %'",
    )
    .fetch_all(&node.db.pool)
    .await
    .expect("pg_stat_activity")
    .iter()
    .map(|r| r.try_get(0).expect("pid"))
    .collect()
}

async fn allow_connections(node: &TestApp, allow: bool) {
    let admin = crate::helpers::postgres_admin_url().expect("PostgreSQL test");
    let name = url::Url::parse(node.database_url.as_deref().expect("PostgreSQL node"))
        .expect("url")
        .path()
        .trim_start_matches('/')
        .to_string();
    let pool = sqlx::AnyPool::connect(&admin)
        .await
        .expect("admin connection");
    sqlx::query(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS {allow}"))
        .execute(&pool)
        .await
        .expect("alter database");
    pool.close().await;
}

/// Fills a node's pool with idle connections (it keeps them for minutes).
async fn warm(node: &TestApp) {
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(node.db.pool.acquire().await.expect("connection"));
    }
}

async fn wait_health(node: &TestApp, name: &str, want: &str) {
    let deadline = Instant::now() + PATIENCE;
    while health(node, name).await != want {
        assert!(Instant::now() < deadline, "{name} never became {want}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_that_lost_its_listener_serves_no_stale_page() {
    let Some(nodes) = spawn_cluster(2, |_, _| {}).await else {
        return;
    };
    let (a, b) = (&nodes[0], &nodes[1]);
    a.seed_catalogue().await;
    let ann = a.browser().signed_up("ann").await;
    let id = ann
        .new_thread("night-shift", "general", "Outage", "Before the outage.")
        .await;
    let page = format!("/threads/{id}");
    let reader = a.browser();
    assert!(reader.get(&page).await.body.contains("Before the outage."));
    assert!(reader.get(&page).await.body.contains("Before the outage."));
    let first_post = *post_ids(&ann.get(&page).await.body)
        .first()
        .expect("edit link");
    // Open connections now for both nodes' requests below: none can open during the outage.
    warm(a).await;
    warm(b).await;
    let ann_b = at(&ann, b);
    let token = extract_csrf(&ann_b.get(&page).await.body).expect("csrf");

    // No new connection may open, and the listeners' connections are cut: they cannot
    // come back, so what B changes now is never heard on A.
    allow_connections(a, false).await;
    let cut = listeners(a).await;
    assert_eq!(cut.len(), 2, "one listener per node");
    for pid in cut {
        sqlx::query("SELECT pg_terminate_backend($1)::text")
            .bind(pid)
            .execute(&a.db.pool)
            .await
            .expect("terminate listener");
    }
    wait_health(a, "page cache", "bypassed").await;
    let edited = ann_b
        .post_raw(
            &format!("/posts/{first_post}/edit"),
            &[("body", "During the outage."), ("csrf_token", &token)],
        )
        .await;
    assert_eq!(edited.status, 303, "edit on B: {}", edited.body);
    let during = reader.get(&page).await.body;
    allow_connections(a, true).await;
    assert!(
        during.contains("During the outage."),
        "A served its cached page while deaf to B:\n{during}"
    );

    // The listener comes back by itself, and the cache with it.
    wait_health(a, "page cache", "live").await;
    assert!(reader.get(&page).await.body.contains("During the outage."));
    let edited = ann_b
        .post(
            &format!("/posts/{first_post}/edit"),
            &[("body", "After the outage.")],
        )
        .await;
    assert_eq!(edited.status, 303, "edit on B: {}", edited.body);
    eventually(&reader, &page, "A hears B again", |p| {
        p.contains("After the outage.")
    })
    .await;
}
