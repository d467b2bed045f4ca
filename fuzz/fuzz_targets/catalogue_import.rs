//! Catalogue import: the JSON file and the admin form's air-date lines, checked without a
//! database (`catalog::import::parse` runs before anything is written). Never a panic.
#![no_main]
use cliffhanger::catalog::{import, parse_air_date_lines};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = import::parse(text);
    let _ = parse_air_date_lines(text);
});
