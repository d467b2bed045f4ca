//! Who may see what: a signed-in viewer sees an episode's content once they marked it
//! watched; an anonymous viewer once it has aired in their region.
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use sqlx::Row;

use super::air::{instant, DAY_MS};
use crate::db::cache::EpisodeAir;
use crate::db::catalog::AirDate;
use crate::db::Db;
use crate::i18n::Msg;

#[derive(Debug, Clone)]
enum Basis {
    Watched(HashSet<i64>),
    Aired { region: String },
}

#[derive(Debug, Clone)]
pub struct Shield {
    basis: Basis,
    /// When the shield was loaded (unix ms): an episode has aired once its instant is past.
    now: i64,
}

/// Hidden episodes with their codes, for labels.
pub type Hidden = HashMap<i64, String>;

pub fn today() -> String {
    let now = time::OffsetDateTime::now_utc().date();
    format!(
        "{:04}-{:02}-{:02}",
        now.year(),
        now.month() as u8,
        now.day()
    )
}

pub fn add_days(date: &str, days: i64) -> Option<String> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let d = time::Date::parse(date, &fmt).ok()? + time::Duration::days(days);
    Some(format!(
        "{:04}-{:02}-{:02}",
        d.year(),
        d.month() as u8,
        d.day()
    ))
}

impl Shield {
    /// The shield of a signed-in viewer, by the episodes they marked watched, or (None) of
    /// an anonymous one, by what has aired in their region.
    pub fn new(watched: Option<HashSet<i64>>, region: &str) -> Shield {
        let basis = match watched {
            Some(w) => Basis::Watched(w),
            None => Basis::Aired {
                region: region.to_string(),
            },
        };
        Shield {
            basis,
            now: crate::time_util::now_ms(),
        }
    }

    pub fn signed_in(&self) -> bool {
        matches!(self.basis, Basis::Watched(_))
    }

    /// The viewer marked the episode watched (an anonymous viewer has watched nothing).
    pub fn has_watched(&self, episode_id: i64) -> bool {
        matches!(&self.basis, Basis::Watched(w) if w.contains(&episode_id))
    }

    pub fn region(&self) -> Option<&str> {
        match &self.basis {
            Basis::Aired { region } => Some(region),
            Basis::Watched(_) => None,
        }
    }

    /// Which of `episodes` this viewer must not see yet.
    pub async fn hidden(&self, db: &Db, episodes: &[i64]) -> Result<Hidden, sqlx::Error> {
        let airs = air_dates(db, episodes).await?;
        Ok(self.hidden_among(airs.iter().map(|(id, air)| (*id, &**air))))
    }

    /// Which of these episodes, whose air data the caller read already (with a thread or a
    /// season, say), this viewer must not see yet. No query.
    pub fn hidden_among<'a>(
        &self,
        airs: impl IntoIterator<Item = (i64, &'a EpisodeAir)>,
    ) -> Hidden {
        let mut hidden = Hidden::new();
        for (id, air) in airs {
            let hide = match &self.basis {
                Basis::Watched(w) => !w.contains(&id),
                Basis::Aired { region } => {
                    regional_date(air, region).is_none_or(|r| r.at > self.now)
                }
            };
            if hide {
                hidden.insert(id, air.code.clone());
            }
        }
        hidden
    }

    /// The episode had aired in `region` when the shield was loaded (its own date there, or
    /// the estimate from the show's spoiler delay), whoever the viewer is.
    pub fn aired_in(&self, air: &EpisodeAir, region: &str) -> bool {
        regional_date(air, region).is_some_and(|r| r.aired(self.now))
    }

    /// The neutral label shown instead of shielded content ("S01E02 discussion · hidden
    /// until you've watched S01E02"), worded by the gate in its viewer's language.
    pub fn label(&self, code: &str, what: &str) -> Msg {
        let code = code.to_uppercase();
        let what = Msg::new(what_key(what));
        match &self.basis {
            Basis::Watched(_) => Msg::new("shield-hidden-until-watched")
                .arg("code", code)
                .nest("what", what),
            Basis::Aired { region } => Msg::new("shield-hidden-until-airs")
                .arg("code", code)
                .arg("country", super::region::name(region))
                .nest("what", what),
        }
    }
}

