//! Accounts.
use sqlx::Row;

use super::pool::{Db, Tx};
use crate::domain::Username;
use crate::time_util::now_ms;

/// The signed-in user as a request sees them (read with the session).
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub id: i64,
    pub username: String,
    pub is_admin: bool,
    pub created_at: i64,
    /// Chosen in settings; None = guessed per request.
    pub region: Option<String>,
    /// Interface language chosen in settings ("" or None = from the browser).
    pub language: Option<String>,
    /// IANA zone chosen in settings; None = the browser's, else the region's.
    pub time_zone: Option<String>,
    /// Unread notifications (read with the session, for the header), up to
    /// `inbox::UNREAD_CAP`.
    pub unread: i64,
}

pub struct Credentials {
    pub id: i64,
    pub password_hash: String,
}

pub enum CreateUser {
    Created { id: i64, is_admin: bool },
    NameTaken,
}

/// Creates an account. With `may_become_admin`, the account becomes admin when the site has
/// no admin yet (the first sign-up; demo authors pass false so they never take that role).
/// The check and the insert share a transaction: on SQLite two simultaneous first sign-ups
/// cannot both become admin; on PostgreSQL the worst case is two admins, never zero.
pub async fn create(
    db: &Db,
    username: &Username,
    password_hash: &str,
    may_become_admin: bool,
) -> Result<CreateUser, sqlx::Error> {
    let mut tx = db.begin().await?;
    let admins: i64 = sqlx::query("SELECT COUNT(*) FROM users WHERE is_admin = 1")
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    let is_admin = may_become_admin && admins == 0;
    let res = sqlx::query(
        "INSERT INTO users (username, username_lower, password_hash, is_admin, created_at, language) \
         VALUES ($1, $2, $3, $4, $5, '') RETURNING id",
    )
    .bind(username.as_str())
    .bind(username.lower())
    .bind(password_hash)
    .bind(is_admin as i64)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await;
    match res {
        Ok(row) => {
            let id: i64 = row.try_get(0)?;
            tx.commit().await?;
            Ok(CreateUser::Created { id, is_admin })
        }
        Err(e) if super::pool::is_unique_violation(&e) => Ok(CreateUser::NameTaken),
        Err(e) => Err(e),
    }
}

pub async fn credentials(
    db: &Db,
    username_lower: &str,
) -> Result<Option<Credentials>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, password_hash FROM users WHERE username_lower = $1 AND deleted_at IS NULL",
    )
    .bind(username_lower)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok(Credentials {
            id: r.try_get(0)?,
            password_hash: r.try_get(1)?,
        })
    })
    .transpose()
}

/// Returns false when no such user exists.
pub async fn set_admin(db: &Db, username: &str, admin: bool) -> Result<bool, sqlx::Error> {
    let res = sqlx::query("UPDATE users SET is_admin = $1 WHERE username_lower = $2")
        .bind(admin as i64)
        .bind(username.to_ascii_lowercase())
        .execute(db.writes())
        .await?;
    Ok(res.rows_affected() > 0)
}

/// The stored hash of a user's password, by id.
pub async fn password_hash(db: &Db, user_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

/// Replaces the password and ends every session of the user, in one transaction: a
/// password change is how someone who fears their account was taken locks the taker out.
pub async fn change_password(db: &Db, user_id: i64, hash: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Replaces the password and ends every session, in the caller's transaction (a password
/// reset commits this with the use of its link).
pub async fn set_password_in(tx: &mut Tx, user_id: i64, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A live account named `username_lower` or whose confirmed address is `email_lower`,
/// provided it has a confirmed address: (id, username).
pub async fn with_confirmed_address(
    db: &Db,
    name_or_email_lower: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT id, username FROM users WHERE (username_lower = $1 OR lower(email) = $1) \
         AND email IS NOT NULL AND email_verified_at IS NOT NULL AND deleted_at IS NULL",
    )
    .bind(name_or_email_lower)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .transpose()
}

/// A live account by name, for the `admin reset-password` command: (id, username).
pub async fn live_by_name(
    db: &Db,
    username_lower: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query("SELECT id, username FROM users WHERE username_lower = $1 AND deleted_at IS NULL")
        .bind(username_lower)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .transpose()
}

/// Whether another live account already has `email` (compared case-insensitively).
pub async fn email_taken(db: &Db, email: &str, except_user: i64) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query("SELECT COUNT(*) FROM users WHERE lower(email) = lower($1) AND id <> $2")
            .bind(email)
            .bind(except_user)
            .fetch_one(&db.pool)
            .await?
            .try_get(0)?;
    Ok(n > 0)
}

/// Makes `email` the account's confirmed address, in the caller's transaction. False when
/// another account holds it (the unique index decides, so two confirmations cannot both win).
pub async fn set_email_in(tx: &mut Tx, user_id: i64, email: &str) -> Result<bool, sqlx::Error> {
    let res = sqlx::query("UPDATE users SET email = $1, email_verified_at = $2 WHERE id = $3")
        .bind(email)
        .bind(now_ms())
        .bind(user_id)
        .execute(&mut **tx)
        .await;
    match res {
        Ok(_) => Ok(true),
        Err(e) if super::pool::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}
