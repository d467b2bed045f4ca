//! Inline spoiler markup: never a panic; both forms keep the text's lines.
#![no_main]
use cliffhanger::domain::spoiler_markup::{strip, to_markdown_html};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let lines = text.split('\n').count();
    let stripped = strip(text);
    assert_eq!(stripped.split('\n').count(), lines);
    assert_eq!(to_markdown_html(text).split('\n').count(), lines);
    if !text.contains("||") {
        assert_eq!(stripped, text);
    }
});
