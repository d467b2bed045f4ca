//! Client frames of the chat protocol: arbitrary frames never panic the parser, and any
//! text a client sends comes out of the frame exactly as sent.
use cliffhanger::chat::protocol::ClientMsg;
use proptest::prelude::*;

use crate::strategies::{config, unicode_text};

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_frames_never_panic(frame in unicode_text(), bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = serde_json::from_str::<ClientMsg>(&frame);
        let _ = serde_json::from_slice::<ClientMsg>(&bytes);
        let wrapped = format!(r#"{{"type":"send","text":{frame}}}"#);
        let _ = serde_json::from_str::<ClientMsg>(&wrapped);
    }

    #[test]
    fn send_and_resume_frames_carry_what_was_sent(
        text in unicode_text(),
        nonce in proptest::option::of(unicode_text()),
        after in any::<i64>(),
    ) {
        let frame = serde_json::json!({"type": "send", "text": text, "nonce": nonce}).to_string();
        match serde_json::from_str::<ClientMsg>(&frame) {
            Ok(ClientMsg::Send { text: t, nonce: n }) => {
                prop_assert_eq!(t, text);
                prop_assert_eq!(n, nonce);
            }
            other => return Err(TestCaseError::fail(format!("{frame} → {other:?}"))),
        }
        let frame = serde_json::json!({"type": "resume", "after": after}).to_string();
        let resumed = matches!(
            serde_json::from_str::<ClientMsg>(&frame),
            Ok(ClientMsg::Resume { after: a }) if a == after
        );
        prop_assert!(resumed, "{}", frame);
    }
}
