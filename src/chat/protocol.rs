//! JSON frames of the chat protocol (see DESIGN.md).
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMsg {
    Send {
        text: String,
        #[serde(default)]
        nonce: Option<String>,
    },
    Resume {
        after: i64,
    },
    /// The premiere relay off or on for this connection.
    Relay {
        on: bool,
    },
    /// The viewer's own watch clock: play (from `position_ms`, else where it was), pause,
    /// or back to the region's air time.
    Clock {
        action: ClockAction,
        #[serde(default)]
        position_ms: Option<i64>,
    },
    /// A one-tap reaction (`chat::reactions`); the key is checked there.
    React {
        key: String,
    },
}

/// What a `clock` frame asks of the viewer's own watch clock (`chat::relay`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockAction {
    Play,
    Pause,
    /// Back to the region's air time.
    Air,
}

pub use crate::domain::ChatMessage as Message;

/// One server frame as it goes on the wire: a WebSocket text frame, header and JSON,
/// encoded once. Every receiver of a broadcast gets a clone of the same bytes (a reference
/// count), and the connection writes them as they are (`chat::outgoing`).
#[derive(Debug, Clone)]
pub struct Frame(bytes::Bytes);

impl Frame {
    pub fn encode(msg: actix_http::ws::Message) -> Frame {
        use actix_codec::Encoder;
        let mut buf = bytes::BytesMut::new();
        // The server side of the codec never masks, and only a continuation out of order
        // can fail to encode: a frame that did would go out empty rather than half-written.
        if actix_http::ws::Codec::new().encode(msg, &mut buf).is_err() {
            buf.clear();
        }
        Frame(buf.freeze())
    }

    pub fn into_bytes(self) -> bytes::Bytes {
        self.0
    }
}

impl From<String> for Frame {
    fn from(json: String) -> Frame {
        Frame::encode(actix_http::ws::Message::Text(json.into()))
    }
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMsg<'a> {
    Hello {
        room: &'a str,
        online: usize,
        slow_mode_s: i64,
        backlog: Vec<TaggedMessage<'a>>,
    },
    Message(TaggedMessage<'a>),
    Ack {
        nonce: &'a str,
        id: i64,
    },
    Deleted {
        id: i64,
    },
    Presence {
        online: usize,
    },
    /// The premiere relay of this connection: on or off, the regions it comes from, and
    /// the clock it follows (`none`, `air`, `playing`, `paused`) with its position.
    Relay {
        on: bool,
        from: &'a [String],
        clock: &'a str,
        position_ms: Option<i64>,
    },
    Error {
        code: &'a str,
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        retry_after_ms: Option<u64>,
    },
    /// The reactor's acknowledgement: stored, at this offset in the episode.
    Reacted {
        key: &'a str,
        offset_ms: Option<i64>,
    },
    /// Someone else in the room reacted.
    Reaction {
        key: &'a str,
    },
}

/// A message inside `hello.backlog` carries its own `"type":"message"`.
#[derive(Serialize)]
pub struct TaggedMessage<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(flatten)]
    pub msg: &'a Message,
}

impl<'a> TaggedMessage<'a> {
    pub fn new(msg: &'a Message) -> Self {
        TaggedMessage {
            kind: "message",
            msg,
        }
    }
}

impl ServerMsg<'_> {
    pub fn to_json(&self) -> String {
        // Serializing these plain structs cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

pub fn message_json(m: &Message) -> String {
    serde_json::to_string(&TaggedMessage::new(m)).unwrap_or_default()
}

/// Where a relayed message comes from: the first airing's region and the message's offset
/// from its air instant; `due` is when it played on this viewer's clock.
#[derive(Serialize)]
struct RelayInfo<'a> {
    from: &'a str,
    offset_ms: i64,
    due: i64,
}

#[derive(Serialize)]
struct Relayed<'a> {
    #[serde(flatten)]
    msg: TaggedMessage<'a>,
    relay: RelayInfo<'a>,
}

/// A MESSAGE frame of the premiere relay: the message as it was, with `"relay"` added.
pub fn relayed_json(m: &Message, from: &str, offset_ms: i64, due: i64) -> String {
    serde_json::to_string(&Relayed {
        msg: TaggedMessage::new(m),
        relay: RelayInfo {
            from,
            offset_ms,
            due,
        },
    })
    .unwrap_or_default()
}

pub fn error_json(code: &str, message: &str, retry_after_ms: Option<u64>) -> String {
    ServerMsg::Error {
        code,
        message,
        retry_after_ms,
    }
    .to_json()
}

