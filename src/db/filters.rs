//! A show's word filters: a pattern and what to do when text contains it.
use sqlx::Row;

use super::pool::{Db, Tx};
use crate::time_util::now_ms;

pub struct FilterRow {
    pub id: i64,
    pub pattern: String,
    pub action: String,
}

pub async fn list(db: &Db, show_id: i64) -> Result<Vec<FilterRow>, sqlx::Error> {
    sqlx::query("SELECT id, pattern, action FROM word_filters WHERE show_id = $1 ORDER BY pattern")
        .bind(show_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(FilterRow {
                id: r.try_get(0)?,
                pattern: r.try_get(1)?,
                action: r.try_get(2)?,
            })
        })
        .collect()
}

/// Adds a filter, or changes the action of the show's filter with this pattern.
pub async fn upsert(
    tx: &mut Tx,
    show_id: i64,
    pattern: &str,
    action: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO word_filters (show_id, pattern, action, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (show_id, pattern) DO UPDATE SET action = excluded.action",
    )
    .bind(show_id)
    .bind(pattern)
    .bind(action)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Returns the removed filter's pattern (None if it was not this show's).
pub async fn delete(tx: &mut Tx, show_id: i64, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("DELETE FROM word_filters WHERE id = $1 AND show_id = $2 RETURNING pattern")
        .bind(id)
        .bind(show_id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}
