//! Who watches an episode when: its first airing (the earliest air instant over its
//! regions, and the regions that air then), and each region's own instant. From these come
//! the relay's offsets and the rule that keeps a later region's live room free of messages
//! from viewers who are ahead of it.
use std::collections::HashMap;

use crate::db::catalog::AirDate;
use crate::spoilers::air;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Airings {
    first: i64,
    /// The regions whose air instant is the first (usually one), upper case.
    origins: Vec<String>,
    by_region: HashMap<String, i64>,
}

impl Airings {
    /// None when no region has an air instant: there is no premiere to relay.
    pub fn of(dates: &[AirDate]) -> Option<Airings> {
        let by_region: HashMap<String, i64> = dates
            .iter()
            .filter_map(|d| Some((d.region.to_ascii_uppercase(), air::instant(d)?)))
            .collect();
        let first = *by_region.values().min()?;
        let mut origins: Vec<String> = by_region
            .iter()
            .filter(|(_, at)| **at == first)
            .map(|(r, _)| r.clone())
            .collect();
        origins.sort_unstable();
        Some(Airings {
            first,
            origins,
            by_region,
        })
    }

    pub fn first(&self) -> i64 {
        self.first
    }

    pub fn origins(&self) -> &[String] {
        &self.origins
    }

    /// A viewer's air instant when it comes after the first airing: they get the relay and
    /// none of the live messages of those ahead. None for viewers of the first airing and
    /// of regions without an air date (they see the room as it is).
    pub fn later_airing(&self, region: &str) -> Option<i64> {
        self.by_region
            .get(&region.to_ascii_uppercase())
            .copied()
            .filter(|at| *at > self.first)
    }

    /// The airing a sender watched: their region's. A sender from a region without an air
    /// date, or of a message older than the relay, can only have watched the first.
    fn sender_airing(&self, region: Option<&str>) -> i64 {
        region
            .and_then(|r| self.by_region.get(&r.to_ascii_uppercase()))
            .copied()
            .unwrap_or(self.first)
    }

    /// Whether a viewer of `viewer` (a `later_airing`) may get a message live: the
    /// sender's airing is the same or later than theirs, so it tells nothing ahead.
    pub fn live_to(&self, viewer: Option<i64>, sender_region: Option<&str>) -> bool {
        viewer.is_none_or(|v| self.sender_airing(sender_region) >= v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(region: &str, at: Option<i64>, date: &str) -> AirDate {
        AirDate {
            region: region.into(),
            date: date.into(),
            at,
            zone: None,
        }
    }

    const T: i64 = 1_767_225_600_000;

    fn airings() -> Airings {
        Airings::of(&[
            d("US", Some(T), "2026-01-01"),
            d("CA", Some(T), "2026-01-01"),
            d("FR", Some(T + 3_600_000), "2026-01-01"),
            d("DE", Some(T + 7_200_000), "2026-01-01"),
        ])
        .expect("airings")
    }

    #[test]
    fn the_first_airing_and_its_regions() {
        let a = airings();
        assert_eq!(a.first(), T);
        assert_eq!(a.origins(), ["CA", "US"]);
        assert_eq!(a.later_airing("us"), None);
        assert_eq!(a.later_airing("FR"), Some(T + 3_600_000));
        assert_eq!(a.later_airing("JP"), None, "no air date: the room as it is");
        assert_eq!(Airings::of(&[d("US", None, "bad")]), None);
        // A bare date counts from its UTC midnight.
        let bare = Airings::of(&[d("US", None, "2026-01-01")]).expect("bare");
        assert_eq!(bare.first(), T);
    }

    #[test]
    fn live_messages_never_come_from_those_ahead() {
        let a = airings();
        let fr = a.later_airing("FR");
        assert!(!a.live_to(fr, Some("US")));
        assert!(!a.live_to(fr, Some("JP")), "no date: counts as the first");
        assert!(!a.live_to(fr, None), "older messages: the first airing");
        assert!(a.live_to(fr, Some("FR")));
        assert!(a.live_to(fr, Some("de")), "behind them: nothing to spoil");
        assert!(
            a.live_to(None, Some("DE")),
            "the first airing sees everything"
        );
        assert!(a.live_to(None, Some("US")));
    }
}
