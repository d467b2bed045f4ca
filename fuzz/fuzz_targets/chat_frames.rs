//! Client frames of the chat protocol, parsed as the session does; a `send`'s text then goes
//! through the HTML rendering of chat pages. Never a panic, and only links become markup.
#![no_main]
use cliffhanger::chat::protocol::ClientMsg;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|frame: &[u8]| {
    let _ = serde_json::from_slice::<ClientMsg>(frame);
    let Ok(frame) = std::str::from_utf8(frame) else {
        return;
    };
    if let Ok(ClientMsg::Send { text, .. }) = serde_json::from_str::<ClientMsg>(frame) {
        let html = cliffhanger::chat::linkify::to_html(&text);
        let rest = html.replace("<a href=\"", "").replace("</a>", "");
        assert!(!rest.contains('<'), "{html:?}");
    }
});
