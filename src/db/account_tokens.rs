//! Single-use links (password reset, address confirmation), stored by token hash.
use sqlx::Row;

use super::pool::{Db, Tx};
use crate::time_util::now_ms;

pub const RESET: &str = "reset";
pub const EMAIL: &str = "email";

/// A link that is still good: its user (and, for address links, the address).
#[derive(Debug, Clone)]
pub struct LiveToken {
    pub user_id: i64,
    pub username: String,
    pub email: Option<String>,
}

pub async fn create(
    tx: &mut Tx,
    token_hash: &str,
    user_id: i64,
    purpose: &str,
    email: Option<&str>,
    ttl_ms: i64,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, user_id, purpose, email, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(purpose)
    .bind(email)
    .bind(now)
    .bind(now.saturating_add(ttl_ms))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The token's user if it is unused, unexpired, of `purpose`, and its account not deleted.
pub async fn live(
    db: &Db,
    token_hash: &str,
    purpose: &str,
) -> Result<Option<LiveToken>, sqlx::Error> {
    sqlx::query(
        "SELECT t.user_id, u.username, t.email FROM account_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > $3 \
         AND u.deleted_at IS NULL",
    )
    .bind(token_hash)
    .bind(purpose)
    .bind(now_ms())
    .fetch_optional(&db.pool)
    .await?
    .map(|r| {
        Ok(LiveToken {
            user_id: r.try_get(0)?,
            username: r.try_get(1)?,
            email: r.try_get(2)?,
        })
    })
    .transpose()
}

/// Marks the token used, in the caller's transaction; false when it was no longer live
/// (used meanwhile, or expired), so of two simultaneous uses only one goes through.
pub async fn consume(tx: &mut Tx, token_hash: &str, purpose: &str) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let res = sqlx::query(
        "UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
         AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(token_hash)
    .bind(purpose)
    .execute(&mut **tx)
    .await?;
    Ok(res.rows_affected() == 1)
}
