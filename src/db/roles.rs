//! Per-show moderators, and finding a user by name to act on.
use sqlx::Row;

use super::pool::{Db, Tx};
use crate::time_util::now_ms;

pub async fn is_moderator(db: &Db, user_id: i64, show_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query("SELECT COUNT(*) FROM show_moderators WHERE user_id = $1 AND show_id = $2")
            .bind(user_id)
            .bind(show_id)
            .fetch_one(&db.pool)
            .await?
            .try_get(0)?;
    Ok(n > 0)
}

/// Whether the user is a site admin, or a moderator of the show: the people a show
/// moderator may not sanction.
pub async fn outranks_show_moderators(
    tx: &mut Tx,
    user_id: i64,
    show_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM users WHERE id = $1 AND is_admin = 1) \
         + (SELECT COUNT(*) FROM show_moderators WHERE user_id = $1 AND show_id = $2)",
    )
    .bind(user_id)
    .bind(show_id)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    Ok(n > 0)
}

/// Ids of the show's moderators (admins not included).
pub async fn moderator_ids(db: &Db, show_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query("SELECT user_id FROM show_moderators WHERE show_id = $1")
        .bind(show_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// Usernames of the show's moderators, alphabetically.
pub async fn moderators(db: &Db, show_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query(
        "SELECT u.username FROM show_moderators m JOIN users u ON u.id = m.user_id WHERE m.show_id = $1 ORDER BY u.username_lower",
    )
    .bind(show_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect()
}

/// Shows the user moderates.
pub async fn moderated_shows(db: &Db, user_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query("SELECT show_id FROM show_moderators WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// What the visibility gate needs of a signed-in viewer: the shows they moderate and the
/// episodes they marked watched, in one query.
pub struct ViewerRights {
    pub moderates: Vec<i64>,
    pub watched: Vec<i64>,
}

pub async fn viewer_rights(db: &Db, user_id: i64) -> Result<ViewerRights, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT 0, show_id FROM show_moderators WHERE user_id = $1 \
         UNION ALL SELECT 1, episode_id FROM watched WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    let mut rights = ViewerRights {
        moderates: Vec::new(),
        watched: Vec::new(),
    };
    for r in &rows {
        let id: i64 = r.try_get(1)?;
        match r.try_get::<i64, _>(0)? {
            0 => rights.moderates.push(id),
            _ => rights.watched.push(id),
        }
    }
    Ok(rights)
}

/// The id of the user whose lowercased name is `username_lower`.
pub async fn user_id(db: &Db, username_lower: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT id FROM users WHERE username_lower = $1")
        .bind(username_lower)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

/// Makes the user a moderator of the show (a no-op when they already are).
pub async fn grant(
    tx: &mut Tx,
    show_id: i64,
    user_id: i64,
    by: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO show_moderators (show_id, user_id, granted_by, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (show_id, user_id) DO NOTHING",
    )
    .bind(show_id)
    .bind(user_id)
    .bind(by)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn revoke(tx: &mut Tx, show_id: i64, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM show_moderators WHERE show_id = $1 AND user_id = $2")
        .bind(show_id)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
