//! Moderator changes to content, chat messages, room settings and show settings. Each
//! write runs in the caller's transaction (the action's mod-log entry commits with it) and
//! queues the affected search documents there, so removed content leaves search and
//! restored content returns. Callers drop cached thread rows after committing.
use sqlx::Row;

use super::pool::{Db, Tx};
use super::posts::enqueue_post_doc;
use super::room_sql::ROOM_EPISODE_JOIN;
use super::search;

async fn enqueue_thread_and_posts(tx: &mut Tx, thread_id: i64) -> Result<(), sqlx::Error> {
    let show_id: i64 = sqlx::query("SELECT show_id FROM threads WHERE id = $1")
        .bind(thread_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
    search::enqueue(tx, show_id, &format!("thread-{thread_id}")).await?;
    let posts = sqlx::query("SELECT id FROM posts WHERE thread_id = $1 AND position > 1")
        .bind(thread_id)
        .fetch_all(&mut **tx)
        .await?;
    for r in posts {
        let id: i64 = r.try_get(0)?;
        search::enqueue(tx, show_id, &format!("post-{id}")).await?;
    }
    Ok(())
}

/// `reason` Some = remove with that reason, None = restore.
pub async fn set_post_removed(
    tx: &mut Tx,
    post_id: i64,
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE posts SET removed_reason = $1 WHERE id = $2")
        .bind(reason)
        .bind(post_id)
        .execute(&mut **tx)
        .await?;
    enqueue_post_doc(tx, post_id).await?;
    Ok(())
}

pub async fn approve_post(tx: &mut Tx, post_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE posts SET held = 0 WHERE id = $1")
        .bind(post_id)
        .execute(&mut **tx)
        .await?;
    // Approving a thread's first post approves the thread.
    sqlx::query("UPDATE threads SET held = 0 WHERE id = (SELECT thread_id FROM posts WHERE id = $1 AND position = 1)")
        .bind(post_id)
        .execute(&mut **tx)
        .await?;
    enqueue_post_doc(tx, post_id).await?;
    Ok(())
}

pub async fn set_thread_removed(
    tx: &mut Tx,
    thread_id: i64,
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE threads SET removed_reason = $1 WHERE id = $2")
        .bind(reason)
        .bind(thread_id)
        .execute(&mut **tx)
        .await?;
    enqueue_thread_and_posts(tx, thread_id).await
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadFlag {
    Locked,
    Pinned,
}

pub async fn set_thread_flag(
    tx: &mut Tx,
    thread_id: i64,
    flag: ThreadFlag,
    on: bool,
) -> Result<(), sqlx::Error> {
    let sql = match flag {
        ThreadFlag::Locked => "UPDATE threads SET locked = $1 WHERE id = $2",
        ThreadFlag::Pinned => "UPDATE threads SET pinned = $1 WHERE id = $2",
    };
    sqlx::query(sql)
        .bind(on as i64)
        .bind(thread_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn move_thread(tx: &mut Tx, thread_id: i64, board_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE threads SET board_id = $1 WHERE id = $2")
        .bind(board_id)
        .bind(thread_id)
        .execute(&mut **tx)
        .await?;
    enqueue_thread_and_posts(tx, thread_id).await
}

pub async fn edit_thread_meta(
    tx: &mut Tx,
    thread_id: i64,
    title: &str,
    episode_id: Option<i64>,
    spoils_up_to: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE threads SET title = $1, episode_id = $2, spoils_up_to = $3 WHERE id = $4")
        .bind(title)
        .bind(episode_id)
        .bind(spoils_up_to)
        .bind(thread_id)
        .execute(&mut **tx)
        .await?;
    enqueue_thread_and_posts(tx, thread_id).await
}

/// How many posts the user wrote after `since` (unix ms).
pub async fn posts_since(db: &Db, author_id: i64, since: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM posts WHERE author_id = $1 AND created_at > $2")
        .bind(author_id)
        .bind(since)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

#[derive(Debug, Clone)]
pub struct ChatRef {
    pub id: i64,
    /// The room's name as stored (`ep-…` or `party-…`).
    pub room: String,
    pub user_id: i64,
    pub username: String,
    pub body: String,
    pub deleted: bool,
}

pub async fn chat_message(db: &Db, id: i64) -> Result<Option<ChatRef>, sqlx::Error> {
    sqlx::query(
        "SELECT id, room, user_id, username, body, deleted FROM chat_messages WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| {
        Ok(ChatRef {
            id: r.try_get(0)?,
            room: r.try_get(1)?,
            user_id: r.try_get(2)?,
            username: r.try_get(3)?,
            body: r.try_get(4)?,
            deleted: r.try_get::<i64, _>(5)? != 0,
        })
    })
    .transpose()
}

/// Marks the message deleted and queues it to leave the show's search index.
pub async fn delete_chat_message(tx: &mut Tx, id: i64, show_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE chat_messages SET deleted = 1 WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    search::enqueue(tx, show_id, &format!("chat-{id}")).await
}

/// A site ban clears the user's chat, as live chat sites do: every message of theirs is
/// marked deleted and queued to leave search. Returns (room, id), newest first.
pub async fn purge_user_chat(tx: &mut Tx, user_id: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT m.id, m.room, e.show_id FROM chat_messages m {ROOM_EPISODE_JOIN} \
         WHERE m.user_id = $1 AND m.deleted = 0 ORDER BY m.id DESC"
    ))
    .bind(user_id)
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query("UPDATE chat_messages SET deleted = 1 WHERE user_id = $1 AND deleted = 0")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    let mut purged = Vec::with_capacity(rows.len());
    for r in rows {
        let (id, room, show_id): (i64, String, i64) = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
        search::enqueue(tx, show_id, &format!("chat-{id}")).await?;
        purged.push((room, id));
    }
    Ok(purged)
}

/// Recent chat messages in the show's rooms, for the moderator page.
pub async fn recent_chat(
    db: &Db,
    rooms: &[String],
    limit: i64,
) -> Result<Vec<ChatRef>, sqlx::Error> {
    if rooms.is_empty() {
        return Ok(Vec::new());
    }
    let list = rooms
        .iter()
        .map(|r| format!("'{}'", r.replace('\'', "")))
        .collect::<Vec<_>>()
        .join(",");
    let rows = sqlx::query(&format!(
        "SELECT id, room, user_id, username, body FROM chat_messages WHERE deleted = 0 AND room IN ({list}) ORDER BY id DESC LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ChatRef {
                id: r.try_get(0)?,
                room: r.try_get(1)?,
                user_id: r.try_get(2)?,
                username: r.try_get(3)?,
                body: r.try_get(4)?,
                deleted: false,
            })
        })
        .collect()
}

