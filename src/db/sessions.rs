//! Sessions, stored by token hash.
use sqlx::Row;

use super::pool::Db;
use super::users::SessionUser;
use crate::time_util::now_ms;

/// How long a session lives; the session cookie's max-age (`auth::session`) follows it.
pub const SESSION_DAYS: i64 = 30;

pub async fn create(db: &Db, token_hash: &str, user_id: i64) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(now + SESSION_DAYS * 86_400_000)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn lookup(db: &Db, token_hash: &str) -> Result<Option<SessionUser>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT u.id, u.username, u.is_admin, u.created_at, u.region FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now_ms())
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok(SessionUser {
            id: r.try_get(0)?,
            username: r.try_get(1)?,
            is_admin: r.try_get::<i64, _>(2)? != 0,
            created_at: r.try_get(3)?,
            region: r.try_get(4)?,
        })
    })
    .transpose()
}

pub async fn delete(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Drops expired sessions; called at startup.
pub async fn purge_expired(db: &Db) -> Result<u64, sqlx::Error> {
    let res = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now_ms())
        .execute(&db.pool)
        .await?;
    Ok(res.rows_affected())
}
