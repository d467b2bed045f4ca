use super::invalid::Invalid;
use crate::i18n::Msg;

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
            return Err(Invalid::new(Msg::new("err-username-length")));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(Invalid::new(Msg::new("err-username-chars")));
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
            return Err(Invalid::new(Msg::new("err-password-length")));
        }
        Ok(Password(s.to_string()))
    }
}

/// How far zxcvbn reads: its matching grows fast with length, and 100 characters of
/// anything is already past guessing.
const STRENGTH_CHARS: usize = 100;

impl Password {
    /// A new account's password, per NIST SP 800-63B: 8-128 characters, not the username,
    /// and not among common or easily guessed passwords (zxcvbn score 3 or more, with the
    /// username as a known word).
    pub fn for_account(s: &str, username: &str) -> Result<Password, Invalid> {
        let password = Password::try_from(s)?;
        if s.trim().to_lowercase() == username.trim().to_lowercase() {
            return Err(Invalid::new(Msg::new("err-password-is-username")));
        }
        let head: String = s.chars().take(STRENGTH_CHARS).collect();
        let estimate = zxcvbn::zxcvbn(&head, &[username]);
        if (estimate.score() as u8) < 3 {
            let hint = estimate
                .feedback()
                .and_then(|f| f.warning())
                .map(|w| format!(" ({w})"))
                .unwrap_or_default();
            return Err(Invalid::new(
                Msg::new("err-password-weak").arg("hint", hint),
            ));
        }
        Ok(password)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_passwords_are_long_uncommon_and_not_the_username() {
        for weak in [
            "password",
            "password1",
            "12345678",
            "qwertyuiop",
            "iloveyou1",
        ] {
            assert!(Password::for_account(weak, "ann").is_err(), "{weak}");
        }
        let same = Password::for_account("Casey_Jones_1985", "casey_jones_1985");
        assert!(same.is_err_and(|e| e.0.to_string().contains("username")));
        assert!(Password::for_account("short", "ann").is_err());
        assert!(Password::for_account(&"x".repeat(129), "ann").is_err());
        for fine in ["correct horse battery", "lighthouse keeper owl 42"] {
            assert!(Password::for_account(fine, "ann").is_ok(), "{fine}");
        }
    }

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
