//! An episode's air time in one region, as the catalogue gives it (parsed in `catalog`).

/// Its local date there, and the instant when a time of day is known. Date-only rules and
/// lists read `date`; whether it has aired reads `at` when present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AirTime {
    /// YYYY-MM-DD, the calendar date in the region (compared as text).
    pub date: String,
    /// Unix milliseconds; None = a bare date.
    pub at: Option<i64>,
    /// What the time was given in: an IANA zone name, or a fixed offset like `-04:00`.
    pub zone: Option<String>,
}

/// One region's air date as stored: its region, local date, and instant when known.
#[derive(Debug, Clone)]
pub struct AirDate {
    pub region: String,
    /// The local date there (YYYY-MM-DD).
    pub date: String,
    /// The instant (unix ms) when a time of day is known.
    pub at: Option<i64>,
    /// The IANA zone or `±HH:MM` offset the time was given in.
    pub zone: Option<String>,
}

impl AirTime {
    pub fn date_only(date: impl Into<String>) -> AirTime {
        AirTime {
            date: date.into(),
            at: None,
            zone: None,
        }
    }
}
