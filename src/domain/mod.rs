//! Parsed input types: a value of one of these has already passed validation.
mod episode_code;
mod room_id;
mod text;
mod username;

pub use episode_code::EpisodeCode;
pub use room_id::RoomId;
pub use text::{BodyError, PostBody, Slug, ThreadTitle, POST_MAX_CHARS};
pub use username::{Password, Username};

/// Why a piece of input was refused; the message is shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

impl Invalid {
    pub fn new(msg: impl Into<String>) -> Self {
        Invalid(msg.into())
    }
}
