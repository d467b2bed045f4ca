//! One task per live room: it owns the member list, the recent backlog, rate limits and
//! slow mode, hands messages to the writer and broadcasts them once they are stored.
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use super::hub::ChatHub;
use super::persist::PersistJob;
use super::protocol::{error_json, message_json, Message, ServerMsg, TaggedMessage};
use super::{ChatLimits, RoomId, HELLO_BACKLOG, MAX_TEXT_CHARS};
use crate::db::chat::{NewMessage, Party};
use crate::db::{self, Db};
use crate::moderation::filters::{self as word_filters, Outcome, WordFilter};
use crate::moderation::sanctions::Kind;
use crate::time_util::now_ms;

pub type ConnId = u64;

static NEXT_CONN: AtomicU64 = AtomicU64::new(1);

pub fn next_conn_id() -> ConnId {
    NEXT_CONN.fetch_add(1, Ordering::Relaxed)
}

/// Messages kept in memory per room for hello and quick resumes.
const BACKLOG_KEEP: usize = 500;
/// Most messages sent for one resume that has to read the database.
const RESUME_LIMIT: i64 = 10_000;
const PRESENCE_EVERY: Duration = Duration::from_secs(1);

#[derive(Debug, Clone)]
pub struct ChatUser {
    pub id: i64,
    pub name: String,
    pub is_admin: bool,
}

pub struct Stored {
    pub conn: ConnId,
    pub id: i64,
    /// False when the nonce had been stored before (a resend): ack, do not broadcast.
    pub new: bool,
    pub msg: NewMessage,
}

pub enum RoomCmd {
    Join {
        conn: ConnId,
        user: Option<ChatUser>,
        after: Option<i64>,
        tx: mpsc::Sender<Arc<str>>,
        kick: Arc<super::Kick>,
    },
    Leave {
        conn: ConnId,
    },
    Send {
        conn: ConnId,
        text: String,
        nonce: Option<String>,
    },
    Resume {
        conn: ConnId,
        after: i64,
    },
    Stored(Vec<Stored>),
    StoreFailed {
        conn: ConnId,
        msg: NewMessage,
    },
    SetSlowMode(i64),
    /// Roles, sanctions, word filters or room settings changed: reload them.
    Reload,
    /// A moderator deleted a message.
    Delete(i64),
    /// A banned user: close their connections now.
    KickUser(i64),
    /// The party's clock changed (pause/resume); reload it.
    PartyChanged,
}

struct Member {
    user: Option<ChatUser>,
    tx: mpsc::Sender<Arc<str>>,
    kick: Arc<super::Kick>,
}

struct Room {
    id: RoomId,
    name: Arc<str>,
    db: Db,
    limits: ChatLimits,
    persister: mpsc::Sender<PersistJob>,
    hub: ChatHub,
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
    mods: std::collections::HashSet<i64>,
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
    hub: ChatHub,
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

impl Room {
    async fn load(&mut self) -> Result<(), sqlx::Error> {
        let recent = db::chat::recent(&self.db, &self.name, BACKLOG_KEEP as i64).await?;
        self.last_id = recent.last().map(|m| m.id).unwrap_or(0);
        self.complete = recent.len() < BACKLOG_KEEP;
        self.backlog = recent.into();
        self.slow_mode_s = db::chat::slow_mode(&self.db, &self.name).await?;
        self.load_party().await?;
        let episode_id = match (self.id, &self.party) {
            (RoomId::Episode(id), _) => Some(id),
            (RoomId::Party(_), Some(p)) => Some(p.episode_id),
            (RoomId::Party(_), None) => None,
        };
        if let Some(eid) = episode_id {
            self.show_id = db::catalog::episode_by_id(&self.db, eid)
                .await?
                .map(|e| e.show_id)
                .unwrap_or(0);
        }
        self.load_moderation().await
    }

