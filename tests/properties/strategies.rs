//! Generators shared by the property tests.
use proptest::prelude::*;

/// A few hundred cases each keeps `cargo test` fast; the fuzz targets go deeper.
pub fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Characters that have broken text code before: lowercase forms of another byte length,
/// case-folding look-alikes, combining marks, invisible and line-breaking characters,
/// and the markup characters the parsers split on.
const TRICKY: &[&str] = &[
    "İ",
    "ı",
    "ẞ",
    "ß",
    "\u{212A}",
    "\u{212B}",
    "ſ",
    "ﬀ",
    "Σ",
    "ς",
    "ǅ",
    "\u{301}",
    "\u{200B}",
    "\u{200D}",
    "\u{FEFF}",
    "\u{0}",
    "\u{7F}",
    "\r",
    "\n",
    "\t",
    " ",
    "\u{A0}",
    "\u{2028}",
    "\u{3000}",
    "🦀",
    "👩‍👩‍👧",
    "||",
    "|",
    "\"",
    "'",
    "<",
    ">",
    "&",
    "`",
    "*",
    "_",
    "#",
    "[",
    "]",
    "(",
    ")",
    "\\",
    "{",
    "}",
    ":",
    ",",
    "=",
    "-",
    ".",
    "…",
    "—",
];

/// Arbitrary Unicode, weighted towards the characters in `TRICKY` and short words.
pub fn unicode_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => any::<char>().prop_map(String::from),
            3 => prop::sample::select(TRICKY).prop_map(str::to_string),
            1 => "[a-zA-Z]{1,8}",
        ],
        0..48,
    )
    .prop_map(|parts| parts.concat())
}

/// Letters whose upper and lower case are one character each, and three with a second
/// upper-case look-alike that folds to them: the Kelvin sign, the long s, the Ångström sign.
const LETTERS: &[char] = &[
    'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's',
    't', 'u', 'v', 'w', 'x', 'y', 'z', 'é', 'ñ', 'ö', 'ç', 'ø', 'ł', 'å', 'ж', 'д', 'я', 'σ', 'λ',
];

/// A word in lower case (as word filters are stored) and the same word in a random casing.
pub fn word_in_any_case() -> impl Strategy<Value = (String, String)> {
    prop::collection::vec((prop::sample::select(LETTERS), 0u8..4), 1..10).prop_map(|letters| {
        let lower: String = letters.iter().map(|(c, _)| *c).collect();
        let cased = letters
            .iter()
            .map(|&(c, case)| match (c, case) {
                (_, 0) => c,
                ('k', 3) => '\u{212A}',
                ('s', 3) => 'ſ',
                ('å', 3) => '\u{212B}',
                _ => c.to_uppercase().next().unwrap_or(c),
            })
            .collect();
        (lower, cased)
    })
}

/// Punctuation and spacing that may touch a word without being part of it.
const PUNCTUATION: &[&str] = &[
    ".", ",", "!", "?", ";", ":", "\"", "'", "(", ")", "[", "]", "{", "}", "-", "—", "–", "…", "«",
    "»", "¡", "¿", "*", "/", "#", "@", "~", "<", ">", "“", "”", "‘", "’", "。", "、", "|",
    "\u{A0}", "\t", "\n", " ",
];

pub fn punctuation() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PUNCTUATION), 0..4).prop_map(|p| p.concat())
}

const SPACES: &[&str] = &[" ", "\t", "\n", "\u{A0}", "\u{3000}"];

/// Whitespace between the words of a phrase.
pub fn gap() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(SPACES), 1..3).prop_map(|g| g.concat())
}
