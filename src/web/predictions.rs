//! Predictions: marking how one turned out, the show's leaderboard, and the page a sealed
//! prediction shows instead of itself.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, Viewer};
use crate::db::catalog::{Show, PREDICTIONS_BOARD};
use crate::db::predictions::LeaderRow;
use crate::error::AppResult;
use crate::forum::predictions;
use crate::visibility::Gate;
use crate::web::browse::find_show;
use crate::web::layout::Layout;
use crate::web::rejection::{error, rejected};
use crate::web::AppState;
use crate::web::{render, see_other};

/// Stands in for a sealed prediction: its label and a way back, no "show anyway".
#[derive(Template)]
#[template(path = "sealed.html")]
pub struct SealedPage {
    pub layout: Layout,
    pub label: String,
    pub back: String,
}

#[derive(Template)]
#[template(path = "leaderboard.html")]
struct LeaderboardPage {
    layout: Layout,
    show: Show,
    board: &'static str,
    rows: Vec<LeaderRow>,
}

#[derive(Deserialize)]
pub struct MarkForm {
    #[serde(default)]
    outcome: String,
}

/// `POST /threads/{id}/prediction` with `outcome=right|wrong|partly`.
#[tracing::instrument(skip(state, csrf))]
pub async fn mark(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<MarkForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?;
    let gate = Gate::load(&state.db, &viewer).await?;
    match predictions::mark(&state.db, &gate, user, *path, &form.outcome).await {
        Ok(()) => Ok(see_other(&format!("/threads/{}#prediction", *path))),
        Err(e) => Err(error(rejected(e)?)),
    }
}

/// `GET /shows/{show}/forum/predictions/leaderboard`.
#[tracing::instrument(skip(state, viewer))]
pub async fn leaderboard(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let show = find_show(&state.db, &path).await?;
    let rows = predictions::leaderboard(&state.db, show.id).await?;
    let title = viewer
        .tr()
        .t1("prediction-leaderboard-title", "show", show.title.as_str());
    let page = LeaderboardPage {
        layout: Layout::new(title, &viewer),
        show,
        board: PREDICTIONS_BOARD,
        rows,
    };
    render(StatusCode::OK, &page)
}
