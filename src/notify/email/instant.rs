//! Instant mail: one message per notification, within a sweep of its writing.
use std::collections::BTreeMap;

use super::compose;
use crate::db::{notify_mail as q, Db};
use crate::error::AppResult;
use crate::mail::{self, Outbox};

/// Notifications older than this are not mailed at once (a node that was down, a kind
/// switched to instant later): the site still lists them.
pub const WINDOW_MS: i64 = 3_600_000;
/// Notifications looked at per sweep; the rest wait for the next one.
const BATCH: i64 = 200;

/// Mails the instant notifications due; returns how many mails were queued.
pub async fn send_due(db: &Db, outbox: &Outbox, now: i64) -> AppResult<u64> {
    let pending = q::pending(db, "instant", now - WINDOW_MS, 0, BATCH).await?;
    let mut by_user: BTreeMap<i64, Vec<_>> = BTreeMap::new();
    for (user_id, row) in pending {
        by_user.entry(user_id).or_default().push(row);
    }
    let mut queued = 0;
    for (user_id, rows) in by_user {
        let texts = compose::texts(db, user_id, &rows)
            .await?
            .unwrap_or_default();
        for row in &rows {
            let mut tx = db.begin().await?;
            // Claimed even when the gate leaves nothing to say: there is nothing to mail.
            if !q::claim(&mut tx, row.id, now).await? {
                continue;
            }
            if let Some((text, link)) = texts.get(&row.id) {
                let body = format!(
                    "{text}\n\n{}\n{}",
                    outbox.link(link),
                    compose::footer(outbox)
                );
                if mail::queue(&mut tx, user_id, &compose::subject(text), &body).await? {
                    queued += 1;
                }
            }
            tx.commit().await?;
        }
    }
    Ok(queued)
}
