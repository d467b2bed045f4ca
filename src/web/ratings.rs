//! Rating an episode from its page.
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::CsrfForm;
use crate::error::AppResult;
use crate::visibility::Gate;
use crate::watchers::ratings;
use crate::web::browse::{find_episode, find_show};
use crate::web::see_other;
use crate::web::AppState;

#[derive(Deserialize)]
pub struct RatingForm {
    #[serde(default)]
    score: String,
}

#[tracing::instrument(skip(state, csrf))]
pub async fn rate(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    csrf: CsrfForm<RatingForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?;
    let (slug, code) = path.into_inner();
    let show = find_show(&state.db, &slug).await?;
    let episode = find_episode(&state.db, &show, &code).await?;
    let gate = Gate::load(&state.db, &viewer).await?;
    ratings::rate(
        &state.db,
        &gate,
        user,
        episode.id,
        &episode.code,
        &form.score,
    )
    .await?;
    Ok(see_other(&format!(
        "/shows/{}/episodes/{}#rating",
        show.slug, episode.code
    )))
}
