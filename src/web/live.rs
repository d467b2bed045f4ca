//! Live episode rooms and the WebSocket endpoint.
use crate::i18n::Msg;
use std::net::IpAddr;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::csrf::check_origin;
use crate::auth::session::token_hash;
use crate::auth::{CsrfForm, Viewer};
use crate::chat::reactions::Reactor;
use crate::chat::room::ChatUser;
use crate::chat::session::{self, SessionArgs};
use crate::chat::{party, RoomId};
use crate::db::catalog::{Episode, Show};
use crate::domain::LocalPath;
use crate::error::{AppError, AppResult};
use crate::visibility::chat::RoomAccess;
use crate::visibility::Gate;
use crate::web::browse::{find_episode, find_show};
use crate::web::chat_panel::{ask_first, chat_panel, ChatPanel, Reveal};
use crate::web::layout::Layout;
use crate::web::parties::PartyView;
use crate::web::AppState;
use crate::web::{render, see_other};

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
        layout: Layout::for_episode("title-live", &show.title, &episode.code, &viewer),
        chat: chat_panel(&state, &viewer, RoomId::Episode(episode.id), q.asked()).await?,
        parties: PartyView::of_episode(&state, &viewer, episode.id).await?,
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
    /// `relay=0`: start with the premiere relay off.
    #[serde(default)]
    relay: Option<String>,
}

/// Upgrades to a WebSocket after checking Origin, the room, the session cookie, the
/// spoiler shield (a shielded viewer must have chosen "show anyway") and the connection
/// limits (429 past them).
#[tracing::instrument(skip(req, body, state, q))]
pub async fn ws(
    req: HttpRequest,
    body: web::Payload,
    state: web::Data<AppState>,
    path: web::Path<String>,
    q: web::Query<WsQuery>,
) -> AppResult<HttpResponse> {
    check_origin(&req)?;
    let room =
        RoomId::parse(&path).ok_or_else(|| AppError::NotFound(Msg::new("err-no-such-room")))?;
    let episode_id = party::room_episode(&state.db, room)
        .await?
        .ok_or_else(|| AppError::NotFound(Msg::new("err-no-such-room")))?;
    let viewer = Viewer::load(&req).await?;
    let gate = Gate::load(&state.db, &viewer).await?;
    let reveal = q.reveal.is_some();
    if let RoomAccess::Shielded { label } = gate
        .room(&state.db, episode_id, "live chat", reveal)
        .await?
    {
        return Err(AppError::Forbidden(
            Msg::new("err-live-shielded").arg("label", label),
        ));
    }
    let viewer_tr = viewer.tr();
    let region = viewer.region.clone();
    let session = viewer.session_token.as_deref().map(token_hash);
    let user = viewer.user.map(|u| ChatUser {
        id: u.id,
        name: u.username,
        is_admin: u.is_admin,
        created_at: u.created_at,
        session,
    });
    let permit = state
        .chat
        .admit(client_ip(&req), user.as_ref().map(|u| u.id))
        .await
        .map_err(|refused| AppError::TooManyRequests(refused.message()))?;
    let accepted = actix_ws::handle(&req, body).map_err(|e| {
        AppError::BadRequest(Msg::new("err-websocket-upgrade").arg("detail", e.to_string()))
    })?;
    let args = SessionArgs {
        hub: state.chat.clone(),
        room,
        user,
        after: q.after,
        limits: state.config.chat.clone(),
        permit,
        tr: viewer_tr,
        region,
        relay: q.relay.as_deref() != Some("0"),
    };
    Ok(session::start(args, accepted))
}

#[derive(Deserialize)]
pub struct ReactForm {
    #[serde(default)]
    key: String,
    #[serde(default)]
    back: String,
}

/// A reaction without JavaScript: the live room's and party's form sends what the
/// buttons' `react` frame would, and comes back to the room.
#[tracing::instrument(skip(state, csrf))]
pub async fn react(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<ReactForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?;
    let room =
        RoomId::parse(&path).ok_or_else(|| AppError::NotFound(Msg::new("err-no-such-room")))?;
    let reactor = ChatUser {
        id: user.id,
        name: user.username.clone(),
        is_admin: user.is_admin,
        created_at: user.created_at,
        session: None,
    };
    let who = Reactor {
        user: Some(&reactor),
        region: &viewer.region,
        // A form post has no socket, so no watch clock of its own: the room's clock counts.
        own_position: None,
    };
    let per_minute = state.config.chat.reactions_per_minute;
    state.chat.react(room, who, &form.key, per_minute).await?;
    Ok(see_other(&LocalPath::or(&form.back, "/")))
}

/// The address WebSocket limits count a client by: behind a trusted proxy, the client's
/// own address rather than the proxy's (`web::client`).
fn client_ip(req: &HttpRequest) -> Option<IpAddr> {
    req.peer_addr().map(|_| crate::web::client::client(req).ip)
}
