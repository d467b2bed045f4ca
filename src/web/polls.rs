//! Voting in a thread's poll.
use actix_web::{web, HttpResponse};

use crate::auth::CsrfForm;
use crate::error::AppResult;
use crate::forum::polls;
use crate::visibility::Gate;
use crate::web::see_other;
use crate::web::AppState;

/// `option` may repeat (multiple choice), so the form is read as pairs.
#[tracing::instrument(skip(state, csrf))]
pub async fn vote(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?;
    let gate = Gate::load(&state.db, &viewer).await?;
    let choices: Vec<String> = form
        .iter()
        .filter(|(k, _)| k == "option")
        .map(|(_, v)| v.clone())
        .collect();
    let reveal = form.iter().any(|(k, v)| k == "reveal" && v == "1");
    let back = polls::vote(&state.db, &gate, user, *path, &choices, reveal).await?;
    Ok(see_other(&back))
}
