//! Live episode rooms, the WebSocket endpoint, watch parties and replay.
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::csrf::check_origin;
use crate::auth::{CsrfForm, Viewer};
use crate::chat::protocol::Message;
use crate::chat::room::{ChatUser, RoomCmd};
use crate::chat::session::{self, SessionArgs};
use crate::chat::{RoomId, HELLO_BACKLOG, MAX_FRAME_BYTES, MAX_TEXT_CHARS};
use crate::db::catalog::{Episode, Show};
use crate::db::chat::Party;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::time_util::{format_ms, iso_ms, now_ms};
use crate::web::browse::{find_episode, find_show};
use crate::web::layout::Layout;
use crate::web::AppState;
use crate::web::{render, see_other};

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
}

async fn chat_panel(state: &AppState, viewer: &Viewer, room: RoomId) -> AppResult<ChatPanel> {
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
    })
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

pub struct PartyView {
    pub id: i64,
    pub title: String,
    pub host: String,
    pub starts_iso: String,
    pub starts: String,
    pub started: bool,
    pub paused: bool,
}

impl From<&Party> for PartyView {
    fn from(p: &Party) -> Self {
        PartyView {
            id: p.id,
            title: p.title.clone(),
            host: p.host.clone(),
            starts_iso: iso_ms(p.starts_at),
            starts: format_ms(p.starts_at),
            started: now_ms() >= p.starts_at,
            paused: p.paused_at.is_some(),
        }
    }
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
    if let Some(ask) = ask_first(&state, &viewer, &episode, &q, "live chat", &here).await? {
        return Ok(ask);
    }
    let page = LivePage {
        airing_in: crate::web::spoilers::airing_in(&state.db, episode.id, &viewer.region).await?,
        layout: Layout::new(
            format!("Live: {} {}", show.title, episode.code.to_uppercase()),
            &viewer,
        ),
        chat: chat_panel(&state, &viewer, RoomId::Episode(episode.id)).await?,
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

async fn room_exists(db: &Db, room: RoomId) -> AppResult<bool> {
    Ok(match room {
        RoomId::Episode(id) => db::catalog::episode_by_id(db, id).await?.is_some(),
        RoomId::Party(id) => db::chat::party(db, id).await?.is_some(),
    })
}

#[derive(Deserialize)]
pub struct WsQuery {
    #[serde(default)]
    after: Option<i64>,
}

/// Upgrades to a WebSocket after checking Origin, the room and the session cookie.
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
    if !room_exists(&state.db, room).await? {
        return Err(AppError::NotFound("No such room.".into()));
    }
    let viewer = Viewer::load(&req).await?;
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

#[derive(Template)]
#[template(path = "parties.html")]
struct PartiesPage {
    layout: Layout,
    show: Show,
    episode: Episode,
    parties: Vec<PartyView>,
    form: PartyForm,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct PartyForm {
    #[serde(default)]
    title: String,
    /// `YYYY-MM-DDTHH:MM` in UTC (the datetime-local input).
    #[serde(default)]
    starts_at: String,
}

async fn parties_page(
    state: &AppState,
    viewer: &Viewer,
    show: Show,
    episode: Episode,
    form: PartyForm,
    error: Option<String>,
) -> AppResult<PartiesPage> {
    Ok(PartiesPage {
        layout: Layout::new(
            format!(
                "Watch parties: {} {}",
                show.title,
                episode.code.to_uppercase()
            ),
            viewer,
        ),
        parties: db::chat::parties_for_episode(&state.db, episode.id)
            .await?
            .iter()
            .map(PartyView::from)
            .collect(),
        show,
        episode,
        form,
        error,
    })
}

#[tracing::instrument(skip(state, viewer))]
pub async fn parties(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (slug, code) = path.into_inner();
    let show = find_show(&state.db, &slug).await?;
    let episode = find_episode(&state.db, &show, &code).await?;
    let form = PartyForm {
        title: String::new(),
        starts_at: String::new(),
    };
    render(
        StatusCode::OK,
        &parties_page(&state, &viewer, show, episode, form, None).await?,
    )
}

/// Parses the party start time (UTC) and keeps it within a sensible window.
pub fn parse_start(s: &str, now: i64) -> Result<i64, String> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let fmt_s = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let t = time::PrimitiveDateTime::parse(s.trim(), &fmt)
        .or_else(|_| time::PrimitiveDateTime::parse(s.trim(), &fmt_s))
        .map_err(|_| format!("{s:?} is not a start time like 2026-05-01T20:00."))?;
    let ms = (t.assume_utc().unix_timestamp_nanos() / 1_000_000) as i64;
    if ms < now - 3_600_000 {
        return Err("The start time is in the past.".into());
    }
    if ms > now + 366 * 86_400_000 {
        return Err("Parties can be scheduled at most a year ahead.".into());
    }
    Ok(ms)
}

#[tracing::instrument(skip(state, csrf))]
pub async fn create_party(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    csrf: CsrfForm<PartyForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?.clone();
    let (slug, code) = path.into_inner();
    let show = find_show(&state.db, &slug).await?;
    let episode = find_episode(&state.db, &show, &code).await?;
    let title = form.title.trim();
    let checked = if title.chars().count() > 100 {
        Err("The title is limited to 100 characters.".to_string())
    } else {
        parse_start(&form.starts_at, now_ms())
    };
    match checked {
        Ok(starts_at) => {
            let title = if title.is_empty() {
                format!("{} watch party", episode.code.to_uppercase())
            } else {
                title.to_string()
            };
            let id =
                db::chat::create_party(&state.db, episode.id, user.id, &title, starts_at).await?;
            Ok(see_other(&format!("/parties/{id}")))
        }
        Err(msg) => {
            let page = parties_page(&state, &viewer, show, episode, form, Some(msg)).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[derive(Template)]
#[template(path = "party.html")]
struct PartyPage {
    layout: Layout,
    show: Show,
    episode: Episode,
    party: PartyView,
    is_host: bool,
    chat: ChatPanel,
}

async fn find_party(db: &Db, id: i64) -> AppResult<(Party, Show, Episode)> {
    let party = db::chat::party(db, id)
        .await?
        .ok_or_else(|| AppError::NotFound("No such watch party.".into()))?;
    let episode = db::catalog::episode_by_id(db, party.episode_id)
        .await?
        .ok_or_else(|| AppError::NotFound("No such episode.".into()))?;
    let show = db::catalog::list_shows(db)
        .await?
        .into_iter()
        .find(|s| s.id == episode.show_id)
        .ok_or_else(|| AppError::NotFound("No such show.".into()))?;
    Ok((party, show, episode))
}

#[tracing::instrument(skip(state, viewer))]
pub async fn party(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<i64>,
    q: web::Query<Reveal>,
) -> AppResult<HttpResponse> {
    let (party, show, episode) = find_party(&state.db, *path).await?;
    if let Some(ask) = ask_first(
        &state,
        &viewer,
        &episode,
        &q,
        "watch party",
        &format!("/parties/{}", party.id),
    )
    .await?
    {
        return Ok(ask);
    }
    let page = PartyPage {
        layout: Layout::new(format!("{} · {}", party.title, show.title), &viewer),
        is_host: viewer.user.as_ref().is_some_and(|u| u.id == party.host_id),
        chat: chat_panel(&state, &viewer, RoomId::Party(party.id)).await?,
        party: PartyView::from(&party),
        show,
        episode,
    };
    render(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct Empty {}

async fn set_paused(
    state: &AppState,
    csrf: CsrfForm<Empty>,
    id: i64,
    pause: bool,
) -> AppResult<HttpResponse> {
    let user = csrf.viewer.require_user()?;
    let (party, _, _) = find_party(&state.db, id).await?;
    if party.host_id != user.id {
        return Err(AppError::Forbidden(
            "Only the party's host can pause or resume it.".into(),
        ));
    }
    db::chat::set_party_paused(&state.db, id, pause).await?;
    state
        .chat
        .to_room(RoomId::Party(id), RoomCmd::PartyChanged)
        .await;
    Ok(see_other(&format!("/parties/{id}")))
}

pub async fn pause(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    set_paused(&state, csrf, *path, true).await
}

pub async fn resume(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    set_paused(&state, csrf, *path, false).await
}

#[derive(Template)]
#[template(path = "replay.html")]
struct ReplayPage {
    layout: Layout,
    show: Show,
    episode: Episode,
    heading: String,
    data_url: String,
    messages: Vec<MessageView>,
}

#[derive(Deserialize, Default)]
pub struct ReplayQuery {
    #[serde(default)]
    from: Option<i64>,
    #[serde(default)]
    limit: Option<i64>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    reveal: Option<String>,
}

/// `?reveal=1`: the viewer chose to see past the spoiler shield.
#[derive(Deserialize, Default, Debug)]
pub struct Reveal {
    #[serde(default)]
    reveal: Option<String>,
}

/// For an episode the viewer must not see yet, a page that asks before joining.
async fn ask_first(
    state: &AppState,
    viewer: &Viewer,
    episode: &Episode,
    q: &Reveal,
    what: &str,
    here: &str,
) -> AppResult<Option<HttpResponse>> {
    if q.reveal.is_some() {
        return Ok(None);
    }
    let shield = crate::web::spoilers::shield_for(&state.db, viewer).await?;
    let hidden = shield.hidden(&state.db, &[episode.id]).await?;
    let Some(code) = hidden.get(&episode.id) else {
        return Ok(None);
    };
    let label = shield.label(code, what);
    let page = crate::web::threads::ShieldedPage {
        layout: Layout::new(label.clone(), viewer),
        reveal: format!("{here}?reveal=1"),
        back: format!("/shows/{}", episode_show_slug(state, episode).await?),
        label,
    };
    Ok(Some(render(StatusCode::OK, &page)?))
}

async fn episode_show_slug(state: &AppState, episode: &Episode) -> AppResult<String> {
    Ok(db::catalog::list_shows(&state.db)
        .await?
        .into_iter()
        .find(|s| s.id == episode.show_id)
        .map(|s| s.slug)
        .unwrap_or_default())
}

const REPLAY_PAGE: i64 = 500;

#[tracing::instrument(skip(state, viewer))]
pub async fn party_replay(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<i64>,
    q: web::Query<Reveal>,
) -> AppResult<HttpResponse> {
    let (party, show, episode) = find_party(&state.db, *path).await?;
    let here = format!("/parties/{}/replay", party.id);
    if let Some(ask) = ask_first(&state, &viewer, &episode, &q, "watch party replay", &here).await?
    {
        return Ok(ask);
    }
    let messages = db::chat::replay(
        &state.db,
        &RoomId::Party(party.id).to_string(),
        0,
        REPLAY_PAGE,
    )
    .await?;
    let page = ReplayPage {
        layout: Layout::new(format!("Replay: {}", party.title), &viewer),
        heading: format!("Replay: {}", party.title),
        data_url: format!("/parties/{}/replay.json", party.id),
        messages: messages.into_iter().map(MessageView::from).collect(),
        show,
        episode,
    };
    render(StatusCode::OK, &page)
}

/// Replay data: messages with offset ≥ `from` (ms), ordered by offset.
pub async fn party_replay_json(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    q: web::Query<ReplayQuery>,
) -> AppResult<HttpResponse> {
    let (party, _, _) = find_party(&state.db, *path).await?;
    let from = q.from.unwrap_or(0).max(0);
    let limit = q.limit.unwrap_or(REPLAY_PAGE).clamp(1, REPLAY_PAGE);
    let messages =
        db::chat::replay(&state.db, &RoomId::Party(party.id).to_string(), from, limit).await?;
    Ok(HttpResponse::Ok().json(messages))
}

/// The regional air instant of an episode: its date at 00:00 UTC in `region`, or the
/// earliest date when the region has none.
async fn air_instant(
    db: &Db,
    episode: &Episode,
    region: Option<&str>,
) -> AppResult<Option<(String, i64)>> {
    let dates = db::catalog::air_dates(db, episode.id).await?;
    let pick = region
        .and_then(|r| dates.iter().find(|d| d.region.eq_ignore_ascii_case(r)))
        .or_else(|| dates.first());
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Ok(pick.and_then(|d| {
        time::Date::parse(&d.date, &fmt).ok().map(|date| {
            (
                d.region.clone(),
                (date.midnight().assume_utc().unix_timestamp()) * 1000,
            )
        })
    }))
}

#[tracing::instrument(skip(state, viewer, q))]
pub async fn episode_replay(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, String)>,
    q: web::Query<ReplayQuery>,
) -> AppResult<HttpResponse> {
    let (slug, code) = path.into_inner();
    let show = find_show(&state.db, &slug).await?;
    let episode = find_episode(&state.db, &show, &code).await?;
    let reveal = Reveal {
        reveal: q.reveal.clone(),
    };
    let here = format!("/shows/{}/episodes/{}/replay", show.slug, episode.code);
    if let Some(ask) = ask_first(
        &state,
        &viewer,
        &episode,
        &reveal,
        "live chat replay",
        &here,
    )
    .await?
    {
        return Ok(ask);
    }
    let (region, air) = air_instant(&state.db, &episode, q.region.as_deref())
        .await?
        .ok_or_else(|| AppError::NotFound("This episode has no air date to replay from.".into()))?;
    let room = RoomId::Episode(episode.id).to_string();
    let messages = db::chat::replay_from_air(&state.db, &room, air, 0, REPLAY_PAGE).await?;
    let page = ReplayPage {
        layout: Layout::new(
            format!("Replay: {} {}", show.title, episode.code.to_uppercase()),
            &viewer,
        ),
        heading: format!(
            "Replay of the {} live room, timed from its {} air date",
            episode.code.to_uppercase(),
            region
        ),
        data_url: format!(
            "/shows/{}/episodes/{}/replay.json?region={}",
            show.slug, episode.code, region
        ),
        messages: messages.into_iter().map(MessageView::from).collect(),
        show,
        episode,
    };
    render(StatusCode::OK, &page)
}

pub async fn episode_replay_json(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    q: web::Query<ReplayQuery>,
) -> AppResult<HttpResponse> {
    let (slug, code) = path.into_inner();
    let show = find_show(&state.db, &slug).await?;
    let episode = find_episode(&state.db, &show, &code).await?;
    let Some((_, air)) = air_instant(&state.db, &episode, q.region.as_deref()).await? else {
        return Ok(HttpResponse::Ok().json(Vec::<Message>::new()));
    };
    let from = q.from.unwrap_or(0).max(0);
    let limit = q.limit.unwrap_or(REPLAY_PAGE).clamp(1, REPLAY_PAGE);
    let messages = db::chat::replay_from_air(
        &state.db,
        &RoomId::Episode(episode.id).to_string(),
        air,
        from,
        limit,
    )
    .await?;
    Ok(HttpResponse::Ok().json(messages))
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

    #[test]
    fn start_times() {
        let now = 1_767_225_600_000; // 2026-01-01T00:00Z
        assert_eq!(parse_start("2026-01-01T01:00", now), Ok(now + 3_600_000));
        assert!(parse_start("2025-12-01T00:00", now).is_err());
        assert!(parse_start("2028-01-01T00:00", now).is_err());
        assert!(parse_start("tomorrow", now).is_err());
    }
}
