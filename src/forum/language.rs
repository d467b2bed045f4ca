//! A post's language, settled when it is written: the author's choice when they made one,
//! else what `whatlang` detects in the text, else (text too short, or detection not
//! reliable) the author's interface language, else unknown.
use std::sync::LazyLock;

use whatlang::{Detector, Lang};

use crate::domain::{ContentLang, LangChoice, PostLang};

/// Letters a text needs before its language is guessed from it: below that, whatlang's
/// guesses ("ok", "lol", "Ja!") are noise even when it calls them reliable.
pub const MIN_DETECT_LETTERS: usize = 15;

/// whatlang's languages for the supported content languages, one to one.
const DETECTABLE: [(Lang, &str); 18] = [
    (Lang::Eng, "en"),
    (Lang::Fra, "fr"),
    (Lang::Deu, "de"),
    (Lang::Spa, "es"),
    (Lang::Por, "pt"),
    (Lang::Ita, "it"),
    (Lang::Nld, "nl"),
    (Lang::Swe, "sv"),
    (Lang::Dan, "da"),
    (Lang::Nob, "nb"),
    (Lang::Fin, "fi"),
    (Lang::Pol, "pl"),
    (Lang::Rus, "ru"),
    (Lang::Ukr, "uk"),
    (Lang::Tur, "tr"),
    (Lang::Jpn, "ja"),
    (Lang::Kor, "ko"),
    (Lang::Cmn, "zh"),
];

/// Only the supported languages compete, which keeps a Spanish post from being called
/// Galician or Catalan (a code no select or filter offers).
static DETECTOR: LazyLock<Detector> =
    LazyLock::new(|| Detector::with_allowlist(DETECTABLE.iter().map(|(l, _)| *l).collect()));

/// The text a post's language is judged on: its words without Markdown, spoilers or quoted
/// lines (a reply quoting an English post may well be French).
fn own_words(src: &str) -> String {
    let unquoted: Vec<&str> = src
        .lines()
        .filter(|l| !l.trim_start().starts_with('>'))
        .collect();
    super::markdown::plain_text(&unquoted.join("\n"))
}

/// The language detected in `src` (Markdown), when the text is long enough and whatlang is
/// confident.
pub fn detect(src: &str) -> Option<ContentLang> {
    let text = own_words(src);
    if text.chars().filter(|c| c.is_alphabetic()).count() < MIN_DETECT_LETTERS {
        return None;
    }
    let info = DETECTOR.detect(&text).filter(|i| i.is_reliable())?;
    let code = DETECTABLE.iter().find(|(l, _)| *l == info.lang())?.1;
    ContentLang::parse(code)
}

/// The language to store for a post written (or edited) now in `src`: the author's choice,
/// else what the text says, else (too short to tell) the interface language the author
/// writes in, which already follows their account setting, cookie or browser.
pub fn resolve(choice: LangChoice, interface: crate::i18n::Lang, src: &str) -> PostLang {
    if let LangChoice::Chosen(lang) = choice {
        return PostLang {
            lang: Some(lang),
            chosen: true,
        };
    }
    PostLang {
        lang: detect(src).or_else(|| ContentLang::from_interface(interface.code())),
        chosen: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(src: &str) -> Option<&'static str> {
        detect(src).map(ContentLang::as_str)
    }

    #[test]
    fn detects_longer_texts() {
        assert_eq!(
            code("Je pense que la fin de cet épisode était vraiment incroyable, non ?"),
            Some("fr")
        );
        assert_eq!(
            code("I really think the ending of this episode was incredible, right?"),
            Some("en")
        );
        assert_eq!(
            code(
                "Creo que el final de este episodio fue realmente increíble y que todos los personajes están muy bien escritos."),
            Some("es")
        );
    }

    #[test]
    fn short_texts_are_not_guessed() {
        assert_eq!(code("lol"), None);
        assert_eq!(code("Oui !"), None);
        assert_eq!(code("👍👍👍 https://x.y 12345"), None);
    }

    #[test]
    fn quoted_lines_do_not_count() {
        let src = "> **ann** wrote:\n>\n> I really think the ending of this episode was incredible and everyone should watch it twice.\n\nNon.";
        assert_eq!(code(src), None);
        let src = "> I really think the ending of this episode was incredible.\n\nJe ne suis pas du tout d'accord avec toi sur ce point.";
        assert_eq!(code(src), Some("fr"));
    }
}
