//! Site admin pages: add and edit shows, episodes (with air dates) and boards.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse, ResponseError};
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, Viewer};
use crate::catalog::{parse_air_date_lines, save_episode as save_episode_row, EpisodeData};
use crate::db::catalog::{Board, Season, Show};
use crate::db::{self, Db};
use crate::domain::{EpisodeCode, Invalid, Slug};
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

fn check_title(title: &str, what: &str) -> Result<String, Invalid> {
    let t = title.trim();
    if t.is_empty() || t.chars().count() > 200 {
        return Err(Invalid::new(format!("{what} must be 1 to 200 characters.")));
    }
    Ok(t.to_string())
}

#[tracing::instrument(skip_all)]
pub async fn index(state: web::Data<AppState>, viewer: Viewer) -> AppResult<HttpResponse> {
    viewer.require_admin()?;
    let page = AdminIndex {
        layout: Layout::new("Admin", &viewer),
        shows: db::catalog::list_shows(&state.db).await?,
        form: ShowForm::default(),
        error: None,
    };
    render(StatusCode::OK, &page)
}

#[tracing::instrument(skip_all)]
pub async fn create_show(
    state: web::Data<AppState>,
    csrf: CsrfForm<ShowForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    viewer.require_admin()?;
    let checked =
        Slug::try_from(form.slug.trim()).and_then(|s| Ok((s, check_title(&form.title, "Title")?)));
    let created = match checked {
        Ok((slug, title)) => {
            crate::catalog::create_show(&state.db, &slug, &title, form.synopsis.trim())
                .await
                .map(|_| slug)
        }
        Err(e) => Err(AppError::Unprocessable(e.0)),
    };
    // A refused form is shown again with its message, under the status of its error.
    let refused = match created {
        Ok(slug) => return Ok(see_other(&format!("/shows/{}/admin", slug.as_str()))),
        Err(e @ (AppError::Conflict(_) | AppError::Unprocessable(_))) => e,
        Err(e) => return Err(e),
    };
    let page = AdminIndex {
        layout: Layout::new("Admin", &viewer),
        shows: db::catalog::list_shows(&state.db).await?,
        form,
        error: Some(refused.to_string()),
    };
    render(refused.status_code(), &page)
}

async fn show_admin_page(db: &Db, viewer: &Viewer, show: Show) -> AppResult<ShowAdmin> {
    Ok(ShowAdmin {
        layout: Layout::new(format!("Admin · {}", show.title), viewer),
        seasons: db::catalog::seasons(db, show.id).await?,
        boards: db::catalog::boards(db, show.id).await?,
        show_form: ShowForm {
            slug: show.slug.clone(),
            title: show.title.clone(),
            synopsis: show.synopsis.clone(),
            spoiler_delay_days: show
                .spoiler_delay_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
        },
        episode_form: EpisodeForm::default(),
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
    let mut page = show_admin_page(&state.db, &viewer, show).await?;
    // `?episode=s01e02` pre-fills the episode form for editing.
    if let Ok(code) = EpisodeCode::try_from(q.episode.as_str()) {
        if let Some(e) =
            db::catalog::episode_by_code(&state.db, page.show.id, &code.to_string()).await?
        {
            let dates = db::catalog::air_dates(&state.db, e.id).await?;
            page.episode_form = EpisodeForm {
                code: e.code,
                title: e.title,
                synopsis: e.synopsis,
                runtime_min: e.runtime_min.to_string(),
                air_dates: dates
                    .iter()
                    .map(|d| format!("{} {}\n", d.region, d.date))
                    .collect(),
            };
        }
    }
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
    let delay = match form.spoiler_delay_days.trim() {
        "" => Ok(None),
        d => d
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=3650).contains(n))
            .map(Some)
            .ok_or_else(|| Invalid::new("The delay is a number of days from 0 to 3650.")),
    };
    match check_title(&form.title, "Title").and_then(|t| Ok((t, delay?))) {
        Ok((title, delay)) => {
            let mut tx = state.db.begin().await?;
            db::catalog::upsert_show(&mut tx, &show.slug, &title, form.synopsis.trim()).await?;
            db::catalog::set_spoiler_delay(&mut tx, show.id, delay).await?;
            state.db.commit_catalog(tx).await?;
            Ok(see_other(&format!("/shows/{}", show.slug)))
        }
        Err(e) => {
            let mut page = show_admin_page(&state.db, &viewer, show).await?;
            page.show_form = ShowForm {
                slug: page.show.slug.clone(),
                ..form
            };
            page.error = Some(e.0);
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

fn parse_episode(form: &EpisodeForm) -> Result<EpisodeData, Invalid> {
    let code = EpisodeCode::try_from(form.code.as_str())?;
    let title = check_title(&form.title, "Episode title")?;
    let runtime_min = match form.runtime_min.trim() {
        "" => 0,
        r => r
            .parse::<i64>()
            .ok()
            .filter(|m| (0..=1000).contains(m))
            .ok_or_else(|| Invalid::new("Runtime must be a number of minutes from 0 to 1000."))?,
    };
    let air_dates = parse_air_date_lines(&form.air_dates)?;
    Ok(EpisodeData {
        code,
        title,
        synopsis: form.synopsis.trim().to_string(),
        runtime_min,
        air_dates,
    })
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
    match parse_episode(&form) {
        Ok(data) => {
            let mut tx = state.db.begin().await?;
            save_episode_row(&mut tx, show.id, &data).await?;
            state.db.commit_catalog(tx).await?;
            Ok(see_other(&format!(
                "/shows/{}/episodes/{}",
                show.slug, data.code
            )))
        }
        Err(e) => {
            let mut page = show_admin_page(&state.db, &viewer, show).await?;
            page.episode_form = form;
            page.error = Some(e.0);
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
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
    let checked = Slug::try_from(form.slug.trim())
        .and_then(|s| Ok((s, check_title(&form.name, "Board name")?)));
    let (status, error) = match checked {
        Ok((slug, name)) => {
            match db::catalog::create_board(
                &state.db,
                show.id,
                slug.as_str(),
                &name,
                form.description.trim(),
            )
            .await
            {
                Ok(_) => {
                    return Ok(see_other(&format!(
                        "/shows/{}/forum/{}",
                        show.slug,
                        slug.as_str()
                    )))
                }
                Err(e) if db::is_unique_violation(&e) => (
                    StatusCode::CONFLICT,
                    format!("{} already has a board {:?}.", show.title, slug.as_str()),
                ),
                Err(e) => return Err(e.into()),
            }
        }
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, e.0),
    };
    let mut page = show_admin_page(&state.db, &viewer, show).await?;
    page.board_form = form;
    page.error = Some(error);
    render(status, &page)
}
