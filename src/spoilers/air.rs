//! When an air date counts. With a time of day (the catalogue's `air_at`) an episode has
//! aired in a region from that instant on; a bare date counts from 00:00 UTC of that date,
//! as it always has. Both the shield and the "airing now" notices read this one rule.
use crate::db::catalog::AirDate;

pub const DAY_MS: i64 = 86_400_000;

/// 00:00 UTC of a YYYY-MM-DD date, in unix ms.
pub fn midnight_utc(date: &str) -> Option<i64> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(date, &fmt).ok()?;
    Some(date.midnight().assume_utc().unix_timestamp() * 1000)
}

/// The instant an air date counts from: its time when known, else its date's UTC midnight.
pub fn instant(d: &AirDate) -> Option<i64> {
    d.at.or_else(|| midnight_utc(&d.date))
}

/// "Airing now": within the day that starts at its instant (for a bare date, its UTC day).
pub fn airing(d: &AirDate, now: i64) -> bool {
    instant(d).is_some_and(|t| t <= now && now < t.saturating_add(DAY_MS))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(date: &str, at: Option<i64>) -> AirDate {
        AirDate {
            region: "US".into(),
            date: date.into(),
            at,
            zone: None,
        }
    }

    const JAN1: i64 = 1_767_225_600_000; // 2026-01-01T00:00Z

    #[test]
    fn a_time_counts_from_its_instant_a_date_from_utc_midnight() {
        assert_eq!(instant(&d("2026-01-01", None)), Some(JAN1));
        let evening = JAN1 + 21 * 3_600_000;
        assert_eq!(instant(&d("2026-01-01", Some(evening))), Some(evening));
        assert_eq!(instant(&d("bad", None)), None);
        assert!(airing(&d("2026-01-01", None), JAN1));
        assert!(!airing(&d("2026-01-01", None), JAN1 + DAY_MS));
        assert!(!airing(&d("2026-01-01", Some(evening)), evening - 1));
        assert!(airing(&d("2026-01-01", Some(evening)), JAN1 + DAY_MS));
        assert!(!airing(&d("2026-01-01", Some(evening)), evening + DAY_MS));
    }
}
