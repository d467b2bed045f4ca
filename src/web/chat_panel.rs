//! The chat panel of live, party and replay pages, and the page that asks before showing
//! an episode's rooms to a viewer behind the spoiler shield.
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde::Deserialize;

use crate::auth::Viewer;
use crate::chat::protocol::Message;
use crate::chat::{history, RoomId, HELLO_BACKLOG, MAX_TEXT_CHARS};
use crate::db::catalog::Show;
use crate::error::AppResult;
use crate::time_util::{format_ms, iso_ms};
use crate::visibility::chat::RoomAccess;
use crate::visibility::Gate;
use crate::web::layout::Layout;
use crate::web::render;
use crate::web::threads::ShieldedPage;
use crate::web::AppState;

/// A chat message as the pages print it: text escaped, links clickable.
pub struct MessageView {
    pub id: i64,
    pub user: String,
    pub html: String,
    pub at_iso: String,
    pub at: String,
    pub offset_ms: i64,
    pub offset: String,
}

pub fn format_offset(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

impl From<Message> for MessageView {
    fn from(m: Message) -> Self {
        MessageView {
            id: m.id,
            html: crate::chat::linkify::to_html(&m.text),
            user: m.user,
            at_iso: iso_ms(m.at),
            at: format_ms(m.at),
            offset_ms: m.offset_ms.unwrap_or(0),
            offset: m.offset_ms.map(format_offset).unwrap_or_default(),
        }
    }
}

/// What the chat panel needs (templates/chat_panel.html).
pub struct ChatPanel {
    pub room: String,
    pub signed_in: bool,
    pub online: usize,
    pub messages: Vec<MessageView>,
    pub last_id: i64,
    pub max_chars: usize,
    /// The viewer chose "show anyway": the socket asks for the same.
    pub reveal: bool,
    /// The room has a premiere relay: the page offers its switch and the viewer's own clock.
    pub relay: bool,
    /// The one-tap reactions a signed-in member can send.
    pub reactions: Vec<crate::chat::reactions::Button>,
}

/// Only called once the gate has let the viewer into the room.
pub async fn chat_panel(
    state: &AppState,
    viewer: &Viewer,
    room: RoomId,
    reveal: bool,
) -> AppResult<ChatPanel> {
    let name = room.to_string();
    let latest = history::latest(&state.db, room, &viewer.region, HELLO_BACKLOG).await?;
    let messages: Vec<MessageView> = latest.messages.into_iter().map(MessageView::from).collect();
    Ok(ChatPanel {
        online: state.chat.online(room).await,
        last_id: messages.last().map(|m| m.id).unwrap_or(0),
        room: name,
        signed_in: viewer.user.is_some(),
        messages,
        max_chars: MAX_TEXT_CHARS,
        reveal,
        relay: latest.relay,
        reactions: crate::chat::reactions::buttons(),
    })
}

/// `?reveal=1`: the viewer chose to see past the spoiler shield.
#[derive(Deserialize, Default, Debug)]
pub struct Reveal {
    #[serde(default)]
    pub reveal: Option<String>,
}

impl Reveal {
    pub fn asked(&self) -> bool {
        self.reveal.is_some()
    }
}

/// For an episode the viewer must not see yet, a page that asks before showing `what`.
pub async fn ask_first(
    state: &AppState,
    viewer: &Viewer,
    gate: &Gate,
    show: &Show,
    episode_id: i64,
    (what, here): (&str, &str),
    reveal: bool,
) -> AppResult<Option<HttpResponse>> {
    match gate.room(&state.db, episode_id, what, reveal).await? {
        RoomAccess::Open => Ok(None),
        RoomAccess::Shielded { label } => {
            let page = ShieldedPage {
                layout: Layout::new(label.clone(), viewer),
                reveal: format!("{here}?reveal=1"),
                back: format!("/shows/{}", show.slug),
                label,
            };
            Ok(Some(render(StatusCode::OK, &page)?))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_format_as_clock() {
        assert_eq!(format_offset(0), "0:00");
        assert_eq!(format_offset(61_500), "1:01");
        assert_eq!(format_offset(3_723_000), "1:02:03");
    }
}
