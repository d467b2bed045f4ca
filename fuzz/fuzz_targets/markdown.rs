//! Markdown rendering and sanitizing: never a panic, never a live script in the output.
#![no_main]
use libfuzzer_sys::fuzz_target;

// The same scan as the property tests of `cargo test`.
#[path = "../../tests/properties/html_scan.rs"]
mod html_scan;

use cliffhanger::forum::markdown::{render, RemoteImages};

fuzz_target!(|src: &str| {
    for images in [RemoteImages::Show, RemoteImages::Link] {
        let html = render(src, images);
        if let Some(bad) = html_scan::live_script(&html) {
            panic!("live script {bad:?} in {html:?} from {src:?}");
        }
    }
    let _ = cliffhanger::forum::markdown::plain_text(src);
});
