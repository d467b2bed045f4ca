//! The interface's languages. Every sentence a page, an error or a notice shows lives in the
//! Fluent catalogue under `src/i18n/locales/{lang}/*.ftl`; code and templates name keys.
//! English is the reference: every other locale must carry every English key (tested).
mod catalogue;
mod lang;
mod msg;
pub mod tr;

pub use lang::{Lang, LANG_COOKIE};
pub use msg::Msg;
pub use tr::{Arg, Tr};
