//! An episode's air dates carried as one column of another row, so that a thread, a list of
//! threads or a season's episodes bring what the spoiler shield needs in the same query
//! instead of a second round trip per page.
//!
//! The column is every region's `region|date|instant|zone`, joined by `;`. Regions are
//! country codes, dates `YYYY-MM-DD`, instants integers and zones IANA names or `±HH:MM`
//! offsets: none can hold either separator, and the parser refuses a value that does.
use std::sync::Arc;

use crate::domain::AirDate;

pub use super::rows::EpisodeAir;

/// The SQL expression of the column for the episode whose id is the literal `$col`, as a
/// literal itself so that it can be part of a `const` query. `string_agg` is in PostgreSQL
/// and in SQLite since 3.44 (the bundled one is newer).
macro_rules! air_list_column {
    ($col:literal) => {
        concat!(
            "(SELECT string_agg(d.region || '|' || d.air_date || '|' || ",
            "COALESCE(CAST(d.air_at AS TEXT), '') || '|' || COALESCE(d.air_zone, ''), ';') ",
            "FROM episode_air_dates d WHERE d.episode_id = ",
            $col,
            ")"
        )
    };
}
pub(crate) use air_list_column;

/// An episode's air data from its code, its show's spoiler delay and the column's value.
pub fn parse(
    code: String,
    show_delay_days: Option<i64>,
    column: Option<&str>,
) -> Result<Arc<EpisodeAir>, sqlx::Error> {
    let dates = match column {
        None | Some("") => Vec::new(),
        Some(list) => list.split(';').map(date).collect::<Result<_, _>>()?,
    };
    Ok(Arc::new(EpisodeAir {
        code,
        dates,
        show_delay_days,
    }))
}

fn date(item: &str) -> Result<AirDate, sqlx::Error> {
    let bad = || sqlx::Error::Decode(format!("not an air date entry: {item:?}").into());
    let mut parts = item.split('|');
    let (Some(region), Some(date), Some(at), Some(zone), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(bad());
    };
    let at = match at {
        "" => None,
        n => Some(n.parse::<i64>().map_err(|_| bad())?),
    };
    Ok(AirDate {
        region: region.to_string(),
        date: date.to_string(),
        at,
        zone: (!zone.is_empty()).then(|| zone.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_region_with_and_without_a_time() {
        let air = parse(
            "s01e02".into(),
            Some(7),
            Some("US|2026-03-01|1772409600000|America/New_York;FR|2026-03-09||"),
        )
        .unwrap();
        assert_eq!(air.code, "s01e02");
        assert_eq!(air.show_delay_days, Some(7));
        assert_eq!(air.dates.len(), 2);
        assert_eq!(air.dates[0].region, "US");
        assert_eq!(air.dates[0].at, Some(1_772_409_600_000));
        assert_eq!(air.dates[0].zone.as_deref(), Some("America/New_York"));
        assert_eq!(air.dates[1].region, "FR");
        assert_eq!(air.dates[1].date, "2026-03-09");
        assert_eq!((air.dates[1].at, air.dates[1].zone.clone()), (None, None));
    }

    #[test]
    fn no_dates_is_an_empty_list() {
        assert!(parse("s01e01".into(), None, None).unwrap().dates.is_empty());
        assert!(parse("s01e01".into(), None, Some(""))
            .unwrap()
            .dates
            .is_empty());
    }

    #[test]
    fn a_malformed_entry_is_an_error_not_a_guess() {
        for bad in ["US|2026-03-01|x|", "US|2026-03-01", "US|2026-03-01|||extra"] {
            assert!(parse("s01e01".into(), None, Some(bad)).is_err(), "{bad}");
        }
    }
}
