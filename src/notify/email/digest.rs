//! Digest mail: the notifications a user wants gathered, in one message once the oldest
//! of them is `digest_every` old.
use super::compose;
use super::options::{period_ms, since, MailNotifyOptions};
use crate::db::{notify_mail as q, Db};
use crate::error::AppResult;
use crate::mail::{self, Outbox};

/// Users mailed per sweep; the rest wait for the next one.
const USERS: i64 = 100;
/// Notifications one digest lists; more are claimed and counted.
const LISTED: i64 = 50;
/// Notifications one digest claims; a backlog beyond it goes in the next digest.
const CLAIMED: i64 = 500;

/// Mails the digests due; returns how many mails were queued.
pub async fn send_due(
    db: &Db,
    outbox: &Outbox,
    opts: &MailNotifyOptions,
    now: i64,
) -> AppResult<u64> {
    let every = period_ms(opts);
    let oldest = since(opts, now);
    let mut queued = 0;
    for user_id in q::digests_due(db, oldest, now.saturating_sub(every), USERS).await? {
        let rows: Vec<_> = q::pending(db, "digest", oldest, user_id, CLAIMED)
            .await?
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        let texts = compose::texts(db, user_id, &rows)
            .await?
            .unwrap_or_default();
        let mut tx = db.begin().await?;
        let mut lines = Vec::new();
        for row in &rows {
            if !q::claim(&mut tx, row.id, now).await? {
                continue;
            }
            if let Some(entry) = texts.get(&row.id) {
                lines.push(entry);
            }
        }
        if !lines.is_empty() {
            let n = lines.len();
            let mut body = format!(
                "{n} new notification{} since your last digest:\n\n",
                if n == 1 { "" } else { "s" }
            );
            for (text, link) in lines.iter().take(LISTED as usize) {
                body.push_str(&format!("- {text}\n  {}\n", outbox.link(link)));
            }
            if n > LISTED as usize {
                body.push_str(&format!(
                    "\n… and {} more at {}\n",
                    n - LISTED as usize,
                    outbox.link("/notifications")
                ));
            }
            body.push_str(&compose::footer(outbox));
            let subject = format!(
                "Cliffhanger: {n} new notification{}",
                if n == 1 { "" } else { "s" }
            );
            if mail::queue(&mut tx, user_id, &subject, &body).await? {
                queued += 1;
            }
        }
        tx.commit().await?;
    }
    Ok(queued)
}
