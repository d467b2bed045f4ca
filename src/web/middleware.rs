//! Response headers every page gets, and the anonymous-visitor cookie.
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::{DefaultHeaders, Next};
use actix_web::HttpMessage;

use crate::auth::session::anon_cookie;
use crate::web::extract::NewAnonId;

/// No inline script or style anywhere: the CSP forbids them.
pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; \
             connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "same-origin"))
        .add(("X-Frame-Options", "DENY"))
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
