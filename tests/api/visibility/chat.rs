//! Chat as every viewer receives it: the WebSocket hello backlog and resume, replay pages and
//! their JSON, and the live pages' server-rendered backlog.
use serde_json::Value;

use super::fixture::{self, World, CHAT_BANNED, CHAT_DELETED, CHAT_EP2, CHAT_NORMAL, CHAT_PARTY};
use super::socket::{Probe, Refusal};
use super::Scope::Page;
use super::{run_routes, Check, Failures, Route, Rule, Status, EVERYONE, NOBODY};
use crate::helpers::TestApp;

crate::on_both_backends!(chat_backlog_and_replay_follow_the_gate);

/// S01E01's room: the deleted message and the banned user's are gone for everyone.
const ROOM1: &[Check] = &[
    Check(Page, CHAT_NORMAL, EVERYONE),
    Check(Page, CHAT_DELETED, NOBODY),
    Check(Page, CHAT_BANNED, NOBODY),
];
const ROOM2_ASKS: &[Check] = &[
    Check(Page, CHAT_EP2, NOBODY),
    Check(Page, "show anyway", EVERYONE),
];
const ROOM2_REVEALED: &[Check] = &[Check(Page, CHAT_EP2, EVERYONE)];
const PARTY_ASKS: &[Check] = &[
    Check(Page, CHAT_PARTY, NOBODY),
    Check(Page, "show anyway", EVERYONE),
];
const PARTY_REVEALED: &[Check] = &[Check(Page, CHAT_PARTY, EVERYONE)];

const fn ok(path: &'static str, checks: &'static [Check]) -> Route {
    Route {
        path,
        status: Status::Ok,
        checks,
    }
}

/// One line per route.
const ROUTES: &[Route] = &[
    ok("/shows/{show}/episodes/s01e01/replay.json", ROOM1),
    ok("/shows/{show}/episodes/s01e01/replay.json?reveal=1", ROOM1),
    ok("/shows/{show}/episodes/s01e01/replay", ROOM1),
    ok("/shows/{show}/episodes/s01e01/live", ROOM1),
    // JSON cannot ask first: without reveal=1 it carries no text at all.
    ok(
        "/shows/{show}/episodes/s01e02/replay.json",
        &[Check(Page, CHAT_EP2, NOBODY)],
    ),
    ok(
        "/shows/{show}/episodes/s01e02/replay.json?reveal=1",
        ROOM2_REVEALED,
    ),
    ok("/shows/{show}/episodes/s01e02/replay", ROOM2_ASKS),
    ok(
        "/shows/{show}/episodes/s01e02/replay?reveal=1",
        ROOM2_REVEALED,
    ),
    ok("/shows/{show}/episodes/s01e02/live", ROOM2_ASKS),
    ok(
        "/shows/{show}/episodes/s01e02/live?reveal=1",
        ROOM2_REVEALED,
    ),
    ok(
        "/parties/{party}/replay.json",
        &[Check(Page, CHAT_PARTY, NOBODY)],
    ),
    ok("/parties/{party}/replay.json?reveal=1", PARTY_REVEALED),
    ok("/parties/{party}/replay", PARTY_ASKS),
    ok("/parties/{party}/replay?reveal=1", PARTY_REVEALED),
    ok("/parties/{party}", PARTY_ASKS),
    ok("/parties/{party}?reveal=1", PARTY_REVEALED),
];

#[derive(Clone, Copy)]
enum Mode {
    /// The backlog of the hello frame.
    Hello,
    /// `{"type":"resume","after":0}` after the hello, read up to `last`.
    Resume,
    /// The handshake is refused with 403 for these viewers.
    Refused(Rule),
}

struct Socket {
    room: &'static str,
    query: &'static str,
    mode: Mode,
    /// The room's newest message that everyone may see: once it arrives, so has the rest.
    last: &'static str,
    checks: &'static [Check],
}

const fn socket(
    room: &'static str,
    query: &'static str,
    mode: Mode,
    last: &'static str,
    checks: &'static [Check],
) -> Socket {
    Socket {
        room,
        query,
        mode,
        last,
        checks,
    }
}

