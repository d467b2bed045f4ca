//! The language a post is written in: a BCP-47 code from a fixed set of supported content
//! languages. Unknown ("und") is no value at all (`None`), so it never reaches markup or a
//! filter.

use crate::i18n::Msg;

/// Content languages a post may have, with their names in themselves (for the selects).
pub const CONTENT_LANGUAGES: [(&str, &str); 18] = [
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("pt", "Português"),
    ("it", "Italiano"),
    ("nl", "Nederlands"),
    ("sv", "Svenska"),
    ("da", "Dansk"),
    ("nb", "Norsk bokmål"),
    ("fi", "Suomi"),
    ("pl", "Polski"),
    ("ru", "Русский"),
    ("uk", "Українська"),
    ("tr", "Türkçe"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("zh", "中文"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentLang(&'static str);

impl ContentLang {
    /// A supported code, any case ("FR" is "fr"); None for anything else.
    pub fn parse(code: &str) -> Option<ContentLang> {
        let code = code.trim();
        CONTENT_LANGUAGES
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(code))
            .map(|(c, _)| ContentLang(c))
    }

    /// The content language of an interface language: its primary subtag ("pt-BR" is "pt").
    pub fn from_interface(code: &str) -> Option<ContentLang> {
        ContentLang::parse(code.split(['-', '_']).next().unwrap_or_default())
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }
}

/// What a form's language select sends: empty for "detect automatically", else a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangChoice {
    Detect,
    Chosen(ContentLang),
}

impl LangChoice {
    pub fn parse(field: &str) -> Result<LangChoice, Msg> {
        let field = field.trim();
        if field.is_empty() {
            return Ok(LangChoice::Detect);
        }
        ContentLang::parse(field)
            .map(LangChoice::Chosen)
            .ok_or_else(|| Msg::new("err-content-lang").arg("code", field))
    }
}

/// A post's language as stored: the code, and whether its author chose it (an edit keeps a
/// chosen language instead of detecting it again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PostLang {
    pub lang: Option<ContentLang>,
    pub chosen: bool,
}

impl PostLang {
    pub fn code(&self) -> Option<&'static str> {
        self.lang.map(ContentLang::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_in_any_case_and_unknown_ones_do_not() {
        assert_eq!(
            ContentLang::parse(" FR ").map(ContentLang::as_str),
            Some("fr")
        );
        assert_eq!(ContentLang::parse("xx"), None);
        assert_eq!(ContentLang::parse("und"), None);
        assert_eq!(ContentLang::parse(""), None);
    }

    #[test]
    fn interface_languages_map_to_their_primary_subtag() {
        assert_eq!(
            ContentLang::from_interface("pt-BR").map(ContentLang::as_str),
            Some("pt")
        );
        assert_eq!(
            ContentLang::from_interface("en").map(ContentLang::as_str),
            Some("en")
        );
        assert_eq!(ContentLang::from_interface("tlh"), None);
    }

    #[test]
    fn an_empty_choice_detects_and_a_bad_one_is_refused() {
        assert_eq!(LangChoice::parse(""), Ok(LangChoice::Detect));
        assert!(matches!(LangChoice::parse("es"), Ok(LangChoice::Chosen(l)) if l.as_str() == "es"));
        assert!(LangChoice::parse("klingon").is_err());
    }
}
