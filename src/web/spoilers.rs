//! The spoiler shield on pages: labels instead of shielded threads, watch progress, region.
use crate::i18n::Msg;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, Viewer};
use crate::catalog::lookup;
use crate::db::catalog::{Season, Show};
use crate::domain::LocalPath;
use crate::error::{AppError, AppResult};
use crate::spoilers::progress::{self, Mark};
use crate::spoilers::region::{self, REGION_COOKIE};
use crate::visibility::Gate;
use crate::web::browse::{find_episode, find_show};
use crate::web::layout::Layout;
use crate::web::AppState;
use crate::web::{render, see_other};

#[derive(Deserialize, Default)]
pub struct WatchForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    back: String,
}

/// Marks an episode watched, unwatched, or everything up to it watched.
#[tracing::instrument(skip(state, csrf))]
pub async fn watched(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    csrf: CsrfForm<WatchForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?;
    let (slug, code) = path.into_inner();
    let show = find_show(&state.db, &slug).await?;
    let episode = find_episode(&state.db, &show, &code).await?;
    let how = Mark::parse(&form.action).ok_or_else(|| {
        AppError::BadRequest(Msg::new("err-unknown-action").arg("action", &form.action))
    })?;
    progress::mark(&state.db, user.id, &episode, how).await?;
    let fallback = format!("/shows/{}/progress", show.slug);
    Ok(see_other(&LocalPath::or(&form.back, &fallback)))
}

pub struct ProgressRow {
    pub code: String,
    pub title: String,
    pub watched: bool,
}

#[derive(Template)]
#[template(path = "progress.html")]
struct ProgressPage {
    layout: Layout,
    show: Show,
    seasons: Vec<(i64, Vec<ProgressRow>)>,
    watched: usize,
    total: usize,
}

#[tracing::instrument(skip(state, viewer))]
pub async fn progress(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    viewer.require_user()?;
    let show = find_show(&state.db, &path).await?;
    let gate = Gate::load(&state.db, &viewer).await?;
    let seasons: Vec<Season> = lookup::seasons(&state.db, show.id).await?;
    let ids: Vec<i64> = seasons
        .iter()
        .flat_map(|s| s.episodes.iter().map(|e| e.id))
        .collect();
    let hidden = gate.hidden_episodes(&state.db, &ids).await?;
    let rows: Vec<(i64, Vec<ProgressRow>)> = seasons
        .into_iter()
        .map(|s| {
            let eps = s
                .episodes
                .into_iter()
                .map(|e| ProgressRow {
                    watched: !hidden.contains_key(&e.id),
                    code: e.code,
                    title: e.title,
                })
                .collect();
            (s.number, eps)
        })
        .collect();
    let page = ProgressPage {
        layout: Layout::new(
            format!("{} · {}", viewer.tr().t("pages-your-progress"), show.title),
            &viewer,
        ),
        watched: ids.len() - hidden.len(),
        total: ids.len(),
        seasons: rows,
        show,
    };
    render(StatusCode::OK, &page)
}

#[derive(Deserialize, Default)]
pub struct RegionForm {
    #[serde(default)]
    region: String,
    #[serde(default)]
    back: String,
}

/// Saves the region: on the account when signed in, in a cookie otherwise.
#[tracing::instrument(skip(state, csrf))]
pub async fn set_region(
    state: web::Data<AppState>,
    csrf: CsrfForm<RegionForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let code =
        crate::catalog::parse_region(&form.region).map_err(|e| AppError::Unprocessable(e.0))?;
    let target = LocalPath::or(&form.back, "/settings");
    let mut resp = see_other(&target);
    match &viewer.user {
        Some(u) => region::set_for_user(&state.db, u.id, &code).await?,
        None => {
            let cookie = Cookie::build(REGION_COOKIE, code)
                .path("/")
                .same_site(SameSite::Lax)
                .http_only(true)
                .max_age(actix_web::cookie::time::Duration::days(365))
                .finish();
            resp.add_cookie(&cookie)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
        }
    }
    Ok(resp)
}
