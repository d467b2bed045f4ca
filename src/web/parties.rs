//! Watch parties: the list and form of an episode's parties, a party's page, pause/resume.
use crate::i18n::Msg;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, Viewer};
use crate::chat::party::{self, PartyPlace, PartyRefused, PartyRules, PauseError};
use crate::chat::RoomId;
use crate::db::catalog::{Episode, Show};
use crate::db::chat::Party;
use crate::error::{AppError, AppResult};
use crate::time_util::{format_local, iso_ms, now_ms};
use crate::visibility::Gate;
use crate::web::browse::{find_episode, find_show};
use crate::web::chat_panel::{ask_first, chat_panel, ChatPanel, Reveal};
use crate::web::layout::Layout;
use crate::web::AppState;
use crate::web::{render, see_other};

pub struct PartyView {
    pub id: i64,
    pub title: String,
    pub host: String,
    pub starts_iso: String,
    pub starts: String,
    pub started: bool,
    pub paused: bool,
}

impl PartyView {
    /// The episode's newest parties, as lists print them.
    pub async fn of_episode(
        state: &AppState,
        viewer: &Viewer,
        episode_id: i64,
    ) -> AppResult<Vec<PartyView>> {
        Ok(party::for_episode(&state.db, episode_id)
            .await?
            .iter()
            .map(|p| PartyView::new(p, viewer))
            .collect())
    }

    /// The start time reads in the viewer's zone (`time_util::format_local`).
    pub fn new(p: &Party, viewer: &Viewer) -> Self {
        PartyView {
            id: p.id,
            title: p.title.clone(),
            host: p.host.clone(),
            starts_iso: iso_ms(p.starts_at),
            starts: format_local(p.starts_at, &viewer.time_zone, viewer.lang.code()),
            started: now_ms() >= p.starts_at,
            paused: p.paused_at.is_some(),
        }
    }
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
    /// The checkbox "include the premiere relay": present when ticked.
    #[serde(default)]
    relay: Option<String>,
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
        layout: Layout::for_episode("title-parties", &show.title, &episode.code, viewer),
        parties: PartyView::of_episode(state, viewer, episode.id).await?,
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
    let page = parties_page(&state, &viewer, show, episode, PartyForm::default(), None).await?;
    render(StatusCode::OK, &page)
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
    let rules = PartyRules {
        new_accounts: &state.config.new_accounts,
        activity: &state.config.activity,
    };
    let (title, starts) = (&form.title, &form.starts_at);
    let relay = form.relay.is_some();
    match party::create(&state.db, &rules, &user, &episode, title, starts, relay).await? {
        Ok(id) => Ok(see_other(&format!("/parties/{id}"))),
        Err(refused) => {
            let status = match refused {
                PartyRefused::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
                PartyRefused::Forbidden(_) => StatusCode::FORBIDDEN,
                PartyRefused::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            };
            let msg = Some(refused.message().in_lang(&viewer.tr()));
            let page = parties_page(&state, &viewer, show, episode, form, msg).await?;
            render(status, &page)
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
    /// None for visitors, who cannot follow.
    following: Option<bool>,
    chat: ChatPanel,
}

pub async fn find_party(state: &AppState, id: i64) -> AppResult<PartyPlace> {
    party::find(&state.db, id)
        .await?
        .ok_or_else(|| AppError::NotFound(Msg::new("err-no-such-watch-party")))
}

#[tracing::instrument(skip(state, viewer))]
pub async fn party(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<i64>,
    q: web::Query<Reveal>,
) -> AppResult<HttpResponse> {
    let PartyPlace {
        party,
        show,
        episode,
    } = find_party(&state, *path).await?;
    let gate = Gate::load(&state.db, &viewer).await?;
    let here = format!("/parties/{}", party.id);
    let ask = ("watch party", here.as_str());
    if let Some(page) = ask_first(&state, &viewer, &gate, &show, episode.id, ask, q.asked()).await?
    {
        return Ok(page);
    }
    let following = match &viewer.user {
        Some(u) => Some(
            crate::notify::follows::is_following(
                &state.db,
                Some(u.id),
                crate::notify::follows::Target::Party(party.id),
            )
            .await?,
        ),
        None => None,
    };
    let page = PartyPage {
        following,
        layout: Layout::new(format!("{} · {}", party.title, show.title), &viewer),
        is_host: viewer.user.as_ref().is_some_and(|u| u.id == party.host_id),
        chat: chat_panel(&state, &viewer, RoomId::Party(party.id), q.asked()).await?,
        party: PartyView::new(&party, &viewer),
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
    match party::set_paused(&state.db, &state.chat, user.id, id, pause).await {
        Ok(()) => Ok(see_other(&format!("/parties/{id}"))),
        Err(PauseError::NoParty) => Err(AppError::NotFound(Msg::new("err-no-such-watch-party"))),
        Err(PauseError::NotHost) => Err(AppError::Forbidden(Msg::new("err-only-party-host-pause"))),
        Err(PauseError::Db(e)) => Err(e.into()),
    }
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
