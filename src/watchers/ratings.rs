//! Rating an episode 1-10 after watching it, and the averages watchers see: the episode's,
//! and one per region (the rater's region when they rated).
use std::collections::HashMap;

use crate::auth::SessionUser;
use crate::db::ratings::{self, Tally};
use crate::db::Db;
use crate::domain::Score;
use crate::i18n::Msg;
use crate::time_util::now_ms;
use crate::visibility::Gate;

#[derive(Debug, thiserror::Error)]
pub enum RatingError {
    /// Only a viewer who marked the episode watched may rate it.
    #[error("{0}")]
    NotWatched(Msg),
    #[error("{0}")]
    Invalid(Msg),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<RatingError> for crate::error::AppError {
    fn from(e: RatingError) -> Self {
        use crate::error::AppError;
        match e {
            RatingError::NotWatched(m) => AppError::Forbidden(m),
            RatingError::Invalid(m) => AppError::Unprocessable(m),
            RatingError::Db(e) => e.into(),
        }
    }
}

/// Stores the user's score for the episode (a new one replaces the old), with their region.
pub async fn rate(
    db: &Db,
    gate: &Gate,
    user: &SessionUser,
    episode_id: i64,
    code: &str,
    raw_score: &str,
) -> Result<(), RatingError> {
    if !gate.has_watched(episode_id) {
        return Err(RatingError::NotWatched(
            Msg::new("err-rating-not-watched").arg("code", code.to_uppercase()),
        ));
    }
    let score = Score::try_from(raw_score).map_err(|e| RatingError::Invalid(e.0))?;
    ratings::rate(
        db,
        episode_id,
        user.id,
        score.get(),
        gate.region(),
        now_ms(),
    )
    .await?;
    Ok(())
}

/// An average as pages print it: one decimal, rounded half up, and how many ratings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Average {
    pub value: String,
    pub count: i64,
}

impl Average {
    fn of(t: Tally) -> Option<Average> {
        if t.count <= 0 {
            return None;
        }
        // In tenths, in integers: a float would round 8.25 down.
        let tenths = (t.sum * 20 + t.count) / (2 * t.count);
        Some(Average {
            value: format!("{}.{}", tenths / 10, tenths % 10),
            count: t.count,
        })
    }
}

pub struct RegionAverage {
    pub region: String,
    /// The region's name in English, as the air-date tables show it.
    pub name: String,
    pub average: Average,
}

/// The ratings of one episode for a viewer who watched it.
pub struct RatingPanel {
    pub average: Option<Average>,
    pub regions: Vec<RegionAverage>,
    /// The viewer's own score, to preselect in the form.
    pub mine: Option<i64>,
}

impl RatingPanel {
    /// `n` is the viewer's own score (the form preselects it).
    pub fn is_mine(&self, n: &i64) -> bool {
        self.mine == Some(*n)
    }
}

/// What the episode page shows of its ratings to this viewer.
pub enum RatingView {
    /// An anonymous viewer: nothing at all.
    Nothing,
    /// Signed in, not watched: a neutral line, no numbers, no form.
    AfterWatching,
    Open(RatingPanel),
}

pub async fn panel(db: &Db, gate: &Gate, episode_id: i64) -> Result<RatingView, sqlx::Error> {
    let Some(user_id) = gate.user_id() else {
        return Ok(RatingView::Nothing);
    };
    if !gate.has_watched(episode_id) {
        return Ok(RatingView::AfterWatching);
    }
    let by_region = ratings::by_region(db, episode_id).await?;
    let total = by_region.iter().fold(Tally::default(), |a, (_, t)| Tally {
        count: a.count + t.count,
        sum: a.sum + t.sum,
    });
    let regions = by_region
        .into_iter()
        .filter_map(|(region, t)| {
            Some(RegionAverage {
                name: crate::spoilers::region::name(&region),
                average: Average::of(t)?,
                region,
            })
        })
        .collect();
    Ok(RatingView::Open(RatingPanel {
        average: Average::of(total),
        regions,
        mine: ratings::mine(db, episode_id, user_id).await?,
    }))
}

/// The averages of those of `episodes` this viewer watched (the show page's list).
pub async fn averages(
    db: &Db,
    gate: &Gate,
    episodes: &[i64],
) -> Result<HashMap<i64, Average>, sqlx::Error> {
    let watched: Vec<i64> = episodes
        .iter()
        .copied()
        .filter(|id| gate.has_watched(*id))
        .collect();
    Ok(ratings::by_episode(db, &watched)
        .await?
        .into_iter()
        .filter_map(|(id, t)| Some((id, Average::of(t)?)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn avg(count: i64, sum: i64) -> Option<String> {
        Average::of(Tally { count, sum }).map(|a| a.value)
    }

    #[test]
    fn one_decimal_rounded_half_up() {
        assert_eq!(avg(3, 25).as_deref(), Some("8.3"));
        assert_eq!(avg(4, 33).as_deref(), Some("8.3"));
        assert_eq!(avg(1, 10).as_deref(), Some("10.0"));
        assert_eq!(avg(3, 20).as_deref(), Some("6.7"));
        assert_eq!(avg(0, 0), None);
    }
}
