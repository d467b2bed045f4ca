//! Profiles and account settings: what `/users/{name}` and `/settings` read and write.
use sqlx::any::AnyRow;
use sqlx::Row;

use super::pool::Db;

/// A live (not deleted) account as its profile shows it.
#[derive(Debug, Clone)]
pub struct ProfileRow {
    pub id: i64,
    pub username: String,
    pub is_admin: bool,
    pub created_at: i64,
    pub bio_html: String,
    pub show_progress: bool,
}

/// The settings form's current values.
#[derive(Debug, Clone)]
pub struct SettingsRow {
    pub bio: String,
    pub language: String,
    pub show_progress: bool,
    pub auto_follow: bool,
    pub email: Option<String>,
}

pub async fn by_name(db: &Db, username_lower: &str) -> Result<Option<ProfileRow>, sqlx::Error> {
    sqlx::query(
        "SELECT id, username, is_admin, created_at, bio_html, show_progress FROM users \
         WHERE username_lower = $1 AND deleted_at IS NULL",
    )
    .bind(username_lower)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| {
        Ok(ProfileRow {
            id: r.try_get(0)?,
            username: r.try_get(1)?,
            is_admin: r.try_get::<i64, _>(2)? != 0,
            created_at: r.try_get(3)?,
            bio_html: r.try_get(4)?,
            show_progress: r.try_get::<i64, _>(5)? != 0,
        })
    })
    .transpose()
}

pub async fn settings(db: &Db, user_id: i64) -> Result<Option<SettingsRow>, sqlx::Error> {
    sqlx::query("SELECT bio, language, show_progress, auto_follow, email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| {
            Ok(SettingsRow {
                bio: r.try_get(0)?,
                language: r.try_get(1)?,
                show_progress: r.try_get::<i64, _>(2)? != 0,
                auto_follow: r.try_get::<i64, _>(3)? != 0,
                email: r.try_get(4)?,
            })
        })
        .transpose()
}

pub struct ProfileUpdate<'a> {
    pub bio: &'a str,
    pub bio_html: &'a str,
    pub language: &'a str,
    pub show_progress: bool,
    pub auto_follow: bool,
}

pub async fn update(db: &Db, user_id: i64, u: &ProfileUpdate<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET bio = $1, bio_html = $2, language = $3, show_progress = $4, \
         auto_follow = $5 WHERE id = $6",
    )
    .bind(u.bio)
    .bind(u.bio_html)
    .bind(u.language)
    .bind(u.show_progress as i64)
    .bind(u.auto_follow as i64)
    .bind(user_id)
    .execute(db.writes())
    .await?;
    Ok(())
}

/// Titles of the shows the user moderates, alphabetically.
pub async fn moderated_show_titles(
    db: &Db,
    user_id: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT s.slug, s.title FROM show_moderators m JOIN shows s ON s.id = m.show_id \
         WHERE m.user_id = $1 ORDER BY s.title",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

/// Per show the user has watched something of: (slug, title, watched, episodes).
pub async fn watch_progress(
    db: &Db,
    user_id: i64,
) -> Result<Vec<(String, String, i64, i64)>, sqlx::Error> {
    sqlx::query(
        "SELECT s.slug, s.title, COUNT(*), (SELECT COUNT(*) FROM episodes e2 WHERE e2.show_id = s.id) \
         FROM watched w JOIN episodes e ON e.id = w.episode_id JOIN shows s ON s.id = e.show_id \
         WHERE w.user_id = $1 GROUP BY s.id, s.slug, s.title ORDER BY s.title",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
    .collect()
}

/// A post by the profile's user with what the gate needs to judge it and its thread.
#[derive(Debug, Clone)]
pub struct AuthoredPost {
    pub id: i64,
    pub thread_id: i64,
    pub author_id: i64,
    pub position: i64,
    pub body_src: String,
    pub created_at: i64,
    pub removed_reason: Option<String>,
    pub held: bool,
    /// BCP-47; None when unknown.
    pub lang: Option<String>,
}

fn authored_from(r: &AnyRow) -> Result<AuthoredPost, sqlx::Error> {
    Ok(AuthoredPost {
        id: r.try_get(0)?,
        thread_id: r.try_get(1)?,
        author_id: r.try_get(2)?,
        position: r.try_get(3)?,
        body_src: r.try_get(4)?,
        created_at: r.try_get(5)?,
        removed_reason: r.try_get(6)?,
        held: r.try_get::<i64, _>(7)? != 0,
        lang: r.try_get(8)?,
    })
}

/// Replies (not first posts, which the threads list covers) by `author_id`, newest first;
/// deleted ones never leave here. The gate judges the rest.
pub async fn posts_by_author(
    db: &Db,
    author_id: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuthoredPost>, sqlx::Error> {
    sqlx::query(
        "SELECT id, thread_id, author_id, position, body_src, created_at, removed_reason, held, lang FROM posts \
         WHERE author_id = $1 AND deleted = 0 AND position > 1 ORDER BY id DESC LIMIT $2 OFFSET $3",
    )
    .bind(author_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(authored_from)
    .collect()
}

/// The language switcher's choice, kept on the account ("" = from the browser).
pub async fn set_language(db: &Db, user_id: i64, language: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
        .bind(language)
        .bind(user_id)
        .execute(db.writes())
        .await?;
    Ok(())
}
