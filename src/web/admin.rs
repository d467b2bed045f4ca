//! Site admin pages: add and edit shows, episodes (with air dates) and boards.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse, ResponseError};
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, Viewer};
use crate::catalog::admin::{self, EpisodeFields};
use crate::db::catalog::{Board, Season, Show};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::web::browse::find_show;
use crate::web::layout::Layout;
use crate::web::AppState;
use crate::web::{render, see_other};

#[derive(Template)]
#[template(path = "admin_index.html")]
struct AdminIndex {
    layout: Layout,
    shows: Vec<Show>,
    form: ShowForm,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "admin_show.html")]
struct ShowAdmin {
    layout: Layout,
    show: Show,
    seasons: Vec<Season>,
    boards: Vec<Board>,
    show_form: ShowForm,
    episode_form: EpisodeForm,
    board_form: BoardForm,
    error: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
pub struct ShowForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    synopsis: String,
    /// Days after the earliest air date an episode counts as aired where a region has no
    /// date of its own (empty: it does not).
    #[serde(default)]
    spoiler_delay_days: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct EpisodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    synopsis: String,
    #[serde(default)]
    runtime_min: String,
    #[serde(default)]
    air_dates: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct BoardForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize, Default)]
pub struct ShowAdminQuery {
    #[serde(default)]
    episode: String,
}

#[tracing::instrument(skip_all)]
pub async fn index(state: web::Data<AppState>, viewer: Viewer) -> AppResult<HttpResponse> {
    viewer.require_admin()?;
    let page = AdminIndex {
        layout: Layout::new(viewer.tr().t("nav-admin"), &viewer),
        shows: admin::shows(&state.db).await?,
        form: ShowForm::default(),
        error: None,
    };
    render(StatusCode::OK, &page)
}

/// A refused form is shown again with its message, under the status of its error; any other
/// error is the error page.
fn refusal(e: AppError) -> AppResult<AppError> {
    match e {
        AppError::Conflict(_) | AppError::Unprocessable(_) => Ok(e),
        e => Err(e),
    }
}

#[tracing::instrument(skip_all)]
pub async fn create_show(
    state: web::Data<AppState>,
    csrf: CsrfForm<ShowForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    viewer.require_admin()?;
    let refused = match admin::add_show(&state.db, &form.slug, &form.title, &form.synopsis).await {
        Ok(slug) => return Ok(see_other(&format!("/shows/{}/admin", slug.as_str()))),
        Err(e) => refusal(e)?,
    };
    let page = AdminIndex {
        layout: Layout::new(viewer.tr().t("nav-admin"), &viewer),
        shows: admin::shows(&state.db).await?,
        form,
        error: refused.message().map(|m| m.in_lang(&viewer.tr())),
    };
    render(refused.status_code(), &page)
}

async fn show_admin_page(
    db: &Db,
    viewer: &Viewer,
    show: Show,
    editing: Option<&str>,
) -> AppResult<ShowAdmin> {
    let data = admin::show_page(db, show.id, editing).await?;
    let episode_form = match data.editing {
        Some(edited) => EpisodeForm {
            code: edited.episode.code,
            title: edited.episode.title,
            synopsis: edited.episode.synopsis,
            runtime_min: edited.episode.runtime_min.to_string(),
            air_dates: edited
                .air_dates
                .iter()
                .map(|d| {
                    format!(
                        "{} {}\n",
                        d.region,
                        crate::catalog::air_time::air_line_value(d)
                    )
                })
                .collect(),
        },
        None => EpisodeForm::default(),
    };
    Ok(ShowAdmin {
        layout: Layout::new(
            viewer.tr().t1("title-admin-show", "show", &show.title),
            viewer,
        ),
        seasons: data.seasons,
        boards: data.boards,
        show_form: ShowForm {
            slug: show.slug.clone(),
            title: show.title.clone(),
            synopsis: show.synopsis.clone(),
            spoiler_delay_days: show
                .spoiler_delay_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
        },
        episode_form,
        board_form: BoardForm::default(),
        error: None,
        show,
    })
}

#[tracing::instrument(skip(state, viewer, q))]
pub async fn show_admin(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
    q: web::Query<ShowAdminQuery>,
) -> AppResult<HttpResponse> {
    viewer.require_admin()?;
    let show = find_show(&state.db, &path).await?;
    // `?episode=s01e02` pre-fills the episode form for editing.
    let page = show_admin_page(&state.db, &viewer, show, Some(&q.episode)).await?;
    render(StatusCode::OK, &page)
}

#[tracing::instrument(skip(state, csrf))]
pub async fn update_show(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<ShowForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    viewer.require_admin()?;
    let show = find_show(&state.db, &path).await?;
    let (title, synopsis, delay) = (&form.title, &form.synopsis, &form.spoiler_delay_days);
    let refused = match admin::update_show(&state.db, &show, title, synopsis, delay).await {
        Ok(()) => return Ok(see_other(&format!("/shows/{}", show.slug))),
        Err(e) => refusal(e)?,
    };
    let mut page = show_admin_page(&state.db, &viewer, show, None).await?;
    page.show_form = ShowForm {
        slug: page.show.slug.clone(),
        ..form
    };
    page.error = refused.message().map(|m| m.in_lang(&viewer.tr()));
    render(refused.status_code(), &page)
}

#[tracing::instrument(skip(state, csrf))]
pub async fn save_episode(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<EpisodeForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    viewer.require_admin()?;
    let show = find_show(&state.db, &path).await?;
    let fields = EpisodeFields {
        code: &form.code,
        title: &form.title,
        synopsis: &form.synopsis,
        runtime_min: &form.runtime_min,
        air_dates: &form.air_dates,
    };
    let refused = match admin::save_episode(&state.db, show.id, &fields).await {
        Ok(code) => return Ok(see_other(&format!("/shows/{}/episodes/{code}", show.slug))),
        Err(e) => refusal(e)?,
    };
    let mut page = show_admin_page(&state.db, &viewer, show, None).await?;
    page.episode_form = form;
    page.error = refused.message().map(|m| m.in_lang(&viewer.tr()));
    render(refused.status_code(), &page)
}

#[tracing::instrument(skip(state, csrf))]
pub async fn create_board(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<BoardForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    viewer.require_admin()?;
    let show = find_show(&state.db, &path).await?;
    let (slug, name, description) = (&form.slug, &form.name, &form.description);
    let refused = match admin::add_board(&state.db, &show, slug, name, description).await {
        Ok(slug) => {
            return Ok(see_other(&format!(
                "/shows/{}/forum/{}",
                show.slug,
                slug.as_str()
            )))
        }
        Err(e) => refusal(e)?,
    };
    let mut page = show_admin_page(&state.db, &viewer, show, None).await?;
    page.board_form = form;
    page.error = refused.message().map(|m| m.in_lang(&viewer.tr()));
    render(refused.status_code(), &page)
}
