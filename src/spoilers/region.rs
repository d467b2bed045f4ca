//! The viewer's region: chosen in settings (or a cookie for anonymous visitors), else guessed
//! from Accept-Language.
use super::air;
use crate::db::{self, Db};

pub const REGION_COOKIE: &str = "ch_region";
/// Set by `static/tz.js` to the browser's IANA zone.
pub const TZ_COOKIE: &str = "ch_tz";

/// Regions offered in the selector (any ISO 3166-1 alpha-2 code is accepted).
pub const COMMON: [(&str, &str); 20] = [
    ("US", "United States"),
    ("CA", "Canada"),
    ("GB", "United Kingdom"),
    ("IE", "Ireland"),
    ("AU", "Australia"),
    ("NZ", "New Zealand"),
    ("DE", "Germany"),
    ("AT", "Austria"),
    ("CH", "Switzerland"),
    ("FR", "France"),
    ("ES", "Spain"),
    ("IT", "Italy"),
    ("NL", "Netherlands"),
    ("SE", "Sweden"),
    ("NO", "Norway"),
    ("PL", "Poland"),
    ("BR", "Brazil"),
    ("MX", "Mexico"),
    ("JP", "Japan"),
    ("IN", "India"),
];

pub const DEFAULT: &str = "US";

/// The instant an episode aired in `region` (`air::instant`: its time there, else its date
/// at 00:00 UTC), or its earliest when the region has none. With the region it used.
pub fn air_instant(
    dates: &[crate::db::catalog::AirDate],
    region: Option<&str>,
) -> Option<(String, i64)> {
    if let Some(d) = region.and_then(|r| dates.iter().find(|d| d.region.eq_ignore_ascii_case(r))) {
        return Some((d.region.clone(), air::instant(d)?));
    }
    dates
        .iter()
        .filter_map(|d| Some((air::instant(d)?, d)))
        .min_by_key(|(at, _)| *at)
        .map(|(at, d)| (d.region.clone(), at))
}

/// Each region's main time zone: times are shown in it to a viewer who chose no zone and
/// whose browser told none. Regions not listed read times in UTC.
pub const MAIN_ZONES: [(&str, &str); 20] = [
    ("US", "America/New_York"),
    ("CA", "America/Toronto"),
    ("GB", "Europe/London"),
    ("IE", "Europe/Dublin"),
    ("AU", "Australia/Sydney"),
    ("NZ", "Pacific/Auckland"),
    ("DE", "Europe/Berlin"),
    ("AT", "Europe/Vienna"),
    ("CH", "Europe/Zurich"),
    ("FR", "Europe/Paris"),
    ("ES", "Europe/Madrid"),
    ("IT", "Europe/Rome"),
    ("NL", "Europe/Amsterdam"),
    ("SE", "Europe/Stockholm"),
    ("NO", "Europe/Oslo"),
    ("PL", "Europe/Warsaw"),
    ("BR", "America/Sao_Paulo"),
    ("MX", "America/Mexico_City"),
    ("JP", "Asia/Tokyo"),
    ("IN", "Asia/Kolkata"),
];

pub fn main_zone(code: &str) -> &'static str {
    MAIN_ZONES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, z)| *z)
        .unwrap_or("UTC")
}

/// The zone a viewer reads times in: the account's choice, else the browser's (the
/// `ch_tz` cookie), else the region's main zone. Names the tz database does not know are
/// skipped, so a forged cookie falls back.
pub fn time_zone(chosen: Option<&str>, browser: Option<&str>, region: &str) -> String {
    chosen
        .and_then(crate::time_util::iana_zone)
        .or_else(|| browser.and_then(crate::time_util::iana_zone))
        .unwrap_or_else(|| main_zone(region).to_string())
}

/// Saves the zone a signed-in user chose; empty = automatic. An unknown name is refused.
pub async fn set_zone_for_user(
    db: &Db,
    user_id: i64,
    raw: &str,
) -> Result<Result<(), crate::domain::Invalid>, sqlx::Error> {
    let raw = raw.trim();
    if raw.is_empty() {
        return db::watched::set_time_zone(db, user_id, None).await.map(Ok);
    }
    let Some(zone) = crate::time_util::iana_zone(raw) else {
        return Ok(Err(crate::domain::Invalid::new(
            crate::i18n::Msg::new("err-time-zone").arg("value", raw),
        )));
    };
    db::watched::set_time_zone(db, user_id, Some(&zone))
        .await
        .map(Ok)
}

