//! Shows, their seasons and episodes with air dates, and their boards.
use actix_web::web::{self, Json};

use super::auth::ApiViewer;
use super::error::{not_found, ApiResult, ErrorBody};
use super::types::{
    AirDateOut, BoardList, EpisodeOut, LocalAirOut, SeasonList, SeasonOut, ShowList, ShowOut,
};
use crate::catalog::lookup;
use crate::db::catalog::Show;
use crate::db::Db;
use crate::spoilers::calendar;

pub async fn find_show(db: &Db, slug: &str) -> ApiResult<Show> {
    lookup::show(db, slug)
        .await?
        .ok_or_else(|| not_found(format!("There is no show called {slug:?}.")))
}

/// Every show, in catalogue order.
#[utoipa::path(get, path = "/api/v1/shows", tag = "catalogue",
    responses(
        (status = 200, body = ShowList),
        (status = 401, body = ErrorBody), (status = 429, body = ErrorBody),
    ))]
pub async fn shows(api: ApiViewer) -> ApiResult<Json<ShowList>> {
    let shows = lookup::list_shows(&api.state.db).await?;
    Ok(Json(ShowList {
        items: shows.into_iter().map(ShowOut::from).collect(),
    }))
}

/// One show.
#[utoipa::path(get, path = "/api/v1/shows/{slug}", tag = "catalogue",
    params(("slug" = String, Path, description = "The show's slug")),
    responses(
        (status = 200, body = ShowOut),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody),
    ))]
pub async fn show(api: ApiViewer, path: web::Path<String>) -> ApiResult<Json<ShowOut>> {
    Ok(Json(find_show(&api.state.db, &path).await?.into()))
}

/// The show's seasons and episodes, each with its air date in every region and in the
/// viewer's (the account's region, else the region cookie or `Accept-Language`).
#[utoipa::path(get, path = "/api/v1/shows/{slug}/episodes", tag = "catalogue",
    params(("slug" = String, Path, description = "The show's slug")),
    responses(
        (status = 200, body = SeasonList),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody),
    ))]
pub async fn episodes(api: ApiViewer, path: web::Path<String>) -> ApiResult<Json<SeasonList>> {
    let db = &api.state.db;
    let region = &api.viewer.region;
    let show = find_show(db, &path).await?;
    let seasons = lookup::seasons(db, show.id).await?;
    let ids: Vec<i64> = seasons
        .iter()
        .flat_map(|s| s.episodes.iter().map(|e| e.id))
        .collect();
    let (marks, _) = calendar::marks(db, &ids, region).await?;
    let mut items = Vec::with_capacity(seasons.len());
    for s in seasons {
        let mut episodes = Vec::with_capacity(s.episodes.len());
        for e in s.episodes {
            let mark = marks.get(&e.id).cloned().unwrap_or_default();
            let air_dates = lookup::air_dates(db, e.id)
                .await?
                .into_iter()
                .map(|d| AirDateOut {
                    region: d.region,
                    date: d.date,
                })
                .collect();
            episodes.push(EpisodeOut {
                id: e.id,
                code: e.code,
                season: e.season,
                number: e.number,
                title: e.title,
                runtime_min: e.runtime_min,
                thread_id: e.thread_id,
                air_dates,
                local: LocalAirOut {
                    region: region.clone(),
                    date: mark.date,
                    estimated: mark.estimated,
                    aired: mark.aired,
                },
            });
        }
        items.push(SeasonOut {
            number: s.number,
            title: s.title,
            episodes,
        });
    }
    Ok(Json(SeasonList { items }))
}

/// The show's boards.
#[utoipa::path(get, path = "/api/v1/shows/{slug}/boards", tag = "catalogue",
    params(("slug" = String, Path, description = "The show's slug")),
    responses(
        (status = 200, body = BoardList),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody),
    ))]
pub async fn boards(api: ApiViewer, path: web::Path<String>) -> ApiResult<Json<BoardList>> {
    let db = &api.state.db;
    let show = find_show(db, &path).await?;
    let boards = lookup::boards(db, show.id).await?;
    Ok(Json(BoardList {
        items: boards.into_iter().map(Into::into).collect(),
    }))
}
