//! Episodes behind the spoiler shield: their discussion, live room, parties and replay.
use super::gate::Gate;
use crate::db::Db;
use crate::spoilers::shield::Hidden;

impl Gate {
    /// The neutral label to show instead of `what` ("discussion", "live chat" …) of an
    /// episode this viewer must not see yet; None when they may see it.
    pub async fn episode_label(
        &self,
        db: &Db,
        episode_id: i64,
        what: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        let hidden = self.shield.hidden(db, &[episode_id]).await?;
        Ok(hidden
            .get(&episode_id)
            .map(|code| self.shield_label(code, what)))
    }

    /// Which of `episodes` this viewer must not see yet (with their codes).
    pub async fn hidden_episodes(&self, db: &Db, episodes: &[i64]) -> Result<Hidden, sqlx::Error> {
        self.shield.hidden(db, episodes).await
    }
}
