//! Times as a viewer reads them: in their time zone, with the zone named, in their language.
//! Pages print every instant through `format_local`; `<time datetime>` keeps `iso_ms` (UTC).
use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;

/// The zone the catalogue and the viewer name: an IANA name (`Europe/Paris`) or a fixed
/// offset written `+02:00` / `-04:00` (what an RFC 3339 air time carries). None when unknown.
pub fn zone(name: &str) -> Option<TimeZone> {
    let name = name.trim();
    if let Some(rest) = name.strip_prefix(['+', '-']) {
        let (h, m) = rest.split_once(':')?;
        let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
        if h > 23 || m > 59 || rest.len() != 5 {
            return None;
        }
        let secs = (h * 3600 + m * 60) * if name.starts_with('-') { -1 } else { 1 };
        return Offset::from_seconds(secs).ok().map(TimeZone::fixed);
    }
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_graphic()) {
        return None;
    }
    TimeZone::get(name).ok()
}

/// The canonical spelling of an IANA zone name (`europe/paris` → `Europe/Paris`), or None
/// when the bundled tz database does not know it. Offsets are not accepted here.
pub fn iana_zone(name: &str) -> Option<String> {
    if name.trim().starts_with(['+', '-']) {
        return None;
    }
    zone(name)?.iana_name().map(str::to_string)
}

/// Month and weekday names and the order of a date's parts, per interface language.
struct Words {
    weekdays: [&'static str; 7],
    months: [&'static str; 12],
    /// (weekday, day, month, year, time, zone) → the text.
    shape: fn(&str, i8, &str, i16, &str, &str) -> String,
}

const EN: Words = Words {
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    shape: |w, d, m, y, t, z| format!("{w} {d} {m} {y}, {t} {z}"),
};

const FR: Words = Words {
    weekdays: ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
    months: [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ],
    shape: |w, d, m, y, t, z| format!("{w} {d} {m} {y}, {t} {z}"),
};

const DE: Words = Words {
    weekdays: ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."],
    months: [
        "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.",
        "Dez.",
    ],
    shape: |w, d, m, y, t, z| format!("{w}, {d}. {m} {y}, {t} {z}"),
};

const ES: Words = Words {
    weekdays: ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"],
    months: [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
    ],
    shape: |w, d, m, y, t, z| format!("{w}, {d} {m} {y}, {t} {z}"),
};

const PT_BR: Words = Words {
    weekdays: ["seg.", "ter.", "qua.", "qui.", "sex.", "sáb.", "dom."],
    months: [
        "jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.",
        "dez.",
    ],
    shape: |w, d, m, y, t, z| format!("{w}, {d} de {m} de {y}, {t} {z}"),
};

/// `lang` is a BCP-47 tag; its language picks the table (`pt-BR` and `pt` share one), and
/// anything else reads as English.
fn words(lang: &str) -> &'static Words {
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    match primary.to_ascii_lowercase().as_str() {
        "fr" => &FR,
        "de" => &DE,
        "es" => &ES,
        "pt" => &PT_BR,
        _ => &EN,
    }
}

/// "Mon 9 Sep 2024, 03:00 CEST": `ms` (unix milliseconds) in the zone `zone_name` (IANA
/// name or offset; an unknown one reads as UTC), in the language `lang`. The zone is named
/// by its abbreviation where the tz database has a lettered one, else as `UTC-03`.
pub fn format_local(ms: i64, zone_name: &str, lang: &str) -> String {
    let Ok(ts) = Timestamp::from_millisecond(ms) else {
        return String::new();
    };
    let tz = zone(zone_name).unwrap_or(TimeZone::UTC);
    let zoned = ts.to_zoned(tz.clone());
    let info = tz.to_offset_info(ts);
    let abbreviation = info.abbreviation();
    let zone_label = if abbreviation.starts_with(|c: char| c.is_ascii_alphabetic()) {
        abbreviation.to_string()
    } else {
        format!("UTC{}", offset_text(info.offset().seconds()))
    };
    let w = words(lang);
    let weekday = w.weekdays[zoned.weekday().to_monday_zero_offset() as usize];
    let month = w.months[(zoned.month() - 1) as usize];
    let time = format!("{:02}:{:02}", zoned.hour(), zoned.minute());
    (w.shape)(
        weekday,
        zoned.day(),
        month,
        zoned.year(),
        &time,
        &zone_label,
    )
}

/// `+02:00`, `-03:30`; whole hours as `-03`.
fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let (h, m) = (seconds.abs() / 3600, seconds.abs() % 3600 / 60);
    if m == 0 {
        format!("{sign}{h:02}")
    } else {
        format!("{sign}{h:02}:{m:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2024-09-09T01:00Z: 21:00 in New York on the 8th, 03:00 in Paris on the 9th.
    const SEP9_0100Z: i64 = 1_725_843_600_000;
    /// 2024-01-15T12:00Z, a winter Monday.
    const JAN15_1200Z: i64 = 1_705_320_000_000;

    #[test]
    fn names_the_zone_and_follows_daylight_saving() {
        assert_eq!(
            format_local(SEP9_0100Z, "Europe/Paris", "en"),
            "Mon 9 Sep 2024, 03:00 CEST"
        );
        assert_eq!(
            format_local(JAN15_1200Z, "Europe/Paris", "en"),
            "Mon 15 Jan 2024, 13:00 CET"
        );
        assert_eq!(
            format_local(SEP9_0100Z, "America/New_York", "en"),
            "Sun 8 Sep 2024, 21:00 EDT"
        );
        assert_eq!(
            format_local(JAN15_1200Z, "America/New_York", "en"),
            "Mon 15 Jan 2024, 07:00 EST"
        );
        // The tz database has no lettered abbreviation for São Paulo.
        assert_eq!(
            format_local(SEP9_0100Z, "America/Sao_Paulo", "en"),
            "Sun 8 Sep 2024, 22:00 UTC-03"
        );
        assert_eq!(
            format_local(SEP9_0100Z, "+05:30", "en"),
            "Mon 9 Sep 2024, 06:30 UTC+05:30"
        );
        assert_eq!(
            format_local(0, "Not/AZone", "en"),
            "Thu 1 Jan 1970, 00:00 UTC"
        );
    }

    #[test]
    fn dates_follow_the_language() {
        let at = |lang| format_local(SEP9_0100Z, "Europe/Paris", lang);
        assert_eq!(at("fr"), "lun. 9 sept. 2024, 03:00 CEST");
        assert_eq!(at("de"), "Mo., 9. Sept. 2024, 03:00 CEST");
        assert_eq!(at("es"), "lun, 9 sept 2024, 03:00 CEST");
        assert_eq!(at("pt-BR"), "seg., 9 de set. de 2024, 03:00 CEST");
        assert_eq!(at("xx"), at("en"));
    }

    #[test]
    fn zones_are_iana_names_or_offsets() {
        assert_eq!(iana_zone("europe/paris").as_deref(), Some("Europe/Paris"));
        assert_eq!(iana_zone("Mars/Olympus"), None);
        assert_eq!(iana_zone(""), None);
        assert_eq!(iana_zone("+02:00"), None);
        assert!(zone("-04:00").is_some());
        assert!(zone("+24:00").is_none());
        assert!(zone("+2:00").is_none());
        assert!(zone("../../etc/passwd").is_none());
    }
}
