//! When a session ends: after `idle_days` without a request or `max_days` after sign-in,
//! whichever comes first. Checked at every lookup; a background task deletes the rows.
use std::time::Duration;

use crate::db::users::SessionUser;
use crate::db::{self, Db};
use crate::time_util::now_ms;

const DAY_MS: i64 = 86_400_000;
/// A session's `last_seen` is rewritten at most this often, so that reading pages does not
/// turn into one write per request.
pub const TOUCH_EVERY_MS: i64 = 5 * 60 * 1000;
/// How often expired sessions are deleted.
pub const PURGE_EVERY: Duration = Duration::from_secs(3600);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLimits {
    pub idle_days: i64,
    pub max_days: i64,
}

impl Default for SessionLimits {
    fn default() -> Self {
        SessionLimits {
            idle_days: 14,
            max_days: 30,
        }
    }
}

impl SessionLimits {
    /// (created after, last seen after): a session older than either has ended.
    fn cutoffs(&self, now: i64) -> (i64, i64) {
        (
            now.saturating_sub(self.max_days.saturating_mul(DAY_MS)),
            now.saturating_sub(self.idle_days.saturating_mul(DAY_MS)),
        )
    }
}

/// The user of a live session, recording the visit when the last one is a while ago.
pub async fn session_user(
    db: &Db,
    token_hash: &str,
    limits: SessionLimits,
) -> Result<Option<SessionUser>, sqlx::Error> {
    let now = now_ms();
    let (created_after, seen_after) = limits.cutoffs(now);
    let Some((user, last_seen)) =
        db::sessions::lookup(db, token_hash, created_after, seen_after).await?
    else {
        return Ok(None);
    };
    if now - last_seen >= TOUCH_EVERY_MS {
        db::sessions::touch(db, token_hash, now).await?;
    }
    Ok(Some(user))
}

/// Deletes every ended session; returns how many.
pub async fn purge(db: &Db, limits: SessionLimits) -> Result<u64, sqlx::Error> {
    let (created_after, seen_after) = limits.cutoffs(now_ms());
    db::sessions::purge_expired(db, created_after, seen_after).await
}

/// Purges ended sessions (and the abuse counters whose windows are long over) every
/// `every`, for as long as the process runs.
pub fn spawn_purge(db: Db, limits: SessionLimits, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match purge(&db, limits).await {
                Ok(n) => tracing::debug!(purged = n, "ended sessions removed"),
                Err(e) => tracing::warn!(error = %e, "purging ended sessions failed"),
            }
            match crate::auth::limits::purge_counters(&db).await {
                Ok(n) => tracing::debug!(purged = n, "old rate counters removed"),
                Err(e) => tracing::warn!(error = %e, "purging rate counters failed"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutoffs_follow_the_limits() {
        let l = SessionLimits::default();
        let now = 100 * DAY_MS;
        assert_eq!(l.cutoffs(now), (70 * DAY_MS, 86 * DAY_MS));
        let huge = SessionLimits {
            idle_days: i64::MAX,
            max_days: i64::MAX,
        };
        assert!(huge.cutoffs(now).0 < 0);
    }
}
