//! Secrets kept out of logs and error messages.

/// Hides the password part of a URL (database or Meilisearch); anything that does not parse
/// as a URL with a password is returned as is.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("********"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_password_is_hidden() {
        assert_eq!(
            redact_url("postgres://app:hunter2@db:5432/cliff"),
            "postgres://app:********@db:5432/cliff"
        );
        assert_eq!(redact_url("http://127.0.0.1:7700"), "http://127.0.0.1:7700");
        assert_eq!(redact_url("not a url"), "not a url");
    }
}
