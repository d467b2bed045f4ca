//! Mail: password-reset links, address confirmations and (for the notifications code)
//! one-off messages to a user. Nothing is sent from a request: a message is written to the
//! `mail_outbox` table in the transaction of whatever caused it, and a background task
//! ([`sender`]) sends it and deletes it once the SMTP server accepted it, retrying with
//! back-off while the server is unreachable. A crash between "the link is on its way" and
//! the send therefore loses nothing: the next start sends it.
//!
//! Without `--smtp-url` there is no sender and [`Outbox::enabled`] is false: the pages say
//! that resets go through an admin (`cliffhanger admin reset-password`).
pub mod sender;

use crate::i18n::Msg;
use std::sync::Arc;

use tokio::sync::Notify;

use crate::db::{self, Db, Tx};

/// Longest address accepted (RFC 5321's limit on a path).
pub const MAX_ADDRESS_CHARS: usize = 254;

/// Where mail goes out and how its links start.
#[derive(Clone)]
pub struct MailSettings {
    /// `smtp://host:port` (plain, for a local relay or tests), `smtps://user:pass@host`
    /// (TLS), or `smtp://…?tls=required` (STARTTLS); `None`: no mail.
    pub smtp_url: Option<String>,
    /// The From header, e.g. `Cliffhanger <noreply@example.org>`.
    pub from: String,
    /// Links in mail start with this (`https://fans.example.org`), never with a Host header
    /// a request could forge.
    pub public_url: Option<String>,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            smtp_url: None,
            from: DEFAULT_FROM.into(),
            public_url: None,
        }
    }
}

pub const DEFAULT_FROM: &str = "Cliffhanger <noreply@localhost>";

/// The handle requests use: whether mail is on, the links' base, and a nudge for the sender.
#[derive(Clone)]
pub struct Outbox {
    enabled: bool,
    public_url: String,
    wake: Arc<Notify>,
}

impl Outbox {
    /// Mail off: nothing is queued or sent.
    pub fn disabled(public_url: String) -> Outbox {
        Outbox {
            enabled: false,
            public_url,
            wake: Arc::new(Notify::new()),
        }
    }

    /// Checks the settings, and with an SMTP URL starts the sender on `db`.
    pub fn start(db: &Db, settings: &MailSettings, public_url: String) -> anyhow::Result<Outbox> {
        let Some(url) = &settings.smtp_url else {
            return Ok(Outbox::disabled(public_url));
        };
        let wake = Arc::new(Notify::new());
        let transport = sender::Transport::new(url, &settings.from)?;
        sender::spawn(db.clone(), transport, wake.clone());
        Ok(Outbox {
            enabled: true,
            public_url,
            wake,
        })
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// An absolute link to `path` (which starts with `/`).
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.trim_end_matches('/'))
    }

    /// Tells the sender that a message was committed (it also looks on its own every
    /// `sender::POLL`, for messages other nodes queued).
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// Queues one message to a user's confirmed address in the caller's transaction, so that
/// it is sent if and only if the transaction commits; returns false (nothing queued) when
/// the user has no confirmed address or the account was deleted. Call
/// [`Outbox::wake`] after committing. The notifications code uses this for its instant
/// and digest mail; bodies are plain text.
pub async fn queue(
    tx: &mut Tx,
    user_id: i64,
    subject: &str,
    body: &str,
) -> Result<bool, sqlx::Error> {
    db::mail_outbox::insert_for_user(tx, user_id, subject, body).await
}

/// Queues one message to an explicit address (an address waiting for its confirmation).
pub async fn queue_to(
    tx: &mut Tx,
    user_id: i64,
    address: &str,
    subject: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    db::mail_outbox::insert_to(tx, Some(user_id), address, subject, body).await
}

/// An address as typed, trimmed, if it is one SMTP can deliver to.
pub fn parse_address(raw: &str) -> Result<String, Msg> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Msg::new("err-email-empty"));
    }
    if s.chars().count() > MAX_ADDRESS_CHARS {
        return Err(Msg::new("err-email-long").arg("limit", MAX_ADDRESS_CHARS));
    }
    match s.parse::<lettre::Address>() {
        Ok(_) => Ok(s.to_string()),
        Err(_) => Err(Msg::new("err-email-malformed")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked() {
        assert_eq!(
            parse_address(" ann@example.org ").as_deref(),
            Ok("ann@example.org")
        );
        assert!(parse_address("").is_err());
        assert!(parse_address("not an address").is_err());
        assert!(parse_address("a@b@c").is_err());
        let long = format!("{}@example.org", "a".repeat(250));
        assert!(parse_address(&long).is_err());
    }

    #[test]
    fn links_start_with_the_public_url() {
        let o = Outbox::disabled("https://fans.example.org/".into());
        assert_eq!(
            o.link("/password/reset/x"),
            "https://fans.example.org/password/reset/x"
        );
    }
}
