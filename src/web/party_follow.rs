//! Following a watch party: its followers are told when it starts.
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::CsrfForm;
use crate::error::{AppError, AppResult};
use crate::notify::timed::parties::{self, FollowError};
use crate::web::see_other;
use crate::web::AppState;

#[derive(Deserialize)]
pub struct FollowForm {
    #[serde(default)]
    action: String,
}

#[tracing::instrument(skip(state, csrf))]
pub async fn follow(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<FollowForm>,
) -> AppResult<HttpResponse> {
    let user = csrf.viewer.require_user()?;
    let follow = match csrf.form.action.as_str() {
        "follow" => true,
        "unfollow" => false,
        other => return Err(AppError::BadRequest(format!("Unknown action {other:?}."))),
    };
    let id = *path;
    match parties::set_follow(&state.db, user.id, id, follow).await {
        Ok(()) => Ok(see_other(&format!("/parties/{id}"))),
        Err(FollowError::NoParty) => Err(AppError::NotFound("No such watch party.".into())),
        Err(FollowError::Db(e)) => Err(e.into()),
    }
}
