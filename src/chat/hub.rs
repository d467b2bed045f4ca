//! The hub: a registry task that starts room tasks on first join and lets them stop when
//! empty. Everything reaches it through the cloneable `ChatHub` handle.
//!
//! A room task that ends without being told to (a panic, an abort) is noticed through its
//! `JoinHandle`: the hub logs the room and the cause and forgets it, and the next join starts
//! a fresh room from the database. Its members' queues close with it; their sessions close
//! 1012 and the clients resume from the last id they have.
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};
use tokio::task::{AbortHandle, JoinHandle};

pub use super::commands::HubCmd;
use super::commands::{ChatUser, ConnId, FromDb, HubReports, RoomCmd};
use super::kick::{Kick, CLOSE_BANNED, CLOSE_SIGNED_OUT};
use super::limits::ChatLimits;
use super::protocol::Message;
use super::rate::SendRate;
use super::room::RoomDeps;
use super::sockets::{SocketPermit, SocketRefusal, Sockets};
use super::{history, persist, room};
use crate::db::Db;
use crate::domain::RoomId;
use crate::metrics::Metrics;
use crate::moderation::guard::NewAccountLimits;

#[derive(Clone)]
pub struct ChatHub {
    tx: mpsc::Sender<HubCmd>,
    db: Db,
    sockets: Arc<Sockets>,
    metrics: Arc<Metrics>,
}

/// A joined room: its channel for this connection's frames, and, when the join's `after`
/// reaches past what the room keeps in memory, where the session must read the database.
pub struct Joined {
    pub room: mpsc::Sender<RoomCmd>,
    pub from_db: oneshot::Receiver<FromDb>,
}

struct RoomEntry {
    tx: mpsc::Sender<RoomCmd>,
    joins_forwarded: u64,
    online: usize,
    generation: u64,
    task: AbortHandle,
}

impl ChatHub {
    pub fn start(
        db: Db,
        limits: ChatLimits,
        new_accounts: NewAccountLimits,
        metrics: Arc<Metrics>,
    ) -> ChatHub {
        let (tx, rx) = mpsc::channel(4096);
        let deps = RoomDeps {
            persister: persist::spawn(db.clone()),
            hub: HubReports::new(tx.clone()),
            rate: Arc::new(SendRate::new(limits.rate_count, limits.rate_window)),
            db: db.clone(),
            new_accounts,
            limits: limits.clone(),
            metrics: metrics.clone(),
        };
        tokio::spawn(run(rx, deps));
        ChatHub {
            tx,
            db,
            sockets: Sockets::new(limits.sockets),
            metrics,
        }
    }

    /// The series this hub, its rooms and its sessions count into.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// WebSockets open in this process (each holds a permit).
    pub fn open_sockets(&self) -> usize {
        self.sockets.open()
    }

    /// A permit for one more WebSocket from `ip` (and `user`), or which limit refuses it.
    pub fn admit(
        &self,
        ip: Option<IpAddr>,
        user: Option<i64>,
    ) -> Result<SocketPermit, SocketRefusal> {
        self.sockets.admit(ip, user)
    }

    /// Joins a room; returns the room's command channel for this connection's frames.
    pub async fn join(
        &self,
        room: RoomId,
        conn: ConnId,
        user: Option<ChatUser>,
        after: Option<i64>,
        tx: mpsc::Sender<Arc<str>>,
        kick: Arc<Kick>,
    ) -> Option<Joined> {
        let (reply, rx) = oneshot::channel();
        let (from_db_tx, from_db) = oneshot::channel();
        let join = RoomCmd::Join {
            conn,
            user,
            after,
            tx,
            kick,
            from_db: from_db_tx,
        };
        self.tx
            .send(HubCmd::Join { room, join, reply })
            .await
            .ok()?;
        Some(Joined {
            room: rx.await.ok()?,
            from_db,
        })
    }

    /// One resume page read from the database, outside every room task.
    pub async fn resume_page(
        &self,
        room: RoomId,
        after: i64,
        from_db: FromDb,
        page: usize,
    ) -> Result<Vec<Message>, sqlx::Error> {
        history::page_after(&self.db, room, after, from_db.upto, page).await
    }

    pub async fn to_room(&self, room: RoomId, cmd: RoomCmd) {
        let _ = self.tx.send(HubCmd::ToRoom { room, cmd }).await;
    }

    /// Moderation state changed: every running room picks it up before its next message.
    pub async fn reload_all(&self) {
        let _ = self.tx.send(HubCmd::ReloadAll).await;
    }

    /// A ban: the user's sockets close 4003 "banned".
    pub async fn kick_user(&self, user_id: i64) {
        self.close_user(user_id, CLOSE_BANNED).await;
    }

    /// Sign-out or a password change: every socket of the user closes 4001 "signed out",
    /// so a session that is no longer valid cannot go on sending.
    pub async fn sign_out(&self, user_id: i64) {
        self.close_user(user_id, CLOSE_SIGNED_OUT).await;
    }

