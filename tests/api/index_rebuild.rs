//! A node that starts without its embedded search index (a restored backup, a deleted
//! index directory) rebuilds it from the database by itself.
use std::time::{Duration, Instant};

use crate::helpers::{ChildServer, TestApp};

crate::on_both_backends!(a_node_without_an_index_rebuilds_it);

async fn a_node_without_an_index_rebuilds_it(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    ann.new_thread(
        "night-shift",
        "general",
        "Ambulance theory",
        "the quartermaster drives the ambulance",
    )
    .await;
    // A second server on the same database, with a data dir that holds no index at all
    // (and no outbox work left for it once the first server has drained it).
    let outbox_empty = Instant::now() + Duration::from_secs(20);
    while app.count("search_outbox").await > 0 {
        assert!(
            Instant::now() < outbox_empty,
            "the first server never drained the outbox"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let restored = ChildServer::start(dir.path(), &app.shared_database_url(), &["--no-indexer"]);
    let reader = crate::helpers::Browser::for_base(&restored.base);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let page = reader.get("/search?q=quartermaster").await;
        assert_eq!(page.status, 200);
        if page.body.contains("Ambulance theory") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new node's search never found the post: {}",
            page.body
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