/// One line per way of reading a room's history.
const SOCKETS: &[Socket] = &[
    socket("ep-{e1}", "", Mode::Hello, CHAT_NORMAL, ROOM1),
    socket("ep-{e1}", "", Mode::Resume, CHAT_NORMAL, ROOM1),
    socket("ep-{e1}", "?after=0", Mode::Hello, CHAT_NORMAL, ROOM1),
    socket("ep-{e2}", "", Mode::Refused(EVERYONE), CHAT_EP2, &[]),
    socket(
        "ep-{e2}",
        "?reveal=1",
        Mode::Hello,
        CHAT_EP2,
        ROOM2_REVEALED,
    ),
    socket(
        "ep-{e2}",
        "?reveal=1",
        Mode::Resume,
        CHAT_EP2,
        ROOM2_REVEALED,
    ),
    socket(
        "ep-{e2}",
        "?after=0&reveal=1",
        Mode::Hello,
        CHAT_EP2,
        ROOM2_REVEALED,
    ),
    socket(
        "party-{party}",
        "",
        Mode::Refused(EVERYONE),
        CHAT_PARTY,
        &[],
    ),
    socket(
        "party-{party}",
        "?reveal=1",
        Mode::Hello,
        CHAT_PARTY,
        PARTY_REVEALED,
    ),
    socket(
        "party-{party}",
        "?reveal=1",
        Mode::Resume,
        CHAT_PARTY,
        PARTY_REVEALED,
    ),
    socket(
        "party-{party}",
        "?after=0&reveal=1",
        Mode::Hello,
        CHAT_PARTY,
        PARTY_REVEALED,
    ),
];

fn describe(s: &Socket, w: &World) -> String {
    let how = match s.mode {
        Mode::Hello => "hello",
        Mode::Resume => "resume after 0",
        Mode::Refused(_) => "handshake",
    };
    format!("ws /ws/rooms/{}{} ({how})", w.fill(s.room), s.query)
}

async fn run_sockets(w: &World, f: &mut Failures) {
    for s in SOCKETS {
        let room = w.fill(s.room);
        let what = describe(s, w);
        for (who, b) in &w.viewers {
            let signed_in = (*who != super::Who::Anon).then_some(b);
            let opened = Probe::open(&w.app.base, &room, s.query, signed_in).await;
            let mut probe = match (s.mode, opened) {
                (Mode::Refused(rule), Ok(_)) => {
                    f.expect(!rule.covers(*who), || {
                        format!("{what} as {who:?}: LEAKED accepted instead of 403")
                    });
                    continue;
                }
                (Mode::Refused(rule), Err(Refusal::Status(status))) => {
                    f.expect(!rule.covers(*who) || status == 403, || {
                        format!("{what} as {who:?}: refused with {status} instead of 403")
                    });
                    continue;
                }
                (_, Ok(probe)) => probe,
                (_, Err(Refusal::Status(status))) => {
                    f.push(format!("{what} as {who:?}: refused with {status}"));
                    continue;
                }
                (_, Err(Refusal::Other(e))) => {
                    f.push(format!("{what} as {who:?}: connection failed: {e}"));
                    continue;
                }
            };
            let Some(hello) = probe.hello().await else {
                f.push(format!("{what} as {who:?}: no hello frame"));
                continue;
            };
            let received: Value = match s.mode {
                Mode::Resume => {
                    probe.resume(0).await;
                    let (got, complete) = probe.messages_until(s.last).await;
                    f.expect(complete, || {
                        format!("{what} as {who:?}: the resume never reached {:?}", s.last)
                    });
                    Value::Array(got)
                }
                _ => hello["backlog"].clone(),
            };
            f.markers(w, &what, *who, &received.to_string(), s.checks);
        }
    }
}

async fn chat_backlog_and_replay_follow_the_gate(app: TestApp) {
    let w = fixture::build(app).await;
    let mut f = Failures::default();
    run_routes(&w, ROUTES, &mut f).await;
    run_sockets(&w, &mut f).await;
    f.finish("chat");
}
