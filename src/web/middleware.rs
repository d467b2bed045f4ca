//! Response headers every page gets, and the anonymous-visitor cookie.
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::{DefaultHeaders, Next};
use actix_web::HttpMessage;

use actix_web::http::header::{self, HeaderValue};

use crate::auth::session::{anon_cookie, session_token};
use crate::domain::Client;
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
