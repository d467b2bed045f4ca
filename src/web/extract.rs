//! Request extractors: the viewer of a request, and POSTed forms that passed the CSRF
//! checks. They read cookies, headers and the body; who the viewer is and whether a form
//! token is valid are decided in `auth`.
use crate::i18n::Msg;
use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::auth::csrf::{check_origin, verify_form_token, CsrfForm, FORM_LIMIT_BYTES};
use crate::auth::identify::{identify, Visit};
use crate::auth::session::{self, Viewer};
use crate::error::AppError;
use crate::i18n::LANG_COOKIE;
use crate::spoilers::region::{REGION_COOKIE, TZ_COOKIE};
use crate::web::AppState;

/// Set by the `Viewer` extractor when it minted an anonymous id; the middleware in
/// `web::middleware` turns it into a cookie on the response.
#[derive(Clone)]
pub struct NewAnonId(pub String);

impl Viewer {
    /// The request's viewer, identified once and then kept in the request's extensions.
    pub async fn load(req: &HttpRequest) -> Result<Viewer, AppError> {
        if let Some(v) = req.extensions().get::<Viewer>() {
            return Ok(v.clone());
        }
        let state = req
            .app_data::<web::Data<AppState>>()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("app state missing")))?
            .clone();
        let region_cookie = req.cookie(REGION_COOKIE);
        let lang_cookie = req.cookie(LANG_COOKIE);
        let tz_cookie = req.cookie(TZ_COOKIE);
        let visit = Visit {
            session_token: session::session_token(req),
            anon_id: session::anon_id(req),
            region_cookie: region_cookie.as_ref().map(|c| c.value()),
            tz_cookie: tz_cookie.as_ref().map(|c| c.value()),
            accept_language: req
                .headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
            lang_cookie: lang_cookie.as_ref().map(|c| c.value()),
        };
        let (viewer, minted) =
            identify(&state.db, &state.csrf, state.config.sessions, visit).await?;
        if let Some(id) = minted {
            req.extensions_mut().insert(NewAnonId(id));
        }
        req.extensions_mut().insert(viewer.clone());
        Ok(viewer)
    }
}

impl FromRequest for Viewer {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Viewer, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Viewer::load(&req).await })
    }
}

async fn read_body(payload: &mut actix_web::dev::Payload) -> Result<web::BytesMut, AppError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|_| AppError::BadRequest(Msg::new("err-request-body-could-not-read")))?;
        if body.len() + chunk.len() > FORM_LIMIT_BYTES {
            return Err(AppError::PayloadTooLarge(
                Msg::new("err-form-too-large").arg("kib", FORM_LIMIT_BYTES / 1024),
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            check_origin(&req)?;
            let body = read_body(&mut payload).await?;
            let viewer = Viewer::load(&req).await?;
            verify_form_token(&viewer, &body)?;
            let form: T = serde_urlencoded::from_bytes(&body).map_err(|e| {
                AppError::BadRequest(Msg::new("err-form-unreadable").arg("detail", e.to_string()))
            })?;
            Ok(CsrfForm { viewer, form })
        })
    }
}
