//! Replay pages and their JSON: a room's messages on the episode's clock.
use crate::i18n::Msg;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::Viewer;
use crate::chat::party::PartyPlace;
use crate::chat::protocol::Message;
use crate::chat::replay::{self, Replay, Slice};
use crate::db::catalog::{Episode, Show};
use crate::error::{AppError, AppResult};
use crate::visibility::Gate;
use crate::web::browse::{find_episode, find_show};
use crate::web::chat_panel::{ask_first, MessageView};
use crate::web::layout::Layout;
use crate::web::parties::find_party;
use crate::web::render;
use crate::web::AppState;

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

impl ReplayQuery {
    fn slice(&self) -> Slice {
        Slice::new(self.from, self.limit)
    }
}

/// The JSON the replay player reads: what the gate lets through, nothing when the episode
/// is behind this viewer's shield and they did not choose "show anyway".
fn json(replay: Replay) -> HttpResponse {
    match replay {
        Replay::Messages(m) => HttpResponse::Ok().json(m),
        Replay::Shielded { .. } => HttpResponse::Ok().json(Vec::<Message>::new()),
    }
}

#[tracing::instrument(skip(state, viewer, q))]
pub async fn party_replay(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<i64>,
    q: web::Query<ReplayQuery>,
) -> AppResult<HttpResponse> {
    let PartyPlace {
        party,
        show,
        episode,
    } = find_party(&state, *path).await?;
    let gate = Gate::load(&state.db, &viewer).await?;
    let here = format!("/parties/{}/replay", party.id);
    let reveal = q.reveal.is_some();
    let ask = ("watch party replay", here.as_str());
    if let Some(page) = ask_first(&state, &viewer, &gate, &show, episode.id, ask, reveal).await? {
        return Ok(page);
    }
    let Replay::Messages(messages) =
        replay::party(&state.db, &gate, &party, Slice::new(None, None), true).await?
    else {
        return Err(AppError::NotFound(Msg::new("err-no-such-watch-party")));
    };
    let page = ReplayPage {
        layout: Layout::new(
            viewer.tr().t1("title-replay", "title", &party.title),
            &viewer,
        ),
        heading: viewer.tr().t1("title-replay", "title", &party.title),
        // The player's data asks past the shield only when the page did.
        data_url: format!(
            "/parties/{}/replay.json{}",
            party.id,
            if reveal { "?reveal=1" } else { "" }
        ),
        messages: messages.into_iter().map(MessageView::from).collect(),
        show,
        episode,
    };
    render(StatusCode::OK, &page)
}

/// Replay data: messages with offset ≥ `from` (ms), ordered by offset.
pub async fn party_replay_json(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<i64>,
    q: web::Query<ReplayQuery>,
) -> AppResult<HttpResponse> {
    let place = find_party(&state, *path).await?;
    let gate = Gate::load(&state.db, &viewer).await?;
    let reveal = q.reveal.is_some();
    Ok(json(
        replay::party(&state.db, &gate, &place.party, q.slice(), reveal).await?,
    ))
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
    let gate = Gate::load(&state.db, &viewer).await?;
    let here = format!("/shows/{}/episodes/{}/replay", show.slug, episode.code);
    let reveal = q.reveal.is_some();
    let ask = ("live chat replay", here.as_str());
    if let Some(page) = ask_first(&state, &viewer, &gate, &show, episode.id, ask, reveal).await? {
        return Ok(page);
    }
    let first = Slice::new(None, None);
    let found =
        replay::episode(&state.db, &gate, &episode, q.region.as_deref(), first, true).await?;
    let Some((region, Replay::Messages(messages))) = found else {
        return Err(AppError::NotFound(Msg::new("err-episode-has-no-air-date")));
    };
    let page = ReplayPage {
        layout: Layout::for_episode("title-replay-episode", &show.title, &episode.code, &viewer),
        heading: viewer.tr().t2(
            "replay-heading-episode",
            "code",
            episode.code.to_uppercase(),
            "region",
            &region,
        ),
        data_url: format!(
            "/shows/{}/episodes/{}/replay.json?region={}{}",
            show.slug,
            episode.code,
            region,
            if reveal { "&reveal=1" } else { "" }
        ),
        messages: messages.into_iter().map(MessageView::from).collect(),
        show,
        episode,
    };
    render(StatusCode::OK, &page)
}

pub async fn episode_replay_json(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, String)>,
    q: web::Query<ReplayQuery>,
) -> AppResult<HttpResponse> {
    let (slug, code) = path.into_inner();
    let show = find_show(&state.db, &slug).await?;
    let episode = find_episode(&state.db, &show, &code).await?;
    let gate = Gate::load(&state.db, &viewer).await?;
    let reveal = q.reveal.is_some();
    let region = q.region.as_deref();
    match replay::episode(&state.db, &gate, &episode, region, q.slice(), reveal).await? {
        Some((_, replay)) => Ok(json(replay)),
        None => Ok(HttpResponse::Ok().json(Vec::<Message>::new())),
    }
}
