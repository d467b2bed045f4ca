//! Moderator actions over HTTP: every one a CSRF-checked POST whose form goes to
//! `moderation::actions::perform`, which authorizes, applies and logs it.
use actix_web::{web, HttpResponse};

use crate::auth::CsrfForm;
use crate::domain::LocalPath;
use crate::error::AppResult;
use crate::moderation::actions::{self, Done, ModForm, Request};
use crate::web::see_other;
use crate::web::AppState;

/// The page an action concerns.
fn location(done: &Done) -> String {
    match done {
        Done::Post {
            thread_id,
            post_id,
            position,
        } => format!(
            "/threads/{thread_id}?page={}#post-{post_id}",
            crate::forum::page_of(*position)
        ),
        Done::Thread(id) => format!("/threads/{id}"),
        Done::ShowTools(slug) => format!("/shows/{slug}/mod"),
        Done::ShowFilters(slug) => format!("/shows/{slug}/mod#filters"),
        Done::Admin => "/admin".into(),
        Done::SiteQueue => "/mod".into(),
        Done::Home => "/".into(),
    }
}

/// Where to go after an action: a local path the form named, else the page it concerns.
fn back(form: &ModForm, done: &Done) -> HttpResponse {
    see_other(&LocalPath::or(&form.back, &location(done)))
}

async fn perform(
    state: &AppState,
    csrf: CsrfForm<ModForm>,
    request: Request,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let done =
        actions::perform(&state.db, &state.chat, viewer.user.as_ref(), request, &form).await?;
    Ok(back(&form, &done))
}

/// Forms whose page is fixed: they ignore `back`.
async fn perform_fixed(
    state: &AppState,
    csrf: CsrfForm<ModForm>,
    request: Request,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let done =
        actions::perform(&state.db, &state.chat, viewer.user.as_ref(), request, &form).await?;
    Ok(see_other(&location(&done)))
}

#[tracing::instrument(skip(state, csrf))]
pub async fn post_action(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    perform(&state, csrf, Request::Post(*path)).await
}

#[tracing::instrument(skip(state, csrf))]
pub async fn thread_action(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    perform(&state, csrf, Request::Thread(*path)).await
}

#[tracing::instrument(skip(state, csrf))]
pub async fn chat_action(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    perform(&state, csrf, Request::ChatMessage(*path)).await
}

/// Files a report (any signed-in user).
#[tracing::instrument(skip(state, csrf))]
pub async fn report(
    state: web::Data<AppState>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    let per_hour = state.config.activity.reports_per_hour;
    perform(&state, csrf, Request::Report { per_hour }).await
}

/// Resolves all reports on one item: dismiss, remove, or remove and sanction the author.
#[tracing::instrument(skip(state, csrf))]
pub async fn resolve(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    perform(&state, csrf, Request::Resolve(path.into_inner())).await
}

#[tracing::instrument(skip(state, csrf))]
pub async fn sanction_user(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    perform(&state, csrf, Request::Sanction(path.into_inner())).await
}

/// Site ban (admins only).
#[tracing::instrument(skip(state, csrf))]
pub async fn ban(state: web::Data<AppState>, csrf: CsrfForm<ModForm>) -> AppResult<HttpResponse> {
    perform(&state, csrf, Request::Ban).await
}

#[tracing::instrument(skip(state, csrf))]
pub async fn room_settings(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    perform(&state, csrf, Request::RoomSettings(path.into_inner())).await
}

#[tracing::instrument(skip(state, csrf))]
pub async fn add_filter(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    perform_fixed(&state, csrf, Request::AddFilter(path.into_inner())).await
}

#[tracing::instrument(skip(state, csrf))]
pub async fn remove_filter(
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    let (slug, id) = path.into_inner();
    perform_fixed(&state, csrf, Request::RemoveFilter(slug, id)).await
}

/// Admins grant and revoke a show's moderators.
#[tracing::instrument(skip(state, csrf))]
pub async fn team(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    perform_fixed(&state, csrf, Request::Team(path.into_inner())).await
}

/// Admins make a show's mod log public or private.
#[tracing::instrument(skip(state, csrf))]
pub async fn settings(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    perform_fixed(&state, csrf, Request::ModlogSetting(path.into_inner())).await
}
