//! What the hub, the room tasks and the writer send each other. They live here, below all
//! three, so that a room needs neither the hub's file nor the writer's to talk to them.
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::kick::Kick;
use crate::db::chat::NewMessage;
use crate::domain::RoomId;

pub type ConnId = u64;

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
        kick: Arc<Kick>,
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

/// A message for the writer to store; the outcome goes back to `reply`, the room's channel.
pub struct PersistJob {
    pub msg: NewMessage,
    pub conn: ConnId,
    pub reply: mpsc::Sender<RoomCmd>,
}

pub enum HubCmd {
    Join {
        room: RoomId,
        conn: ConnId,
        user: Option<ChatUser>,
        after: Option<i64>,
        tx: mpsc::Sender<Arc<str>>,
        kick: Arc<Kick>,
        reply: oneshot::Sender<mpsc::Sender<RoomCmd>>,
    },
    /// A room found itself empty after `joins_seen` joins.
    Idle {
        room: RoomId,
        joins_seen: u64,
    },
    /// Deliver to a running room (no-op if it is not running).
    ToRoom {
        room: RoomId,
        cmd: RoomCmd,
    },
    Online {
        room: RoomId,
        reply: oneshot::Sender<usize>,
    },
    OnlineChanged {
        room: RoomId,
        online: usize,
    },
    /// Every running room reloads roles, sanctions, filters and settings.
    ReloadAll,
    /// Every running room drops this user's connections (a ban).
    KickUser(i64),
}

/// The part of the hub a room uses: reporting its member count and that it is empty.
#[derive(Clone)]
pub struct HubReports {
    tx: mpsc::Sender<HubCmd>,
}

impl HubReports {
    pub fn new(tx: mpsc::Sender<HubCmd>) -> HubReports {
        HubReports { tx }
    }

    pub async fn idle(&self, room: RoomId, joins_seen: u64) {
        let _ = self.tx.send(HubCmd::Idle { room, joins_seen }).await;
    }

    pub fn online_changed(&self, room: RoomId, online: usize) {
        // Best effort: the count is informational (home page), never worth blocking a room.
        let _ = self.tx.try_send(HubCmd::OnlineChanged { room, online });
    }
}
