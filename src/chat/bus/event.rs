//! What nodes tell each other about chat, and its wire form (JSON, tagged with the sending
//! node so that a node skips its own events coming back).
use serde::{Deserialize, Serialize};

use crate::domain::ChatMessage;

/// A node of the cluster, random per process.
pub type NodeId = u64;

/// A stored message as the bus carries it: the message and the id before it in its room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireMessage {
    pub id: i64,
    pub prev: i64,
    pub user: String,
    pub text: String,
    pub at: i64,
    pub offset_ms: Option<i64>,
    pub is_mod: bool,
    /// The sender's region (absent from nodes that predate the relay).
    #[serde(default)]
    pub region: Option<String>,
}

impl WireMessage {
    pub fn of(m: &ChatMessage, prev: i64) -> WireMessage {
        WireMessage {
            id: m.id,
            prev,
            user: m.user.clone(),
            text: m.text.clone(),
            at: m.at,
            offset_ms: m.offset_ms,
            is_mod: m.is_mod,
            region: m.region.clone(),
        }
    }

    pub fn message(self) -> (ChatMessage, i64) {
        let m = ChatMessage {
            id: self.id,
            user: self.user,
            text: self.text,
            at: self.at,
            offset_ms: self.offset_ms,
            is_mod: self.is_mod,
            region: self.region,
        };
        (m, self.prev)
    }
}

/// One chat event for every node. Rooms are named as in URLs (`ep-1`, `party-2`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum BusEvent {
    /// Messages one node stored in one batch, in id order.
    Stored {
        room: String,
        msgs: Vec<WireMessage>,
    },
    Deleted {
        room: String,
        id: i64,
    },
    /// Moderation state of one room (`Some`) or of every room changed.
    Reload {
        room: Option<String>,
    },
    /// Close this user's sockets with `code` (4003 banned, 4001 signed out).
    KickUser {
        user: i64,
        code: u16,
    },
    PartyChanged {
        room: String,
    },
    /// The sender's clients in a room; repeated while the room runs there.
    Presence {
        room: String,
        online: usize,
    },
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    node: NodeId,
    #[serde(flatten)]
    event: BusEvent,
}

pub fn encode(node: NodeId, event: &BusEvent) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        node: NodeId,
        #[serde(flatten)]
        event: &'a BusEvent,
    }
    // Plain data: serializing cannot fail.
    serde_json::to_string(&Out { node, event }).unwrap_or_default()
}

/// The sender and event of a payload; `None` for anything unreadable (another version's
/// event, a stray publish), which is skipped rather than trusted.
pub fn decode(payload: &[u8]) -> Option<(NodeId, BusEvent)> {
    let e: Envelope = serde_json::from_slice(payload).ok()?;
    Some((e.node, e.event))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_and_junk_is_skipped() {
        let events = [
            BusEvent::Stored {
                room: "ep-1".into(),
                msgs: vec![WireMessage {
                    id: 9,
                    prev: 4,
                    user: "ann".into(),
                    text: "hi \u{1F600}".into(),
                    at: 5,
                    offset_ms: Some(3),
                    is_mod: true,
                    region: None,
                }],
            },
            BusEvent::Deleted {
                room: "party-2".into(),
                id: 3,
            },
            BusEvent::Reload { room: None },
            BusEvent::KickUser {
                user: 7,
                code: 4003,
            },
            BusEvent::PartyChanged {
                room: "party-2".into(),
            },
            BusEvent::Presence {
                room: "ep-1".into(),
                online: 12,
            },
        ];
        for e in events {
            let wire = encode(42, &e);
            assert_eq!(decode(wire.as_bytes()), Some((42, e)));
        }
        assert_eq!(decode(b"not json"), None);
        assert_eq!(decode(br#"{"node":1,"t":"dance"}"#), None);
    }
}
