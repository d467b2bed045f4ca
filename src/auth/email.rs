//! The account's email address: a new one is mailed a confirmation link and becomes the
//! account's only once that link is used, so nobody can claim an address they cannot read.
use crate::auth::accounts::AccountError;
use crate::auth::password;
use crate::auth::session::token_hash;
use crate::db::account_tokens::{self, LiveToken, EMAIL};
use crate::db::users::SessionUser;
use crate::db::{self, Db};
use crate::domain::new_token;
use crate::i18n::Msg;
use crate::mail::{self, Outbox};

/// A confirmation link is good for a day.
pub const CONFIRM_TTL_MS: i64 = 86_400_000;

pub fn confirm_path(token: &str) -> String {
    format!("/settings/email/confirm/{token}")
}

/// Mails a confirmation link to `address` after checking the current password (an address
/// is how an account is recovered, so changing it asks for the password).
pub async fn request_change(
    db: &Db,
    outbox: &Outbox,
    user: &SessionUser,
    current_password: &str,
    address: &str,
) -> Result<(), AccountError> {
    if !outbox.enabled() {
        return Err(AccountError::Invalid(Msg::new(
            "err-site-sends-no-email-so",
        )));
    }
    let address = mail::parse_address(address).map_err(AccountError::Invalid)?;
    let stored = db::users::password_hash(db, user.id).await?;
    if !password::verify(current_password.to_string(), stored).await? {
        return Err(AccountError::Invalid(Msg::new(
            "err-current-password-not-right",
        )));
    }
    if db::users::email_taken(db, &address, user.id).await? {
        return Err(AccountError::Invalid(Msg::new(
            "err-another-account-uses-address",
        )));
    }
    let token = new_token();
    let link = outbox.link(&confirm_path(&token));
    let body = format!(
        "Hello {},\n\nopen this link within a day to make {address} the address of your \
         Cliffhanger account:\n\n{link}\n\nIf you did not ask for this, ignore this message.\n",
        user.username
    );
    let mut tx = db.begin().await?;
    account_tokens::create(
        &mut tx,
        &token_hash(&token),
        user.id,
        EMAIL,
        Some(&address),
        CONFIRM_TTL_MS,
    )
    .await?;
    mail::queue_to(
        &mut tx,
        user.id,
        &address,
        "Confirm your email address",
        &body,
    )
    .await?;
    tx.commit().await?;
    outbox.wake();
    Ok(())
}

/// The pending change a link confirms, while the link is good.
pub async fn check(db: &Db, token: &str) -> Result<Option<LiveToken>, sqlx::Error> {
    account_tokens::live(db, &token_hash(token), EMAIL).await
}

#[derive(Debug, thiserror::Error)]
pub enum ConfirmError {
    #[error("{}", Msg::new("err-confirm-link-gone"))]
    Gone,
    #[error("{}", Msg::new("err-confirm-address-taken"))]
    Taken,
    #[error("internal error")]
    Internal(#[from] sqlx::Error),
}

impl ConfirmError {
    pub fn msg(&self) -> Msg {
        match self {
            ConfirmError::Gone => Msg::new("err-confirm-link-gone"),
            ConfirmError::Taken => Msg::new("err-confirm-address-taken"),
            ConfirmError::Internal(_) => Msg::new("err-internal"),
        }
    }
}

/// Uses a confirmation link: the address becomes the account's; returns it.
pub async fn confirm(db: &Db, token: &str) -> Result<String, ConfirmError> {
    let hash = token_hash(token);
    let Some(LiveToken {
        user_id,
        email: Some(address),
        ..
    }) = account_tokens::live(db, &hash, EMAIL).await?
    else {
        return Err(ConfirmError::Gone);
    };
    let mut tx = db.begin().await?;
    if !account_tokens::consume(&mut tx, &hash, EMAIL).await? {
        return Err(ConfirmError::Gone);
    }
    if !db::users::set_email_in(&mut tx, user_id, &address).await? {
        return Err(ConfirmError::Taken);
    }
    tx.commit().await?;
    tracing::info!(user_id, "email address confirmed");
    Ok(address)
}
