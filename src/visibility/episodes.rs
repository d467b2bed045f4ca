//! Episodes behind the spoiler shield: their discussion, live room, parties and replay.
use super::gate::Gate;
use crate::db::cache::EpisodeAir;
use crate::db::episodes::Episode;
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

    /// `episode_label` of an episode read with its air data: no query.
    pub fn label_of(&self, episode: &Episode, what: &str) -> Option<String> {
        self.hidden_of([episode])
            .get(&episode.id)
            .map(|code| self.shield_label(code, what))
    }

    /// `hidden_episodes` of episodes read with their air data: no query.
    pub fn hidden_of<'a>(&self, episodes: impl IntoIterator<Item = &'a Episode>) -> Hidden {
        self.hidden_airs(episodes.into_iter().map(|e| (e.id, &*e.air)))
    }

    /// Which of these episodes (id, air data read with some row) this viewer must not see
    /// yet: no query.
    pub fn hidden_airs<'a>(&self, airs: impl IntoIterator<Item = (i64, &'a EpisodeAir)>) -> Hidden {
        self.shield.hidden_among(airs)
    }
}
