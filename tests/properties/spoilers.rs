//! Inline spoiler markup: never a panic; lines stay lines; a paired spoiler is hidden.
use cliffhanger::domain::spoiler_markup::{strip, to_markdown_html};
use proptest::prelude::*;

use crate::strategies::{config, unicode_text};

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_unicode_keeps_its_lines(text in unicode_text()) {
        let lines = text.split('\n').count();
        let stripped = strip(&text);
        prop_assert_eq!(stripped.split('\n').count(), lines);
        prop_assert_eq!(to_markdown_html(&text).split('\n').count(), lines);
        if !text.contains("||") {
            prop_assert_eq!(stripped, text);
        }
    }

    #[test]
    fn a_paired_spoiler_is_hidden(
        before in "[^|\n`]{0,20}",
        secret in "[^|\n]{0,20}",
        after in "[^|\n]{0,20}",
    ) {
        let text = format!("{before}||{secret}||{after}");
        prop_assert_eq!(strip(&text), format!("{before}[spoiler]{after}"));
        let html = to_markdown_html(&text);
        let wrapped = format!("<details class=\"spoiler\"><summary>Spoiler</summary>{secret}</details>");
        prop_assert!(html.contains(&wrapped), "{:?}", html);
    }
}
