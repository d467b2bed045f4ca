//! Word filters: a filter word is caught in any letter case, next to any punctuation, in
//! any text around it; arbitrary text and patterns never panic.
use cliffhanger::moderation::filters::{apply, FilterAction, Outcome, WordFilter};
use proptest::prelude::*;

use crate::strategies::{config, gap, punctuation, unicode_text, word_in_any_case};

fn filter(pattern: &str, action: FilterAction) -> WordFilter {
    WordFilter::new(1, pattern.to_string(), action)
}

/// A phrase of one to three words: (pattern as stored, as written in the text).
fn phrase() -> impl Strategy<Value = (String, String)> {
    (prop::collection::vec((word_in_any_case(), gap()), 1..4)).prop_map(|words| {
        let pattern = words
            .iter()
            .map(|((w, _), _)| w.as_str())
            .collect::<Vec<_>>();
        let mut written = String::new();
        for (i, ((_, cased), gap)) in words.iter().enumerate() {
            if i > 0 {
                written.push_str(gap);
            }
            written.push_str(cased);
        }
        (pattern.join(" "), written)
    })
}

/// Text with the written phrase inside: (text, char offset of the phrase).
fn surround(lead: &str, before: &str, written: &str, after: &str, tail: &str) -> (String, usize) {
    // A space ends the lead and starts the tail, so neither can run into the word.
    let lead = if lead.is_empty() {
        String::new()
    } else {
        format!("{lead} ")
    };
    let tail = if tail.is_empty() {
        String::new()
    } else {
        format!(" {tail}")
    };
    let at = lead.chars().count() + before.chars().count();
    (format!("{lead}{before}{written}{after}{tail}"), at)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_text_and_patterns_never_panic(
        text in unicode_text(),
        pattern in unicode_text(),
        action in 0u8..3,
    ) {
        let action = [FilterAction::Block, FilterAction::Hold, FilterAction::Replace][action as usize];
        let out = apply(&text, &[filter(&pattern, action)]);
        if let Outcome::Allow(s) | Outcome::Hold(s) = out {
            prop_assert_eq!(s.chars().count(), text.chars().count());
        }
    }

    #[test]
    fn a_filter_word_is_caught_in_any_case_next_to_any_punctuation(
        (pattern, written) in phrase(),
        lead in unicode_text(),
        before in punctuation(),
        after in punctuation(),
        tail in unicode_text(),
    ) {
        let (text, at) = surround(&lead, &before, &written, &after, &tail);

        let blocked = apply(&text, &[filter(&pattern, FilterAction::Block)]);
        prop_assert_eq!(blocked, Outcome::Block(pattern.clone()), "text {:?}", text);

        let held = apply(&text, &[filter(&pattern, FilterAction::Hold)]);
        prop_assert!(matches!(held, Outcome::Hold(_)), "text {:?}: {:?}", text, held);

        let Outcome::Allow(replaced) = apply(&text, &[filter(&pattern, FilterAction::Replace)]) else {
            return Err(TestCaseError::fail(format!("replace refused {text:?}")));
        };
        let span: String = replaced.chars().skip(at).take(written.chars().count()).collect();
        let hidden: String = written
            .chars()
            .map(|c| if c.is_whitespace() { c } else { '*' })
            .collect();
        prop_assert_eq!(span, hidden, "text {:?} → {:?}", text, replaced);
    }
}
