//! A stored chat message as rooms, replays and the database pass it around. Its JSON form
//! is the `message` frame of the chat protocol (`chat::protocol`), so the serde attributes
//! are part of the wire format.
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ChatMessage {
    pub id: i64,
    pub user: String,
    pub text: String,
    pub at: i64,
    pub offset_ms: Option<i64>,
    /// Sent by a moderator of the show (shown marked).
    #[serde(rename = "mod", skip_serializing_if = "std::ops::Not::not", default)]
    pub is_mod: bool,
    /// The sender's region when they sent it (None for messages older than the relay): who
    /// may see it live, and where a relayed message comes from. Not part of the frame.
    #[serde(skip)]
    pub region: Option<String>,
}
