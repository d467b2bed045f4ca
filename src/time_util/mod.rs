//! Times are stored as unix milliseconds (portable through sqlx Any).
use time::OffsetDateTime;

mod local;
pub use local::{format_local, iana_zone, zone};

pub fn now_ms() -> i64 {
    (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// "2026-11-25 10:44 UTC" for display.
pub fn format_ms(ms: i64) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .ok()
        .and_then(|t| t.format(&fmt).ok())
        .unwrap_or_default()
}

/// ISO 8601 for `<time datetime=…>`.
pub fn iso_ms(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_epoch() {
        assert_eq!(format_ms(0), "1970-01-01 00:00 UTC");
        assert_eq!(iso_ms(86_400_000), "1970-01-02T00:00:00Z");
    }
}
