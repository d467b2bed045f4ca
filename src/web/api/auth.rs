//! Who asks the API: the bearer token's user, else the session cookie's, else an anonymous
//! visitor; and the rate limit, counted per token or per client address. Every API handler
//! takes an `ApiViewer`, so no request skips either.
use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};

use super::error::ApiError;
use crate::auth::api_rate::{self, Caller};
use crate::auth::api_tokens;
use crate::auth::identify::{identify, Visit};
use crate::auth::session::{self, Viewer};
use crate::error::AppError;
use crate::spoilers::region::REGION_COOKIE;
use crate::web::AppState;

pub struct ApiViewer {
    pub viewer: Viewer,
    pub state: web::Data<AppState>,
}

/// `Authorization: Bearer <token>`: Some(token) when the header is there (whatever follows),
/// None without the header.
fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?;
    let text = value.to_str().unwrap_or("");
    let token = match text.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        _ => "",
    };
    Some(token.to_string())
}

async fn load(req: HttpRequest) -> Result<ApiViewer, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("app state missing")))?
        .clone();
    let accept_language = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let (viewer, caller) = match bearer(&req) {
        Some(token) => {
            let found =
                api_tokens::viewer_for(&state.db, &state.csrf, &token, accept_language).await?;
            let (id, viewer) = found.ok_or(ApiError::Unauthorized)?;
            (viewer, Caller::Token(id))
        }
        None => {
            let region_cookie = req.cookie(REGION_COOKIE);
            let visit = Visit {
                session_token: session::session_token(&req),
                // The API sets no cookies: an anonymous caller needs no id of its own.
                anon_id: Some("api".into()),
                region_cookie: region_cookie.as_ref().map(|c| c.value()),
                accept_language,
                lang_cookie: None,
                tz_cookie: None,
            };
            let (viewer, _) =
                identify(&state.db, &state.csrf, state.config.sessions, visit).await?;
            (viewer, Caller::Ip(crate::web::client::client(&req).ip))
        }
    };
    let per_minute = state.config.api_requests_per_minute;
    if let Err(retry) = api_rate::count(&state.db, &caller, per_minute).await? {
        return Err(ApiError::RateLimited(retry));
    }
    Ok(ApiViewer { viewer, state })
}

impl FromRequest for ApiViewer {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<ApiViewer, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        Box::pin(load(req.clone()))
    }
}
