//! Search, through the same engine and spoiler gate as the search pages. Results are ranked
//! by relevance, which has no stable key, so the cursor is the position in the ranking:
//! the walk reaches at most `SHIELD_WINDOW` results, as the pages do.
use actix_web::web::{self, Json};
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::ApiViewer;
use super::cursor::{encode, Page, PageParams};
use super::error::{bad_request, ApiError, ApiResult, ErrorBody};
use super::types::SearchHitOut;
use crate::catalog::lookup;
use crate::search::highlight::{snippet, Matcher};
use crate::search::query::{ParsedQuery, MAX_QUERY_CHARS};
use crate::search::{SearchError, SearchQuery, Sort};
use crate::visibility::Gate;

/// Results read per query when the spoiler shield filters them.
const SHIELD_WINDOW: usize = 500;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The words to look for (typos are forgiven; `"…"` for a phrase).
    #[param(min_length = 1, max_length = 200)]
    pub q: String,
    /// Only this show (its slug).
    #[param(value_type = Option<String>)]
    pub show: Option<String>,
    /// Only posts and threads written in this language (a code such as `fr`).
    #[param(value_type = Option<String>)]
    pub lang: Option<String>,
}

/// Search threads, posts, chat and episodes. Results behind the viewer's spoiler shield
/// are left out.
#[utoipa::path(get, path = "/api/v1/search", tag = "search",
    params(SearchParams, PageParams),
    responses(
        (status = 200, body = Page<SearchHitOut>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody),
        (status = 503, body = ErrorBody),
    ))]
pub async fn search(
    api: ApiViewer,
    q: web::Query<SearchParams>,
    page: web::Query<PageParams>,
) -> ApiResult<Json<Page<SearchHitOut>>> {
    let (offset, limit) = page.parse()?;
    let offset = offset.unwrap_or(0) as usize;
    let text = q.q.trim().to_string();
    if text.is_empty() || q.q.chars().count() > MAX_QUERY_CHARS {
        return Err(bad_request(format!(
            "q must have 1 to {MAX_QUERY_CHARS} characters."
        )));
    }
    let empty = || Page {
        items: Vec::new(),
        next_cursor: None,
    };
    let parsed = ParsedQuery::parse(&text);
    if parsed.is_empty() || offset >= SHIELD_WINDOW {
        return Ok(Json(empty()));
    }
    let db = &api.state.db;
    let shows = lookup::list_shows(db).await?;
    let show_id = match q.show.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(slug) => Some(
            shows
                .iter()
                .find(|s| s.slug == slug)
                .map(|s| s.id)
                .ok_or_else(|| {
                    super::error::not_found(format!("There is no show called {slug:?}."))
                })?,
        ),
    };
    let lang = match q.lang.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(code) => Some(
            crate::domain::ContentLang::parse(code)
                .ok_or_else(|| bad_request(format!("lang {code:?} is not a known language.")))?
                .as_str()
                .to_string(),
        ),
    };
    let limit = limit as usize;
    let query = SearchQuery {
        lang,
        text,
        show_id,
        all_shows: shows.iter().map(|s| s.id).collect(),
        season: None,
        episode: None,
        board: None,
        author: None,
        kind: None,
        sort: Sort::Relevance,
        // The shield filters after the engine: read from the start so that positions in
        // the filtered ranking stay the same from one page to the next.
        offset: 0,
        limit: (offset + limit + 1).min(SHIELD_WINDOW),
    };
    let res = match api.state.search.search(&query).await {
        Ok((res, _)) => res,
        Err(SearchError::Unavailable(e)) => {
            tracing::warn!(error = %e, "search engine unavailable");
            return Err(ApiError::Unavailable);
        }
        Err(SearchError::Other(e)) => return Err(crate::error::AppError::from(e).into()),
    };
    let gate = Gate::load(db, &api.viewer).await?;
    let mut gated = gate.search_hits(db, res.hits, false).await?.hits;
    gated.drain(..offset.min(gated.len()));
    let more = gated.len() > limit && offset + limit < SHIELD_WINDOW;
    gated.truncate(limit);
    let synonyms = match show_id {
        Some(id) => api.state.search.synonyms(id).await?,
        None => Vec::new(),
    };
    let matcher = Matcher::new(&parsed, &synonyms);
    Ok(Json(Page {
        items: gated
            .into_iter()
            .map(|g| SearchHitOut {
                snippet_html: snippet(&g.hit.doc.body, &matcher),
                kind: g.hit.doc.kind.as_str().to_string(),
                title: g.hit.doc.title,
                url: g.hit.doc.url,
                show: g.hit.doc.show_slug,
                episode: g.hit.doc.episode_code,
                author: g.hit.doc.author,
            })
            .collect(),
        next_cursor: more.then(|| encode((offset + limit) as i64)),
    }))
}
