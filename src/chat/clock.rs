//! Where in the episode a moment of a room falls: the offset (ms) a reaction is recorded
//! with. Each kind of room has its own clock; a new one (a fan's own "I'm pressing play
//! now") is one more `Clock` variant.
use crate::db::chat::Party;
use crate::domain::AirDate;
use crate::spoilers::air::instant;

pub enum Clock<'a> {
    /// An episode's live room: the episode started when it aired in `region`, or at its
    /// first airing anywhere when that region has no date of its own.
    Airing {
        dates: &'a [AirDate],
        region: &'a str,
    },
    /// A watch party: its own clock, pauses left out (as its messages' offsets).
    Party(&'a Party),
}

impl Clock<'_> {
    /// The position in the episode at `now`; None before it started for this clock (or when
    /// it has no air date at all).
    pub fn offset_at(&self, now: i64) -> Option<i64> {
        match self {
            Clock::Airing { dates, region } => {
                let start = dates
                    .iter()
                    .find(|d| d.region == *region)
                    .and_then(instant)
                    .or_else(|| dates.iter().filter_map(instant).min())?;
                (now >= start).then(|| now - start)
            }
            Clock::Party(p) => p.offset_at(now),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(region: &str, at: i64) -> AirDate {
        AirDate {
            region: region.into(),
            date: "2026-01-01".into(),
            at: Some(at),
            zone: None,
        }
    }

    #[test]
    fn a_live_room_counts_from_the_region_else_the_first_airing() {
        let dates = [d("US", 1_000_000), d("FR", 5_000_000), d("GB", 3_000_000)];
        let at = |region| {
            Clock::Airing {
                dates: &dates,
                region,
            }
            .offset_at(6_000_000)
        };
        assert_eq!(at("FR"), Some(1_000_000));
        assert_eq!(at("US"), Some(5_000_000));
        assert_eq!(at("JP"), Some(5_000_000), "no date there: the first airing");
        let early = Clock::Airing {
            dates: &dates,
            region: "FR",
        };
        assert_eq!(early.offset_at(4_000_000), None, "not aired in FR yet");
        let none = Clock::Airing {
            dates: &[],
            region: "FR",
        };
        assert_eq!(none.offset_at(4_000_000), None);
    }

    #[test]
    fn a_party_counts_its_own_clock() {
        let p = Party {
            id: 1,
            episode_id: 1,
            host_id: 1,
            host: "ann".into(),
            title: String::new(),
            starts_at: 10_000,
            paused_at: None,
            paused_total_ms: 2_000,
            relay: false,
        };
        assert_eq!(Clock::Party(&p).offset_at(72_000), Some(60_000));
        assert_eq!(Clock::Party(&p).offset_at(5_000), None);
    }
}
