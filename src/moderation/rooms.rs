//! Which show a chat room, and so a chat message, belongs to: the show of its episode,
//! directly or through a watch party.
use crate::db::moderation::ChatRef;
use crate::db::{self, Db};
use crate::domain::RoomId;

/// A chat message with the show whose moderators may act on it.
#[derive(Debug, Clone)]
pub struct ChatMessage {
    pub row: ChatRef,
    /// None when the stored room name does not parse.
    pub room: Option<RoomId>,
    /// 0 when the room's episode or party is gone: then only admins may act on it.
    pub show_id: i64,
}

pub async fn show_of_room(db: &Db, room: RoomId) -> Result<Option<i64>, sqlx::Error> {
    let episode_id = match room {
        RoomId::Episode(e) => e,
        RoomId::Party(p) => match db::chat::party(db, p).await? {
            Some(p) => p.episode_id,
            None => return Ok(None),
        },
    };
    Ok(db::catalog::episode_by_id(db, episode_id)
        .await?
        .map(|e| e.show_id))
}

pub async fn chat_message(db: &Db, id: i64) -> Result<Option<ChatMessage>, sqlx::Error> {
    let Some(row) = db::moderation::chat_message(db, id).await? else {
        return Ok(None);
    };
    let room = RoomId::parse(&row.room);
    let show_id = match room {
        Some(r) => show_of_room(db, r).await?.unwrap_or(0),
        None => 0,
    };
    Ok(Some(ChatMessage { row, room, show_id }))
}
