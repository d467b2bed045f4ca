//! Live chat: a room hub per room (a task reached through a handle), WebSocket sessions,
//! group-committed persistence, replay.
//!
//! The types the hub, the rooms and the writer exchange are in `commands`, so that none of
//! those three needs another's file for them; this file only names what the rest of the
//! crate uses.
pub mod bus;
pub mod clock;
mod commands;
pub mod history;
pub mod hub;
mod kick;
mod limits;
pub mod linkify;
pub mod live_rooms;
mod outgoing;
pub mod party;
pub mod persist;
mod presence;
pub mod protocol;
mod rate;
pub mod reactions;
mod registry;
pub mod relay;
pub mod replay;
pub mod room;
pub mod session;
pub mod sockets;

pub use crate::domain::RoomId;
pub use bus::BusHealth;
pub use hub::{ChatHub, HubOptions};
pub use kick::{Kick, CLOSE_BANNED, CLOSE_SIGNED_OUT, CLOSE_SLOW};
pub use limits::{
    ChatLimits, DEFAULT_REACTIONS_PER_MINUTE, DEFAULT_RESUMES_PER_MINUTE, DEFAULT_RESUME_PAGE,
    HELLO_BACKLOG, MAX_FRAME_BYTES, MAX_TEXT_CHARS,
};
pub use sockets::{SocketLimits, SocketPermit, SocketRefusal};
