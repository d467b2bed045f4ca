//! One task per live room: it owns the member list, the recent backlog, rate limits and
//! slow mode, hands messages to the writer and broadcasts them once they are stored.
//!
//! The task loop is in `task`, state loading in `load`, the checks of a `send` in `send`,
//! backlog and resume in `backlog`, and frames to members in `frames`.
mod backlog;
mod frames;
mod load;
mod send;
mod task;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

pub use super::commands::{ChatUser, ConnId, RoomCmd, Stored};
use super::commands::{HubReports, PersistJob};
use super::kick::Kick;
use super::limits::ChatLimits;
use super::protocol::Message;
use crate::db::chat::Party;
use crate::db::Db;
use crate::domain::RoomId;
use crate::moderation::filters::WordFilter;
use crate::moderation::sanctions::Kind;

static NEXT_CONN: AtomicU64 = AtomicU64::new(1);

pub fn next_conn_id() -> ConnId {
    NEXT_CONN.fetch_add(1, Ordering::Relaxed)
}

/// Messages kept in memory per room for hello and quick resumes.
const BACKLOG_KEEP: usize = 500;
/// Most messages sent for one resume that has to read the database.
const RESUME_LIMIT: i64 = 10_000;
const PRESENCE_EVERY: Duration = Duration::from_secs(1);

struct Member {
    user: Option<ChatUser>,
    tx: mpsc::Sender<Arc<str>>,
    kick: Arc<Kick>,
}

struct Room {
    id: RoomId,
    name: Arc<str>,
    db: Db,
    limits: ChatLimits,
    persister: mpsc::Sender<PersistJob>,
    hub: HubReports,
    self_tx: mpsc::Sender<RoomCmd>,
    members: HashMap<ConnId, Member>,
    backlog: VecDeque<Message>,
    /// True while `backlog` holds every message the room has.
    complete: bool,
    last_id: i64,
    sent_times: HashMap<i64, VecDeque<Instant>>,
    last_sent: HashMap<i64, Instant>,
    /// (user, nonce) → connections waiting for the ack of a message being stored.
    in_flight: HashMap<(i64, String), Vec<ConnId>>,
    slow_mode_s: i64,
    party: Option<Party>,
    show_id: i64,
    mods: HashSet<i64>,
    /// user → (sanction, until) for timeouts, suspensions and bans in force.
    blocks: HashMap<i64, (Kind, Option<i64>)>,
    mods_only: bool,
    filters: Vec<WordFilter>,
    joins_seen: u64,
    presence_sent: usize,
}

pub fn spawn(
    id: RoomId,
    db: Db,
    limits: ChatLimits,
    persister: mpsc::Sender<PersistJob>,
    hub: HubReports,
) -> mpsc::Sender<RoomCmd> {
    let (tx, rx) = mpsc::channel(8192);
    let room = Room {
        id,
        name: Arc::from(id.to_string()),
        db,
        limits,
        persister,
        hub,
        self_tx: tx.clone(),
        members: HashMap::new(),
        backlog: VecDeque::with_capacity(BACKLOG_KEEP),
        complete: false,
        last_id: 0,
        sent_times: HashMap::new(),
        last_sent: HashMap::new(),
        in_flight: HashMap::new(),
        slow_mode_s: 0,
        party: None,
        show_id: 0,
        mods: Default::default(),
        blocks: HashMap::new(),
        mods_only: false,
        filters: Vec::new(),
        joins_seen: 0,
        presence_sent: 0,
    };
    tokio::spawn(room.run(rx));
    tx
}
