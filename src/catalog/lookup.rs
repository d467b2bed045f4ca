//! Reading the catalogue for pages. Shows, seasons, boards and air dates are public and
//! carry no rule, so most of these are the queries themselves; a page reaches them here
//! rather than in `db`, like every other read.
use crate::db::catalog::{self as q, Episode, Show};
use crate::db::Db;
use crate::domain::EpisodeCode;

pub use crate::db::catalog::{
    air_dates, board_by_slug, boards, list_shows, seasons, show_with_boards,
};

pub async fn show(db: &Db, slug: &str) -> Result<Option<Show>, sqlx::Error> {
    q::show_by_slug(db, slug).await
}

/// An episode of the show by its code as typed (`s01e05`, `S1E5` …); None when the code
/// does not parse or the show has no such episode.
pub async fn episode(db: &Db, show: &Show, code: &str) -> Result<Option<Episode>, sqlx::Error> {
    match EpisodeCode::try_from(code) {
        Ok(code) => q::episode_by_code(db, show.id, &code.to_string()).await,
        Err(_) => Ok(None),
    }
}

/// A show by its slug and its episode by the code as typed, in one query: None when there
/// is no such show; the episode None when the code does not parse or names none of its.
pub async fn show_episode(
    db: &Db,
    slug: &str,
    code: &str,
) -> Result<Option<(Show, Option<Episode>)>, sqlx::Error> {
    // A code that does not parse matches no episode, but the show is still told apart.
    let code = EpisodeCode::try_from(code).map_or(String::new(), |c| c.to_string());
    q::show_episode(db, slug, &code).await
}

/// Every episode of the show, in order (for pickers).
pub async fn episodes(db: &Db, show_id: i64) -> Result<Vec<Episode>, sqlx::Error> {
    Ok(q::seasons(db, show_id)
        .await?
        .into_iter()
        .flat_map(|s| s.episodes)
        .collect())
}
