//! The Fluent catalogue itself, compiled into the binary from `src/i18n/locales`.
fluent_templates::static_loader! {
    pub(super) static LOCALES = {
        locales: "./src/i18n/locales",
        fallback_language: "en",
        // Bidi isolation marks around placeables would end up inside HTML attributes and
        // plain-text mail; every language here is left-to-right.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}
