//! Per-show moderators.
use crate::db::roles as q;
use crate::db::Db;

pub use q::{is_moderator, moderated_shows, moderator_ids, moderators};

/// Returns the user's id, or None when no such user exists (names match case-insensitively).
pub async fn user_id(db: &Db, username: &str) -> Result<Option<i64>, sqlx::Error> {
    q::user_id(db, &username.trim().to_ascii_lowercase()).await
}

/// Grants outside any moderator action (the command line, before anyone can moderate):
/// nobody acts, so nothing is logged.
pub async fn grant(
    db: &Db,
    show_id: i64,
    user_id: i64,
    by: Option<i64>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    q::grant(&mut tx, show_id, user_id, by).await?;
    tx.commit().await
}
