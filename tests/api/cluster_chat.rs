//! Live chat across two nodes of one site (one PostgreSQL database, one Redis): delivery in
//! id order, presence, moderator events, the shared limits, and a Redis outage.
use std::collections::BTreeSet;
use std::net::IpAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::{eventually, spawn_cluster, Browser, TestApp};
use crate::ws::{Chat, Event};

/// Every poll of an observable condition gives up after this long.
const PATIENCE: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(25);

async fn room_of(app: &TestApp) -> String {
    format!("ep-{}", app.episode_id("night-shift", "s01e01").await)
}

/// Reads messages until every id of `expected` has arrived, checking that ids only grow
/// (which also means none came twice). Returns every id read.
async fn read_until(chat: &mut Chat, expected: &BTreeSet<i64>, who: &str) -> Vec<i64> {
    let deadline = Instant::now() + PATIENCE;
    let mut got: Vec<i64> = Vec::new();
    while !expected.iter().all(|id| got.binary_search(id).is_ok()) {
        assert!(
            Instant::now() < deadline,
            "{who} still misses {:?}",
            expected
                .iter()
                .filter(|id| got.binary_search(id).is_err())
                .collect::<Vec<_>>()
        );
        let f = chat.next_frame().await;
        if f["type"] == "message" {
            let id = f["id"].as_i64().expect("message id");
            if let Some(last) = got.last() {
                assert!(id > *last, "{who} got {id} after {last}");
            }
            got.push(id);
        }
    }
    got
}

async fn health(app: &TestApp) -> String {
    Browser::for_base(&app.base).get("/healthz").await.body
}

async fn expect_close_code(chat: &mut Chat, code: u16) {
    loop {
        match chat.next_event().await {
            Event::Frame(_) => continue,
            Event::Closed(Some(frame)) => {
                assert_eq!(u16::from(frame.code), code, "{frame:?}");
                return;
            }
            other => panic!("expected close {code}, got {other:?}"),
        }
    }
}

