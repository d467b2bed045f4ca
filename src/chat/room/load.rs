//! Room state read from the database: the backlog, the party clock, and the moderation
//! state (moderators, sanctions, room settings, word filters) that a `Reload` refreshes.
use super::{Room, BACKLOG_KEEP};
use crate::chat::relay::Airings;
use crate::db;
use crate::domain::RoomId;

impl Room {
    pub(super) async fn load(&mut self) -> Result<(), sqlx::Error> {
        // The head first: a message stored between the two reads is then in `recent`, and
        // one deleted at the top of the room does not look like a gap to the next message.
        let head = db::chat_store::room_head(&self.db, &self.name).await?;
        let recent = db::chat::recent(&self.db, &self.name, BACKLOG_KEEP as i64).await?;
        self.last_id = recent.last().map(|m| m.id).unwrap_or(0).max(head);
        self.complete = recent.len() < BACKLOG_KEEP;
        self.backlog = recent.into();
        self.slow_mode_s = db::chat::slow_mode(&self.db, &self.name).await?;
        self.load_party().await?;
        let episode_id = match (self.id, &self.party) {
            (RoomId::Episode(id), _) => Some(id),
            (RoomId::Party(_), Some(p)) => Some(p.episode_id),
            (RoomId::Party(_), None) => None,
        };
        if let Some(eid) = episode_id {
            self.show_id = db::catalog::episode_by_id(&self.db, eid)
                .await?
                .map(|e| e.show_id)
                .unwrap_or(0);
        }
        // Only an episode's own room keeps later regions from those ahead: a party's
        // members all watch on the party's clock.
        if let RoomId::Episode(eid) = self.id {
            self.airings = Airings::of(&db::catalog::air_dates(&self.db, eid).await?);
        }
        self.load_moderation().await
    }

    pub(super) async fn load_moderation(&mut self) -> Result<(), sqlx::Error> {
        self.mods = crate::moderation::roles::moderator_ids(&self.db, self.show_id)
            .await?
            .into_iter()
            .collect();
        self.blocks = crate::moderation::sanctions::chat_blocks(&self.db, self.show_id)
            .await?
            .into_iter()
            .map(|(user, kind, until)| (user, (kind, until)))
            .collect();
        let (slow, mods_only) = db::moderation::room_settings(&self.db, &self.name).await?;
        self.slow_mode_s = slow;
        self.mods_only = mods_only;
        self.filters = crate::moderation::filters::list(&self.db, self.show_id).await?;
        Ok(())
    }

    pub(super) async fn load_party(&mut self) -> Result<(), sqlx::Error> {
        if let RoomId::Party(pid) = self.id {
            self.party = db::chat::party(&self.db, pid).await?;
        }
        Ok(())
    }
}
