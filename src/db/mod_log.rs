//! The mod log table: append-only, one row per moderator action.
use sqlx::Row;

use super::pool::{Db, Tx};
use crate::time_util::now_ms;

pub struct NewEntry<'a> {
    pub show_id: Option<i64>,
    pub actor_id: i64,
    pub action: &'a str,
    pub target: &'a str,
    pub target_user_id: Option<i64>,
    pub reason: &'a str,
}

/// Returns the entry's id.
pub async fn insert(tx: &mut Tx, e: &NewEntry<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO mod_log (show_id, actor_id, action, target, target_user_id, reason, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(e.show_id)
    .bind(e.actor_id)
    .bind(e.action)
    .bind(e.target)
    .bind(e.target_user_id)
    .bind(e.reason)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

pub struct EntryRow {
    pub actor: String,
    pub action: String,
    pub target: String,
    pub target_user: Option<String>,
    pub reason: String,
    pub created_at: i64,
}

/// The show's latest `limit` entries, newest first, with actor and target user names.
pub async fn list(db: &Db, show_id: i64, limit: i64) -> Result<Vec<EntryRow>, sqlx::Error> {
    sqlx::query(
        "SELECT a.username, l.action, l.target, t.username, l.reason, l.created_at FROM mod_log l \
         JOIN users a ON a.id = l.actor_id LEFT JOIN users t ON t.id = l.target_user_id \
         WHERE l.show_id = $1 ORDER BY l.id DESC LIMIT $2",
    )
    .bind(show_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(EntryRow {
            actor: r.try_get(0)?,
            action: r.try_get(1)?,
            target: r.try_get(2)?,
            target_user: r.try_get(3)?,
            reason: r.try_get(4)?,
            created_at: r.try_get(5)?,
        })
    })
    .collect()
}