pub async fn room_settings(db: &Db, room: &str) -> Result<(i64, bool), sqlx::Error> {
    let row = sqlx::query("SELECT slow_mode_s, mods_only FROM room_settings WHERE room = $1")
        .bind(room)
        .fetch_optional(&db.pool)
        .await?;
    Ok(match row {
        Some(r) => (r.try_get(0)?, r.try_get::<i64, _>(1)? != 0),
        None => (0, false),
    })
}

pub async fn set_room_settings(
    tx: &mut Tx,
    room: &str,
    slow_mode_s: i64,
    mods_only: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO room_settings (room, slow_mode_s, mods_only) VALUES ($1, $2, $3) \
         ON CONFLICT (room) DO UPDATE SET slow_mode_s = excluded.slow_mode_s, mods_only = excluded.mods_only",
    )
    .bind(room)
    .bind(slow_mode_s)
    .bind(mods_only as i64)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_public_modlog(tx: &mut Tx, show_id: i64, public: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE shows SET public_modlog = $1 WHERE id = $2")
        .bind(public as i64)
        .bind(show_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn public_modlog(db: &Db, show_id: i64) -> Result<bool, sqlx::Error> {
    let v: i64 = sqlx::query("SELECT public_modlog FROM shows WHERE id = $1")
        .bind(show_id)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    Ok(v != 0)
}
