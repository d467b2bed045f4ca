//! A room's stored messages read outside its task: the newest, for the page that embeds its
//! chat panel, and resume pages (deleted messages, including those of banned users, never
//! leave the database).
use super::protocol::Message;
use crate::db::{self, Db};
use crate::domain::RoomId;

pub async fn latest(db: &Db, room: RoomId, count: usize) -> Result<Vec<Message>, sqlx::Error> {
    db::chat::recent(db, &room.to_string(), count as i64).await
}

/// At most `page` messages after `after` and no newer than `upto`, oldest first.
pub async fn page_after(
    db: &Db,
    room: RoomId,
    after: i64,
    upto: i64,
    page: usize,
) -> Result<Vec<Message>, sqlx::Error> {
    let limit = i64::try_from(page).unwrap_or(i64::MAX);
    let mut v = db::chat::after(db, &room.to_string(), after, limit).await?;
    v.retain(|m| m.id <= upto);
    Ok(v)
}
