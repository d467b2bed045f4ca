//! Deleting an account, in one transaction. The `users` row stays as a tombstone, because
//! posts, threads, chat, parties, reports, sanctions and the mod log reference it and must
//! keep doing so: it loses its name (shown as "deleted user", the old name freed), password,
//! address and profile; everything that only served the person goes.
use sqlx::Row;

use super::changes::Change;
use super::pool::{Db, Tx};
use crate::time_util::now_ms;

/// How every page shows a deleted account's name. Not a valid username (it has a space),
/// so no one can sign up as it.
pub const DELETED_NAME: &str = "deleted user";

/// Tables whose rows belong to the user alone and go with the account.
const OWN_ROWS: [&str; 8] = [
    "sessions",
    "follows",
    "notifications",
    "notification_prefs",
    "watched",
    "show_moderators",
    "account_tokens",
    "api_tokens",
];

/// Deletes the account `user_id`; with `remove_posts` their posts become the deleted
/// placeholder (threads stay, for the others' replies) and their chat messages are deleted.
pub async fn delete_account(db: &Db, user_id: i64, remove_posts: bool) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for table in OWN_ROWS {
        sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM mail_outbox WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE notifications SET actor_id = NULL WHERE actor_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let now = now_ms();
    if remove_posts {
        sqlx::query(
            "UPDATE posts SET deleted = 1, body_src = '', body_html = '', edited_at = $1 \
             WHERE author_id = $2 AND deleted = 0",
        )
        .bind(now)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE chat_messages SET deleted = 1 WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE chat_messages SET username = $1 WHERE user_id = $2")
        .bind(DELETED_NAME)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    reindex_authored(&mut tx, user_id).await?;
    sqlx::query(
        "UPDATE users SET username = $1, username_lower = $2, password_hash = '', is_admin = 0, \
         email = NULL, email_verified_at = NULL, bio = '', bio_html = '', region = NULL, \
         show_progress = 0, deleted_at = $3 WHERE id = $4",
    )
    .bind(DELETED_NAME)
    // Unique, and no valid username (those have no ':'), so the old name is free again.
    .bind(format!("deleted:{user_id}"))
    .bind(now)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    // Cached pages copy author names: every cached row goes (a deletion is rare).
    db.commit_changes(tx, &[Change::Catalog]).await
}

/// Queues every search document that shows the user's name or words: their threads, their
/// replies and their chat messages (the indexer rebuilds or drops each).
async fn reindex_authored(tx: &mut Tx, user_id: i64) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO search_outbox (doc_id, show_id, created_at) \
         SELECT CASE WHEN p.position = 1 THEN 'thread-' || CAST(t.id AS TEXT) \
         ELSE 'post-' || CAST(p.id AS TEXT) END, t.show_id, $2 \
         FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.author_id = $1",
    )
    .bind(user_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    // Chat documents are `chat-{id}`; the room names the show.
    let rows = sqlx::query(&format!(
        "SELECT m.id, e.show_id FROM chat_messages m {} WHERE m.user_id = $1",
        super::room_sql::ROOM_EPISODE_JOIN
    ))
    .bind(user_id)
    .fetch_all(&mut **tx)
    .await?;
    for r in rows {
        let (id, show_id): (i64, i64) = (r.try_get(0)?, r.try_get(1)?);
        super::search::enqueue(tx, show_id, &format!("chat-{id}")).await?;
    }
    Ok(())
}

/// Live site admins other than `user_id`.
pub async fn other_admins(db: &Db, user_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM users WHERE is_admin = 1 AND deleted_at IS NULL AND id <> $1")
        .bind(user_id)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}
