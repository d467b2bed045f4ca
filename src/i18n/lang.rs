//! Which interface language a request gets: the account's choice, else the switcher's cookie,
//! else the browser's `Accept-Language`, else English.
use fluent_templates::LanguageIdentifier;

/// Set by the language switcher (`POST /language`).
pub const LANG_COOKIE: &str = "ch_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
    De,
    Es,
    PtBr,
}

impl Lang {
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Fr, Lang::De, Lang::Es, Lang::PtBr];

    /// BCP 47 code, as `<html lang>`, the cookie and the account setting store it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::Es => "es",
            Lang::PtBr => "pt-BR",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::De => "Deutsch",
            Lang::Es => "Español",
            Lang::PtBr => "Português (Brasil)",
        }
    }

    /// Exactly one of the five codes (case-insensitive); anything else is None.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The best match for an `Accept-Language` header, by quality then order: `fr-CA` gives
    /// French, `pt` and `pt-PT` give Brazilian Portuguese (the only Portuguese there is).
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        let mut best: Option<(f32, usize, Lang)> = None;
        for (i, part) in accept_language.split(',').enumerate() {
            let mut bits = part.split(';');
            let tag = bits.next().unwrap_or("").trim();
            let q = bits
                .find_map(|b| b.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            let primary = tag
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            let lang = match primary.as_str() {
                "en" => Lang::En,
                "fr" => Lang::Fr,
                "de" => Lang::De,
                "es" => Lang::Es,
                "pt" => Lang::PtBr,
                _ => continue,
            };
            if best.is_none_or(|(bq, bi, _)| q > bq || (q == bq && i < bi)) {
                best = Some((q, i, lang));
            }
        }
        best.map(|(_, _, l)| l)
    }

    /// Account setting, else cookie, else header, else English.
    pub fn resolve(account: Option<&str>, cookie: Option<&str>, accept: Option<&str>) -> Lang {
        account
            .and_then(Lang::from_code)
            .or_else(|| cookie.and_then(Lang::from_code))
            .or_else(|| accept.and_then(Lang::negotiate))
            .unwrap_or_default()
    }

    /// The language's Fluent identifier, parsed once (pages look up hundreds of messages).
    pub(super) fn id(self) -> &'static LanguageIdentifier {
        static IDS: std::sync::LazyLock<[LanguageIdentifier; 5]> = std::sync::LazyLock::new(|| {
            // The five codes are valid BCP 47 tags; parsing cannot fail for them.
            Lang::ALL.map(|l| l.code().parse().unwrap_or_default())
        });
        &IDS[self.index()]
    }

    /// Its place in `ALL`.
    pub(super) fn index(self) -> usize {
        Lang::ALL.iter().position(|l| *l == self).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_quality_then_order() {
        assert_eq!(Lang::negotiate("fr-CA,fr;q=0.9,en;q=0.8"), Some(Lang::Fr));
        assert_eq!(Lang::negotiate("ja,de;q=0.5,en;q=0.7"), Some(Lang::En));
        assert_eq!(Lang::negotiate("pt-PT"), Some(Lang::PtBr));
        assert_eq!(Lang::negotiate("ja, zh;q=0.5"), None);
        assert_eq!(Lang::negotiate("de;q=0, es"), Some(Lang::Es));
        assert_eq!(Lang::negotiate(""), None);
    }

    #[test]
    fn account_beats_cookie_beats_header() {
        assert_eq!(Lang::resolve(Some("de"), Some("fr"), Some("es")), Lang::De);
        assert_eq!(Lang::resolve(Some(""), Some("fr"), Some("es")), Lang::Fr);
        assert_eq!(Lang::resolve(None, Some("xx"), Some("es")), Lang::Es);
        assert_eq!(Lang::resolve(None, None, None), Lang::En);
        assert_eq!(Lang::from_code("PT-br"), Some(Lang::PtBr));
    }
}
