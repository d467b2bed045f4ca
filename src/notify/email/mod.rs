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
pub mod options;

pub use options::MailNotifyOptions;

use crate::db::Db;
use crate::mail::Outbox;

/// Runs the sweeps while the process runs; nothing when the site sends no mail.
pub fn spawn(db: Db, outbox: Outbox, opts: MailNotifyOptions) {
    if !outbox.enabled() {
        return;
    }
    tokio::spawn(async move {
        loop {
            let now = crate::time_util::now_ms();
            if let Err(e) =
                crate::db::notify_mail::settle_unwanted(&db, options::since(&opts, now)).await
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
