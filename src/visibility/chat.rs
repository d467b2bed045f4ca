//! Chat rooms as a viewer may see them. Deleted messages (moderator deletions, and the
//! messages of a user when they are banned) never leave the database; what the gate decides
//! is whether this viewer may read a room's history at all, since an episode's room and its
//! parties discuss the episode.
use super::gate::Gate;
use crate::db::Db;

pub enum RoomAccess {
    Open,
    /// The viewer has not seen the episode: only a label, until they choose "show anyway".
    Shielded {
        label: String,
    },
}

impl Gate {
    /// `reveal` is the viewer's "show anyway" for this room.
    pub async fn room(
        &self,
        db: &Db,
        episode_id: i64,
        what: &str,
        reveal: bool,
    ) -> Result<RoomAccess, sqlx::Error> {
        if reveal {
            return Ok(RoomAccess::Open);
        }
        Ok(match self.episode_label(db, episode_id, what).await? {
            Some(label) => RoomAccess::Shielded { label },
            None => RoomAccess::Open,
        })
    }
}
