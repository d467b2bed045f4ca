//! The query language: words, "quoted phrases", and a prefix match on the last word while
//! typing. Typo budget follows Meilisearch's defaults.
pub const MAX_QUERY_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    pub terms: Vec<String>,
    pub phrases: Vec<Vec<String>>,
    /// The last term may be an unfinished word: match it as a prefix too.
    pub prefix_last: bool,
}

/// Lowercased words of `text`: runs of letters and digits.
pub fn tokenize(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// Typos allowed in a word: none below 5 letters, 1 from 5, 2 from 9.
pub fn typo_budget(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

impl ParsedQuery {
    pub fn parse(text: &str) -> ParsedQuery {
        let mut q = ParsedQuery::default();
        let mut in_quote = false;
        let mut last_was_term = false;
        for (i, part) in text.split('"').enumerate() {
            if i > 0 {
                in_quote = !in_quote;
            }
            let words = tokenize(part);
            if in_quote {
                match words.len() {
                    0 => {}
                    1 => q.terms.extend(words),
                    _ => q.phrases.push(words),
                }
                last_was_term = false;
            } else if !words.is_empty() {
                q.terms.extend(words);
                last_was_term = true;
            }
        }
        let ends_open = text.chars().last().is_some_and(|c| c.is_alphanumeric());
        q.prefix_last = last_was_term && ends_open && !in_quote;
        q
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.phrases.is_empty()
    }

    /// Every word the query names, phrases included.
    pub fn all_words(&self) -> impl Iterator<Item = &String> {
        self.terms.iter().chain(self.phrases.iter().flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_terms_phrases_and_prefix() {
        let q = ParsedQuery::parse(r#"Nora "the lighthouse keeper" sher"#);
        assert_eq!(q.terms, ["nora", "sher"]);
        assert_eq!(q.phrases, [vec!["the", "lighthouse", "keeper"]]);
        assert!(q.prefix_last);
        assert!(!ParsedQuery::parse("nora ").prefix_last);
        assert!(!ParsedQuery::parse(r#""a b""#).prefix_last);
        assert!(ParsedQuery::parse("!!! ??? ").is_empty());
        assert_eq!(
            ParsedQuery::parse(r#"unclosed "quote here"#).phrases,
            [vec!["quote", "here"]]
        );
    }

    #[test]
    fn typo_budget_like_meilisearch() {
        assert_eq!(typo_budget("nora"), 0);
        assert_eq!(typo_budget("pruitt"), 1);
        assert_eq!(typo_budget("lighthouse"), 2);
    }
}
