//! Search query parsing and the highlighter: never a panic, and a snippet's only markup is
//! `<mark>`.
#![no_main]
use arbitrary::Arbitrary;
use cliffhanger::search::highlight::{snippet, Matcher};
use cliffhanger::search::parse_synonyms;
use cliffhanger::search::query::{ParsedQuery, MAX_QUERY_CHARS};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    query: &'a str,
    text: &'a str,
    synonyms: &'a str,
}

fuzz_target!(|input: Input<'_>| {
    let query: String = input.query.chars().take(MAX_QUERY_CHARS).collect();
    let q = ParsedQuery::parse(&query);
    let _ = q.is_empty();
    let synonyms = parse_synonyms(input.synonyms).unwrap_or_default();
    let matcher = Matcher::new(&q, &synonyms);
    let s = snippet(input.text, &matcher);
    let rest = s.replace("<mark>", "").replace("</mark>", "");
    assert!(!rest.contains('<') && !rest.contains('>'), "{s:?}");
});
