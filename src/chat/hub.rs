//! The hub: a registry task that starts room tasks on first join and lets them stop when
//! empty. Everything reaches it through the cloneable `ChatHub` handle.
use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

pub use super::commands::HubCmd;
use super::commands::{ChatUser, ConnId, HubReports, PersistJob, RoomCmd};
use super::kick::Kick;
use super::limits::ChatLimits;
use super::{persist, room};
use crate::db::Db;
use crate::domain::RoomId;

#[derive(Clone)]
pub struct ChatHub {
    tx: mpsc::Sender<HubCmd>,
}

struct RoomEntry {
    tx: mpsc::Sender<RoomCmd>,
    joins_forwarded: u64,
    online: usize,
}

impl ChatHub {
    pub fn start(db: Db, limits: ChatLimits) -> ChatHub {
        let (tx, rx) = mpsc::channel(4096);
        let persister = persist::spawn(db.clone());
        let reports = HubReports::new(tx.clone());
        tokio::spawn(run(rx, reports, db, limits, persister));
        ChatHub { tx }
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
    ) -> Option<mpsc::Sender<RoomCmd>> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(HubCmd::Join {
                room,
                conn,
                user,
                after,
                tx,
                kick,
                reply,
            })
            .await
            .ok()?;
        rx.await.ok()
    }

    pub async fn to_room(&self, room: RoomId, cmd: RoomCmd) {
        let _ = self.tx.send(HubCmd::ToRoom { room, cmd }).await;
    }

    /// Moderation state changed: every running room picks it up before its next message.
    pub async fn reload_all(&self) {
        let _ = self.tx.send(HubCmd::ReloadAll).await;
    }

    pub async fn kick_user(&self, user_id: i64) {
        let _ = self.tx.send(HubCmd::KickUser(user_id)).await;
    }

    /// Connections in a room right now (0 when it is not running).
    pub async fn online(&self, room: RoomId) -> usize {
        let (reply, rx) = oneshot::channel();
        if self.tx.send(HubCmd::Online { room, reply }).await.is_err() {
            return 0;
        }
        rx.await.unwrap_or(0)
    }
}

async fn run(
    mut rx: mpsc::Receiver<HubCmd>,
    reports: HubReports,
    db: Db,
    limits: ChatLimits,
    persister: mpsc::Sender<PersistJob>,
) {
    let mut rooms: HashMap<RoomId, RoomEntry> = HashMap::new();
    while let Some(cmd) = rx.recv().await {
        match cmd {
            HubCmd::Join {
                room,
                conn,
                user,
                after,
                tx,
                kick,
                reply,
            } => {
                let entry = rooms.entry(room).or_insert_with(|| RoomEntry {
                    tx: room::spawn(
                        room,
                        db.clone(),
                        limits.clone(),
                        persister.clone(),
                        reports.clone(),
                    ),
                    joins_forwarded: 0,
                    online: 0,
                });
                entry.joins_forwarded += 1;
                let room_tx = entry.tx.clone();
                if room_tx
                    .send(RoomCmd::Join {
                        conn,
                        user,
                        after,
                        tx,
                        kick,
                    })
                    .await
                    .is_ok()
                {
                    let _ = reply.send(room_tx);
                }
            }
            HubCmd::Idle { room, joins_seen } => {
                // A join forwarded after the room went idle keeps it alive.
                if rooms
                    .get(&room)
                    .is_some_and(|e| e.joins_forwarded == joins_seen)
                {
                    rooms.remove(&room);
                }
            }
            HubCmd::ReloadAll => {
                for e in rooms.values() {
                    let _ = e.tx.send(RoomCmd::Reload).await;
                }
            }
            HubCmd::KickUser(user) => {
                for e in rooms.values() {
                    let _ = e.tx.send(RoomCmd::KickUser(user)).await;
                }
            }
            HubCmd::OnlineChanged { room, online } => {
                if let Some(e) = rooms.get_mut(&room) {
                    e.online = online;
                }
            }
            HubCmd::ToRoom { room, cmd } => {
                if let Some(e) = rooms.get(&room) {
                    let _ = e.tx.send(cmd).await;
                }
            }
            HubCmd::Online { room, reply } => {
                let _ = reply.send(rooms.get(&room).map(|e| e.online).unwrap_or(0));
            }
        }
    }
}
