//! Sessions, stored by token hash.
use sqlx::Row;

use super::pool::Db;
use super::users::SessionUser;
use crate::time_util::now_ms;

/// A new session that ends `max_days` after now at the latest (the lookup also checks the
/// idle and maximum ages, `auth::expiry::SessionLimits`, at every request).
pub async fn create(
    db: &Db,
    token_hash: &str,
    user_id: i64,
    max_days: i64,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen) VALUES ($1, $2, $3, $4, $3)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(now.saturating_add(max_days.saturating_mul(86_400_000)))
        .execute(db.writes())
        .await?;
    Ok(())
}

/// A live session's user and when the session was last seen: one created after
/// `created_after` and seen after `seen_after` (unix ms).
pub async fn lookup(
    db: &Db,
    token_hash: &str,
    created_after: i64,
    seen_after: i64,
) -> Result<Option<(SessionUser, i64)>, sqlx::Error> {
    // The unread count rides along: every page's header shows it.
    let row = sqlx::query(&format!(
        "SELECT u.id, u.username, u.is_admin, u.created_at, u.region, s.last_seen, ({}), u.language, u.time_zone FROM sessions s \
         JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.created_at > $2 AND s.last_seen > $3",
        super::inbox::UNREAD_SQL.replace("$1", "u.id")
    ))
    .bind(token_hash)
    .bind(created_after)
    .bind(seen_after)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        let user = SessionUser {
            id: r.try_get(0)?,
            username: r.try_get(1)?,
            is_admin: r.try_get::<i64, _>(2)? != 0,
            created_at: r.try_get(3)?,
            region: r.try_get(4)?,
            unread: r.try_get(6)?,
            language: r.try_get(7)?,
            time_zone: r.try_get(8)?,
        };
        Ok((user, r.try_get(5)?))
    })
    .transpose()
}

/// Records that the session was used at `now`.
pub async fn touch(db: &Db, token_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2 AND last_seen < $1")
        .bind(now)
        .bind(token_hash)
        .execute(db.writes())
        .await?;
    Ok(())
}

pub async fn delete(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(db.writes())
        .await?;
    Ok(())
}

/// Drops sessions created before `created_before` or last seen before `seen_before`.
pub async fn purge_expired(
    db: &Db,
    created_before: i64,
    seen_before: i64,
) -> Result<u64, sqlx::Error> {
    let res = sqlx::query("DELETE FROM sessions WHERE created_at <= $1 OR last_seen <= $2")
        .bind(created_before)
        .bind(seen_before)
        .execute(db.writes())
        .await?;
    Ok(res.rows_affected())
}
