//! Closing one connection from the room it is in.
use actix_http::ws::{CloseCode, CloseReason};

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

    /// The code it was fired with, or `None` if it never was: the room dropped the
    /// connection's queue without a word, which only happens when its task ended.
    pub fn code(&self) -> Option<u16> {
        match self.code.load(std::sync::atomic::Ordering::Relaxed) {
            0 => None,
            c => Some(c),
        }
    }

    pub async fn fired(&self) -> u16 {
        self.notify.notified().await;
        self.code.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Close codes: the client fell behind, its user was banned, or its user signed out (or
/// changed their password) somewhere.
pub const CLOSE_SLOW: u16 = 4008;
pub const CLOSE_BANNED: u16 = 4003;
pub const CLOSE_SIGNED_OUT: u16 = 4001;

/// The close frame for a connection the room dropped, by the code it was kicked with.
pub fn kicked(code: Option<u16>) -> Option<CloseReason> {
    match code {
        Some(CLOSE_BANNED) => close_reason(CloseCode::Other(CLOSE_BANNED), "banned"),
        Some(CLOSE_SIGNED_OUT) => close_reason(CloseCode::Other(CLOSE_SIGNED_OUT), "signed out"),
        Some(code) => close_reason(CloseCode::Other(code), "slow"),
        // The room's task ended: the client reconnects and resumes from its last id.
        None => close_reason(CloseCode::Restart, "room restarted"),
    }
}

pub fn close_reason(code: CloseCode, text: &str) -> Option<CloseReason> {
    Some(CloseReason {
        code,
        description: Some(text.to_string()),
    })
}
