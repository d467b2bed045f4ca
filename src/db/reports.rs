//! Reports filed by users on posts, threads and chat messages.
use sqlx::Row;

use super::pool::{Db, Tx};
use crate::time_util::now_ms;

pub struct NewReport<'a> {
    pub show_id: i64,
    pub target_kind: &'a str,
    pub target_id: i64,
    pub reporter_id: i64,
    pub reason: &'a str,
    pub details: &'a str,
}

/// Returns false when this reporter had already reported this item (one report each).
pub async fn insert(tx: &mut Tx, r: &NewReport<'_>) -> Result<bool, sqlx::Error> {
    let res = sqlx::query(
        "INSERT INTO reports (show_id, target_kind, target_id, reporter_id, reason, details, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (target_kind, target_id, reporter_id) DO NOTHING",
    )
    .bind(r.show_id)
    .bind(r.target_kind)
    .bind(r.target_id)
    .bind(r.reporter_id)
    .bind(r.reason)
    .bind(r.details)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(res.rows_affected() > 0)
}

/// One open report with its show and reporter.
pub struct OpenReport {
    pub id: i64,
    pub show_id: i64,
    pub show_slug: String,
    pub target_kind: String,
    pub target_id: i64,
    pub reason: String,
    pub details: String,
    pub reporter: String,
}

/// Every open report, oldest first.
pub async fn open(db: &Db) -> Result<Vec<OpenReport>, sqlx::Error> {
    sqlx::query(
        "SELECT r.show_id, sh.slug, r.target_kind, r.target_id, r.id, r.reason, r.details, u.username \
         FROM reports r JOIN shows sh ON sh.id = r.show_id JOIN users u ON u.id = r.reporter_id \
         WHERE r.status = 'open' ORDER BY r.id",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(OpenReport {
            show_id: r.try_get(0)?,
            show_slug: r.try_get(1)?,
            target_kind: r.try_get(2)?,
            target_id: r.try_get(3)?,
            id: r.try_get(4)?,
            reason: r.try_get(5)?,
            details: r.try_get(6)?,
            reporter: r.try_get(7)?,
        })
    })
    .collect()
}

/// Closes every open report on an item with `status`; returns how many it closed.
pub async fn close(
    tx: &mut Tx,
    target_kind: &str,
    target_id: i64,
    status: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE reports SET status = $1 WHERE target_kind = $2 AND target_id = $3 AND status = 'open'",
    )
    .bind(status)
    .bind(target_kind)
    .bind(target_id)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}
