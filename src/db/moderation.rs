//! Moderator changes to content. Each one queues the affected search documents in the same
//! transaction, so removed content leaves search and restored content returns.
use sqlx::Row;

use super::pool::{Db, Tx};
use super::posts::{commit_post_change, enqueue_post_doc};
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
    db: &Db,
    post_id: i64,
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE posts SET removed_reason = $1 WHERE id = $2")
        .bind(reason)
        .bind(post_id)
        .execute(&mut *tx)
        .await?;
    let thread = enqueue_post_doc(&mut tx, post_id).await?;
    commit_post_change(db, tx, thread).await
}

pub async fn approve_post(db: &Db, post_id: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE posts SET held = 0 WHERE id = $1")
        .bind(post_id)
        .execute(&mut *tx)
        .await?;
    // Approving a thread's first post approves the thread.
    sqlx::query("UPDATE threads SET held = 0 WHERE id = (SELECT thread_id FROM posts WHERE id = $1 AND position = 1)")
        .bind(post_id)
        .execute(&mut *tx)
        .await?;
    let thread = enqueue_post_doc(&mut tx, post_id).await?;
    commit_post_change(db, tx, thread).await
}

pub async fn set_thread_removed(
    db: &Db,
    thread_id: i64,
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE threads SET removed_reason = $1 WHERE id = $2")
        .bind(reason)
        .bind(thread_id)
        .execute(&mut *tx)
        .await?;
    enqueue_thread_and_posts(&mut tx, thread_id).await?;
    commit_post_change(db, tx, Some(thread_id)).await
}

/// Sets `locked` or `pinned`.
pub async fn set_thread_flag(
    db: &Db,
    thread_id: i64,
    flag: &str,
    on: bool,
) -> Result<(), sqlx::Error> {
    let column = match flag {
        "locked" => "locked",
        _ => "pinned",
    };
    sqlx::query(&format!("UPDATE threads SET {column} = $1 WHERE id = $2"))
        .bind(on as i64)
        .bind(thread_id)
        .execute(&db.pool)
        .await?;
    db.cache.thread_changed(thread_id);
    Ok(())
}

pub async fn move_thread(db: &Db, thread_id: i64, board_id: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE threads SET board_id = $1 WHERE id = $2")
        .bind(board_id)
        .bind(thread_id)
        .execute(&mut *tx)
        .await?;
    enqueue_thread_and_posts(&mut tx, thread_id).await?;
    commit_post_change(db, tx, Some(thread_id)).await
}

pub async fn edit_thread_meta(
    db: &Db,
    thread_id: i64,
    title: &str,
    episode_id: Option<i64>,
    spoils_up_to: Option<i64>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE threads SET title = $1, episode_id = $2, spoils_up_to = $3 WHERE id = $4")
        .bind(title)
        .bind(episode_id)
        .bind(spoils_up_to)
        .bind(thread_id)
        .execute(&mut *tx)
        .await?;
    enqueue_thread_and_posts(&mut tx, thread_id).await?;
    commit_post_change(db, tx, Some(thread_id)).await
}

#[derive(Debug, Clone)]
pub struct ChatRef {
    pub id: i64,
    pub room: String,
    pub user_id: i64,
    pub username: String,
    pub body: String,
    pub show_id: i64,
    pub deleted: bool,
}

/// A chat message with its show (through its episode or party).
pub async fn chat_message(db: &Db, id: i64) -> Result<Option<ChatRef>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, room, user_id, username, body, deleted FROM chat_messages WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let room: String = r.try_get(1)?;
    let episode_id = match crate::chat::RoomId::parse(&room) {
        Some(crate::chat::RoomId::Episode(e)) => Some(e),
        Some(crate::chat::RoomId::Party(p)) => {
            super::chat::party(db, p).await?.map(|p| p.episode_id)
        }
        None => None,
    };
    let show_id = match episode_id {
        Some(e) => super::catalog::episode_by_id(db, e)
            .await?
            .map(|e| e.show_id)
            .unwrap_or(0),
        None => 0,
    };
    Ok(Some(ChatRef {
        id: r.try_get(0)?,
        room,
        user_id: r.try_get(2)?,
        username: r.try_get(3)?,
        body: r.try_get(4)?,
        show_id,
        deleted: r.try_get::<i64, _>(5)? != 0,
    }))
}

pub async fn delete_chat_message(db: &Db, m: &ChatRef) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE chat_messages SET deleted = 1 WHERE id = $1")
        .bind(m.id)
        .execute(&mut *tx)
        .await?;
    search::enqueue(&mut tx, m.show_id, &format!("chat-{}", m.id)).await?;
    tx.commit().await
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
                show_id: 0,
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
    db: &Db,
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
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn set_public_modlog(db: &Db, show_id: i64, public: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE shows SET public_modlog = $1 WHERE id = $2")
        .bind(public as i64)
        .bind(show_id)
        .execute(&db.pool)
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
