use super::invalid::Invalid;

/// 3-32 characters of ASCII letters, digits, `_` and `-`; compared case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The key that makes usernames unique regardless of case.
    pub fn lower(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl TryFrom<&str> for Username {
    type Error = Invalid;
    fn try_from(s: &str) -> Result<Self, Invalid> {
        let s = s.trim();
        let n = s.chars().count();
        if !(3..=32).contains(&n) {
            return Err(Invalid::new("Username must be 3 to 32 characters long."));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(Invalid::new(
                "Username may contain only letters, digits, '_' and '-'.",
            ));
        }
        Ok(Username(s.to_string()))
    }
}

/// 8-128 characters; never trimmed, never logged.
pub struct Password(String);

impl Password {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(********)")
    }
}

impl TryFrom<&str> for Password {
    type Error = Invalid;
    fn try_from(s: &str) -> Result<Self, Invalid> {
        let n = s.chars().count();
        if !(8..=128).contains(&n) {
            return Err(Invalid::new("Password must be 8 to 128 characters long."));
        }
        Ok(Password(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_usernames() {
        for ok in ["abc", "Jon_Snow", "a-b-c", &"x".repeat(32)] {
            assert!(Username::try_from(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_bad_usernames() {
        for bad in [
            "ab",
            "",
            &"x".repeat(33),
            "bad name",
            "<script>",
            "émile",
            "a/b",
        ] {
            assert!(Username::try_from(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lower_is_case_insensitive_key() {
        let u = Username::try_from("JonSnow").unwrap();
        assert_eq!(u.lower(), "jonsnow");
        assert_eq!(u.as_str(), "JonSnow");
    }

    #[test]
    fn password_length_bounds() {
        assert!(Password::try_from("1234567").is_err());
        assert!(Password::try_from("12345678").is_ok());
        assert!(Password::try_from(&*"p".repeat(128)).is_ok());
        assert!(Password::try_from(&*"p".repeat(129)).is_err());
        assert_eq!(
            format!("{:?}", Password::try_from("secret-pass").unwrap()),
            "Password(********)"
        );
    }
}