/// The catalogue noun of what a label hides; callers name it in English ("live chat").
fn what_key(what: &str) -> &'static str {
    match what {
        "discussion" => "shield-what-discussion",
        "spoilers" => "shield-what-spoilers",
        "live chat" => "shield-what-live-chat",
        "live chat replay" => "shield-what-live-chat-replay",
        "watch party" => "shield-what-watch-party",
        "watch party replay" => "shield-what-watch-party-replay",
        _ => "shield-what-content",
    }
}

/// When an episode airs in one region, as the shield and the pages see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regional {
    /// The local date there (YYYY-MM-DD).
    pub date: String,
    /// The instant it counts as aired from (`air::instant`).
    pub at: i64,
    /// `at` is a real time of day (else the date's UTC midnight).
    pub timed: bool,
    /// The region has no date of its own: the earliest one plus the show's spoiler delay.
    pub estimated: bool,
}

impl Regional {
    pub fn aired(&self, now: i64) -> bool {
        self.at <= now
    }
}

/// When an episode airs in `region`: its date (and time) there, else (estimated) its
/// earliest plus the show's spoiler delay; None when neither is known. The shield unlocks
/// anonymous viewers by it, and pages print it, so both agree.
pub fn regional_date(air: &EpisodeAir, region: &str) -> Option<Regional> {
    if let Some(d) = air.dates.iter().find(|d| d.region == region) {
        return Some(Regional {
            date: d.date.clone(),
            at: instant(d)?,
            timed: d.at.is_some(),
            estimated: false,
        });
    }
    let (first, d) = air
        .dates
        .iter()
        .filter_map(|d| Some((instant(d)?, d)))
        .min_by_key(|(at, _)| *at)?;
    let delay = air.show_delay_days?;
    Some(Regional {
        date: add_days(&d.date, delay)?,
        at: first.checked_add(delay.checked_mul(DAY_MS)?)?,
        timed: d.at.is_some(),
        estimated: true,
    })
}

/// The first instant the episode airs anywhere (the earliest over its regions); None when
/// no air date is known.
pub fn first_airing(air: &EpisodeAir) -> Option<i64> {
    air.dates.iter().filter_map(instant).min()
}

/// `first_airing` of one episode, from the cache when it can; None when it has no air date
/// (or does not exist).
pub async fn first_airing_of(db: &Db, episode: i64) -> Result<Option<i64>, sqlx::Error> {
    Ok(air_dates(db, &[episode])
        .await?
        .first()
        .and_then(|(_, air)| first_airing(air)))
}

/// `regional_date` of each of `episodes` (batched, cached); episodes without one are left out.
pub async fn regional_dates(
    db: &Db,
    episodes: &[i64],
    region: &str,
) -> Result<HashMap<i64, Regional>, sqlx::Error> {
    Ok(air_dates(db, episodes)
        .await?
        .into_iter()
        .filter_map(|(id, air)| Some((id, regional_date(&air, region)?)))
        .collect())
}

