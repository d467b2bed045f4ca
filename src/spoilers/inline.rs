//! Inline spoilers: `||hidden text||` in posts becomes a click-to-reveal element that works
//! without JavaScript (`<details>`), and is left out of titles, snippets and the index.
pub use crate::domain::spoiler_markup::{strip, to_markdown_html};
