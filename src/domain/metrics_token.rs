//! The bearer token that lets a scraper off this machine read `/metrics`.
use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Shortest token accepted: a guessable one would make the check pointless.
pub const METRICS_TOKEN_MIN_CHARS: usize = 16;
const MAX_CHARS: usize = 512;

/// A checked `--metrics-token`: 16 to 512 visible ASCII characters (it travels in a header).
/// `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct MetricsToken(String);

impl FromStr for MetricsToken {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let n = s.chars().count();
        if n < METRICS_TOKEN_MIN_CHARS {
            return Err(format!(
                "the metrics token needs at least {METRICS_TOKEN_MIN_CHARS} characters (it has {n}); `openssl rand -hex 32` makes one"
            ));
        }
        if n > MAX_CHARS {
            return Err(format!(
                "the metrics token may have at most {MAX_CHARS} characters"
            ));
        }
        if !s.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(
                "the metrics token may hold only visible ASCII characters, no spaces".into(),
            );
        }
        Ok(MetricsToken(s.to_owned()))
    }
}

impl MetricsToken {
    /// Whether `presented` is this token. Both sides are hashed first and the digests
    /// compared in constant time, so neither the content nor the length leaks through
    /// timing.
    pub fn matches(&self, presented: &str) -> bool {
        let want = Sha256::digest(self.0.as_bytes());
        let got = Sha256::digest(presented.as_bytes());
        want.ct_eq(&got).into()
    }
}

impl fmt::Debug for MetricsToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MetricsToken(********)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_spaced_or_control_tokens_are_refused() {
        assert!("short".parse::<MetricsToken>().unwrap_err().contains("16"));
        assert!("has a space in the middle".parse::<MetricsToken>().is_err());
        assert!("tab\tinside-0123456789".parse::<MetricsToken>().is_err());
        assert!("x".repeat(513).parse::<MetricsToken>().is_err());
        assert!("0123456789abcdef".parse::<MetricsToken>().is_ok());
    }

    #[test]
    fn matches_only_the_same_token() {
        let t: MetricsToken = "0123456789abcdef-secret".parse().unwrap();
        assert!(t.matches("0123456789abcdef-secret"));
        assert!(!t.matches("0123456789abcdef-secreT"));
        assert!(!t.matches("0123456789abcdef-secret "));
        assert!(!t.matches(""));
    }

    #[test]
    fn debug_hides_the_token() {
        let t: MetricsToken = "0123456789abcdef-secret".parse().unwrap();
        assert!(!format!("{t:?}").contains("secret"));
    }
}
