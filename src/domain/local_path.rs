//! A redirect target that stays on this site: forms carry a `back` field, and a browser
//! sent to `/\evil.example` or `/<TAB>/evil.example` ends up on another site.
use super::invalid::Invalid;
use crate::i18n::Msg;

/// A path of this site (with its query and fragment), as the `url` crate serializes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPath(String);

/// Stands in for the site's origin: only the path part of a target is kept.
const DUMMY_ORIGIN: &str = "http://site.invalid/";

impl LocalPath {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `back` when it is a local path, else `fallback` (which the caller wrote itself).
    pub fn or(back: &str, fallback: &str) -> String {
        LocalPath::try_from(back)
            .map(|p| p.0)
            .unwrap_or_else(|_| fallback.to_string())
    }
}

impl TryFrom<&str> for LocalPath {
    type Error = Invalid;

    fn try_from(s: &str) -> Result<Self, Invalid> {
        let refuse = || Invalid::new(Msg::new("err-local-path"));
        let s = s.trim_matches(' ');
        // Browsers drop TAB/CR/LF inside URLs and read `\` as `/`, so either can turn a
        // path into `//host`; the url crate does the same, which is why these go first.
        if !s.starts_with('/')
            || s.starts_with("//")
            || s.contains('\\')
            || s.chars().any(char::is_control)
        {
            return Err(refuse());
        }
        let base = url::Url::parse(DUMMY_ORIGIN).map_err(|_| refuse())?;
        let parsed = base.join(s).map_err(|_| refuse())?;
        if parsed.origin() != base.origin() {
            return Err(refuse());
        }
        let mut out = parsed.path().to_string();
        if let Some(q) = parsed.query() {
            out.push('?');
            out.push_str(q);
        }
        if let Some(f) = parsed.fragment() {
            out.push('#');
            out.push_str(f);
        }
        Ok(LocalPath(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_paths_of_this_site() {
        for (given, kept) in [
            ("/", "/"),
            ("/shows/night-shift", "/shows/night-shift"),
            ("/threads/3?page=2#post-9", "/threads/3?page=2#post-9"),
            (" /settings ", "/settings"),
            ("/a b", "/a%20b"),
        ] {
            assert_eq!(
                LocalPath::try_from(given).unwrap().as_str(),
                kept,
                "{given}"
            );
        }
    }

    #[test]
    fn refuses_anything_that_leaves_the_site() {
        for bad in [
            "",
            "//evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/\t/evil.example",
            "/\r\n/evil.example",
            "/\u{0}x",
            "https://evil.example",
            "javascript:alert(1)",
            "evil.example",
            "/x\\y",
        ] {
            assert!(LocalPath::try_from(bad).is_err(), "{bad:?}");
            assert_eq!(LocalPath::or(bad, "/settings"), "/settings");
        }
    }
}
