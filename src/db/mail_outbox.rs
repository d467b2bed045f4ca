//! Mail waiting to be sent. A message is written in its cause's transaction and deleted once
//! the SMTP server accepted it, so an acknowledged request never loses its mail in a crash.
use sqlx::Row;

use super::pool::{Db, Tx};
use crate::time_util::now_ms;

pub struct Queued {
    pub id: i64,
    pub to_addr: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

pub async fn insert_to(
    tx: &mut Tx,
    user_id: Option<i64>,
    to_addr: &str,
    subject: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO mail_outbox (user_id, to_addr, subject, body, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(user_id)
    .bind(to_addr)
    .bind(subject)
    .bind(body)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Queues a message to the user's confirmed address; false (nothing queued) when they have
/// none or the account is deleted.
pub async fn insert_for_user(
    tx: &mut Tx,
    user_id: i64,
    subject: &str,
    body: &str,
) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let res = sqlx::query(
        "INSERT INTO mail_outbox (user_id, to_addr, subject, body, created_at, next_attempt_at) \
         SELECT id, email, $2, $3, $4, $4 FROM users \
         WHERE id = $1 AND email IS NOT NULL AND email_verified_at IS NOT NULL AND deleted_at IS NULL",
    )
    .bind(user_id)
    .bind(subject)
    .bind(body)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(res.rows_affected() > 0)
}

/// Messages due now, oldest first.
pub async fn due(db: &Db, limit: i64) -> Result<Vec<Queued>, sqlx::Error> {
    sqlx::query(
        "SELECT id, to_addr, subject, body, attempts FROM mail_outbox WHERE next_attempt_at <= $1 \
         ORDER BY id LIMIT $2",
    )
    .bind(now_ms())
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(Queued {
            id: r.try_get(0)?,
            to_addr: r.try_get(1)?,
            subject: r.try_get(2)?,
            body: r.try_get(3)?,
            attempts: r.try_get(4)?,
        })
    })
    .collect()
}

/// Takes a due message for `hold_ms`: false when another sender took it first.
pub async fn claim(db: &Db, id: i64, hold_ms: i64) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let res = sqlx::query(
        "UPDATE mail_outbox SET next_attempt_at = $1 WHERE id = $2 AND next_attempt_at <= $3",
    )
    .bind(now.saturating_add(hold_ms))
    .bind(id)
    .bind(now)
    .execute(db.writes())
    .await?;
    Ok(res.rows_affected() == 1)
}

pub async fn sent(db: &Db, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM mail_outbox WHERE id = $1")
        .bind(id)
        .execute(db.writes())
        .await?;
    Ok(())
}

/// Records a failed attempt; the message is tried again `retry_in_ms` from now.
pub async fn failed(db: &Db, id: i64, error: &str, retry_in_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 \
         WHERE id = $3",
    )
    .bind(error)
    .bind(now_ms().saturating_add(retry_in_ms))
    .bind(id)
    .execute(db.writes())
    .await?;
    Ok(())
}

/// The earliest time a message is due, for the sender's sleep.
pub async fn next_due(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT MIN(next_attempt_at) FROM mail_outbox")
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}
