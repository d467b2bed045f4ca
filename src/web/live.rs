//! Live episode rooms and the WebSocket endpoint; the chat panel shared by live, party and
//! replay pages.
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::csrf::check_origin;
use crate::auth::Viewer;
use crate::chat::protocol::Message;
use crate::chat::room::ChatUser;
use crate::chat::session::{self, SessionArgs};
use crate::chat::{party, RoomId, HELLO_BACKLOG, MAX_FRAME_BYTES, MAX_TEXT_CHARS};
use crate::db;
use crate::db::catalog::{Episode, Show};
use crate::error::{AppError, AppResult};
use crate::time_util::{format_ms, iso_ms};
use crate::visibility::chat::RoomAccess;
use crate::visibility::Gate;
use crate::web::browse::{find_episode, find_show};
use crate::web::layout::Layout;
use crate::web::parties::PartyView;
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
}

/// Only called once the gate has let the viewer into the room.
pub async fn chat_panel(
    state: &AppState,
    viewer: &Viewer,
    room: RoomId,
    reveal: bool,
) -> AppResult<ChatPanel> {
    let name = room.to_string();
    let messages: Vec<MessageView> = db::chat::recent(&state.db, &name, HELLO_BACKLOG as i64)
        .await?
        .into_iter()
        .map(MessageView::from)
        .collect();
    Ok(ChatPanel {
        online: state.chat.online(room).await,
        last_id: messages.last().map(|m| m.id).unwrap_or(0),
        room: name,
        signed_in: viewer.user.is_some(),
        messages,
        max_chars: MAX_TEXT_CHARS,
        reveal,
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

#[derive(Template)]
#[template(path = "live.html")]
struct LivePage {
    layout: Layout,
    airing_in: Option<String>,
    show: Show,
    episode: Episode,
    chat: ChatPanel,
    parties: Vec<PartyView>,
}

#[tracing::instrument(skip(state, viewer))]
pub async fn live(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, String)>,
    q: web::Query<Reveal>,
) -> AppResult<HttpResponse> {
    let (slug, code) = path.into_inner();
    let show = find_show(&state.db, &slug).await?;
    let episode = find_episode(&state.db, &show, &code).await?;
    let here = format!("/shows/{}/episodes/{}/live", show.slug, episode.code);
    let gate = Gate::load(&state.db, &viewer).await?;
    let ask = ("live chat", here.as_str());
    if let Some(page) = ask_first(&state, &viewer, &gate, &show, episode.id, ask, q.asked()).await?
    {
        return Ok(page);
    }
    let page = LivePage {
        airing_in: crate::spoilers::airing::airing_in(&state.db, episode.id, &viewer.region)
            .await?,
        layout: Layout::new(
            format!("Live: {} {}", show.title, episode.code.to_uppercase()),
            &viewer,
        ),
        chat: chat_panel(&state, &viewer, RoomId::Episode(episode.id), q.asked()).await?,
        parties: db::chat::parties_for_episode(&state.db, episode.id)
            .await?
            .iter()
            .map(PartyView::from)
            .collect(),
        show,
        episode,
    };
    render(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct WsQuery {
    #[serde(default)]
    after: Option<i64>,
    #[serde(default)]
    reveal: Option<String>,
}

/// Upgrades to a WebSocket after checking Origin, the room, the session cookie and the
/// spoiler shield (a shielded viewer must have chosen "show anyway").
#[tracing::instrument(skip(req, body, state, q))]
pub async fn ws(
    req: HttpRequest,
    body: web::Payload,
    state: web::Data<AppState>,
    path: web::Path<String>,
    q: web::Query<WsQuery>,
) -> AppResult<HttpResponse> {
    check_origin(&req)?;
    let room = RoomId::parse(&path).ok_or_else(|| AppError::NotFound("No such room.".into()))?;
    let episode_id = party::room_episode(&state.db, room)
        .await?
        .ok_or_else(|| AppError::NotFound("No such room.".into()))?;
    let viewer = Viewer::load(&req).await?;
    let gate = Gate::load(&state.db, &viewer).await?;
    let reveal = q.reveal.is_some();
    if let RoomAccess::Shielded { label } = gate
        .room(&state.db, episode_id, "live chat", reveal)
        .await?
    {
        return Err(AppError::Forbidden(format!(
            "{label}. Open the room's page and choose \u{201c}show anyway\u{201d} to join."
        )));
    }
    let (resp, session, stream) = actix_ws::handle(&req, body)
        .map_err(|e| AppError::BadRequest(format!("WebSocket upgrade failed: {e}")))?;
    let args = SessionArgs {
        hub: state.chat.clone(),
        room,
        user: viewer.user.map(|u| ChatUser {
            id: u.id,
            name: u.username,
            is_admin: u.is_admin,
        }),
        after: q.after,
        limits: state.config.chat.clone(),
    };
    actix_web::rt::spawn(session::run(
        args,
        session,
        stream.max_frame_size(MAX_FRAME_BYTES),
    ));
    Ok(resp)
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
