//! One task per live room: it owns the member list, the recent backlog, rate limits and
//! slow mode, hands messages to the writer and broadcasts them once they are stored.
//!
//! The task loop is in `task`, state loading in `load`, the checks of a `send` in `send`,
//! backlog and resume in `backlog`, and frames to members in `frames`.
mod backlog;
mod catch_up;
mod frames;
mod load;
mod order;
mod send;
mod task;

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use super::bus::Bus;
pub use super::commands::{ChatUser, ConnId, FromDb, RoomCmd, Stored};
use super::commands::{HubReports, PersistJob};
use super::kick::Kick;
use super::limits::ChatLimits;
use super::protocol::{Frame, Message};
use super::rate::SendRate;
use super::relay::Airings;
use crate::auth::expiry::SessionLimits;
use crate::db::chat::Party;
use crate::db::Db;
use crate::domain::RoomId;
use crate::metrics::Metrics;
use crate::moderation::filters::WordFilter;
use crate::moderation::guard::NewAccountLimits;
use crate::moderation::sanctions::Kind;

static NEXT_CONN: AtomicU64 = AtomicU64::new(1);

pub fn next_conn_id() -> ConnId {
    NEXT_CONN.fetch_add(1, Ordering::Relaxed)
}

/// Messages kept in memory per room for hello and quick resumes.
const BACKLOG_KEEP: usize = 500;
const PRESENCE_EVERY: Duration = Duration::from_secs(1);

/// A local sender's ack, sent once its message has been delivered (or found delivered).
struct Ack {
    frame: Frame,
    conns: Vec<ConnId>,
}

/// A stored message waiting for the one before it in the room (`order`).
struct Pending {
    msg: Message,
    prev: i64,
    ack: Option<Ack>,
}

struct Member {
    user: Option<ChatUser>,
    tx: mpsc::Sender<Frame>,
    kick: Arc<Kick>,
    /// The member's interface language, for the errors only they receive.
    tr: crate::i18n::Tr,
    /// Their region: their messages are stored as sent from it.
    region: String,
    /// Their air instant when later than the first airing: messages from senders ahead
    /// of it are not theirs to see live (`Airings::live_to`).
    airing: Option<i64>,
}

/// What every room shares: storage, limits, the writer, the hub and the per-user send rate.
#[derive(Clone)]
pub struct RoomDeps {
    pub db: Db,
    pub limits: ChatLimits,
    pub new_accounts: NewAccountLimits,
    pub persister: mpsc::Sender<PersistJob>,
    pub hub: HubReports,
    pub rate: Arc<SendRate>,
    pub metrics: Arc<Metrics>,
    pub bus: Arc<dyn Bus>,
    pub sessions: SessionLimits,
}

struct Room {
    id: RoomId,
    name: Arc<str>,
    db: Db,
    limits: ChatLimits,
    new_accounts: NewAccountLimits,
    persister: mpsc::Sender<PersistJob>,
    hub: HubReports,
    rate: Arc<SendRate>,
    metrics: Arc<Metrics>,
    bus: Arc<dyn Bus>,
    sessions: SessionLimits,
    /// Weak, so that the room's own handle does not keep its channel open: the task ends
    /// once the hub and every member have let go (a write in flight holds a strong one).
    self_tx: mpsc::WeakSender<RoomCmd>,
    members: HashMap<ConnId, Member>,
    /// Connections per signed-in user, and anonymous connections: "online" counts people.
    people: HashMap<i64, usize>,
    anonymous: usize,
    backlog: VecDeque<Message>,
    /// True while `backlog` holds every message the room has.
    complete: bool,
    /// The newest message delivered here: messages go out in id order, each once.
    last_id: i64,
    /// Stored messages waiting for an earlier one (from another node) to arrive first.
    pending: BTreeMap<i64, Pending>,
    /// When to stop waiting for the bus and read the gap from the database.
    gap_deadline: Option<tokio::time::Instant>,
    /// Clients of this room on other nodes.
    remote_online: usize,
    /// The local count last reported to the hub.
    local_reported: usize,
    last_sent: HashMap<i64, Instant>,
    /// (user, nonce) → connections waiting for the ack of a message being stored.
    in_flight: HashMap<(i64, String), Vec<ConnId>>,
    slow_mode_s: i64,
    party: Option<Party>,
    /// An episode room's airings (None for parties and episodes without air dates).
    airings: Option<Airings>,
    show_id: i64,
    mods: HashSet<i64>,
    /// user → (sanction, until) for timeouts, suspensions and bans in force.
    blocks: HashMap<i64, (Kind, Option<i64>)>,
    mods_only: bool,
    filters: Vec<WordFilter>,
    joins_seen: u64,
    presence_sent: usize,
}

pub fn spawn(id: RoomId, deps: RoomDeps) -> (mpsc::Sender<RoomCmd>, tokio::task::JoinHandle<()>) {
    let (tx, rx) = mpsc::channel(8192);
    let room = Room {
        id,
        name: Arc::from(id.to_string()),
        db: deps.db,
        limits: deps.limits,
        new_accounts: deps.new_accounts,
        persister: deps.persister,
        hub: deps.hub,
        rate: deps.rate,
        metrics: deps.metrics,
        bus: deps.bus,
        sessions: deps.sessions,
        self_tx: tx.downgrade(),
        members: HashMap::new(),
        people: HashMap::new(),
        anonymous: 0,
        backlog: VecDeque::with_capacity(BACKLOG_KEEP),
        complete: false,
        last_id: 0,
        pending: BTreeMap::new(),
        gap_deadline: None,
        remote_online: 0,
        local_reported: 0,
        last_sent: HashMap::new(),
        in_flight: HashMap::new(),
        slow_mode_s: 0,
        party: None,
        airings: None,
        show_id: 0,
        mods: Default::default(),
        blocks: HashMap::new(),
        mods_only: false,
        filters: Vec::new(),
        joins_seen: 0,
        presence_sent: 0,
    };
    let task = tokio::spawn(room.run(rx));
    (tx, task)
}

impl Room {
    fn add_member(&mut self, conn: ConnId, member: Member) {
        match &member.user {
            Some(u) => *self.people.entry(u.id).or_default() += 1,
            None => self.anonymous += 1,
        }
        if let Some(old) = self.members.insert(conn, member) {
            self.forget(&old);
        }
    }

    fn remove_member(&mut self, conn: ConnId) -> Option<Member> {
        let m = self.members.remove(&conn)?;
        self.forget(&m);
        Some(m)
    }

    fn forget(&mut self, m: &Member) {
        match &m.user {
            Some(u) => {
                if let Some(n) = self.people.get_mut(&u.id) {
                    *n = n.saturating_sub(1);
                    if *n == 0 {
                        self.people.remove(&u.id);
                    }
                }
            }
            None => self.anonymous = self.anonymous.saturating_sub(1),
        }
    }

    /// People here on this node: a signed-in user once however many tabs, each anonymous
    /// socket once.
    fn local_online(&self) -> usize {
        self.people.len() + self.anonymous
    }

    /// Whether `m` may go to `member` live: it says nothing ahead of their airing.
    fn live_to(&self, member: &Member, m: &Message) -> bool {
        self.airings
            .as_ref()
            .is_none_or(|a| a.live_to(member.airing, m.region.as_deref()))
    }

    /// People here on every node (a user with tabs on two nodes counts on both).
    fn online(&self) -> usize {
        self.local_online() + self.remote_online
    }
}
