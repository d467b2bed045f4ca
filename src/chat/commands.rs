//! What the hub, the room tasks and the writer send each other. They live here, below all
//! three, so that a room needs neither the hub's file nor the writer's to talk to them.
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::bus::event::{BusEvent, NodeId};
use super::kick::Kick;
use super::protocol::Frame;
use crate::db::chat::NewMessage;
use crate::domain::{ChatMessage, RoomId};

pub type ConnId = u64;

#[derive(Debug, Clone)]
pub struct ChatUser {
    pub id: i64,
    pub name: String,
    pub is_admin: bool,
    /// When the account was made: new accounts may not post links.
    pub created_at: i64,
    /// The hash of the session the socket signed in with: checked again when the bus comes
    /// back, since a sign-out on another node during an outage could not reach this one.
    pub session: Option<String>,
}

/// A resume the room cannot answer from memory: the session reads the database itself,
/// up to `upto` (the newest message the room has broadcast), so the room's task never waits
/// on a large query.
#[derive(Debug, Clone, Copy)]
pub struct FromDb {
    pub upto: i64,
    pub online: usize,
    pub slow_mode_s: i64,
}

pub struct Stored {
    pub conn: ConnId,
    pub id: i64,
    /// False when the nonce had been stored before (a resend): ack, do not broadcast.
    pub new: bool,
    /// The id before this one in its room (when `new`).
    pub prev: i64,
    pub msg: NewMessage,
}

/// Who joins a room: the signed-in user (None for a reader), where they resume, and the
/// language their error frames are worded in.
pub struct Joining {
    pub user: Option<ChatUser>,
    pub after: Option<i64>,
    pub tr: crate::i18n::Tr,
    /// The viewer's region: which airing they watch, and the region their messages are from.
    pub region: String,
    /// The session's own frames to queue right after the hello (the relay's state and
    /// backlog), so that they follow it on the wire.
    pub after_hello: Vec<Frame>,
}

pub enum RoomCmd {
    Join {
        conn: ConnId,
        user: Option<ChatUser>,
        after: Option<i64>,
        tx: mpsc::Sender<Frame>,
        kick: Arc<Kick>,
        /// The member's interface language.
        tr: crate::i18n::Tr,
        region: String,
        /// Queued after the hello when the room answers it from memory.
        after_hello: Vec<Frame>,
        /// Answered instead of a queued hello when `after` reaches past the backlog.
        from_db: oneshot::Sender<FromDb>,
    },
    Leave {
        conn: ConnId,
    },
    Send {
        conn: ConnId,
        text: String,
        nonce: Option<String>,
    },
    /// A reaction of `conn` was stored: tell the room's other members on this node.
    Reacted {
        conn: ConnId,
        key: &'static str,
    },
    /// Queues what memory holds after `after`, or answers where the database must be read.
    Resume {
        conn: ConnId,
        after: i64,
        from_db: oneshot::Sender<FromDb>,
    },
    Stored(Vec<Stored>),
    /// Messages another node stored, with the id before each in the room, in id order.
    Remote(Vec<(ChatMessage, i64)>),
    /// The bus is back after an outage: read what was missed, reload moderation state, and
    /// close sockets whose session ended or whose user was banned meanwhile.
    CatchUp,
    /// Clients of this room on the other nodes.
    RemoteOnline(usize),
    StoreFailed {
        conn: ConnId,
        msg: NewMessage,
    },
    SetSlowMode(i64),
    /// Roles, sanctions, word filters or room settings changed: reload them.
    Reload,
    /// A moderator deleted a message.
    Delete(i64),
    /// Close this user's connections now with `code` (banned, signed out).
    KickUser {
        user: i64,
        code: u16,
    },
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
    /// `join` is a `RoomCmd::Join`, forwarded to the room (started if need be).
    Join {
        room: RoomId,
        join: RoomCmd,
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
    /// Every running room closes this user's connections with `code`.
    KickUser {
        user: i64,
        code: u16,
    },
    /// A room task ended without being told to (a panic, an abort).
    RoomEnded {
        room: RoomId,
        generation: u64,
        cause: String,
    },
    /// Ends a room's task as a crash would; only tests send it.
    KillRoom(RoomId),
    /// Another node's event.
    FromBus(NodeId, BusEvent),
    /// The bus is back after an outage.
    BusBack,
    /// Answered once every command before it has been handed to the rooms.
    Fence(oneshot::Sender<()>),
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

    pub async fn room_ended(&self, room: RoomId, generation: u64, cause: String) {
        let _ = self
            .tx
            .send(HubCmd::RoomEnded {
                room,
                generation,
                cause,
            })
            .await;
    }

    pub fn online_changed(&self, room: RoomId, online: usize) {
        // Best effort: the count is informational (home page), never worth blocking a room.
        let _ = self.tx.try_send(HubCmd::OnlineChanged { room, online });
    }
}