    async fn close_user(&self, user: i64, code: u16) {
        let _ = self.tx.send(HubCmd::KickUser { user, code }).await;
    }

    /// Connections in a room right now (0 when it is not running).
    pub async fn online(&self, room: RoomId) -> usize {
        let (reply, rx) = oneshot::channel();
        if self.tx.send(HubCmd::Online { room, reply }).await.is_err() {
            return 0;
        }
        rx.await.unwrap_or(0)
    }

    /// Ends a room's task the way a crash would, to test that rooms come back. Not for
    /// production use; nothing in the HTTP surface reaches it.
    #[doc(hidden)]
    pub async fn kill_room_for_tests(&self, room: RoomId) {
        let _ = self.tx.send(HubCmd::KillRoom(room)).await;
    }
}

struct Hub {
    rooms: HashMap<RoomId, RoomEntry>,
    deps: RoomDeps,
    next_generation: u64,
}

impl Hub {
    fn start_room(&mut self, room: RoomId) {
        self.next_generation += 1;
        let generation = self.next_generation;
        let (tx, task) = room::spawn(room, self.deps.clone());
        let abort = task.abort_handle();
        tokio::spawn(watch(task, room, generation, self.deps.hub.clone()));
        self.rooms.insert(
            room,
            RoomEntry {
                tx,
                joins_forwarded: 0,
                online: 0,
                generation,
                task: abort,
            },
        );
    }

    async fn join(&mut self, room: RoomId, mut join: RoomCmd) -> Option<mpsc::Sender<RoomCmd>> {
        // A room that ended without its watcher's report arriving yet has a closed channel:
        // start a fresh one, once.
        for _ in 0..2 {
            if self.rooms.get(&room).is_none_or(|e| e.tx.is_closed()) {
                self.start_room(room);
            }
            let entry = self.rooms.get_mut(&room)?;
            entry.joins_forwarded += 1;
            let room_tx = entry.tx.clone();
            match room_tx.send(join).await {
                Ok(()) => return Some(room_tx),
                Err(mpsc::error::SendError(back)) => {
                    self.rooms.remove(&room);
                    join = back;
                }
            }
        }
        None
    }
}

/// Waits for a room task and reports it to the hub if it ended any other way than running
/// out of commands.
async fn watch(task: JoinHandle<()>, room: RoomId, generation: u64, hub: HubReports) {
    if let Err(e) = task.await {
        let cause = if e.is_panic() {
            let payload = e.into_panic();
            payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .map(|s| format!("panic: {s}"))
                .unwrap_or_else(|| "panic".to_string())
        } else {
            "aborted".to_string()
        };
        hub.room_ended(room, generation, cause).await;
    }
}

async fn run(mut rx: mpsc::Receiver<HubCmd>, deps: RoomDeps) {
    let mut hub = Hub {
        rooms: HashMap::new(),
        deps,
        next_generation: 0,
    };
    while let Some(cmd) = rx.recv().await {
        match cmd {
            HubCmd::Join { room, join, reply } => {
                if let Some(room_tx) = hub.join(room, join).await {
                    let _ = reply.send(room_tx);
                }
            }
            HubCmd::Idle { room, joins_seen } => {
                // A join forwarded after the room went idle keeps it alive.
                if hub
                    .rooms
                    .get(&room)
                    .is_some_and(|e| e.joins_forwarded == joins_seen)
                {
                    hub.rooms.remove(&room);
                }
            }
            HubCmd::ReloadAll => {
                for e in hub.rooms.values() {
                    let _ = e.tx.send(RoomCmd::Reload).await;
                }
            }
            HubCmd::KickUser { user, code } => {
                for e in hub.rooms.values() {
                    let _ = e.tx.send(RoomCmd::KickUser { user, code }).await;
                }
            }
            HubCmd::OnlineChanged { room, online } => {
                if let Some(e) = hub.rooms.get_mut(&room) {
                    e.online = online;
                }
            }
            HubCmd::ToRoom { room, cmd } => {
                if let Some(e) = hub.rooms.get(&room) {
                    let _ = e.tx.send(cmd).await;
                }
            }
            HubCmd::Online { room, reply } => {
                let _ = reply.send(hub.rooms.get(&room).map(|e| e.online).unwrap_or(0));
            }
            HubCmd::RoomEnded {
                room,
                generation,
                cause,
            } => {
                tracing::error!(%room, %cause, "room task ended; the next join starts it afresh");
                if hub
                    .rooms
                    .get(&room)
                    .is_some_and(|e| e.generation == generation)
                {
                    hub.rooms.remove(&room);
                }
            }
            HubCmd::KillRoom(room) => {
                if let Some(e) = hub.rooms.get(&room) {
                    e.task.abort();
                }
            }
        }
        hub.deps
            .metrics
            .chat_rooms_running
            .set(hub.rooms.len() as i64);
    }
}
