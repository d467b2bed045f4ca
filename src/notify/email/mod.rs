//! Notification mail: a notification whose kind the user set to "instant" is mailed on its
//! own within a sweep; those set to "digest" wait and go out together, one mail per user,
//! once the oldest of them is `digest_every` old (so at most one digest per period). The
//! words are the notifications page's, chosen when the mail is written through the
//! recipient's visibility gate: a removed post mails nothing, a shielded thread is named
//! by its show only. Each notification is claimed (`notifications.emailed_at`) in the
//! transaction that queues its mail, so two nodes sweeping at once mail it once; one read
//! on the site before its mail was written is not mailed. A notification of a kind left off
//! email is settled (`emailed_at = 0`) at the next sweep, so turning mail on later sends
//! only what comes after.
pub mod compose;
pub mod digest;
pub mod instant;

use std::time::Duration;

use crate::db::Db;
use crate::mail::Outbox;

/// How often the mailer looks for notifications and how long digests gather.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MailNotifyOptions {
    /// The longest an instant notification waits for its mail.
    pub sweep: Duration,
    /// A digest goes out once its oldest notification is this old.
    pub digest_every: Duration,
}

impl Default for MailNotifyOptions {
    fn default() -> Self {
        MailNotifyOptions {
            sweep: Duration::from_secs(10),
            digest_every: Duration::from_secs(24 * 3600),
        }
    }
}

/// Runs the sweeps while the process runs; nothing when the site sends no mail.
pub fn spawn(db: Db, outbox: Outbox, opts: MailNotifyOptions) {
    if !outbox.enabled() {
        return;
    }
    tokio::spawn(async move {
        loop {
            let now = crate::time_util::now_ms();
            if let Err(e) =
                crate::db::notify_mail::settle_unwanted(&db, digest::since(&opts, now)).await
            {
                tracing::warn!(error = %e, "settling unmailed notifications failed");
            }
            match instant::send_due(&db, &outbox, now).await {
                Ok(n) if n > 0 => outbox.wake(),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "mailing notifications failed"),
            }
            match digest::send_due(&db, &outbox, &opts, now).await {
                Ok(n) if n > 0 => outbox.wake(),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "mailing notification digests failed"),
            }
            tokio::time::sleep(opts.sweep).await;
        }
    });
}