/// Air dates of the given episodes (unknown ids are left out), from the cache when it can.
async fn air_dates(db: &Db, episodes: &[i64]) -> Result<Vec<(i64, Arc<EpisodeAir>)>, sqlx::Error> {
    let mut ids: Vec<i64> = episodes.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut found = Vec::with_capacity(ids.len());
    ids.retain(|&id| match db.cache.air(id) {
        Some(air) => {
            found.push((id, air));
            false
        }
        None => true,
    });
    if ids.is_empty() {
        return Ok(found);
    }
    let ticket = db.cache.ticket();
    // Integers only, so the list can be inlined (the number of binds differs per call).
    let list = ids
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let rows = sqlx::query(&format!(
        "SELECT e.id, e.code, d.region, d.air_date, sh.spoiler_delay_days, d.air_at, d.air_zone \
         FROM episodes e \
         JOIN shows sh ON sh.id = e.show_id LEFT JOIN episode_air_dates d ON d.episode_id = e.id \
         WHERE e.id IN ({list})"
    ))
    .fetch_all(&db.pool)
    .await?;
    let mut read: HashMap<i64, EpisodeAir> = HashMap::new();
    for r in &rows {
        let id: i64 = r.try_get(0)?;
        let air = match read.entry(id) {
            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => v.insert(EpisodeAir {
                code: r.try_get(1)?,
                dates: Vec::new(),
                show_delay_days: r.try_get(4)?,
            }),
        };
        let region: Option<String> = r.try_get(2)?;
        let date: Option<String> = r.try_get(3)?;
        if let (Some(region), Some(date)) = (region, date) {
            air.dates.push(AirDate {
                region,
                date,
                at: r.try_get(5)?,
                zone: r.try_get(6)?,
            });
        }
    }
    for (id, air) in read {
        let air = Arc::new(air);
        db.cache.put_air(ticket, id, air.clone());
        found.push((id, air));
    }
    Ok(found)
}

/// Each episode's air date in `region`, or its earliest anywhere when the region has none.
pub async fn air_date_in(
    db: &Db,
    episodes: &[i64],
    region: &str,
) -> Result<HashMap<i64, String>, sqlx::Error> {
    Ok(air_dates(db, episodes)
        .await?
        .into_iter()
        .filter_map(|(id, air)| {
            let here = air
                .dates
                .iter()
                .find(|d| d.region == region)
                .map(|d| &d.date);
            let date = here.or_else(|| air.dates.iter().map(|d| &d.date).min())?;
            Some((id, date.clone()))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn air(dates: &[(&str, &str, Option<i64>)], delay: Option<i64>) -> EpisodeAir {
        EpisodeAir {
            code: "s01e01".into(),
            dates: dates
                .iter()
                .map(|(r, d, at)| AirDate {
                    region: r.to_string(),
                    date: d.to_string(),
                    at: *at,
                    zone: None,
                })
                .collect(),
            show_delay_days: delay,
        }
    }

    const JAN1: i64 = 1_767_225_600_000;

    #[test]
    fn a_timed_region_airs_at_its_instant_and_estimates_follow_it() {
        let evening = JAN1 + 21 * 3_600_000;
        let a = air(&[("US", "2026-01-01", Some(evening))], Some(2));
        let us = regional_date(&a, "US").unwrap();
        assert_eq!((us.at, us.timed, us.estimated), (evening, true, false));
        assert!(!us.aired(evening - 1) && us.aired(evening));
        let fr = regional_date(&a, "FR").unwrap();
        assert_eq!(fr.date, "2026-01-03");
        assert_eq!((fr.at, fr.estimated), (evening + 2 * DAY_MS, true));
        assert_eq!(
            regional_date(&air(&[("US", "2026-01-01", None)], None), "FR"),
            None
        );
        let bare = regional_date(&air(&[("US", "2026-01-01", None)], None), "US").unwrap();
        assert_eq!((bare.at, bare.timed), (JAN1, false));
    }

    #[test]
    fn the_first_airing_is_the_earliest_instant_anywhere() {
        let evening = JAN1 + 21 * 3_600_000;
        let a = air(
            &[
                ("US", "2026-01-01", Some(evening)),
                ("GB", "2026-01-01", None),
            ],
            None,
        );
        assert_eq!(first_airing(&a), Some(JAN1));
        assert_eq!(first_airing(&air(&[], None)), None);
    }

    #[test]
    fn adds_days() {
        assert_eq!(add_days("2024-12-30", 3).as_deref(), Some("2025-01-02"));
        assert_eq!(add_days("bad", 3), None);
    }
}
