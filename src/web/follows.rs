//! The follow buttons of thread, show, board and watch-party pages.
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::CsrfForm;
use crate::domain::LocalPath;
use crate::error::AppResult;
use crate::notify::follows::{self, Target};
use crate::visibility::Gate;
use crate::web::see_other;
use crate::web::AppState;

#[derive(Deserialize, Default)]
pub struct FollowForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    back: String,
}

#[tracing::instrument(skip(state, csrf))]
pub async fn thread(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<FollowForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?;
    let on = follows::parse_action(&form.action)?;
    let gate = Gate::load(&state.db, &viewer).await?;
    follows::thread(&state.db, &gate, user.id, *path, on).await?;
    Ok(see_other(&LocalPath::or(
        &form.back,
        &format!("/threads/{}", *path),
    )))
}

async fn follow(
    state: &AppState,
    user_id: i64,
    target: Target,
    form: &FollowForm,
    fallback: &str,
) -> AppResult<HttpResponse> {
    let on = follows::parse_action(&form.action)?;
    follows::set(&state.db, user_id, target, on).await?;
    Ok(see_other(&LocalPath::or(&form.back, fallback)))
}

#[tracing::instrument(skip(state, csrf))]
pub async fn party(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<FollowForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?;
    let target = follows::party_target(&state.db, *path).await?;
    follow(
        &state,
        user.id,
        target,
        &form,
        &format!("/parties/{}", *path),
    )
    .await
}

#[tracing::instrument(skip(state, csrf))]
pub async fn show(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<FollowForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?;
    let target = follows::show_target(&state.db, &path).await?;
    follow(&state, user.id, target, &form, &format!("/shows/{}", *path)).await
}

#[tracing::instrument(skip(state, csrf))]
pub async fn board(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    csrf: CsrfForm<FollowForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?;
    let (show, board) = path.into_inner();
    let target = follows::board_target(&state.db, &show, &board).await?;
    let back = format!("/shows/{show}/forum/{board}");
    follow(&state, user.id, target, &form, &back).await
}

/// A follow button as pages print it (`follow_button.html`); None for visitors.
pub struct FollowButton {
    pub action: String,
    pub following: bool,
    /// "Follow this thread" or "Following this thread", in the viewer's language.
    pub label: String,
    /// Said on the "following" button: what following brings and how to stop.
    pub hint: String,
    pub back: String,
}

pub async fn button(
    state: &AppState,
    viewer: &crate::auth::Viewer,
    target: Target,
    action: String,
    back: String,
) -> AppResult<Option<FollowButton>> {
    let Some(user) = viewer.user.as_ref() else {
        return Ok(None);
    };
    let following = follows::is_following(&state.db, Some(user.id), target).await?;
    let tr = viewer.tr();
    let label = match (target, following) {
        (Target::Thread(_), false) => tr.t("follow-thread"),
        (Target::Show(_), false) => tr.t("follow-show"),
        (Target::Board(_), false) => tr.t("follow-board"),
        (Target::Party(_), false) => tr.t("follow-party"),
        (Target::Thread(_), true) => tr.t("following-thread"),
        (Target::Show(_), true) => tr.t("following-show"),
        (Target::Board(_), true) => tr.t("following-board"),
        (Target::Party(_), true) => tr.t("following-party"),
    };
    // A thread brings its replies; a show, board or party brings new threads.
    let hint = match target {
        Target::Thread(_) => tr.t("following-replies-hint"),
        _ => tr.t("following-threads-hint"),
    };
    Ok(Some(FollowButton {
        following,
        action,
        label,
        hint,
        back,
    }))
}
