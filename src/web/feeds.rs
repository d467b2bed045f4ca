//! Atom feeds over HTTP: the region from `?region=`, absolute links, conditional GET.
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::http::header::{
    self, EntityTag, HttpDate, IfModifiedSince, IfNoneMatch, LastModified,
};
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::domain::Client;
use crate::error::{AppError, AppResult};
use crate::feeds::{self, atom, Audience, Feed};
use crate::web::AppState;

pub const CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";

#[derive(Deserialize)]
pub struct FeedQuery {
    #[serde(default)]
    region: Option<String>,
}

/// The region a feed is for: `?region=`, checked, else the site's default.
fn region(q: &FeedQuery) -> AppResult<String> {
    match &q.region {
        None => Ok(crate::spoilers::region::DEFAULT.to_string()),
        Some(r) => crate::domain::parse_region(r).map_err(|e| AppError::BadRequest(e.0)),
    }
}

/// `--public-url` when set, else the scheme and host this request came to (as the trusted
/// proxies tell it).
fn base(state: &AppState, client: &Client) -> String {
    match &state.config.mail.public_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => {
            let scheme = if client.https { "https" } else { "http" };
            let host = if client.host.is_empty() {
                "localhost"
            } else {
                &client.host
            };
            format!("{scheme}://{host}")
        }
    }
}

fn http_date(ms: i64) -> HttpDate {
    HttpDate::from(UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64))
}

/// Whether the reader's copy is current. `If-None-Match` wins when sent (RFC 9110 13.2.2);
/// dates compare in whole seconds, the precision of HTTP dates.
fn not_modified(req: &HttpRequest, tag: &EntityTag, last_modified: Option<i64>) -> bool {
    if let Some(inm) = req.get_header::<IfNoneMatch>() {
        return match inm {
            IfNoneMatch::Any => true,
            IfNoneMatch::Items(tags) => tags.iter().any(|t| t.weak_eq(tag)),
        };
    }
    match (req.get_header::<IfModifiedSince>(), last_modified) {
        (Some(IfModifiedSince(since)), Some(ms)) => {
            let since = SystemTime::from(since)
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            (ms.max(0) as u64) / 1000 <= since
        }
        _ => false,
    }
}

fn respond(
    req: &HttpRequest,
    feed: Option<Feed>,
    missing: &'static str,
) -> AppResult<HttpResponse> {
    let feed = feed.ok_or_else(|| AppError::NotFound(crate::i18n::Msg::new(missing)))?;
    let out = atom::render(&feed);
    let tag = EntityTag::new_strong(out.etag);
    let fresh = not_modified(req, &tag, out.last_modified);
    let mut res = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header(header::ETag(tag.clone()));
    if let Some(ms) = out.last_modified {
        res.insert_header(LastModified(http_date(ms)));
    }
    if fresh {
        return Ok(res.finish());
    }
    Ok(res.content_type(CONTENT_TYPE).body(out.xml))
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: Client,
    path: web::Path<String>,
    q: web::Query<FeedQuery>,
) -> AppResult<HttpResponse> {
    let (region, base) = (region(&q)?, base(&state, &client));
    let who = Audience {
        region: &region,
        base: &base,
    };
    let feed = feeds::show(&state.db, &who, &path).await?;
    respond(&req, feed, "feed-no-show")
}

pub async fn board(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: Client,
    path: web::Path<(String, String)>,
    q: web::Query<FeedQuery>,
) -> AppResult<HttpResponse> {
    let (region, base) = (region(&q)?, base(&state, &client));
    let who = Audience {
        region: &region,
        base: &base,
    };
    let (show, board) = path.into_inner();
    let feed = feeds::board(&state.db, &who, &show, &board).await?;
    respond(&req, feed, "feed-no-board")
}

pub async fn thread(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: Client,
    path: web::Path<i64>,
    q: web::Query<FeedQuery>,
) -> AppResult<HttpResponse> {
    let (region, base) = (region(&q)?, base(&state, &client));
    let who = Audience {
        region: &region,
        base: &base,
    };
    let feed = feeds::thread(&state.db, &who, path.into_inner()).await?;
    respond(&req, feed, "err-thread-does-not-exist")
}

pub async fn user(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: Client,
    path: web::Path<String>,
    q: web::Query<FeedQuery>,
) -> AppResult<HttpResponse> {
    let (region, base) = (region(&q)?, base(&state, &client));
    let who = Audience {
        region: &region,
        base: &base,
    };
    let feed = feeds::user(&state.db, &who, &path).await?;
    respond(&req, feed, "err-there-no-member-name")
}

/// Where a page's feed is, for the autodiscovery link in its `<head>`: for the region the
/// page was shown for, so that subscribing keeps the reader's shield.
pub fn link(path: &str, region: &str) -> String {
    format!("{path}/feed.atom?region={region}")
}
