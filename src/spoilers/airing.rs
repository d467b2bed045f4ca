//! What airs now where the viewer lives: those episodes' rooms are live. An episode with an
//! air time is airing for the day from that instant; a bare date for its UTC day
//! (`air::airing`).
use super::air::{self, DAY_MS};
use super::region;
use super::shield::today;
use crate::db::airing::{airing_on, AiringRow};
use crate::db::catalog::AirDate;
use crate::db::{self, Db};
use crate::time_util::now_ms;

pub type Airing = AiringRow;

/// Episodes airing now in `region`.
pub async fn airing_today(db: &Db, region: &str) -> Result<Vec<Airing>, sqlx::Error> {
    let now = now_ms();
    airing_on(db, region, &today(), now - DAY_MS, now).await
}

/// "airing now in {country}" when the episode is airing in the viewer's region.
pub async fn airing_in(
    db: &Db,
    episode_id: i64,
    region: &str,
) -> Result<Option<String>, sqlx::Error> {
    let dates = db::catalog::air_dates(db, episode_id).await?;
    Ok(airing_in_of(&dates, region))
}

/// `airing_in` from dates the caller read already.
pub fn airing_in_of(dates: &[AirDate], region: &str) -> Option<String> {
    let now = now_ms();
    dates
        .iter()
        .any(|d| d.region == region && air::airing(d, now))
        .then(|| region::name(region))
}
