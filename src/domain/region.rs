//! Regions whose air dates apply: a catalogue's air-date lines and a visitor's choice
//! both name one.
use super::invalid::Invalid;
use crate::i18n::Msg;

/// ISO 3166-1 alpha-2 region code, upper-cased.
pub fn parse_region(s: &str) -> Result<String, Invalid> {
    let up = s.trim().to_ascii_uppercase();
    if up.len() == 2 && up.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(up)
    } else {
        Err(Invalid::new(Msg::new("err-region-code").arg("value", s)))
    }
}
