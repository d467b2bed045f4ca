//! How often the timed-notification sweeps run and how far back they look.
use std::time::Duration;

pub const DAY_MS: i64 = 86_400_000;

/// How often the sweeps run and how far back they look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedOptions {
    /// The longest the party sweep sleeps: it wakes at the next start it knows of, or
    /// after this, to see parties scheduled meanwhile (on any node).
    pub sweep: Duration,
    /// How often the episode sweep runs (air dates are whole days).
    pub episode_sweep: Duration,
    /// A party whose start is longer ago than this is not announced (a node that was down,
    /// a party scheduled a little in the past).
    pub party_grace_ms: i64,
    /// An episode whose air instant is longer ago than this is not announced, so importing
    /// an old catalogue does not flood everyone.
    pub episode_grace_days: i64,
}

impl Default for TimedOptions {
    fn default() -> Self {
        TimedOptions {
            sweep: Duration::from_secs(5),
            episode_sweep: Duration::from_secs(60),
            party_grace_ms: 15 * 60_000,
            episode_grace_days: 2,
        }
    }
}
