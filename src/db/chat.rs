//! Chat messages, watch parties and room settings.
use sqlx::any::AnyRow;
use sqlx::Row;

use super::pool::{Db, Tx};
use crate::domain::ChatMessage;
use crate::time_util::now_ms;

/// A message waiting to be stored.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub room: String,
    /// The room's show (for the search outbox; not a column).
    pub show_id: i64,
    pub user_id: i64,
    pub username: String,
    pub text: String,
    pub nonce: String,
    pub created_at: i64,
    pub offset_ms: Option<i64>,
    pub is_mod: bool,
    /// The sender's region at send time.
    pub region: Option<String>,
}

pub(super) fn message_from(r: &AnyRow) -> Result<ChatMessage, sqlx::Error> {
    Ok(ChatMessage {
        id: r.try_get(0)?,
        user: r.try_get(1)?,
        text: r.try_get(2)?,
        at: r.try_get(3)?,
        offset_ms: r.try_get(4)?,
        is_mod: r.try_get::<i64, _>(5)? != 0,
        region: r.try_get(6)?,
    })
}

pub(super) const MSG_COLS: &str =
    "id, username, body, created_at, offset_ms, is_mod, sender_region";

/// The newest `limit` messages of a room, oldest first.
pub async fn recent(db: &Db, room: &str, limit: i64) -> Result<Vec<ChatMessage>, sqlx::Error> {
    let mut v = sqlx::query(&format!(
        "SELECT {MSG_COLS} FROM chat_messages WHERE room = $1 AND deleted = 0 ORDER BY id DESC LIMIT $2"
    ))
    .bind(room)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(message_from)
    .collect::<Result<Vec<_>, _>>()?;
    v.reverse();
    Ok(v)
}

/// Messages after `after_id`, oldest first, at most `limit`.
pub async fn after(
    db: &Db,
    room: &str,
    after_id: i64,
    limit: i64,
) -> Result<Vec<ChatMessage>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {MSG_COLS} FROM chat_messages WHERE room = $1 AND id > $2 AND deleted = 0 ORDER BY id LIMIT $3"
    ))
    .bind(room)
    .bind(after_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(message_from)
    .collect()
}

/// Replay: messages with an episode offset ≥ `from_ms`, ordered by offset.
pub async fn replay(
    db: &Db,
    room: &str,
    from_ms: i64,
    limit: i64,
) -> Result<Vec<ChatMessage>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {MSG_COLS} FROM chat_messages WHERE room = $1 AND deleted = 0 AND offset_ms IS NOT NULL \
         AND offset_ms >= $2 ORDER BY offset_ms, id LIMIT $3"
    ))
    .bind(room)
    .bind(from_ms)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(message_from)
    .collect()
}

/// Replay of an episode room: offsets measured from `air_ms` (the regional air time).
pub async fn replay_from_air(
    db: &Db,
    room: &str,
    air_ms: i64,
    from_ms: i64,
    limit: i64,
) -> Result<Vec<ChatMessage>, sqlx::Error> {
    sqlx::query(
        "SELECT id, username, body, created_at, created_at - $2, is_mod, sender_region FROM chat_messages WHERE room = $1 AND deleted = 0 \
         AND created_at - $2 >= $3 ORDER BY id LIMIT $4",
    )
    .bind(room)
    .bind(air_ms)
    .bind(from_ms)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(message_from)
    .collect()
}

pub async fn slow_mode(db: &Db, room: &str) -> Result<i64, sqlx::Error> {
    Ok(
        sqlx::query("SELECT slow_mode_s FROM room_settings WHERE room = $1")
            .bind(room)
            .fetch_optional(&db.pool)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?
            .unwrap_or(0),
    )
}

#[derive(Debug, Clone)]
pub struct Party {
    pub id: i64,
    pub episode_id: i64,
    pub host_id: i64,
    pub host: String,
    pub title: String,
    pub starts_at: i64,
    pub paused_at: Option<i64>,
    pub paused_total_ms: i64,
    /// The party's room includes the premiere relay, on the party's clock.
    pub relay: bool,
}

impl Party {
    /// Position in the episode at `now` (None before the start).
    pub fn offset_at(&self, now: i64) -> Option<i64> {
        let paused_now = self.paused_at.map(|p| now - p).unwrap_or(0);
        let off = now - self.starts_at - self.paused_total_ms - paused_now;
        (now >= self.starts_at).then_some(off.max(0))
    }
}

const PARTY_COLS: &str = "p.id, p.episode_id, p.host_id, u.username, p.title, p.starts_at, p.paused_at, p.paused_total_ms, p.relay";

fn party_from(r: &AnyRow) -> Result<Party, sqlx::Error> {
    Ok(Party {
        id: r.try_get(0)?,
        episode_id: r.try_get(1)?,
        host_id: r.try_get(2)?,
        host: r.try_get(3)?,
        title: r.try_get(4)?,
        starts_at: r.try_get(5)?,
        paused_at: r.try_get(6)?,
        paused_total_ms: r.try_get(7)?,
        relay: r.try_get::<i64, _>(8)? != 0,
    })
}

pub async fn create_party(
    tx: &mut Tx,
    episode_id: i64,
    host_id: i64,
    title: &str,
    starts_at: i64,
    relay: bool,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO parties (episode_id, host_id, title, starts_at, created_at, relay) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(episode_id)
    .bind(host_id)
    .bind(title)
    .bind(starts_at)
    .bind(now_ms())
    .bind(relay as i64)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

pub async fn party(db: &Db, id: i64) -> Result<Option<Party>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {PARTY_COLS} FROM parties p JOIN users u ON u.id = p.host_id WHERE p.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .as_ref()
    .map(party_from)
    .transpose()
}

pub async fn parties_for_episode(db: &Db, episode_id: i64) -> Result<Vec<Party>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {PARTY_COLS} FROM parties p JOIN users u ON u.id = p.host_id WHERE p.episode_id = $1 ORDER BY p.starts_at DESC LIMIT 50"
    ))
    .bind(episode_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(party_from)
    .collect()
}

/// Pauses (`pause = true`) or resumes the party clock; no-op if already in that state.
pub async fn set_party_paused(db: &Db, id: i64, pause: bool) -> Result<(), sqlx::Error> {
    let now = now_ms();
    let sql = if pause {
        "UPDATE parties SET paused_at = $2 WHERE id = $1 AND paused_at IS NULL"
    } else {
        "UPDATE parties SET paused_total_ms = paused_total_ms + ($2 - paused_at), paused_at = NULL \
         WHERE id = $1 AND paused_at IS NOT NULL"
    };
    sqlx::query(sql)
        .bind(id)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Party;

    #[test]
    fn party_offset_accounts_for_pauses() {
        let mut p = Party {
            id: 1,
            episode_id: 1,
            host_id: 1,
            host: "h".into(),
            title: "t".into(),
            starts_at: 10_000,
            paused_at: None,
            paused_total_ms: 0,
            relay: false,
        };
        assert_eq!(p.offset_at(9_000), None);
        assert_eq!(p.offset_at(15_000), Some(5_000));
        p.paused_total_ms = 2_000;
        assert_eq!(p.offset_at(15_000), Some(3_000));
        p.paused_at = Some(14_000);
        assert_eq!(
            p.offset_at(15_000),
            Some(2_000),
            "clock stands still while paused"
        );
    }
}
