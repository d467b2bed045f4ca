//! Snippets for hits: the text is HTML-escaped first, then the words that matched (exactly,
//! by prefix, within the typo budget, or as a synonym) are wrapped in <mark>.
use super::query::{tokenize, typo_budget, ParsedQuery};

const BEFORE: usize = 10;
const WINDOW: usize = 36;

/// Appends `s` HTML-escaped (text and attribute values alike).
pub fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(s, &mut out);
    out
}

/// Words that count as a match for the query: its own words and their synonyms.
pub struct Matcher {
    words: Vec<(String, u8, bool)>,
}

impl Matcher {
    pub fn new(q: &ParsedQuery, synonyms: &[Vec<String>]) -> Matcher {
        let mut words: Vec<(String, u8, bool)> = Vec::new();
        let last = q.terms.len().saturating_sub(1);
        for (i, t) in q.terms.iter().enumerate() {
            words.push((t.clone(), typo_budget(t), q.prefix_last && i == last));
        }
        for w in q.phrases.iter().flatten() {
            words.push((w.clone(), 0, false));
        }
        for group in synonyms {
            if group
                .iter()
                .any(|g| q.all_words().any(|w| tokenize(g).contains(w)))
            {
                for g in group {
                    for w in tokenize(g) {
                        words.push((w, 0, false));
                    }
                }
            }
        }
        Matcher { words }
    }

    pub fn matches(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        self.words.iter().any(|(t, typos, prefix)| {
            w == *t
                || (*prefix && w.starts_with(t.as_str()))
                || (*typos > 0 && strsim::damerau_levenshtein(&w, t) <= *typos as usize)
        })
    }
}

/// A window of `text` around the first match, escaped, matches marked.
pub fn snippet(text: &str, matcher: &Matcher) -> String {
    // Word spans in byte offsets.
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    let first = spans
        .iter()
        .position(|(s, e)| matcher.matches(&text[*s..*e]))
        .unwrap_or(0);
    let from = first.saturating_sub(BEFORE);
    let to = (from + WINDOW).min(spans.len());
    let mut out = String::new();
    if spans.is_empty() {
        let short: String = text.chars().take(200).collect();
        escape_into(&short, &mut out);
        return out;
    }
    let begin = if from == 0 { 0 } else { spans[from].0 };
    if from > 0 {
        out.push('…');
    }
    let mut cursor = begin;
    for &(s, e) in &spans[from..to] {
        escape_into(&text[cursor..s], &mut out);
        let word = &text[s..e];
        if matcher.matches(word) {
            out.push_str("<mark>");
            escape_into(word, &mut out);
            out.push_str("</mark>");
        } else {
            escape_into(word, &mut out);
        }
        cursor = e;
    }
    if to < spans.len() {
        out.push('…');
    } else {
        escape_into(&text[cursor..], &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(q: &str) -> Matcher {
        Matcher::new(
            &ParsedQuery::parse(q),
            &[vec!["dany".into(), "daenerys targaryen".into()]],
        )
    }

    #[test]
    fn marks_exact_fuzzy_prefix_and_synonyms() {
        let s = snippet(
            "The lighthouse keeper met Daenerys Targaryen at the pier.",
            &m("lighthuose dany pi"),
        );
        assert!(s.contains("<mark>lighthouse</mark>"), "{s}");
        assert!(
            s.contains("<mark>Daenerys</mark> <mark>Targaryen</mark>"),
            "{s}"
        );
        assert!(s.contains("<mark>pier</mark>"), "{s}");
        assert!(!s.contains("<mark>keeper</mark>"), "{s}");
    }

    #[test]
    fn escapes_before_marking() {
        let s = snippet(
            "<script>alert('x')</script> keeper <b>bold</b>",
            &m("keeper"),
        );
        assert!(!s.contains("<script>") && !s.contains("<b>"), "{s}");
        assert!(
            s.contains("&lt;script&gt;") && s.contains("<mark>keeper</mark>"),
            "{s}"
        );
    }

    #[test]
    fn windows_long_text() {
        let text = format!("{} needle {}", "word ".repeat(100), "tail ".repeat(100));
        let s = snippet(&text, &m("needle"));
        assert!(
            s.starts_with('…') && s.ends_with('…') && s.contains("<mark>needle</mark>"),
            "{s}"
        );
    }
}
