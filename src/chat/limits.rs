//! How much chat a user, a client and a room may have at once.
use std::time::Duration;

use super::persist;
use super::sockets::SocketLimits;

pub const MAX_TEXT_CHARS: usize = 500;
pub const MAX_FRAME_BYTES: usize = 16 * 1024;
pub const HELLO_BACKLOG: usize = 50;
pub const DEFAULT_RESUME_PAGE: usize = 500;
pub const DEFAULT_RESUMES_PER_MINUTE: usize = 10;
pub const DEFAULT_REACTIONS_PER_MINUTE: i64 = 30;

/// Chat limits; tests and load tests tune them.
#[derive(Debug, Clone)]
pub struct ChatLimits {
    /// At most `rate_count` messages per user per `rate_window`, across all rooms.
    pub rate_count: usize,
    pub rate_window: Duration,
    /// Messages queued for one client before it counts as slow and is disconnected.
    pub outbound_queue: usize,
    pub ping_interval: Duration,
    pub pong_timeout: Duration,
    pub sockets: SocketLimits,
    /// Most messages one resume (a `resume` frame or `?after=`) reads; a full page means
    /// the client resumes again from the last id it got.
    pub resume_page: usize,
    /// `resume` frames one connection may send per minute.
    pub resumes_per_minute: usize,
    /// One-tap reactions one user may send per minute, across rooms and nodes.
    pub reactions_per_minute: i64,
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
            sockets: SocketLimits::default(),
            resume_page: DEFAULT_RESUME_PAGE,
            resumes_per_minute: DEFAULT_RESUMES_PER_MINUTE,
            reactions_per_minute: DEFAULT_REACTIONS_PER_MINUTE,
        }
    }
}
