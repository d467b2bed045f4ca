//! Personal API tokens, stored by the SHA-256 of the token (never the token itself).
use sqlx::any::AnyRow;
use sqlx::Row;

use super::pool::Db;
use super::users::SessionUser;

/// A token as its owner's list shows it.
#[derive(Debug, Clone)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

fn token_from(r: &AnyRow) -> Result<ApiToken, sqlx::Error> {
    Ok(ApiToken {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        created_at: r.try_get(2)?,
        last_used_at: r.try_get(3)?,
        revoked_at: r.try_get(4)?,
    })
}

pub async fn create(
    db: &Db,
    user_id: i64,
    token_hash: &str,
    name: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO api_tokens (user_id, token_hash, name, created_at) VALUES ($1, $2, $3, $4) \
         RETURNING id",
    )
    .bind(user_id)
    .bind(token_hash)
    .bind(name)
    .bind(now)
    .fetch_one(db.writes())
    .await?
    .try_get(0)
}

/// The user's tokens, newest first.
pub async fn list(db: &Db, user_id: i64) -> Result<Vec<ApiToken>, sqlx::Error> {
    sqlx::query(
        "SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens \
         WHERE user_id = $1 ORDER BY id DESC",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(token_from)
    .collect()
}

/// Live tokens of the user (not revoked), for the per-user cap.
pub async fn live_count(db: &Db, user_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(user_id)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

/// Revokes the user's own token; false when it is not theirs or was already revoked.
pub async fn revoke(db: &Db, user_id: i64, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let res = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(user_id)
    .execute(db.writes())
    .await?;
    Ok(res.rows_affected() == 1)
}

/// The token's id and user when it is live and its account not deleted, with the time it
/// was last used (so that a caller can rewrite that only now and then).
pub async fn lookup(
    db: &Db,
    token_hash: &str,
) -> Result<Option<(i64, SessionUser, Option<i64>)>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT t.id, u.id, u.username, u.is_admin, u.created_at, u.region, t.last_used_at, ({}), u.language, u.time_zone \
         FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.deleted_at IS NULL",
        super::inbox::UNREAD_SQL.replace("$1", "u.id")
    ))
    .bind(token_hash)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        let user = SessionUser {
            id: r.try_get(1)?,
            username: r.try_get(2)?,
            is_admin: r.try_get::<i64, _>(3)? != 0,
            created_at: r.try_get(4)?,
            region: r.try_get(5)?,
            unread: r.try_get(7)?,
            language: r.try_get(8)?,
            time_zone: r.try_get(9)?,
        };
        Ok((r.try_get(0)?, user, r.try_get(6)?))
    })
    .transpose()
}

pub async fn touch(db: &Db, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(db.writes())
        .await?;
    Ok(())
}
