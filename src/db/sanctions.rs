//! Sanction rows: warnings, chat timeouts, show suspensions and site bans.
use sqlx::Row;

use super::pool::{Db, Tx};

pub struct NewSanction<'a> {
    pub user_id: i64,
    pub show_id: Option<i64>,
    pub kind: &'a str,
    pub reason: &'a str,
    pub created_by: i64,
    pub created_at: i64,
    pub expires_at: Option<i64>,
}

pub async fn insert(tx: &mut Tx, s: &NewSanction<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO sanctions (user_id, show_id, kind, reason, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(s.user_id)
    .bind(s.show_id)
    .bind(s.kind)
    .bind(s.reason)
    .bind(s.created_by)
    .bind(s.created_at)
    .bind(s.expires_at)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

/// Signs the user out everywhere.
pub async fn end_sessions(tx: &mut Tx, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub struct SanctionRow {
    pub id: i64,
    pub kind: String,
    pub show_id: Option<i64>,
    pub show_title: Option<String>,
    pub reason: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
}

/// A user's sanctions that have not expired at `now`, newest first: site-wide ones, and
/// those of `show_id` (of every show when None); warnings only from the week before `now`.
pub async fn unexpired(
    db: &Db,
    user_id: i64,
    show_id: Option<i64>,
    now: i64,
) -> Result<Vec<SanctionRow>, sqlx::Error> {
    sqlx::query(
        "SELECT s.id, s.kind, s.show_id, sh.title, s.reason, s.created_at, s.expires_at FROM sanctions s \
         LEFT JOIN shows sh ON sh.id = s.show_id WHERE s.user_id = $1 \
         AND (s.expires_at IS NULL OR s.expires_at > $2) \
         AND (s.kind <> 'warn' OR s.created_at > $2 - 604800000) \
         AND ($3 = 0 OR s.show_id IS NULL OR s.show_id = $3) ORDER BY s.id DESC",
    )
    .bind(user_id)
    .bind(now)
    .bind(show_id.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(SanctionRow {
            id: r.try_get(0)?,
            kind: r.try_get(1)?,
            show_id: r.try_get(2)?,
            show_title: r.try_get(3)?,
            reason: r.try_get(4)?,
            created_at: r.try_get(5)?,
            expires_at: r.try_get(6)?,
        })
    })
    .collect()
}

/// (user, kind, expires at) of every unexpired sanction other than a warning that applies
/// in the show (its own and site-wide ones).
pub async fn unexpired_blocks(
    db: &Db,
    show_id: i64,
    now: i64,
) -> Result<Vec<(i64, String, Option<i64>)>, sqlx::Error> {
    sqlx::query(
        "SELECT user_id, kind, expires_at FROM sanctions WHERE kind <> 'warn' \
         AND (show_id IS NULL OR show_id = $1) AND (expires_at IS NULL OR expires_at > $2)",
    )
    .bind(show_id)
    .bind(now)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
    .collect()
}
