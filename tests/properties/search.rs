//! Search query parsing and the highlighter: never a panic; a snippet's only markup is
//! `<mark>`; a word of the query found in the text is marked.
use cliffhanger::search::highlight::{snippet, Matcher};
use cliffhanger::search::query::{tokenize, ParsedQuery};
use proptest::prelude::*;

use crate::strategies::{config, unicode_text, word_in_any_case};

fn only_marks(s: &str) -> bool {
    let rest = s.replace("<mark>", "").replace("</mark>", "");
    !rest.contains('<') && !rest.contains('>')
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_queries_and_texts_never_panic(
        query in unicode_text(),
        text in unicode_text(),
        synonym in unicode_text(),
    ) {
        let q = ParsedQuery::parse(&query);
        let words = tokenize(&query);
        for w in q.all_words() {
            prop_assert!(words.contains(w), "{:?} not a word of {:?}", w, query);
        }
        let matcher = Matcher::new(&q, &[vec![synonym, "x".into()]]);
        let s = snippet(&text, &matcher);
        prop_assert!(only_marks(&s), "{:?}", s);
    }

    #[test]
    fn a_query_word_in_the_text_is_marked(
        (_, word) in word_in_any_case(),
        lead in unicode_text(),
        tail in unicode_text(),
        quoted in any::<bool>(),
    ) {
        let text = format!("{lead} {word} {tail}");
        let query = if quoted { format!("\"{word}\"") } else { word.clone() };
        let s = snippet(&text, &Matcher::new(&ParsedQuery::parse(&query), &[]));
        prop_assert!(s.contains("<mark>") && only_marks(&s), "{:?} in {:?}: {:?}", query, text, s);
    }
}
