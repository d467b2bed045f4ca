//! Air times as the import file and the admin form write them: a bare date `2024-09-08`,
//! an RFC 3339 time with its offset `2024-09-08T21:00:00-04:00`, or a wall-clock time in an
//! IANA zone (`2024-09-08`, `21:00`, `America/New_York`).
use jiff::civil;
use time::format_description::well_known::Rfc3339;

use crate::db::catalog::AirDate;
use crate::domain::{AirTime, Invalid};
use crate::i18n::Msg;
use crate::time_util::{iana_zone, zone};

/// A calendar date written YYYY-MM-DD.
pub fn parse_date(s: &str) -> Result<String, Invalid> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s.trim(), &fmt)
        .map(|_| s.trim().to_string())
        .map_err(|_| Invalid::new(Msg::new("err-air-date").arg("value", s)))
}

/// A date, or an RFC 3339 time with an offset (`Z` or `±HH:MM`).
pub fn parse_air_text(s: &str) -> Result<AirTime, Invalid> {
    let s = s.trim();
    if !s.contains('T') && !s.contains('t') {
        return parse_date(s).map(AirTime::date_only);
    }
    let t = time::OffsetDateTime::parse(s, &Rfc3339)
        .map_err(|_| Invalid::new(Msg::new("err-air-instant").arg("value", s)))?;
    let d = t.date();
    let off = t.offset().whole_seconds();
    let sign = if off < 0 { '-' } else { '+' };
    Ok(AirTime {
        date: format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day()),
        at: Some((t.unix_timestamp_nanos() / 1_000_000) as i64),
        zone: Some(format!(
            "{sign}{:02}:{:02}",
            off.abs() / 3600,
            off.abs() % 3600 / 60
        )),
    })
}

/// A wall-clock time in an IANA zone. The error names the part at fault (`date`, `time` or
/// `zone`). A time the zone skips (spring forward) reads as the hour after; one it repeats
/// (fall back) as its first occurrence.
pub fn parse_air_parts(
    date: &str,
    time_of_day: &str,
    zone_name: &str,
) -> Result<AirTime, (&'static str, Invalid)> {
    let date = parse_date(date).map_err(|e| ("date", e))?;
    let clock = parse_clock(time_of_day).ok_or_else(|| {
        (
            "time",
            Invalid::new(Msg::new("err-air-time").arg("value", time_of_day)),
        )
    })?;
    let name = iana_zone(zone_name).ok_or_else(|| {
        (
            "zone",
            Invalid::new(Msg::new("err-air-zone").arg("value", zone_name)),
        )
    })?;
    let at = civil_date(&date)
        .and_then(|d| {
            let tz = zone(&name)?;
            d.at(clock.0, clock.1, clock.2, 0).to_zoned(tz).ok()
        })
        .map(|z| z.timestamp().as_millisecond())
        .ok_or_else(|| {
            (
                "date",
                Invalid::new(Msg::new("err-air-range").arg("value", &date)),
            )
        })?;
    Ok(AirTime {
        date,
        at: Some(at),
        zone: Some(name),
    })
}

/// `21:00` or `21:00:30`.
fn parse_clock(s: &str) -> Option<(i8, i8, i8)> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    let num = |p: &str, max: i8| {
        (p.len() == 2)
            .then(|| p.parse::<i8>().ok())
            .flatten()
            .filter(|n| (0..=max).contains(n))
    };
    match parts.as_slice() {
        [h, m] => Some((num(h, 23)?, num(m, 59)?, 0)),
        [h, m, sec] => Some((num(h, 23)?, num(m, 59)?, num(sec, 59)?)),
        _ => None,
    }
}

fn civil_date(date: &str) -> Option<civil::Date> {
    let mut it = date.split('-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    civil::Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// The air date written back as the admin form takes it, so editing keeps the time.
pub fn air_line_value(d: &AirDate) -> String {
    let (Some(at), Some(name)) = (d.at, d.zone.as_deref()) else {
        return d.date.clone();
    };
    let (Some(tz), Ok(ts)) = (zone(name), jiff::Timestamp::from_millisecond(at)) else {
        return d.date.clone();
    };
    let local = ts.to_zoned(tz);
    if name.starts_with(['+', '-']) {
        local.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
    } else {
        format!("{} {name}", local.strftime("%Y-%m-%d %H:%M"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_dates_and_rfc3339_times() {
        assert_eq!(
            parse_air_text("2024-09-08").unwrap(),
            AirTime::date_only("2024-09-08")
        );
        let t = parse_air_text("2024-09-08T21:00:00-04:00").unwrap();
        assert_eq!(t.date, "2024-09-08");
        assert_eq!(t.at, Some(1_725_843_600_000)); // 2024-09-09T01:00Z
        assert_eq!(t.zone.as_deref(), Some("-04:00"));
        assert_eq!(
            parse_air_text("2024-09-09T01:00:00Z").unwrap().at,
            Some(1_725_843_600_000)
        );
        assert!(parse_air_text("2024-09-08T21:00:00").is_err(), "no offset");
        assert!(parse_air_text("2024-09-08T25:00:00Z").is_err());
        assert!(parse_air_text("2024-13-08").is_err());
    }

    #[test]
    fn wall_clock_in_a_zone_follows_its_daylight_saving() {
        let summer = parse_air_parts("2024-09-08", "21:00", "America/New_York").unwrap();
        assert_eq!(summer.at, Some(1_725_843_600_000));
        assert_eq!(summer.zone.as_deref(), Some("America/New_York"));
        let winter = parse_air_parts("2024-01-15", "21:00", "america/new_york").unwrap();
        assert_eq!(winter.at, Some(1_705_370_400_000)); // 2024-01-16T02:00Z (EST, -5)
        assert_eq!(winter.zone.as_deref(), Some("America/New_York"));
        // 02:30 does not exist on 2024-03-10 in New York: it reads as 03:30 EDT.
        let gap = parse_air_parts("2024-03-10", "02:30", "America/New_York").unwrap();
        assert_eq!(gap.at, Some(1_710_055_800_000)); // 07:30Z
    }

    #[test]
    fn errors_name_the_part() {
        let field = |d, t, z| parse_air_parts(d, t, z).err().map(|(f, _)| f);
        assert_eq!(field("2024-09-08", "21:00", "Mars/Olympus"), Some("zone"));
        assert_eq!(field("2024-09-08", "9pm", "America/New_York"), Some("time"));
        assert_eq!(
            field("2024-09-08", "24:00", "America/New_York"),
            Some("time")
        );
        assert_eq!(
            field("2024-09-31", "21:00", "America/New_York"),
            Some("date")
        );
        assert_eq!(field("2024-09-08", "21:00", "-04:00"), Some("zone"));
    }

    #[test]
    fn written_back_as_typed() {
        let back = |t: AirTime| {
            air_line_value(&AirDate {
                region: "US".into(),
                date: t.date,
                at: t.at,
                zone: t.zone,
            })
        };
        let parts = parse_air_parts("2024-09-08", "21:00", "America/New_York").unwrap();
        assert_eq!(back(parts), "2024-09-08 21:00 America/New_York");
        let rfc = parse_air_text("2024-09-08T21:00:00-04:00").unwrap();
        assert_eq!(back(rfc), "2024-09-08T21:00:00-04:00");
        assert_eq!(back(AirTime::date_only("2024-09-08")), "2024-09-08");
    }
}
