//! How often notification mail is swept and how long digests gather (apart from the
//! sweeps, so they and the module that spawns them do not import each other).
use std::time::Duration;

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

/// A digest period in milliseconds.
pub fn period_ms(opts: &MailNotifyOptions) -> i64 {
    i64::try_from(opts.digest_every.as_millis()).unwrap_or(i64::MAX)
}

/// The oldest notifications a digest (or any notification mail) still considers: one
/// period and a day's slack back; older ones are stale.
pub fn since(opts: &MailNotifyOptions, now: i64) -> i64 {
    now.saturating_sub(period_ms(opts).saturating_add(crate::notify::timed::DAY_MS))
}
