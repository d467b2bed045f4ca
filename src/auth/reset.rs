//! Password reset by mailed link (`/password/forgot`), or by a link an admin prints
//! (`cliffhanger admin reset-password`). Links are single-use, stored hashed, and expire.
use crate::i18n::Msg;
use std::net::IpAddr;

use crate::auth::accounts::AccountError;
use crate::auth::limits::{self, AccountLimits};
use crate::auth::password;
use crate::auth::session::token_hash;
use crate::db::account_tokens::{self, LiveToken, RESET};
use crate::db::{self, Db};
use crate::domain::{new_token, Password};
use crate::mail::{self, Outbox};

/// A mailed link is good for an hour.
pub const RESET_TTL_MS: i64 = 3_600_000;
/// An admin hands their link over by hand, which takes longer: a day.
pub const ADMIN_RESET_TTL_MS: i64 = 86_400_000;

pub fn reset_path(token: &str) -> String {
    format!("/password/reset/{token}")
}

#[derive(Debug, thiserror::Error)]
pub enum ForgotError {
    #[error("{}", Msg::new("err-reset-no-mail"))]
    NoMail,
    #[error("{}", Msg::new("err-reset-throttled"))]
    Throttled,
    #[error("internal error")]
    Internal(#[from] sqlx::Error),
}

impl ForgotError {
    pub fn msg(&self) -> Msg {
        match self {
            ForgotError::NoMail => Msg::new("err-reset-no-mail"),
            ForgotError::Throttled => Msg::new("err-reset-throttled"),
            ForgotError::Internal(_) => Msg::new("err-internal"),
        }
    }
}

/// Mails a reset link if `who` (a username or a confirmed address) names an account with a
/// confirmed address. The caller answers the same whether or not one was found.
pub async fn forgot(
    db: &Db,
    outbox: &Outbox,
    limits: &AccountLimits,
    ip: IpAddr,
    who: &str,
) -> Result<(), ForgotError> {
    if !outbox.enabled() {
        return Err(ForgotError::NoMail);
    }
    if !limits::count_reset(db, limits, ip).await? {
        return Err(ForgotError::Throttled);
    }
    let key = who.trim().to_lowercase();
    let Some((user_id, username)) = db::users::with_confirmed_address(db, &key).await? else {
        return Ok(());
    };
    let token = new_token();
    let link = outbox.link(&reset_path(&token));
    let body = format!(
        "Hello {username},\n\nsomeone (hopefully you) asked to reset the password of your \
         Cliffhanger account. Open this link within an hour to choose a new one:\n\n{link}\n\n\
         The link works once. If you did not ask for it, ignore this message: your password \
         stays as it is.\n"
    );
    let mut tx = db.begin().await?;
    account_tokens::create(
        &mut tx,
        &token_hash(&token),
        user_id,
        RESET,
        None,
        RESET_TTL_MS,
    )
    .await?;
    mail::queue(&mut tx, user_id, "Reset your Cliffhanger password", &body).await?;
    tx.commit().await?;
    outbox.wake();
    tracing::info!(user_id, "password reset link queued");
    Ok(())
}

/// The account a reset link is for, while the link is good.
pub async fn check(db: &Db, token: &str) -> Result<Option<LiveToken>, sqlx::Error> {
    account_tokens::live(db, &token_hash(token), RESET).await
}

/// Sets a new password through a reset link: the link is used up and every session of the
/// account ends, together. Returns the user's id (the caller closes their sockets).
pub async fn reset(db: &Db, token: &str, new_password: &str) -> Result<i64, AccountError> {
    let hash_of_token = token_hash(token);
    let Some(live) = account_tokens::live(db, &hash_of_token, RESET).await? else {
        return Err(AccountError::Invalid(Msg::new(LINK_GONE)));
    };
    let new = Password::for_account(new_password, &live.username)
        .map_err(|e| AccountError::Invalid(e.0))?;
    let hash = password::hash(new.expose().to_string()).await?;
    let mut tx = db.begin().await?;
    if !account_tokens::consume(&mut tx, &hash_of_token, RESET).await? {
        return Err(AccountError::Invalid(Msg::new(LINK_GONE)));
    }
    db::users::set_password_in(&mut tx, live.user_id, &hash).await?;
    tx.commit().await?;
    tracing::info!(
        user_id = live.user_id,
        "password reset; every session ended"
    );
    Ok(live.user_id)
}

/// The key of "This reset link has expired or was already used. Ask for a new one."
pub const LINK_GONE: &str = "err-reset-link-gone";

/// A one-time reset link for `username`, for an admin to hand over (no mail needed):
/// absolute when the site's public URL is known, else the path.
pub async fn admin_link(
    db: &Db,
    username: &str,
    public_url: Option<&str>,
) -> anyhow::Result<String> {
    let Some((user_id, _)) =
        db::users::live_by_name(db, &username.trim().to_ascii_lowercase()).await?
    else {
        anyhow::bail!("no user named {username}");
    };
    let token = new_token();
    let mut tx = db.begin().await?;
    account_tokens::create(
        &mut tx,
        &token_hash(&token),
        user_id,
        RESET,
        None,
        ADMIN_RESET_TTL_MS,
    )
    .await?;
    tx.commit().await?;
    let path = reset_path(&token);
    Ok(match public_url {
        Some(base) => format!("{}{path}", base.trim_end_matches('/')),
        None => path,
    })
}