/// Saves the region a signed-in user chose (an ISO code already checked); it follows the
/// account to every device, where a visitor's lives in a cookie.
pub async fn set_for_user(db: &Db, user_id: i64, code: &str) -> Result<(), sqlx::Error> {
    db::watched::set_region(db, user_id, code).await
}

pub fn name(code: &str) -> String {
    COMMON
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| n.to_string())
        .unwrap_or_else(|| code.to_string())
}

/// `en-GB,en;q=0.8` → GB; a bare language maps to its main country where that is clear.
pub fn guess(accept_language: &str) -> Option<String> {
    for part in accept_language.split(',') {
        let tag = part.split(';').next().unwrap_or("").trim();
        let mut bits = tag.split(['-', '_']);
        let lang = bits.next().unwrap_or("").to_ascii_lowercase();
        if let Some(r) = bits.find(|b| b.len() == 2 && b.chars().all(|c| c.is_ascii_alphabetic())) {
            return Some(r.to_ascii_uppercase());
        }
        let by_lang = match lang.as_str() {
            "de" => Some("DE"),
            "fr" => Some("FR"),
            "es" => Some("ES"),
            "it" => Some("IT"),
            "nl" => Some("NL"),
            "sv" => Some("SE"),
            "nb" | "no" => Some("NO"),
            "pl" => Some("PL"),
            "ja" => Some("JP"),
            _ => None,
        };
        if let Some(r) = by_lang {
            return Some(r.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn air_instant_prefers_the_region_then_the_earliest_date() {
        let d = |region: &str, date: &str| crate::db::catalog::AirDate {
            region: region.into(),
            date: date.into(),
            at: None,
            zone: None,
        };
        let dates = [d("US", "2026-01-02"), d("GB", "2026-01-01")];
        let jan1 = 1_767_225_600_000;
        assert_eq!(
            air_instant(&dates, Some("us")),
            Some(("US".into(), jan1 + 86_400_000))
        );
        assert_eq!(air_instant(&dates, Some("JP")), Some(("GB".into(), jan1)));
        assert_eq!(air_instant(&dates, None), Some(("GB".into(), jan1)));
        assert_eq!(air_instant(&[d("US", "bad")], None), None);
        // A time of day wins over the date's midnight, and orders the earliest.
        let mut timed = d("FR", "2026-01-01");
        timed.at = Some(jan1 - 3_600_000);
        let dates = [d("GB", "2026-01-01"), timed];
        assert_eq!(
            air_instant(&dates, None),
            Some(("FR".into(), jan1 - 3_600_000))
        );
        assert_eq!(
            air_instant(&dates, Some("FR")),
            Some(("FR".into(), jan1 - 3_600_000))
        );
    }

    #[test]
    fn the_zone_is_the_choice_then_the_browsers_then_the_regions() {
        assert_eq!(
            time_zone(Some("Asia/Tokyo"), Some("Europe/Paris"), "US"),
            "Asia/Tokyo"
        );
        assert_eq!(time_zone(None, Some("europe/paris"), "US"), "Europe/Paris");
        assert_eq!(time_zone(None, Some("Nowhere/Land"), "FR"), "Europe/Paris");
        assert_eq!(time_zone(Some("bad"), None, "JP"), "Asia/Tokyo");
        assert_eq!(time_zone(None, None, "ZZ"), "UTC");
    }

    #[test]
    fn every_listed_region_has_a_known_main_zone() {
        for (code, _) in COMMON {
            let zone = main_zone(code);
            assert_ne!(zone, "UTC", "{code}");
            assert_eq!(crate::time_util::iana_zone(zone).as_deref(), Some(zone));
        }
        assert_eq!(main_zone("ZZ"), "UTC");
    }

    #[test]
    fn guesses_from_accept_language() {
        assert_eq!(guess("en-GB,en;q=0.8").as_deref(), Some("GB"));
        assert_eq!(guess("de;q=0.9").as_deref(), Some("DE"));
        assert_eq!(guess("zh-Hant-TW").as_deref(), Some("TW"));
        assert_eq!(guess("en").as_deref(), None);
        assert_eq!(guess("").as_deref(), None);
    }
}
