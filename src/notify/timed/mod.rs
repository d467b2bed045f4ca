//! Notifications that come due with time rather than with a request: a followed party
//! starting, and a new episode of a followed show airing in the follower's region. Every
//! node sweeps; each announcement is claimed in the database (`parties.announced_at`,
//! `episode_announcements`) in the transaction that writes its notifications, so two nodes
//! sweeping at once write each notification once.
pub mod episodes;
pub mod options;
pub mod parties;

pub use options::{TimedOptions, DAY_MS};

use std::time::Duration;

use crate::db::Db;
use crate::time_util::now_ms;

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
