//! Personal API tokens: created and revoked by their owner in the settings, shown once,
//! stored as SHA-256 like session tokens. A request with `Authorization: Bearer <token>`
//! is that user's viewer, with the same sanctions and region as their session would have.
use super::csrf::CsrfKey;
use super::session::{new_token, token_hash, Viewer};
use crate::db::api_tokens::{self as q, ApiToken};
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::moderation::sanctions;
use crate::spoilers::region;
use crate::time_util::now_ms;

/// The longest token name, in characters.
pub const NAME_MAX_CHARS: usize = 60;
/// `last_used_at` is rewritten at most this often, so reading does not mean one write per
/// request.
const TOUCH_EVERY_MS: i64 = 5 * 60 * 1000;

pub use crate::db::api_tokens::ApiToken as Token;

/// Makes a token for the user; returns it (to be shown once, never stored as such).
pub async fn create(db: &Db, user_id: i64, name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::Unprocessable(Msg::new("token-name-empty")));
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(AppError::Unprocessable(
            Msg::new("token-name-too-long").arg("max", NAME_MAX_CHARS),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(AppError::Unprocessable(Msg::new("token-name-control")));
    }
    let token = new_token();
    q::create(db, user_id, &token_hash(&token), name, now_ms()).await?;
    Ok(token)
}

pub async fn list(db: &Db, user_id: i64) -> Result<Vec<ApiToken>, sqlx::Error> {
    q::list(db, user_id).await
}

/// Revokes one of the user's tokens; 404 when it is not theirs or already revoked.
pub async fn revoke(db: &Db, user_id: i64, id: i64) -> Result<(), AppError> {
    if q::revoke(db, user_id, id, now_ms()).await? {
        Ok(())
    } else {
        Err(AppError::NotFound(Msg::new("token-none")))
    }
}

/// The shape `new_token` makes; anything else is no token of ours.
fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The viewer a bearer token stands for, with the token's id (the rate limit counts per
/// token); None when the token is malformed, unknown or revoked.
pub async fn viewer_for(
    db: &Db,
    csrf: &CsrfKey,
    token: &str,
    accept_language: Option<&str>,
) -> Result<Option<(i64, Viewer)>, AppError> {
    if !well_formed(token) {
        return Ok(None);
    }
    let Some((id, user, last_used)) = q::lookup(db, &token_hash(token)).await? else {
        return Ok(None);
    };
    let now = now_ms();
    if last_used.is_none_or(|t| now - t >= TOUCH_EVERY_MS) {
        q::touch(db, id, now).await?;
    }
    let notices = sanctions::active(db, user.id, None)
        .await?
        .iter()
        .map(|s| s.describe().to_string())
        .collect();
    let region = user.region.clone().unwrap_or_else(|| {
        accept_language
            .and_then(region::guess)
            .unwrap_or_else(|| region::DEFAULT.to_string())
    });
    let viewer = Viewer {
        time_zone: region::time_zone(user.time_zone.as_deref(), None, &region),
        region,
        lang: crate::i18n::Lang::resolve(user.language.as_deref(), None, accept_language),
        // The API only reads; no form of it needs a token, but the field must hold one.
        csrf_token: csrf.token_for(&format!("api:{id}")),
        user: Some(user),
        session_token: None,
        notices,
    };
    Ok(Some((id, viewer)))
}
