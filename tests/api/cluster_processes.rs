//! Two `cliffhanger serve` processes, started from the binary as an operator would, on one
//! PostgreSQL database and one Redis: what one of them is told, the other serves. (The other
//! cluster tests run their nodes inside the test process, where they can be reached
//! directly; this one proves the same with nothing shared but the services.)
use crate::helpers::{
    eventually, fresh_postgres_db_url, redis_url, Browser, ChildServer, SAMPLE_CATALOGUE,
};
use crate::ws::Chat;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_serve_one_site() {
    let Some(db_url) = fresh_postgres_db_url().await else {
        return;
    };
    let redis = redis_url();
    let (dir_a, dir_b) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    let args = ["--redis-url", redis.as_str(), "--signups-per-ip", "100"];
    let a = ChildServer::start(dir_a.path(), &db_url, &args);
    let b = ChildServer::start(dir_b.path(), &db_url, &args);

    // The catalogue comes in through the import command, as on a real site.
    let file = dir_a.path().join("catalogue.json");
    std::fs::write(&file, SAMPLE_CATALOGUE).expect("write catalogue");
    let import = std::process::Command::new(env!("CARGO_BIN_EXE_cliffhanger"))
        .arg("import")
        .arg(&file)
        .env("DATABASE_URL", &db_url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run import");
    assert!(import.status.success(), "import failed: {import:?}");

    for node in [&a, &b] {
        eventually("the node hears Redis", || async {
            Browser::for_base(&node.base)
                .get("/healthz")
                .await
                .body
                .contains("redis: up")
        })
        .await;
    }

    // A thread posted through A is on B's show page and thread page.
    let ann = Browser::for_base(&a.base).signed_up("ann").await;
    let thread = ann
        .new_thread(
            "night-shift",
            "general",
            "Two processes",
            "posted through A",
        )
        .await;
    let on_b = Browser::for_base(&b.base);
    let page = on_b.get(&format!("/threads/{thread}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("posted through A"), "{}", page.body);

    // A chat message sent on B reaches a reader on A, and one sent on A a reader on B.
    let room = {
        let live = on_b
            .get("/shows/night-shift/episodes/s01e01/live?reveal=1")
            .await;
        let marker = "data-room=\"";
        let at = live
            .body
            .find(marker)
            .expect("the live page names its room")
            + marker.len();
        live.body[at..].split('"').next().expect("room").to_string()
    };
    let bob = Browser::for_base(&b.base).signed_up("bob").await;
    let (mut reader_a, _) = Chat::join(&a.base, &room, None, None).await;
    let (mut reader_b, _) = Chat::join(&b.base, &room, None, None).await;
    let (mut bob_chat, _) = Chat::join(&b.base, &room, None, Some(&bob)).await;
    let (mut ann_chat, _) = Chat::join(&a.base, &room, None, Some(&ann)).await;
    let from_b = bob_chat.say("hello from B", "b1").await;
    let from_a = ann_chat.say("hello from A", "a1").await;
    for reader in [&mut reader_a, &mut reader_b] {
        let got = reader.messages(2).await;
        let ids: Vec<i64> = got.iter().filter_map(|m| m["id"].as_i64()).collect();
        assert_eq!(ids, [from_b, from_a], "both messages, in id order: {got:?}");
    }
}
