//! Accounts: signing up, logging in, and the server-side session each one starts.
//! Every refusal is an `AccountError`; the page decides how to show it.
use std::net::IpAddr;
use std::time::Instant;

use crate::auth::password;
use crate::auth::rate_limit::LoginLimiter;
use crate::auth::session::token_hash;
use crate::db::users::CreateUser;
use crate::db::{self, Db};
use crate::domain::{new_token, Password, Username};

/// Why a sign-up or a login was refused.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The username or password breaks its rules; the message says which.
    #[error("{0}")]
    Invalid(String),
    #[error("That username is taken. Try another.")]
    NameTaken,
    #[error("Too many failed logins from your network. Wait a minute and try again.")]
    TooManyAttempts,
    /// One message for an unknown name and a wrong password, so neither reveals accounts.
    #[error("Wrong username or password.")]
    WrongCredentials,
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AccountError {
    fn from(e: sqlx::Error) -> Self {
        AccountError::Internal(anyhow::Error::new(e))
    }
}

/// Creates an account from the sign-up form: returns its id and whether it became the site
/// admin (the first account does).
pub async fn register(
    db: &Db,
    username_raw: &str,
    password_raw: &str,
) -> Result<(i64, bool), AccountError> {
    let username = Username::try_from(username_raw).map_err(|e| AccountError::Invalid(e.0))?;
    let password = Password::try_from(password_raw).map_err(|e| AccountError::Invalid(e.0))?;
    let hash = password::hash(password.expose().to_string()).await?;
    match db::users::create(db, &username, &hash, true).await? {
        CreateUser::Created { id, is_admin } => {
            tracing::info!(user_id = id, is_admin, "account created");
            Ok((id, is_admin))
        }
        CreateUser::NameTaken => Err(AccountError::NameTaken),
    }
}

/// Checks a login from `ip` and returns the user's id. Failures count against the IP in
/// `limiter`; an IP over its limit is refused before any password is checked.
pub async fn login(
    db: &Db,
    limiter: &LoginLimiter,
    ip: IpAddr,
    username: &str,
    password: &str,
) -> Result<i64, AccountError> {
    if limiter.is_blocked(ip, Instant::now()) {
        return Err(AccountError::TooManyAttempts);
    }
    let stored = db::users::credentials(db, &username.trim().to_ascii_lowercase()).await?;
    let (user_id, hash) = match stored {
        Some(c) => (Some(c.id), Some(c.password_hash)),
        None => (None, None),
    };
    // Unknown names are verified against a dummy hash so both failures take as long.
    let ok = password::verify(password.to_string(), hash).await?;
    match (ok, user_id) {
        (true, Some(id)) => Ok(id),
        _ => {
            limiter.record_failure(ip, Instant::now());
            Err(AccountError::WrongCredentials)
        }
    }
}

/// Starts a fresh session for `user_id` and returns its token for the cookie. The session
/// the browser came with (if any) ends: a new token every login, so no session fixation.
pub async fn start_session(
    db: &Db,
    old_token: Option<&str>,
    user_id: i64,
) -> Result<String, sqlx::Error> {
    if let Some(old) = old_token {
        end_session(db, old).await?;
    }
    let token = new_token();
    db::sessions::create(db, &token_hash(&token), user_id).await?;
    Ok(token)
}

/// Logs out: the session row goes, so the token stops working even if it was copied.
pub async fn end_session(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    db::sessions::delete(db, &token_hash(token)).await
}
