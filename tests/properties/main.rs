//! Property tests of the parsers that take user text: no panic on arbitrary Unicode, and
//! the rule each one exists for. The same functions have `cargo fuzz` targets (FUZZING.md).
mod catalog;
mod chat;
mod filters;
mod html_scan;
mod markdown;
mod search;
mod spoilers;
mod strategies;
