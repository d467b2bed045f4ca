//! The background task that drains `mail_outbox` over SMTP.
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Notify;

use crate::db::{mail_outbox, Db};
use crate::time_util::now_ms;

/// How often the sender looks for mail without being woken (mail other nodes queued, and
/// retries).
pub const POLL: Duration = Duration::from_secs(30);
/// A message being sent is held this long: another node takes it over if this one died.
const CLAIM_MS: i64 = 120_000;
/// Tries before a message that keeps failing is dropped (about two days at the longest
/// back-off).
const MAX_ATTEMPTS: i64 = 60;
const BATCH: i64 = 20;

pub struct Transport {
    smtp: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Transport {
    pub fn new(url: &str, from: &str) -> anyhow::Result<Transport> {
        let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .with_context(|| {
                format!(
                    "--smtp-url {} is not an smtp:// or smtps:// URL",
                    crate::domain::redact_url(url)
                )
            })?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from = from
            .parse::<Mailbox>()
            .with_context(|| format!("--smtp-from {from:?} is not an address"))?;
        Ok(Transport { smtp, from })
    }

    async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), SendError> {
        let to: Mailbox = to
            .parse()
            .map_err(|_| SendError::Permanent("bad address".into()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|e| SendError::Permanent(e.to_string()))?;
        match self.smtp.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
            Err(e) => Err(SendError::Transient(e.to_string())),
        }
    }
}

enum SendError {
    /// The server refused this message for good (5xx): trying again will not help.
    Permanent(String),
    Transient(String),
}

/// Back-off after `attempts` failures: 30 s, 1 min, 2 min … up to an hour.
fn retry_in_ms(attempts: i64) -> i64 {
    let exp = attempts.clamp(0, 7) as u32;
    (30_000i64 << exp).min(3_600_000)
}

pub fn spawn(db: Db, transport: Transport, wake: Arc<Notify>) {
    tokio::spawn(async move {
        loop {
            let full = match drain_once(&db, &transport).await {
                Ok(n) => n >= BATCH as usize,
                Err(e) => {
                    tracing::warn!(error = %e, "reading the mail outbox failed");
                    false
                }
            };
            if full {
                continue;
            }
            let wait = match mail_outbox::next_due(&db).await {
                Ok(Some(at)) => {
                    Duration::from_millis((at - now_ms()).clamp(0, POLL.as_millis() as i64) as u64)
                }
                _ => POLL,
            };
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    });
}

/// Sends what is due now; returns how many messages it looked at.
async fn drain_once(db: &Db, transport: &Transport) -> Result<usize, sqlx::Error> {
    let due = mail_outbox::due(db, BATCH).await?;
    for m in &due {
        if !mail_outbox::claim(db, m.id, CLAIM_MS).await? {
            continue;
        }
        match transport.send(&m.to_addr, &m.subject, &m.body).await {
            Ok(()) => {
                mail_outbox::sent(db, m.id).await?;
                tracing::info!(mail_id = m.id, "mail sent");
            }
            Err(SendError::Permanent(e)) => {
                tracing::warn!(mail_id = m.id, error = %e, "mail refused for good; dropped");
                mail_outbox::sent(db, m.id).await?;
            }
            Err(SendError::Transient(e)) if m.attempts + 1 >= MAX_ATTEMPTS => {
                tracing::warn!(mail_id = m.id, error = %e, "mail failed too often; dropped");
                mail_outbox::sent(db, m.id).await?;
            }
            Err(SendError::Transient(e)) => {
                tracing::warn!(mail_id = m.id, error = %e, "sending mail failed; will retry");
                mail_outbox::failed(db, m.id, &e, retry_in_ms(m.attempts)).await?;
            }
        }
    }
    Ok(due.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_up_to_an_hour() {
        assert_eq!(retry_in_ms(0), 30_000);
        assert_eq!(retry_in_ms(1), 60_000);
        assert_eq!(retry_in_ms(50), 3_600_000);
    }
}
