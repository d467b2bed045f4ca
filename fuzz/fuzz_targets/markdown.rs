//! Markdown rendering and sanitizing: never a panic, never a live script in the output.
#![no_main]
use libfuzzer_sys::fuzz_target;

// The same scan as the property tests of `cargo test`.
#[path = "../../tests/properties/html_scan.rs"]
mod html_scan;

fuzz_target!(|src: &str| {
    let html = cliffhanger::forum::markdown::render(src);
    if let Some(bad) = html_scan::live_script(&html) {
        panic!("live script {bad:?} in {html:?} from {src:?}");
    }
    let _ = cliffhanger::forum::markdown::plain_text(src);
});
