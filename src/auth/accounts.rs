//! Accounts: signing up, logging in, and the server-side session each one starts.
//! Every refusal is an `AccountError`; the page decides how to show it.
use crate::i18n::Msg;
use std::net::IpAddr;

use crate::auth::limits::{self, AccountLimits, Throttled};
use crate::auth::password;
use crate::auth::session::token_hash;
use crate::db::users::{CreateUser, SessionUser};
use crate::db::{self, Db};
use crate::domain::{new_token, Password, Username};
use crate::moderation::sanctions::{self, Kind};

/// Why a sign-up or a login was refused. `Display` is English; pages word `msg()` in the
/// reader's language.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The username or password breaks its rules; the message says which.
    Invalid(Msg),
    NameTaken,
    Throttled(Throttled),
    /// One message for an unknown name and a wrong password, so neither reveals accounts.
    WrongCredentials,
    /// The password was right, but the account is banned (shown only then): the ban.
    Banned(Msg),
    Internal(#[from] anyhow::Error),
}

impl AccountError {
    pub fn msg(&self) -> Msg {
        match self {
            AccountError::Invalid(m) => m.clone(),
            AccountError::NameTaken => Msg::new("err-name-taken"),
            AccountError::Throttled(Throttled::Ip) => Msg::new("err-throttled-logins-ip"),
            AccountError::Throttled(Throttled::Account { retry_secs }) => {
                Msg::new("err-throttled-logins-account").arg("count", *retry_secs)
            }
            AccountError::Throttled(Throttled::Signups) => Msg::new("err-throttled-signups"),
            AccountError::WrongCredentials => Msg::new("err-wrong-credentials"),
            AccountError::Banned(ban) => Msg::new("err-account-banned").nest("ban", ban.clone()),
            AccountError::Internal(_) => Msg::new("err-internal"),
        }
    }
}

impl std::fmt::Display for AccountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AccountError::Internal(_) => f.write_str("internal error"),
            other => other.msg().fmt(f),
        }
    }
}

impl From<sqlx::Error> for AccountError {
    fn from(e: sqlx::Error) -> Self {
        AccountError::Internal(anyhow::Error::new(e))
    }
}

/// Creates an account from the sign-up form (`ip`: where it came from, for the sign-up
/// limit): returns its id and whether it became the site admin (the first account does).
pub async fn register(
    db: &Db,
    limits: &AccountLimits,
    ip: IpAddr,
    username_raw: &str,
    password_raw: &str,
) -> Result<(i64, bool), AccountError> {
    let username = Username::try_from(username_raw).map_err(|e| AccountError::Invalid(e.0))?;
    let password = Password::for_account(password_raw, username.as_str())
        .map_err(|e| AccountError::Invalid(e.0))?;
    // Counted before the costly hash, so a flood of sign-ups costs the server nothing.
    limits::count_signup(db, limits, ip)
        .await?
        .map_err(AccountError::Throttled)?;
    let hash = password::hash(password.expose().to_string()).await?;
    match db::users::create(db, &username, &hash, true).await? {
        CreateUser::Created { id, is_admin } => {
            tracing::info!(user_id = id, is_admin, "account created");
            Ok((id, is_admin))
        }
        CreateUser::NameTaken => {
            limits::signup_not_made(db, ip).await?;
            Err(AccountError::NameTaken)
        }
    }
}

/// Checks a login from `ip` and returns the user's id. The attempt is counted against the
/// IP and the account before any password is checked, and given back when it succeeds.
pub async fn login(
    db: &Db,
    limits: &AccountLimits,
    ip: IpAddr,
    username: &str,
    password: &str,
) -> Result<i64, AccountError> {
    let ticket = limits::begin_login(db, limits, ip, username)
        .await?
        .map_err(AccountError::Throttled)?;
    let stored = db::users::credentials(db, &username.trim().to_ascii_lowercase()).await?;
    let (user_id, hash) = match stored {
        Some(c) => (Some(c.id), Some(c.password_hash)),
        None => (None, None),
    };
    // Unknown names are verified against a dummy hash so both failures take as long.
    let ok = password::verify(password.to_string(), hash).await?;
    let (true, Some(id)) = (ok, user_id) else {
        return Err(AccountError::WrongCredentials);
    };
    limits::succeeded(db, ticket).await?;
    let banned = sanctions::active(db, id, None)
        .await?
        .into_iter()
        .find(|s| s.kind == Kind::Ban);
    match banned {
        Some(ban) => Err(AccountError::Banned(ban.describe())),
        None => Ok(id),
    }
}

/// Changes a signed-in user's password after checking the current one. Every session of
/// the account ends (the caller starts a fresh one for this browser and closes the user's
/// sockets).
pub async fn change_password(
    db: &Db,
    user: &SessionUser,
    current: &str,
    new: &str,
) -> Result<(), AccountError> {
    let stored = db::users::password_hash(db, user.id).await?;
    if !password::verify(current.to_string(), stored).await? {
        return Err(AccountError::Invalid(Msg::new(
            "err-current-password-not-right",
        )));
    }
    let new = Password::for_account(new, &user.username).map_err(|e| AccountError::Invalid(e.0))?;
    let hash = password::hash(new.expose().to_string()).await?;
    db::users::change_password(db, user.id, &hash).await?;
    tracing::info!(user_id = user.id, "password changed; every session ended");
    Ok(())
}

/// Starts a fresh session for `user_id` and returns its token for the cookie. The session
/// the browser came with (if any) ends: a new token every login, so no session fixation.
pub async fn start_session(
    db: &Db,
    old_token: Option<&str>,
    user_id: i64,
    max_days: i64,
) -> Result<String, sqlx::Error> {
    if let Some(old) = old_token {
        end_session(db, old).await?;
    }
    let token = new_token();
    db::sessions::create(db, &token_hash(&token), user_id, max_days).await?;
    Ok(token)
}

/// Logs out: the session row goes, so the token stops working even if it was copied.
pub async fn end_session(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    db::sessions::delete(db, &token_hash(token)).await
}
