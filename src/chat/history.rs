//! A room's stored messages read outside its task: the newest, for the page that embeds its
//! chat panel, and resume pages (deleted messages, including those of banned users, never
//! leave the database).
use super::protocol::Message;
use super::relay::Airings;
use crate::db::{self, Db};
use crate::domain::RoomId;

/// What a room's page shows before its socket connects.
pub struct Latest {
    pub messages: Vec<Message>,
    /// The room has a premiere relay (an episode room with air dates, or a party that
    /// includes it).
    pub relay: bool,
}

/// The newest `count` messages a viewer of `region` may see: in an episode's room, none from
/// senders whose airing is ahead of theirs (`relay::Airings::live_to`).
pub async fn latest(
    db: &Db,
    room: RoomId,
    region: &str,
    count: usize,
) -> Result<Latest, sqlx::Error> {
    let mut messages = db::chat::recent(db, &room.to_string(), count as i64).await?;
    let relay = match room {
        RoomId::Episode(episode) => {
            match Airings::of(&db::catalog::air_dates(db, episode).await?) {
                Some(a) => {
                    let viewer = a.later_airing(region);
                    messages.retain(|m| a.live_to(viewer, m.region.as_deref()));
                    true
                }
                None => false,
            }
        }
        // A party's members watch on its clock together: no one there is ahead.
        RoomId::Party(id) => match db::chat::party(db, id).await? {
            Some(p) if p.relay => !db::catalog::air_dates(db, p.episode_id).await?.is_empty(),
            _ => false,
        },
    };
    Ok(Latest { messages, relay })
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
