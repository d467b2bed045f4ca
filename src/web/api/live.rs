//! What is live for this viewer: episode rooms airing today in their region and parties
//! running or about to start, as the home page computes them; and the parties ahead.
use actix_web::web::Json;

use super::auth::ApiViewer;
use super::error::{ApiResult, ErrorBody};
use super::types::{LiveOut, LiveRoomOut, PartyList, PartyOut};
use crate::visibility::Gate;

/// How far ahead `/api/v1/parties` looks, and how many it lists.
const PARTIES_AHEAD_MS: i64 = 7 * 86_400_000;
const PARTIES_MAX: i64 = 100;

/// Live rooms and parties now.
#[utoipa::path(get, path = "/api/v1/live", tag = "live",
    responses(
        (status = 200, body = LiveOut),
        (status = 401, body = ErrorBody), (status = 429, body = ErrorBody),
    ))]
pub async fn live(api: ApiViewer) -> ApiResult<Json<LiveOut>> {
    let db = &api.state.db;
    let gate = Gate::load(db, &api.viewer).await?;
    let now = crate::home::live::now(db, &gate).await?;
    Ok(Json(LiveOut {
        region: api.viewer.region.clone(),
        region_name: now.region_name,
        rooms: now
            .rooms
            .into_iter()
            .map(|r| LiveRoomOut {
                url: format!("/shows/{}/episodes/{}/live", r.show_slug, r.code),
                show: r.show_slug,
                show_title: r.show_title,
                code: r.code,
                title: r.title,
            })
            .collect(),
        parties: now.parties.into_iter().map(PartyOut::from).collect(),
    }))
}

/// Watch parties running now or starting within seven days, soonest first (at most 100).
#[utoipa::path(get, path = "/api/v1/parties", tag = "live",
    responses(
        (status = 200, body = PartyList),
        (status = 401, body = ErrorBody), (status = 429, body = ErrorBody),
    ))]
pub async fn parties(api: ApiViewer) -> ApiResult<Json<PartyList>> {
    let db = &api.state.db;
    let gate = Gate::load(db, &api.viewer).await?;
    let parties = crate::home::live::parties(db, &gate, PARTIES_AHEAD_MS, PARTIES_MAX).await?;
    Ok(Json(PartyList {
        items: parties.into_iter().map(PartyOut::from).collect(),
    }))
}
