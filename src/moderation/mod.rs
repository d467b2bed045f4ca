//! Moderation: per-show roles, reports, content actions, sanctions, word filters, mod log.
pub mod actions;
pub mod filters;
pub mod guard;
pub mod held;
pub mod live;
pub mod log;
pub mod queue;
pub mod reports;
pub mod roles;
pub mod rooms;
pub mod sanctions;
pub mod tools;

use crate::db::users::SessionUser;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;

pub const MINUTE: i64 = 60_000;
pub const DAY: i64 = 86_400_000;

/// A user allowed to moderate one show (a moderator of it, or a site admin).
pub struct Moderator {
    pub id: i64,
    pub username: String,
    pub is_admin: bool,
}

/// Checked on the server for every moderator action: only the show's moderators and admins.
pub async fn require_mod(
    db: &Db,
    user: Option<&SessionUser>,
    show_id: i64,
) -> AppResult<Moderator> {
    let user = user.ok_or(AppError::LoginRequired)?;
    if user.is_admin || roles::is_moderator(db, user.id, show_id).await? {
        Ok(Moderator {
            id: user.id,
            username: user.username.clone(),
            is_admin: user.is_admin,
        })
    } else {
        Err(AppError::Forbidden(Msg::new("err-only-show-moderators-do")))
    }
}

/// `N` minutes/days from a form field, bounded; empty = None (permanent where allowed).
pub fn parse_duration(raw: &str, unit_ms: i64, max: i64) -> Result<Option<i64>, Msg> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<i64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(Some(n * unit_ms)),
        _ => Err(Msg::new("err-duration").arg("max", max)),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("", 60_000, 10), Ok(None));
        assert_eq!(parse_duration("5", 60_000, 10), Ok(Some(300_000)));
        assert!(parse_duration("0", 60_000, 10).is_err());
        assert!(parse_duration("11", 60_000, 10).is_err());
        assert!(parse_duration("x", 60_000, 10).is_err());
    }
}
