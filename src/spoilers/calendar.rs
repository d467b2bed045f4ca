//! Air dates as pages print them: each episode's date in the viewer's region and whether it
//! has aired there yet, by the same rule the shield unlocks anonymous viewers with.
use std::collections::HashMap;

use super::region;
use super::shield::{regional_dates, today};
use crate::db::Db;

#[derive(Debug, Clone, Default)]
pub struct AirMark {
    /// YYYY-MM-DD in the region; None when no date is known there.
    pub date: Option<String>,
    /// The region has no date of its own: the earliest date plus the show's delay.
    pub estimated: bool,
    pub aired: bool,
}

/// The episodes' marks in `region` (one batched, cached read), and the region's name.
pub async fn marks(
    db: &Db,
    episodes: &[i64],
    region: &str,
) -> Result<(HashMap<i64, AirMark>, String), sqlx::Error> {
    let today = today();
    let mut dates = regional_dates(db, episodes, region).await?;
    let marks = episodes
        .iter()
        .map(|id| {
            let mark = match dates.remove(id) {
                Some((date, estimated)) => AirMark {
                    aired: date <= today,
                    date: Some(date),
                    estimated,
                },
                None => AirMark::default(),
            };
            (*id, mark)
        })
        .collect();
    Ok((marks, region::name(region)))
}
