//! Notifications that come due with time rather than with a request: a followed party
//! starting, and a new episode of a followed show airing in the follower's region. Every
//! node sweeps; each announcement is claimed in the database (`parties.announced_at`,
//! `episode_announcements`) in the transaction that writes its notifications, so two nodes
//! sweeping at once write each notification once.
pub mod episodes;
pub mod parties;

use std::time::Duration;

use crate::db::Db;
use crate::time_util::now_ms;

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

/// Runs both sweeps for as long as the process runs.
pub fn spawn(db: Db, opts: TimedOptions) {
    tokio::spawn(async move {
        let mut next_episodes = 0;
        loop {
            let now = now_ms();
            if let Err(e) = parties::announce_due(&db, &opts, now).await {
                tracing::warn!(error = %e, "announcing party starts failed");
            }
            if now >= next_episodes {
                if let Err(e) = episodes::announce_airing(&db, &opts, now).await {
                    tracing::warn!(error = %e, "announcing episode airings failed");
                }
                next_episodes = now + millis(opts.episode_sweep);
            }
            let wait = match parties::next_start(&db, now).await {
                Ok(Some(at)) => (at - now).clamp(1, millis(opts.sweep)),
                Ok(None) => millis(opts.sweep),
                Err(e) => {
                    tracing::warn!(error = %e, "reading the next party start failed");
                    millis(opts.sweep)
                }
            };
            let wait = wait.min((next_episodes - now).max(1));
            tokio::time::sleep(Duration::from_millis(wait.unsigned_abs())).await;
        }
    });
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX).max(1)
}
