//! What airs today where the viewer lives: those episodes' rooms are live.
use super::region;
use super::shield::today;
use crate::db::airing::{airing_on, AiringRow};
use crate::db::{self, Db};

pub type Airing = AiringRow;

/// Episodes whose air date in `region` is today.
pub async fn airing_today(db: &Db, region: &str) -> Result<Vec<Airing>, sqlx::Error> {
    airing_on(db, region, &today()).await
}

/// "airing now in {country}" when the episode airs today in the viewer's region.
pub async fn airing_in(
    db: &Db,
    episode_id: i64,
    region: &str,
) -> Result<Option<String>, sqlx::Error> {
    let today = today();
    let airs = db::catalog::air_dates(db, episode_id)
        .await?
        .into_iter()
        .any(|d| d.region == region && d.date == today);
    Ok(airs.then(|| region::name(region)))
}