    async fn load_moderation(&mut self) -> Result<(), sqlx::Error> {
        self.mods = crate::moderation::roles::moderator_ids(&self.db, self.show_id)
            .await?
            .into_iter()
            .collect();
        self.blocks = crate::moderation::sanctions::chat_blocks(&self.db, self.show_id)
            .await?
            .into_iter()
            .map(|(user, kind, until)| (user, (kind, until)))
            .collect();
        let (slow, mods_only) = db::moderation::room_settings(&self.db, &self.name).await?;
        self.slow_mode_s = slow;
        self.mods_only = mods_only;
        self.filters = crate::moderation::filters::list(&self.db, self.show_id).await?;
        Ok(())
    }

    async fn load_party(&mut self) -> Result<(), sqlx::Error> {
        if let RoomId::Party(pid) = self.id {
            self.party = db::chat::party(&self.db, pid).await?;
        }
        Ok(())
    }

    async fn run(mut self, mut rx: mpsc::Receiver<RoomCmd>) {
        if let Err(e) = self.load().await {
            tracing::error!(room = %self.name, error = %e, "loading room state failed");
        }
        let mut presence = tokio::time::interval(PRESENCE_EVERY);
        presence.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                cmd = rx.recv() => match cmd {
                    Some(cmd) => self.handle(cmd).await,
                    None => break,
                },
                _ = presence.tick() => self.presence_tick(),
            }
        }
        tracing::debug!(room = %self.name, "room stopped");
    }

    async fn handle(&mut self, cmd: RoomCmd) {
        match cmd {
            RoomCmd::Join {
                conn,
                user,
                after,
                tx,
                kick,
            } => {
                self.joins_seen += 1;
                self.members.insert(conn, Member { user, tx, kick });
                self.hello(conn, after).await;
            }
            RoomCmd::Leave { conn } => {
                self.members.remove(&conn);
                self.maybe_idle().await;
            }
            RoomCmd::Send { conn, text, nonce } => self.send(conn, text, nonce).await,
            RoomCmd::Resume { conn, after } => {
                for m in self.missed(after).await {
                    self.to(conn, Arc::from(message_json(&m)));
                }
            }
            RoomCmd::Stored(batch) => self.stored(batch),
            RoomCmd::StoreFailed { conn, msg } => {
                self.in_flight.remove(&(msg.user_id, msg.nonce));
                self.error(
                    conn,
                    "unavailable",
                    "The message could not be saved. Try again.",
                    None,
                );
                self.maybe_idle().await;
            }
            RoomCmd::SetSlowMode(s) => self.slow_mode_s = s.max(0),
            RoomCmd::Reload => {
                if let Err(e) = self.load_moderation().await {
                    tracing::error!(room = %self.name, error = %e, "reloading moderation state failed");
                }
            }
            RoomCmd::Delete(id) => {
                self.backlog.retain(|m| m.id != id);
                self.broadcast(Arc::from(ServerMsg::Deleted { id }.to_json()));
            }
            RoomCmd::KickUser(user_id) => {
                let gone: Vec<ConnId> = self
                    .members
                    .iter()
                    .filter(|(_, m)| m.user.as_ref().is_some_and(|u| u.id == user_id))
                    .map(|(c, _)| *c)
                    .collect();
                for conn in gone {
                    if let Some(m) = self.members.remove(&conn) {
                        m.kick.fire(super::CLOSE_BANNED);
                    }
                }
            }
            RoomCmd::PartyChanged => {
                if let Err(e) = self.load_party().await {
                    tracing::error!(room = %self.name, error = %e, "reloading party failed");
                }
            }
        }
    }

    /// Messages after `after` that this room has already broadcast, oldest first.
    async fn missed(&self, after: i64) -> Vec<Message> {
        // Ids are global, so only "after reaches the oldest kept message" proves nothing older is missing.
        let in_memory = self.complete || self.backlog.front().is_some_and(|m| after >= m.id - 1);
        if in_memory {
            return self
                .backlog
                .iter()
                .filter(|m| m.id > after)
                .cloned()
                .collect();
        }
        match db::chat::after(&self.db, &self.name, after, RESUME_LIMIT).await {
            // Stored but not yet broadcast messages arrive through `stored` later: skip them
            // here so nothing is delivered twice.
            Ok(v) => v.into_iter().filter(|m| m.id <= self.last_id).collect(),
            Err(e) => {
                tracing::error!(room = %self.name, error = %e, "resume query failed");
                Vec::new()
            }
        }
    }

    async fn hello(&mut self, conn: ConnId, after: Option<i64>) {
        let backlog: Vec<Message> = match after {
            Some(after) => self.missed(after).await,
            None => {
                let skip = self.backlog.len().saturating_sub(HELLO_BACKLOG);
                self.backlog.iter().skip(skip).cloned().collect()
            }
        };
        let hello = ServerMsg::Hello {
            room: &self.name,
            online: self.members.len(),
            slow_mode_s: self.slow_mode_s,
            backlog: backlog.iter().map(TaggedMessage::new).collect(),
        };
        self.to(conn, Arc::from(hello.to_json()));
    }

    fn error(&mut self, conn: ConnId, code: &str, message: &str, retry_after: Option<Duration>) {
        let json = error_json(code, message, retry_after.map(|d| d.as_millis() as u64));
        self.to(conn, Arc::from(json));
    }

    /// Queues a frame for one connection; a full queue means a slow client: disconnect it.
    fn to(&mut self, conn: ConnId, frame: Arc<str>) {
        let Some(m) = self.members.get(&conn) else {
            return;
        };
        if let Err(e) = m.tx.try_send(frame) {
            if matches!(e, mpsc::error::TrySendError::Full(_)) {
                m.kick.fire(super::CLOSE_SLOW);
            }
            self.members.remove(&conn);
        }
    }

    fn broadcast(&mut self, frame: Arc<str>) {
        let mut gone = Vec::new();
        for (conn, m) in &self.members {
            if let Err(e) = m.tx.try_send(frame.clone()) {
                if matches!(e, mpsc::error::TrySendError::Full(_)) {
                    m.kick.fire(super::CLOSE_SLOW);
                }
                gone.push(*conn);
            }
        }
        for conn in gone {
            self.members.remove(&conn);
        }
    }

    async fn send(&mut self, conn: ConnId, text: String, nonce: Option<String>) {
        let Some(user) = self.members.get(&conn).and_then(|m| m.user.clone()) else {
            self.error(conn, "forbidden", "Sign in to chat.", None);
            return;
        };
        let is_mod = user.is_admin || self.mods.contains(&user.id);
        if !is_mod {
            let now = now_ms();
            if let Some((kind, until)) = self
                .blocks
                .get(&user.id)
                .copied()
                .filter(|(_, u)| u.is_none_or(|u| u > now))
            {
                return match kind {
                    Kind::Timeout => {
                        let left = until.map(|u| u - now).unwrap_or(0).max(0);
                        let msg =
                            format!("You are timed out for another {} s.", (left + 999) / 1000);
                        self.error(
                            conn,
                            "timed_out",
                            &msg,
                            Some(Duration::from_millis(left as u64)),
                        )
                    }
                    _ => self.error(
                        conn,
                        "forbidden",
                        "You are suspended from this show and cannot chat.",
                        None,
                    ),
                };
            }
            if self.mods_only {
                return self.error(
                    conn,
                    "forbidden",
                    "The room is in mods-only mode for now.",
                    None,
                );
            }
        }
        let text = text.trim().to_string();
        let chars = text.chars().count();
        if chars == 0 {
            return self.error(conn, "bad_request", "Empty messages are not sent.", None);
        }
        if chars > MAX_TEXT_CHARS {
            let msg = format!(
                "Messages are limited to {MAX_TEXT_CHARS} characters (this one has {chars})."
            );
            return self.error(conn, "too_long", &msg, None);
        }
        let text = match word_filters::apply(&text, &self.filters) {
            Outcome::Allow(t) => t,
            Outcome::Block(word) => {
                let msg = format!(
                    "Your message contains \u{201c}{word}\u{201d}, which this show does not allow."
                );
                return self.error(conn, "forbidden", &msg, None);
            }
            // Live chat cannot wait for review: a held word keeps the message out of the room.
            Outcome::Hold(_) => {
                return self.error(
                    conn,
                    "forbidden",
                    "Your message was held: it contains a word moderators review.",
                    None,
                )
            }
        };
        let nonce = match nonce {
            Some(n) if n.is_empty() || n.len() > 64 => {
                return self.error(
                    conn,
                    "bad_request",
                    "The nonce must be 1 to 64 characters.",
                    None,
                )
            }
            Some(n) => n,
            None => crate::domain::new_token(),
        };
        let key = (user.id, nonce.clone());
        if let Some(waiting) = self.in_flight.get_mut(&key) {
            // A resend while the first copy is being stored: ack both when it lands.
            waiting.push(conn);
            return;
        }
        let now = Instant::now();
        let window = self.limits.rate_window;
        let times = self.sent_times.entry(user.id).or_default();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= window)
        {
            times.pop_front();
        }
        if times.len() >= self.limits.rate_count {
            let retry = times
                .front()
                .map(|t| window.saturating_sub(now.duration_since(*t)))
                .unwrap_or(window);
            return self.error(
                conn,
                "rate_limited",
                "You are sending messages too fast.",
                Some(retry),
            );
        }
        if self.slow_mode_s > 0 && !is_mod {
            let gap = Duration::from_secs(self.slow_mode_s as u64);
            if let Some(last) = self.last_sent.get(&user.id) {
                let since = now.duration_since(*last);
                if since < gap {
                    let msg = format!("Slow mode: one message every {} s.", self.slow_mode_s);
                    return self.error(conn, "slow_mode", &msg, Some(gap - since));
                }
            }
        }
        times.push_back(now);
        self.last_sent.insert(user.id, now);
        let created_at = now_ms();
        let offset_ms = self.party.as_ref().and_then(|p| p.offset_at(created_at));
        self.in_flight.insert(key, vec![conn]);
        let msg = NewMessage {
            room: self.name.to_string(),
            show_id: self.show_id,
            user_id: user.id,
            username: user.name,
            text,
            nonce,
            created_at,
            offset_ms,
            is_mod,
        };
        let job = PersistJob {
            msg,
            conn,
            reply: self.self_tx.clone(),
        };
        if self.persister.send(job).await.is_err() {
            self.error(conn, "unavailable", "Chat storage is not running.", None);
        }
    }

    fn stored(&mut self, batch: Vec<Stored>) {
        for s in batch {
            let waiting = self
                .in_flight
                .remove(&(s.msg.user_id, s.msg.nonce.clone()))
                .unwrap_or_else(|| vec![s.conn]);
            if s.new {
                let m = Message {
                    id: s.id,
                    user: s.msg.username,
                    text: s.msg.text,
                    at: s.msg.created_at,
                    offset_ms: s.msg.offset_ms,
                    is_mod: s.msg.is_mod,
                };
                self.last_id = self.last_id.max(m.id);
                self.broadcast(Arc::from(message_json(&m)));
                if self.backlog.len() == BACKLOG_KEEP {
                    self.backlog.pop_front();
                    self.complete = false;
                }
                self.backlog.push_back(m);
            }
            let ack: Arc<str> = Arc::from(
                ServerMsg::Ack {
                    nonce: &s.msg.nonce,
                    id: s.id,
                }
                .to_json(),
            );
            for conn in waiting {
                self.to(conn, ack.clone());
            }
        }
    }

    fn presence_tick(&mut self) {
        let online = self.members.len();
        if online != self.presence_sent {
            self.presence_sent = online;
            self.broadcast(Arc::from(ServerMsg::Presence { online }.to_json()));
            self.hub.online_changed(self.id, online);
        }
    }

    async fn maybe_idle(&mut self) {
        if self.members.is_empty() && self.in_flight.is_empty() {
            self.hub.online_changed(self.id, 0);
            self.hub.idle(self.id, self.joins_seen).await;
        }
    }
}
