//! How much chat a user, a client and a room may have at once.
use std::time::Duration;

use super::persist;

pub const MAX_TEXT_CHARS: usize = 500;
pub const MAX_FRAME_BYTES: usize = 16 * 1024;
pub const HELLO_BACKLOG: usize = 50;

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
