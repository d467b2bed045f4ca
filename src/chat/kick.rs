//! Closing one connection from the room it is in.

/// Tells a connection's session to close, and with which code.
#[derive(Default)]
pub struct Kick {
    notify: tokio::sync::Notify,
    code: std::sync::atomic::AtomicU16,
}

impl Kick {
    pub fn fire(&self, code: u16) {
        self.code.store(code, std::sync::atomic::Ordering::Relaxed);
        self.notify.notify_one();
    }

    /// The code it was fired with, or `CLOSE_SLOW` if it never was (the room simply
    /// dropped the connection's queue).
    pub fn code(&self) -> u16 {
        match self.code.load(std::sync::atomic::Ordering::Relaxed) {
            0 => CLOSE_SLOW,
            c => c,
        }
    }

    pub async fn fired(&self) -> u16 {
        self.notify.notified().await;
        self.code.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Close codes: the client fell behind, or its user was banned.
pub const CLOSE_SLOW: u16 = 4008;
pub const CLOSE_BANNED: u16 = 4003;
