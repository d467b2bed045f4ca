//! Spoiler shield: per-region air dates and watch progress decide what each viewer sees.
pub mod inline;
pub mod region;
pub mod shield;

pub use shield::Shield;
