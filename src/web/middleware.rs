//! Response headers every page gets, and the anonymous-visitor cookie.
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::{DefaultHeaders, Next};
use actix_web::HttpMessage;

use actix_web::http::header::{self, HeaderValue};

use crate::auth::session::{anon_cookie, session_token};
use crate::auth::Viewer;
use crate::domain::Client;
use crate::error::AppError;
use crate::web::extract::NewAnonId;

/// No inline script or style anywhere: the CSP forbids them. Images from other sites are
/// refused too unless `--remote-images` lets posts show them.
pub fn security_headers(remote_images: bool) -> DefaultHeaders {
    let img = if remote_images {
        "'self' https: data:"
    } else {
        "'self' data:"
    };
    DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            format!(
                "default-src 'self'; img-src {img}; style-src 'self'; script-src 'self'; \
                 connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
            ),
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "same-origin"))
        .add(("X-Frame-Options", "DENY"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        ))
}

/// One year, the value browsers' preload lists expect.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Headers that depend on the request: HSTS when the client came over https (as the
/// connection or a trusted proxy says), and no caching, by the browser or anything in
/// between, of what a signed-in user is shown.
pub async fn request_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let https = req.extensions().get::<Client>().is_some_and(|c| c.https);
    // Static assets are the same for everyone and stay cacheable.
    let personal = session_token(req.request()).is_some() && !req.path().starts_with("/static/");
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    if personal {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    Ok(res)
}

/// An HTML error page made without the request (`ResponseError` has none) is made again
/// for the request's viewer: in their language, with their header. JSON errors and pages
/// whose viewer cannot be identified (the database is down) stay as they were.
pub async fn localized_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let res = next.call(req).await?;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let Some(err) = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
    else {
        return Ok(res.map_into_left_body());
    };
    if !html {
        return Ok(res.map_into_left_body());
    }
    let page = match Viewer::load(res.request()).await {
        Ok(viewer) => crate::web::error_page::localized(err, &viewer),
        Err(_) => None,
    };
    match page {
        Some(page) => Ok(res.into_response(page.map_into_right_body())),
        None => Ok(res.map_into_left_body()),
    }
}

/// Sets the `ch_anon` cookie when the `Viewer` extractor minted an anonymous id.
pub async fn set_anon_cookie(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    // The request must not be cloned before routing (actix needs it uniquely owned).
    let mut res = next.call(req).await?;
    let minted = res.request().extensions().get::<NewAnonId>().cloned();
    if let Some(NewAnonId(id)) = minted {
        let cookie = anon_cookie(res.request(), &id);
        let _ = res.response_mut().add_cookie(&cookie);
    }
    Ok(res)
}
