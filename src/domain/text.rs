use super::invalid::Invalid;
use crate::i18n::Msg;

pub const POST_MAX_CHARS: usize = 32_000;

/// Thread title: 3-200 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadTitle(String);

impl ThreadTitle {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<&str> for ThreadTitle {
    type Error = Invalid;
    fn try_from(s: &str) -> Result<Self, Invalid> {
        let s = s.trim();
        let n = s.chars().count();
        if n < 3 {
            return Err(Invalid::new(Msg::new("err-title-short")));
        }
        if n > 200 {
            return Err(Invalid::new(Msg::new("err-title-long").arg("count", n)));
        }
        Ok(ThreadTitle(s.to_string()))
    }
}

/// Why a post body was refused: too long is its own case (HTTP 413).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    Empty,
    TooLong(usize),
}

impl BodyError {
    pub fn message(&self) -> Msg {
        match self {
            BodyError::Empty => Msg::new("err-post-empty"),
            BodyError::TooLong(n) => Msg::new("err-post-long")
                .arg("count", n)
                .arg("limit", POST_MAX_CHARS),
        }
    }
}

/// Markdown source of a post: not blank, at most 32,000 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostBody(String);

impl PostBody {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<&str> for PostBody {
    type Error = BodyError;
    fn try_from(s: &str) -> Result<Self, BodyError> {
        if s.trim().is_empty() {
            return Err(BodyError::Empty);
        }
        let n = s.chars().count();
        if n > POST_MAX_CHARS {
            return Err(BodyError::TooLong(n));
        }
        // Normalise line endings so edits round-trip the same text.
        Ok(PostBody(s.replace("\r\n", "\n")))
    }
}

/// URL slug: 1-64 lowercase ASCII letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<&str> for Slug {
    type Error = Invalid;
    fn try_from(s: &str) -> Result<Self, Invalid> {
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if ok {
            Ok(Slug(s.to_string()))
        } else {
            Err(Invalid::new(Msg::new("err-slug").arg("value", s)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_bounds() {
        assert!(ThreadTitle::try_from("  ab  ").is_err());
        assert_eq!(ThreadTitle::try_from("  abc ").unwrap().as_str(), "abc");
        assert!(ThreadTitle::try_from(&*"t".repeat(200)).is_ok());
        assert!(ThreadTitle::try_from(&*"t".repeat(201)).is_err());
    }

    #[test]
    fn body_bounds() {
        assert_eq!(PostBody::try_from(" \n\t").unwrap_err(), BodyError::Empty);
        assert!(PostBody::try_from(&*"b".repeat(POST_MAX_CHARS)).is_ok());
        assert_eq!(
            PostBody::try_from(&*"b".repeat(POST_MAX_CHARS + 1)).unwrap_err(),
            BodyError::TooLong(POST_MAX_CHARS + 1)
        );
        assert_eq!(PostBody::try_from("a\r\nb").unwrap().as_str(), "a\nb");
    }

    #[test]
    fn slugs() {
        for ok in ["the-expanse", "dark", "s1"] {
            assert!(Slug::try_from(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "The-Expanse",
            "-a",
            "a-",
            "a--b",
            "a b",
            "a/b",
            &"a".repeat(65),
        ] {
            assert!(Slug::try_from(bad).is_err(), "{bad}");
        }
    }
}
