//! Follows and notifications: what a new post tells whom (written in the post's own
//! transaction), the follow buttons, the notifications page built through the visibility
//! gate, the per-kind preferences, the live unread count, (`timed`) the notifications
//! that come due with the clock, and (`email`) the mail they send.
pub mod email;
pub mod follows;
pub mod inbox;
pub mod prefs;
pub mod stream;
pub mod timed;
pub mod write;

pub use write::{post_written, PostCause};
