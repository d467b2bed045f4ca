//! The interface's languages. Every sentence a page, an error or a notice shows lives in the
//! Fluent catalogue under `src/i18n/locales/{lang}/*.ftl`; code and templates name keys.
//! English is the reference: every other locale must carry every English key (tested).
mod lang;
mod msg;
pub mod tr;

pub use lang::{Lang, LANG_COOKIE};
pub use msg::Msg;
pub use tr::{Arg, Tr};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./src/i18n/locales",
        fallback_language: "en",
        // Bidi isolation marks around placeables would end up inside HTML attributes and
        // plain-text mail; every language here is left-to-right.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}
