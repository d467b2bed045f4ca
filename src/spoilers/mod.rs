//! Spoiler shield: per-region air dates and watch progress decide what each viewer sees.
pub mod air;
pub mod airing;
pub mod calendar;
pub mod inline;
pub mod progress;
pub mod region;
pub mod shield;

pub use shield::Shield;
