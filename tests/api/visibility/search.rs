//! Search, site-wide and per show: nobody finds what the gate hides.
use std::time::{Duration, Instant};

use super::fixture::{
    self, World, BANNED_POST, CHAT_DELETED, DELETED, EP1_HELD, EP1_NORMAL, EP1_REMOVED, HELD,
    H_BODY, H_TITLE, NORMAL, REMOVED, SHOW, S_BODY, S_TITLE,
};
use super::{Check, Failures, Rule, Scope, Who, EVERYONE, NOBODY};
use crate::helpers::{Browser, TestApp};

crate::on_both_backends!(search_follows_the_gate);

/// (word searched for, who finds it). Each is searched site-wide and on the show's page.
const SEARCHES: &[(&str, Rule)] = &[
    (NORMAL, EVERYONE),
    (EP1_NORMAL, EVERYONE),
    // A ban does not erase forum history.
    (BANNED_POST, EVERYONE),
    (REMOVED, NOBODY),
    (EP1_REMOVED, NOBODY),
    (HELD, NOBODY),
    (EP1_HELD, NOBODY),
    (H_TITLE, NOBODY),
    (H_BODY, NOBODY),
    (DELETED, NOBODY),
    (CHAT_DELETED, NOBODY),
    // Nobody has watched S01E02 yet.
    (S_TITLE, NOBODY),
    (S_BODY, NOBODY),
];

/// Once `author` marked S01E02 watched, S is theirs to find, and still nobody else's.
const AFTER_AUTHOR_WATCHED: &[(&str, Rule)] = &[
    (S_TITLE, Rule::Seen(&[Who::Author])),
    (S_BODY, Rule::Seen(&[Who::Author])),
];

fn paths(word: &str) -> [String; 2] {
    [
        format!("/search?q={word}"),
        format!("/shows/{SHOW}/search?q={word}"),
    ]
}

async fn run(w: &World, table: &[(&'static str, Rule)], f: &mut Failures) {
    for (word, rule) in table {
        let checks = [Check(Scope::Hits, word, *rule)];
        for path in paths(word) {
            for (who, b) in &w.viewers {
                let r = b.get(&path).await;
                f.expect(r.status == 200, || {
                    format!("{path} as {who:?}: status {}", r.status)
                });
                f.markers(w, &path, *who, &r.body, &checks);
            }
        }
    }
}

/// Waits (bounded) until the indexer has applied every queued change: the embedded engine
/// commits and reloads before the outbox row goes, so what follows searches settled data.
async fn indexed(w: &World) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while cliffhanger::db::search::outbox_len(&w.app.db)
        .await
        .expect("outbox length")
        > 0
    {
        assert!(Instant::now() < deadline, "the search outbox never drained");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Like `search_wait`, but a result that never comes is a finding rather than a panic.
async fn found_within(b: &Browser, path: &str, needle: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if b.get(path).await.body.contains(needle) {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn search_follows_the_gate(app: TestApp) {
    let w = fixture::build(app).await;
    indexed(&w).await;
    // Positive control first: a normal post is found, so absences below mean something.
    crate::search_wait(
        w.browser(Who::Anon),
        &format!("/shows/{SHOW}/search?q={NORMAL}"),
        |p| p.contains(&format!("#post-{}", w.id("normal"))),
    )
    .await;
    let mut f = Failures::default();
    run(&w, SEARCHES, &mut f).await;

    let r = w
        .browser(Who::Author)
        .post(
            &format!("/shows/{SHOW}/episodes/s01e02/watched"),
            &[("action", "watch")],
        )
        .await;
    assert_eq!(r.status, 303, "author marks S01E02 watched");
    let s_found = found_within(
        w.browser(Who::Author),
        &format!("/shows/{SHOW}/search?q={S_TITLE}"),
        &format!("/threads/{}", w.id("S")),
    )
    .await;
    f.expect(s_found, || {
        "author never found S after marking S01E02 watched".into()
    });
    run(&w, AFTER_AUTHOR_WATCHED, &mut f).await;
    f.finish("search");
}
