//! Watch progress: what a signed-in viewer has marked watched, which lifts the shield.
use crate::db::catalog::Episode;
use crate::db::{self, Db};

/// What the "watched" form asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Watched,
    Unwatched,
    /// This episode and every earlier one of the show.
    UpTo,
}

impl Mark {
    pub fn parse(s: &str) -> Option<Mark> {
        match s {
            "watch" => Some(Mark::Watched),
            "unwatch" => Some(Mark::Unwatched),
            "up_to" => Some(Mark::UpTo),
            _ => None,
        }
    }
}

pub async fn mark(db: &Db, user_id: i64, episode: &Episode, how: Mark) -> Result<(), sqlx::Error> {
    match how {
        Mark::Watched => db::watched::mark(db, user_id, &[episode.id]).await,
        Mark::Unwatched => db::watched::unmark(db, user_id, episode.id).await,
        Mark::UpTo => {
            let ids: Vec<i64> = db::catalog::seasons(db, episode.show_id)
                .await?
                .into_iter()
                .flat_map(|s| s.episodes)
                .filter(|e| (e.season, e.number) <= (episode.season, episode.number))
                .map(|e| e.id)
                .collect();
            db::watched::mark(db, user_id, &ids).await
        }
    }
}