/// Two nodes with `tweak` on both; `None` without TEST_POSTGRES_URL.
async fn two_nodes(tweak: impl Fn(&mut cliffhanger::config::Config)) -> Option<(TestApp, TestApp)> {
    let mut apps = spawn_cluster(2, |_, c| tweak(c)).await?;
    let b = apps.pop()?;
    let a = apps.pop()?;
    a.seed_catalogue().await;
    for app in [&a, &b] {
        eventually("the node hears Redis", || async {
            health(app).await.contains("redis: up")
        })
        .await;
    }
    Some((a, b))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_reader_on_every_node_gets_every_message_once_in_id_order() {
    let Some((a, b)) = two_nodes(|c| c.chat.rate_count = 10_000).await else {
        return;
    };
    let room = room_of(&a).await;
    let ann = a.browser().signed_up("ann").await;
    let bob = b.browser().signed_up("bob").await;
    let (mut reader_a, _) = Chat::join(&a.base, &room, None, None).await;
    let (mut reader_b, _) = Chat::join(&b.base, &room, None, None).await;
    let (mut ann_chat, _) = Chat::join(&a.base, &room, None, Some(&ann)).await;
    let (mut bob_chat, _) = Chat::join(&b.base, &room, None, Some(&bob)).await;
    const EACH: usize = 150;
    // Both senders at once, on different nodes: their messages interleave in the room.
    let ann_task = tokio::spawn(async move {
        let mut ids = Vec::new();
        for i in 0..EACH {
            ids.push(ann_chat.say(&format!("ann {i}"), &format!("a{i}")).await);
        }
        (ann_chat, ids)
    });
    let bob_task = tokio::spawn(async move {
        let mut ids = Vec::new();
        for i in 0..EACH {
            ids.push(bob_chat.say(&format!("bob {i}"), &format!("b{i}")).await);
        }
        (bob_chat, ids)
    });
    let (mut ann_chat, ann_ids) = ann_task.await.expect("ann sends");
    let (mut bob_chat, bob_ids) = bob_task.await.expect("bob sends");
    let acked: BTreeSet<i64> = ann_ids.iter().chain(&bob_ids).copied().collect();
    assert_eq!(acked.len(), 2 * EACH, "every send got its own id");
    let (lo, hi) = (acked.first().copied(), acked.last().copied());
    assert!(
        ann_ids.iter().any(|id| bob_ids.iter().any(|b| b > id))
            && bob_ids.iter().any(|id| ann_ids.iter().any(|a| a > id)),
        "the senders interleaved ({lo:?}..{hi:?})"
    );
    // A last message from A alone: B's clients can only get it over the bus.
    let mut acked = acked;
    acked.insert(ann_chat.say("the last word", "a-last").await);
    for (chat, who) in [
        (&mut reader_a, "reader on A"),
        (&mut reader_b, "reader on B"),
        (&mut ann_chat, "ann on A"),
        (&mut bob_chat, "bob on B"),
    ] {
        let got = read_until(chat, &acked, who).await;
        assert_eq!(
            got.iter().copied().collect::<BTreeSet<_>>(),
            acked,
            "{who} got exactly the room's messages"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presence_counts_the_clients_of_both_nodes() {
    let Some((a, b)) = two_nodes(|_| {}).await else {
        return;
    };
    let room = room_of(&a).await;
    let room_id = cliffhanger::chat::RoomId::parse(&room).expect("room id");
    let (mut on_a, hello) = Chat::join(&a.base, &room, None, None).await;
    assert_eq!(hello["online"], 1);
    let (_on_b, _) = Chat::join(&b.base, &room, None, None).await;
    let (_on_b2, _) = Chat::join(&b.base, &room, None, None).await;
    // The client on A is told there are three people in the room.
    let deadline = Instant::now() + PATIENCE;
    loop {
        assert!(Instant::now() < deadline, "A never counted B's clients");
        let f = on_a.next_frame().await;
        if f["type"] == "presence" && f["online"] == 3 {
            break;
        }
    }
    // The home page's count (ChatHub::online) agrees on both nodes.
    for app in [&a, &b] {
        eventually("the hub counts 3", || async {
            app.chat.online(room_id).await == 3
        })
        .await;
    }
    // A newcomer's hello on B counts everyone, too.
    let (_c, hello) = Chat::join(&b.base, &room, None, None).await;
    assert_eq!(hello["online"], 4, "{hello}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderator_events_on_a_reach_sockets_on_b() {
    let Some((a, b)) = two_nodes(|_| {}).await else {
        return;
    };
    let room = room_of(&a).await;
    let admin = a.browser().signed_up("admin").await;
    let ann = a.browser().signed_up("ann").await;
    let bob = a.browser().signed_up("bob").await;
    let (mut reader_b, _) = Chat::join(&b.base, &room, None, None).await;
    let (mut ann_b, _) = Chat::join(&b.base, &room, None, Some(&ann)).await;
    let (mut bob_b, _) = Chat::join(&b.base, &room, None, Some(&bob)).await;
    let id = ann_b.say("delete me", "d1").await;
    assert_eq!(reader_b.messages(1).await[0]["id"], id);

    // A delete on A: B's clients drop it, and B's next hello leaves it out.
    let r = admin
        .post(&format!("/chat/messages/{id}/mod"), &[("action", "delete")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(reader_b.expect_type("deleted").await["id"], id);
    let (_c, hello) = Chat::join(&b.base, &room, None, None).await;
    assert!(
        hello["backlog"].as_array().is_some_and(|m| m.is_empty()),
        "{hello}"
    );

    // A ban on A closes the user's socket on B with 4003.
    let r = admin
        .post("/admin/ban", &[("username", "ann"), ("reason", "spam")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    expect_close_code(&mut ann_b, 4003).await;

    // Signing out on A closes the user's socket on B with 4001.
    assert_eq!(bob.post("/logout", &[]).await.status, 303);
    expect_close_code(&mut bob_b, 4001).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_rate_and_sockets_per_ip_hold_across_nodes() {
    let Some((a, b)) = two_nodes(|c| {
        c.chat.rate_count = 3;
        c.chat.rate_window = Duration::from_secs(120);
        c.chat.sockets.per_ip = 3;
    })
    .await
    else {
        return;
    };
    let room = room_of(&a).await;
    let ann = a.browser().signed_up("ann").await;
    let (mut on_a, _) = Chat::join(&a.base, &room, None, Some(&ann)).await;
    let (mut on_b, _) = Chat::join(&b.base, &room, None, Some(&ann)).await;
    // Three sends split over both nodes use up the one window, as on one node.
    on_a.say("one", "r1").await;
    on_b.say("two", "r2").await;
    on_a.say("three", "r3").await;
    on_b.send_text("four", "r4").await;
    let err = on_b.expect_type("error").await;
    assert_eq!(err["code"], "rate_limited", "{err}");
    assert!(
        err["retry_after_ms"].as_u64().is_some_and(|ms| ms > 0),
        "{err}"
    );
    on_a.send_text("four again", "r5").await;
    assert_eq!(on_a.expect_type("error").await["code"], "rate_limited");

    // Sockets from one address: three over both nodes, then the fourth is refused on either.
    let ip: IpAddr = [127, 0, 0, 9].into();
    let mut open = Vec::new();
    for app in [&a, &b, &a] {
        let chat = Chat::connect_from(ip, &app.base, &room, None, None).await;
        open.push(chat.expect("under the per-IP limit"));
    }
    for app in [&b, &a] {
        let refused = Chat::connect_from(ip, &app.base, &room, None, None).await;
        assert_eq!(
            refused.err(),
            Some(429),
            "the fourth socket from one address"
        );
    }
}

/// Five messages from each sender, alternating; their ids go into `acked`.
async fn send_round(ann: &mut Chat, bob: &mut Chat, acked: &mut BTreeSet<i64>, n: &mut usize) {
    for _ in 0..5 {
        *n += 1;
        acked.insert(ann.say(&format!("ann {n}"), &format!("a{n}")).await);
        acked.insert(bob.say(&format!("bob {n}"), &format!("b{n}")).await);
    }
}

/// A Redis server of the test's own, on a free port, that the test can kill and restart.
struct OwnRedis {
    port: u16,
    child: Child,
}

impl OwnRedis {
    fn free_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port()
    }

    async fn start(port: u16) -> OwnRedis {
        let child = Command::new("redis-server")
            .args([
                "--port",
                &port.to_string(),
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .args(["--bind", "127.0.0.1"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server is installed");
        let deadline = Instant::now() + PATIENCE;
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(
                Instant::now() < deadline,
                "redis-server never listened on {port}"
            );
            tokio::time::sleep(POLL).await;
        }
        OwnRedis { port, child }
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        self.kill();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_outage_loses_no_acknowledged_message() {
    let port = OwnRedis::free_port();
    let mut redis = OwnRedis::start(port).await;
    let url = redis.url();
    let Some((a, b)) = two_nodes(|c| {
        c.redis_url = Some(url.clone());
        c.chat.rate_count = 10_000;
    })
    .await
    else {
        return;
    };
    let room = room_of(&a).await;
    let ann = a.browser().signed_up("ann").await;
    let bob = b.browser().signed_up("bob").await;
    let (mut reader_a, _) = Chat::join(&a.base, &room, None, None).await;
    let (mut reader_b, _) = Chat::join(&b.base, &room, None, None).await;
    let (mut ann_a, _) = Chat::join(&a.base, &room, None, Some(&ann)).await;
    let (mut bob_b, _) = Chat::join(&b.base, &room, None, Some(&bob)).await;
    let carol = a.browser().signed_up("carol").await;
    let (mut carol_b, _) = Chat::join(&b.base, &room, None, Some(&carol)).await;
    let mut acked = BTreeSet::new();
    let mut n = 0;
    send_round(&mut ann_a, &mut bob_b, &mut acked, &mut n).await;
    let before_cut = *acked.last().expect("sent");

    redis.kill();
    for app in [&a, &b] {
        eventually("/healthz says Redis is down", || async {
            health(app).await.contains("redis: down")
        })
        .await;
    }
    // Each node goes on serving its own clients.
    send_round(&mut ann_a, &mut bob_b, &mut acked, &mut n).await;
    // A sign-out on A while B cannot hear it.
    assert_eq!(carol.post("/logout", &[]).await.status, 303);

    let _redis = OwnRedis::start(port).await;
    for app in [&a, &b] {
        eventually("/healthz says Redis is up again", || async {
            health(app).await.contains("redis: up")
        })
        .await;
    }

    // Once B hears A again, the signed-out session's socket there closes.
    expect_close_code(&mut carol_b, 4001).await;
    // Nothing is sent after the return: what each node stored during the outage reaches the
    // other node's clients only by the rooms catching up from the database.
    for (chat, who) in [
        (&mut reader_a, "reader on A"),
        (&mut reader_b, "reader on B"),
        (&mut ann_a, "ann on A"),
        (&mut bob_b, "bob on B"),
    ] {
        let got = read_until(chat, &acked, who).await;
        assert_eq!(got.iter().copied().collect::<BTreeSet<_>>(), acked, "{who}");
    }
    // A client that resumes after the cut gets exactly what came after it, on either node.
    let after_cut: Vec<i64> = acked
        .iter()
        .copied()
        .filter(|id| *id > before_cut)
        .collect();
    for app in [&a, &b] {
        let (_c, hello) = Chat::join(&app.base, &room, Some(before_cut), None).await;
        let ids: Vec<i64> = hello["backlog"]
            .as_array()
            .expect("backlog")
            .iter()
            .map(|m: &Value| m["id"].as_i64().expect("id"))
            .collect();
        assert_eq!(ids, after_cut);
    }
}
