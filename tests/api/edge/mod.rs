//! The site's edge: where forms may send a browser.
mod content;
