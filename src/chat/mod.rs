//! Live chat: a room hub per room (a task reached through a handle), WebSocket sessions,
//! group-committed persistence, replay.
pub mod history;
pub mod hub;
pub mod linkify;
pub mod live_rooms;
pub mod party;
pub mod persist;
pub mod protocol;
pub mod replay;
pub mod room;
pub mod session;

use std::time::Duration;

pub use crate::domain::RoomId;
pub use hub::ChatHub;

/// Chat limits; tests and load tests tune them.
#[derive(Debug, Clone)]
pub struct ChatLimits {
    /// At most `rate_count` messages per user per `rate_window`.
    pub rate_count: usize,
    pub rate_window: Duration,
    /// Messages queued for one client before it counts as slow and is disconnected.
    pub outbound_queue: usize,
    pub ping_interval: Duration,
    pub pong_timeout: Duration,
}

impl Default for ChatLimits {
    fn default() -> Self {
        ChatLimits {
            rate_count: 5,
            rate_window: Duration::from_secs(5),
            // Twice a full group-commit batch: one burst never overflows a reading client.
            outbound_queue: 2 * persist::MAX_BATCH,
            ping_interval: Duration::from_secs(25),
            pong_timeout: Duration::from_secs(60),
        }
    }
}

/// Tells a connection's session to close, and with which code.
#[derive(Default)]
pub struct Kick {
    notify: tokio::sync::Notify,
    code: std::sync::atomic::AtomicU16,
}

impl Kick {
    pub fn fire(&self, code: u16) {
        self.code.store(code, std::sync::atomic::Ordering::Relaxed);
        self.notify.notify_one();
    }

    /// The code it was fired with, or `CLOSE_SLOW` if it never was (the room simply
    /// dropped the connection's queue).
    pub fn code(&self) -> u16 {
        match self.code.load(std::sync::atomic::Ordering::Relaxed) {
            0 => CLOSE_SLOW,
            c => c,
        }
    }

    pub async fn fired(&self) -> u16 {
        self.notify.notified().await;
        self.code.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Close codes: the client fell behind, or its user was banned.
pub const CLOSE_SLOW: u16 = 4008;
pub const CLOSE_BANNED: u16 = 4003;

pub const MAX_TEXT_CHARS: usize = 500;
pub const MAX_FRAME_BYTES: usize = 16 * 1024;
pub const HELLO_BACKLOG: usize = 50;
