//! A room's newest messages, for the page that embeds its chat panel (deleted messages,
//! including those of banned users, never leave the database).
use super::protocol::Message;
use crate::db::{self, Db};
use crate::domain::RoomId;

pub async fn latest(db: &Db, room: RoomId, count: usize) -> Result<Vec<Message>, sqlx::Error> {
    db::chat::recent(db, &room.to_string(), count as i64).await
}
