//! Replay: a room's messages on the episode's clock, for those who watch later. Both the
//! pages and `replay.json` ask the visibility gate first: an episode's rooms discuss it.
use super::protocol::Message;
use crate::db::catalog::Episode;
use crate::db::chat::Party;
use crate::db::{self, Db};
use crate::domain::RoomId;
use crate::spoilers::region::air_instant;
use crate::visibility::chat::RoomAccess;
use crate::visibility::Gate;

/// The most messages one replay request returns.
pub const REPLAY_PAGE: i64 = 500;

/// Which slice of the replay to read: messages at offset ≥ `from` ms, at most `limit`.
#[derive(Debug, Clone, Copy)]
pub struct Slice {
    pub from: i64,
    pub limit: i64,
}

impl Slice {
    pub fn new(from: Option<i64>, limit: Option<i64>) -> Slice {
        Slice {
            from: from.unwrap_or(0).max(0),
            limit: limit.unwrap_or(REPLAY_PAGE).clamp(1, REPLAY_PAGE),
        }
    }
}

pub enum Replay {
    Messages(Vec<Message>),
    /// The viewer has not seen the episode and did not ask to see past the shield.
    Shielded {
        label: String,
    },
}

/// A party's messages, offsets counted from its start.
pub async fn party(
    db: &Db,
    gate: &Gate,
    party: &Party,
    slice: Slice,
    reveal: bool,
) -> Result<Replay, sqlx::Error> {
    let what = "watch party replay";
    if let RoomAccess::Shielded { label } = gate.room(db, party.episode_id, what, reveal).await? {
        return Ok(Replay::Shielded { label });
    }
    let room = RoomId::Party(party.id).to_string();
    Ok(Replay::Messages(
        db::chat::replay(db, &room, slice.from, slice.limit).await?,
    ))
}

/// An episode room's messages, offsets counted from the episode's air time in `region` (or
/// its first air date). None when the episode has no air date to count from.
pub async fn episode(
    db: &Db,
    gate: &Gate,
    episode: &Episode,
    region: Option<&str>,
    slice: Slice,
    reveal: bool,
) -> Result<Option<(String, Replay)>, sqlx::Error> {
    let dates = db::catalog::air_dates(db, episode.id).await?;
    let Some((region, air)) = air_instant(&dates, region) else {
        return Ok(None);
    };
    let what = "live chat replay";
    if let RoomAccess::Shielded { label } = gate.room(db, episode.id, what, reveal).await? {
        return Ok(Some((region, Replay::Shielded { label })));
    }
    let room = RoomId::Episode(episode.id).to_string();
    let messages = db::chat::replay_from_air(db, &room, air, slice.from, slice.limit).await?;
    Ok(Some((region, Replay::Messages(messages))))
}
