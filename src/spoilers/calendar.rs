//! Air dates as pages print them: each episode's date in the viewer's region and whether it
//! has aired there yet, by the same rule the shield unlocks anonymous viewers with.
use std::collections::HashMap;

use super::region;
use super::shield::{regional_date, regional_dates, Regional};
use crate::db::episodes::Episode;
use crate::db::Db;

#[derive(Debug, Clone, Default)]
pub struct AirMark {
    /// YYYY-MM-DD in the region; None when no date is known there.
    pub date: Option<String>,
    /// The region has no date of its own: the earliest date plus the show's delay.
    pub estimated: bool,
    pub aired: bool,
    /// The instant, when a time of day is known (pages print it in the viewer's zone).
    pub at: Option<i64>,
}

/// The marks in `region` of episodes read with their air data (no query).
pub fn marks_of(episodes: &[&Episode], region: &str) -> HashMap<i64, AirMark> {
    let now = crate::time_util::now_ms();
    episodes
        .iter()
        .map(|e| (e.id, mark(regional_date(&e.air, region), now)))
        .collect()
}

fn mark(regional: Option<Regional>, now: i64) -> AirMark {
    match regional {
        Some(r) => AirMark {
            aired: r.aired(now),
            at: r.timed.then_some(r.at),
            date: Some(r.date),
            estimated: r.estimated,
        },
        None => AirMark::default(),
    }
}

/// The episodes' marks in `region` (one batched, cached read), and the region's name.
pub async fn marks(
    db: &Db,
    episodes: &[i64],
    region: &str,
) -> Result<(HashMap<i64, AirMark>, String), sqlx::Error> {
    let now = crate::time_util::now_ms();
    let mut dates = regional_dates(db, episodes, region).await?;
    let marks = episodes
        .iter()
        .map(|id| (*id, mark(dates.remove(id), now)))
        .collect();
    Ok((marks, region::name(region)))
}
