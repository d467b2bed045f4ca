//! Word filters on arbitrary text and patterns: never a panic, a replace keeps every
//! character but the hidden ones, and the pattern written into the text is always caught.
#![no_main]
use arbitrary::Arbitrary;
use cliffhanger::moderation::filters::{apply, FilterAction, Outcome, WordFilter};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    filters: Vec<(&'a str, u8)>,
    text: &'a str,
    /// Writes the first filter's pattern between `text` and this, apart from both.
    embed_first: Option<&'a str>,
}

/// The moderators' form takes patterns of at most 100 characters.
fn as_stored(p: &str) -> String {
    p.chars().take(100).collect::<String>().trim().to_string()
}

fuzz_target!(|input: Input<'_>| {
    let filters: Vec<WordFilter> = input
        .filters
        .iter()
        .take(8)
        .enumerate()
        .map(|(i, (p, a))| {
            let action = match a % 3 {
                0 => FilterAction::Block,
                1 => FilterAction::Hold,
                _ => FilterAction::Replace,
            };
            WordFilter::new(i as i64, as_stored(p), action)
        })
        .collect();
    let first = filters
        .first()
        .map(|f| f.pattern.clone())
        .unwrap_or_default();
    let embedded = match input.embed_first {
        Some(tail) if !first.is_empty() => Some(format!("{} {first} {tail}", input.text)),
        _ => None,
    };
    let text = embedded.as_deref().unwrap_or(input.text);
    let out = apply(text, &filters);
    if let Outcome::Allow(s) | Outcome::Hold(s) = &out {
        assert_eq!(s.chars().count(), text.chars().count(), "{text:?} → {s:?}");
    }
    // Only a pattern that starts and ends with word characters can be told apart from its
    // neighbours by the spaces around it.
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    if embedded.is_some() {
        let bounded =
            first.chars().next().is_some_and(is_word) && first.chars().last().is_some_and(is_word);
        if bounded && filters[0].action == FilterAction::Block {
            assert!(
                matches!(out, Outcome::Block(_)),
                "{first:?} not caught in {text:?}"
            );
        }
    }
});
