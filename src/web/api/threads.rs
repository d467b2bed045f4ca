//! Threads of a show or a board (newest first, by cursor), one thread, and its posts.
use actix_web::web::{self, Json};
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::ApiViewer;
use super::catalog::find_show;
use super::cursor::{encode, Page, PageParams};
use super::error::{bad_request, not_found, ApiError, ApiResult, ErrorBody};
use super::types::{PostOut, ThreadOut};
use crate::catalog::lookup;
use crate::db::forum::Scope;
use crate::error::AppError;
use crate::forum::listing;
use crate::visibility::{Gate, ThreadAccess};

async fn thread_page(api: &ApiViewer, scope: Scope, q: &PageParams) -> ApiResult<Page<ThreadOut>> {
    let (before, limit) = q.parse()?;
    let db = &api.state.db;
    let gate = Gate::load(db, &api.viewer).await?;
    let slice = listing::threads(db, &gate, scope, before, limit).await?;
    Ok(Page {
        items: slice
            .items
            .into_iter()
            .map(ThreadOut::from_summary)
            .collect(),
        next_cursor: slice.next.map(encode),
    })
}

/// Threads of a show, newest first.
#[utoipa::path(get, path = "/api/v1/shows/{slug}/threads", tag = "forum",
    params(("slug" = String, Path, description = "The show's slug"), PageParams),
    responses(
        (status = 200, body = Page<ThreadOut>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody),
    ))]
pub async fn show_threads(
    api: ApiViewer,
    path: web::Path<String>,
    q: web::Query<PageParams>,
) -> ApiResult<Json<Page<ThreadOut>>> {
    let show = find_show(&api.state.db, &path).await?;
    Ok(Json(thread_page(&api, Scope::Show(show.id), &q).await?))
}

/// Threads of one board, newest first.
#[utoipa::path(get, path = "/api/v1/shows/{slug}/boards/{board}/threads", tag = "forum",
    params(
        ("slug" = String, Path, description = "The show's slug"),
        ("board" = String, Path, description = "The board's slug"),
        PageParams,
    ),
    responses(
        (status = 200, body = Page<ThreadOut>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody),
    ))]
pub async fn board_threads(
    api: ApiViewer,
    path: web::Path<(String, String)>,
    q: web::Query<PageParams>,
) -> ApiResult<Json<Page<ThreadOut>>> {
    let (slug, board) = path.into_inner();
    let db = &api.state.db;
    let show = find_show(db, &slug).await?;
    let board = lookup::board_by_slug(db, show.id, &board)
        .await?
        .ok_or_else(|| not_found(format!("{} has no board {board:?}.", show.title)))?;
    Ok(Json(thread_page(&api, Scope::Board(board.id), &q).await?))
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct RevealParams {
    /// `true`: show the thread even though it is behind the viewer's spoiler shield.
    #[param(value_type = Option<bool>)]
    pub reveal: Option<String>,
}

impl RevealParams {
    fn reveal(&self) -> ApiResult<bool> {
        match self.reveal.as_deref() {
            None | Some("false") => Ok(false),
            Some("true") => Ok(true),
            Some(_) => Err(bad_request("reveal must be true or false.")),
        }
    }
}

fn thread_id(raw: &str) -> ApiResult<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| not_found("There is no such thread."))
}

async fn access(
    api: &ApiViewer,
    gate: &Gate,
    raw_id: &str,
    reveal: bool,
) -> ApiResult<ThreadAccess> {
    let id = thread_id(raw_id)?;
    match listing::thread(&api.state.db, gate, id, reveal).await? {
        ThreadAccess::Missing => Err(not_found("There is no such thread.")),
        other => Ok(other),
    }
}

/// One thread. Behind the viewer's spoiler shield it has only its label (`shielded`) and
/// no title, unless `reveal=true`; a sealed prediction likewise, whatever `reveal` says;
/// removed, it has the notice and no title.
#[utoipa::path(get, path = "/api/v1/threads/{id}", tag = "forum",
    params(("id" = i64, Path, description = "The thread's id", minimum = 1), RevealParams),
    responses(
        (status = 200, body = ThreadOut),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody),
    ))]
pub async fn thread(
    api: ApiViewer,
    path: web::Path<String>,
    q: web::Query<RevealParams>,
) -> ApiResult<Json<ThreadOut>> {
    let gate = Gate::load(&api.state.db, &api.viewer).await?;
    let id = thread_id(&path)?;
    let out = listing::thread_summary(&api.state.db, &gate, id, q.reveal()?)
        .await?
        .map(ThreadOut::from_summary)
        .ok_or_else(|| not_found("There is no such thread."))?;
    Ok(Json(out))
}

/// The thread's posts in order. A thread behind the viewer's shield answers 403 unless
/// `reveal=true`; a sealed prediction answers 403 whatever `reveal` says; a removed thread has no posts for anyone but the show's moderators.
#[utoipa::path(get, path = "/api/v1/threads/{id}/posts", tag = "forum",
    params(("id" = i64, Path, description = "The thread's id", minimum = 1), PageParams, RevealParams),
    responses(
        (status = 200, body = Page<PostOut>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody),
    ))]
pub async fn posts(
    api: ApiViewer,
    path: web::Path<String>,
    page: web::Query<PageParams>,
    q: web::Query<RevealParams>,
) -> ApiResult<Json<Page<PostOut>>> {
    let (after, limit) = page.parse()?;
    let db = &api.state.db;
    let gate = Gate::load(db, &api.viewer).await?;
    let access = access(&api, &gate, &path, q.reveal()?).await?;
    if let ThreadAccess::Shielded { label } | ThreadAccess::Sealed { label } = &access {
        return Err(ApiError::App(AppError::Forbidden(
            crate::i18n::Msg::new("api-shielded").arg("label", label.as_str()),
        )));
    }
    let slice = listing::posts(db, &gate, &access, after.unwrap_or(0), limit).await?;
    Ok(Json(Page {
        items: slice.items.into_iter().map(PostOut::from).collect(),
        next_cursor: slice.next.map(encode),
    }))
}