/// An error about a `react` frame: the usual error frame, marked `"about":"react"` so a
/// client does not take it for the answer to a message it is sending.
pub fn react_error_json(code: &str, message: &str, retry_after_ms: Option<u64>) -> String {
    #[derive(Serialize)]
    struct ReactError<'a> {
        #[serde(flatten)]
        error: ServerMsg<'a>,
        about: &'static str,
    }
    let error = ServerMsg::Error {
        code,
        message,
        retry_after_ms,
    };
    serde_json::to_string(&ReactError {
        error,
        about: "react",
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_is_one_unmasked_text_frame_of_the_json() {
        let short = Frame::from("{}".to_string()).into_bytes();
        assert_eq!(&short[..], b"\x81\x02{}");
        // Past 125 bytes the length takes two more bytes; the payload follows unchanged.
        let json = format!("{{\"t\":\"{}\"}}", "x".repeat(300));
        let long = Frame::from(json.clone()).into_bytes();
        assert_eq!(json.len(), 308);
        assert_eq!(&long[..4], &[0x81, 126, 0x01, 0x34]);
        assert_eq!(&long[4..], json.as_bytes());
    }

    #[test]
    fn frames_match_the_contract() {
        let m = Message {
            id: 7,
            user: "ann".into(),
            text: "hi".into(),
            at: 1000,
            offset_ms: None,
            is_mod: false,
            region: None,
        };
        assert_eq!(
            message_json(&m),
            r#"{"type":"message","id":7,"user":"ann","text":"hi","at":1000,"offset_ms":null}"#
        );
        let hello = ServerMsg::Hello {
            room: "ep-1",
            online: 2,
            slow_mode_s: 0,
            backlog: vec![TaggedMessage::new(&m)],
        };
        assert!(hello.to_json().starts_with(r#"{"type":"hello","room":"ep-1","online":2,"slow_mode_s":0,"backlog":[{"type":"message","id":7"#));
        assert_eq!(
            ServerMsg::Ack { nonce: "n1", id: 7 }.to_json(),
            r#"{"type":"ack","nonce":"n1","id":7}"#
        );
        assert_eq!(
            ServerMsg::Reacted {
                key: "fire",
                offset_ms: Some(61_000)
            }
            .to_json(),
            r#"{"type":"reacted","key":"fire","offset_ms":61000}"#
        );
        assert_eq!(
            ServerMsg::Reaction { key: "lol" }.to_json(),
            r#"{"type":"reaction","key":"lol"}"#
        );
        assert_eq!(
            react_error_json("rate_limited", "wait", Some(900)),
            r#"{"type":"error","code":"rate_limited","message":"wait","retry_after_ms":900,"about":"react"}"#
        );
        assert_eq!(
            error_json("rate_limited", "slow down", Some(1200)),
            r#"{"type":"error","code":"rate_limited","message":"slow down","retry_after_ms":1200}"#
        );
    }

    #[test]
    fn a_relayed_message_says_where_it_comes_from() {
        let m = Message {
            id: 3,
            user: "sam".into(),
            text: "no way".into(),
            at: 10_000,
            offset_ms: None,
            is_mod: false,
            region: Some("US".into()),
        };
        assert_eq!(
            relayed_json(&m, "US", 10_000, 99),
            r#"{"type":"message","id":3,"user":"sam","text":"no way","at":10000,"offset_ms":null,"relay":{"from":"US","offset_ms":10000,"due":99}}"#
        );
    }

    #[test]
    fn parses_client_frames() {
        assert!(matches!(
            serde_json::from_str::<ClientMsg>(r#"{"type":"send","text":"x","nonce":"a"}"#),
            Ok(ClientMsg::Send { .. })
        ));
        assert!(matches!(
            serde_json::from_str::<ClientMsg>(r#"{"type":"resume","after":3}"#),
            Ok(ClientMsg::Resume { after: 3 })
        ));
        assert!(matches!(
            serde_json::from_str::<ClientMsg>(r#"{"type":"relay","on":false}"#),
            Ok(ClientMsg::Relay { on: false })
        ));
        assert!(matches!(
            serde_json::from_str::<ClientMsg>(
                r#"{"type":"clock","action":"play","position_ms":5000}"#
            ),
            Ok(ClientMsg::Clock {
                action: ClockAction::Play,
                position_ms: Some(5000)
            })
        ));
        assert!(
            serde_json::from_str::<ClientMsg>(r#"{"type":"clock","action":"rewind"}"#).is_err()
        );
        assert!(serde_json::from_str::<ClientMsg>(r#"{"type":"relay","on":"yes"}"#).is_err());
        assert!(matches!(
            serde_json::from_str::<ClientMsg>(r#"{"type":"react","key":"fire"}"#),
            Ok(ClientMsg::React { key }) if key == "fire"
        ));
        assert!(serde_json::from_str::<ClientMsg>(r#"{"type":"react"}"#).is_err());
        assert!(
            serde_json::from_str::<ClientMsg>(r#"{"type":"react","key":"fire","at":1}"#).is_err()
        );
        assert!(serde_json::from_str::<ClientMsg>(r#"{"type":"dance"}"#).is_err());
        assert!(serde_json::from_str::<ClientMsg>("not json").is_err());
    }
}
