//! The premiere relay's reads: an episode room's messages from its first airing, in send
//! time order, by senders of the regions that aired first (deleted ones never leave).
use super::chat::{message_from, MSG_COLS};
use super::pool::Db;
use crate::domain::ChatMessage;

/// Which messages a relay reads: the room, the first air instant and its regions.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub room: &'a str,
    pub first: i64,
    pub regions: &'a [String],
}

/// The last relayed message's send time and id: the next read starts after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub at: i64,
    pub id: i64,
}

/// Messages after `after` sent no later than `upto`, at most `limit`, read oldest or newest
/// first. Parameters: room, first, the cursor, limit, upto, then the origin regions.
async fn read(
    db: &Db,
    o: Origin<'_>,
    after: Cursor,
    upto: i64,
    limit: i64,
    newest_first: bool,
) -> Result<Vec<ChatMessage>, sqlx::Error> {
    if o.regions.is_empty() {
        return Ok(Vec::new());
    }
    let regions: Vec<String> = (0..o.regions.len())
        .map(|i| format!("${}", i + 7))
        .collect();
    let order = if newest_first {
        "created_at DESC, id DESC"
    } else {
        "created_at, id"
    };
    let sql = format!(
        "SELECT {MSG_COLS} FROM chat_messages \
         WHERE room = $1 AND deleted = 0 AND created_at >= $2 \
         AND (created_at > $3 OR (created_at = $3 AND id > $4)) AND created_at <= $6 \
         AND sender_region IN ({}) ORDER BY {order} LIMIT $5",
        regions.join(", ")
    );
    let mut q = sqlx::query(&sql)
        .bind(o.room)
        .bind(o.first)
        .bind(after.at)
        .bind(after.id)
        .bind(limit)
        .bind(upto);
    for r in o.regions {
        q = q.bind(r.as_str());
    }
    q.fetch_all(&db.pool)
        .await?
        .iter()
        .map(message_from)
        .collect()
}

/// The next `limit` messages after `after`, oldest first.
pub async fn next(
    db: &Db,
    o: Origin<'_>,
    after: Cursor,
    limit: i64,
) -> Result<Vec<ChatMessage>, sqlx::Error> {
    read(db, o, after, i64::MAX, limit, false).await
}

/// The newest `limit` messages after `after` sent no later than `upto`, oldest first.
pub async fn latest(
    db: &Db,
    o: Origin<'_>,
    after: Cursor,
    upto: i64,
    limit: i64,
) -> Result<Vec<ChatMessage>, sqlx::Error> {
    let mut v = read(db, o, after, upto, limit, true).await?;
    v.reverse();
    Ok(v)
}
