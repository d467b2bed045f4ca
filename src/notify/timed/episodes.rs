//! "<Show> <code> airs today in <Region>": a new episode of a followed show reaching the
//! follower's region. When it airs there is decided as the spoiler shield decides it: the
//! region's own air date, else (for shows with a spoiler delay) the earliest date plus the
//! delay, else never; the instant is `spoilers::region::air_instant`'s: the air time when the
//! catalogue has one, else the date at 00:00 UTC.
use std::collections::hash_map::Entry;
use std::collections::HashMap;

use super::options::{TimedOptions, DAY_MS};
use crate::db::catalog::AirDate;
use crate::db::changes::Change;
use crate::db::notifications::{self, NewNotification};
use crate::db::{self, notify_sources as q, Db};
use crate::spoilers::region::{self, air_instant};

/// How much further back than the grace window the sweep looks for an earliest air date, so
/// a region without its own date that airs `spoiler_delay_days` later is still found.
const DELAY_LOOKBACK_DAYS: i64 = 30;

/// When the episode airs in `region` (unix ms), or None when it never does there.
pub fn airs_at(dates: &[AirDate], region: &str, delay_days: Option<i64>) -> Option<i64> {
    if dates.iter().any(|d| d.region == region) {
        return air_instant(dates, Some(region)).map(|(_, at)| at);
    }
    let (_, earliest) = air_instant(dates, None)?;
    Some(earliest + delay_days?.checked_mul(DAY_MS)?)
}

/// What the sweep does with an episode and region not yet announced.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Aired within the grace window: tell the followers there.
    Announce,
    /// Aired before the window: record it so the sweep stops asking.
    Skip,
    /// Not yet, or no date there yet (the catalogue may still get one).
    Wait,
}

pub fn verdict(airs: Option<i64>, now: i64, grace_days: i64) -> Verdict {
    match airs {
        None => Verdict::Wait,
        Some(at) if at > now => Verdict::Wait,
        Some(at) if at > now - grace_days * DAY_MS => Verdict::Announce,
        Some(_) => Verdict::Skip,
    }
}

fn date_of(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .date();
    format!("{:04}-{:02}-{:02}", t.year(), t.month() as u8, t.day())
}

/// Announces every episode airing (within the grace window) in a region where followers of
/// its show live, once per episode and region. Returns how many notifications were written.
pub async fn announce_airing(db: &Db, opts: &TimedOptions, now: i64) -> Result<u64, sqlx::Error> {
    let from = date_of(now - (opts.episode_grace_days + DELAY_LOOKBACK_DAYS) * DAY_MS);
    // A local date can run up to 14 hours ahead of UTC's: an air time already past may carry
    // tomorrow's UTC date.
    let to = date_of(now + DAY_MS);
    let candidates = q::airing_candidates(db, &from, &to, region::DEFAULT).await?;
    let mut dates: HashMap<i64, Vec<AirDate>> = HashMap::new();
    let mut written = 0;
    for c in candidates {
        let known = match dates.entry(c.episode_id) {
            Entry::Occupied(o) => o.into_mut(),
            Entry::Vacant(v) => v.insert(db::catalog::air_dates(db, c.episode_id).await?),
        };
        let airs = airs_at(known, &c.region, c.delay_days);
        let announce = match verdict(airs, now, opts.episode_grace_days) {
            Verdict::Wait => continue,
            Verdict::Skip => false,
            Verdict::Announce => true,
        };
        let mut tx = db.begin().await?;
        let mut rung = Vec::new();
        if !q::claim_episode(&mut tx, c.episode_id, &c.region, now).await? {
            continue;
        }
        if announce {
            for user_id in
                q::show_followers_in(&mut tx, c.show_id, &c.region, region::DEFAULT).await?
            {
                // The region goes in `reason`: the text ("airs today in France") is built
                // when shown, and the follower may have moved region since.
                let n = NewNotification {
                    user_id,
                    kind: "episode",
                    dedupe: format!("episode:{}", c.episode_id),
                    show_id: Some(c.show_id),
                    episode_id: Some(c.episode_id),
                    reason: Some(&c.region),
                    ..Default::default()
                };
                if notifications::insert(&mut tx, &n).await? {
                    written += 1;
                    rung.push(Change::Notified(user_id));
                }
            }
        }
        // Followers' open pages recount at once, on every node.
        db.commit_changes(tx, &rung).await?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(region: &str, date: &str) -> AirDate {
        AirDate {
            region: region.into(),
            date: date.into(),
            at: None,
            zone: None,
        }
    }

    const JAN1: i64 = 1_767_225_600_000; // 2026-01-01T00:00Z

    #[test]
    fn a_region_airs_on_its_own_date_else_after_the_shows_delay() {
        let dates = [d("US", "2026-01-01"), d("FR", "2026-02-01")];
        assert_eq!(airs_at(&dates, "US", None), Some(JAN1));
        assert_eq!(airs_at(&dates, "FR", None), Some(JAN1 + 31 * DAY_MS));
        assert_eq!(airs_at(&dates, "JP", None), None);
        assert_eq!(airs_at(&dates, "JP", Some(7)), Some(JAN1 + 7 * DAY_MS));
        assert_eq!(airs_at(&[], "US", Some(7)), None);
        let mut timed = d("US", "2026-01-01");
        timed.at = Some(JAN1 + 21 * 3_600_000);
        assert_eq!(airs_at(&[timed.clone()], "US", None), timed.at);
        assert_eq!(
            airs_at(&[timed], "JP", Some(1)),
            Some(JAN1 + 21 * 3_600_000 + DAY_MS)
        );
    }

    #[test]
    fn only_the_recent_past_is_announced() {
        assert_eq!(verdict(Some(JAN1), JAN1 + 1, 2), Verdict::Announce);
        assert_eq!(verdict(Some(JAN1), JAN1, 2), Verdict::Announce);
        assert_eq!(verdict(Some(JAN1 + 1), JAN1, 2), Verdict::Wait);
        assert_eq!(verdict(Some(JAN1), JAN1 + 3 * DAY_MS, 2), Verdict::Skip);
        assert_eq!(verdict(None, JAN1, 2), Verdict::Wait);
        assert_eq!(date_of(JAN1 + DAY_MS - 1), "2026-01-01");
    }
}
