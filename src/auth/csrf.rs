//! CSRF protection: every POST form carries a token bound to the visitor's session (or
//! anonymous id) by HMAC, and cross-origin POSTs are refused outright.
use crate::i18n::Msg;
use actix_web::http::header;
use actix_web::{HttpMessage, HttpRequest};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::auth::session::Viewer;
use crate::domain::Client;
use crate::error::AppError;

/// The largest form body accepted; a post's 32,000 characters fit with room to spare.
pub const FORM_LIMIT_BYTES: usize = 256 * 1024;

#[derive(Clone)]
pub struct CsrfKey(Vec<u8>);

impl CsrfKey {
    pub fn new(secret: &[u8]) -> Self {
        CsrfKey(secret.to_vec())
    }

    pub fn token_for(&self, binding: &str) -> String {
        // new_from_slice accepts keys of any length for HMAC.
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("hmac takes any key length");
        mac.update(binding.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// A POSTed urlencoded form that passed the Origin and CSRF checks, with the viewer (the
/// extractor is in `web::extract`).
pub struct CsrfForm<T> {
    pub viewer: Viewer,
    pub form: T,
}

#[derive(Deserialize)]
struct TokenField {
    #[serde(default)]
    csrf_token: String,
}

/// Refuses requests whose Origin (or, lacking it, Referer) names another site.
pub fn check_origin(req: &HttpRequest) -> Result<(), AppError> {
    let foreign = || AppError::Forbidden(Msg::new("err-form-was-sent-from-another"));
    // The host as resolved from the connection and trusted proxies (`web::client`).
    let host = req
        .extensions()
        .get::<Client>()
        .map(|c| c.host.clone())
        .or_else(|| {
            req.headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_ascii_lowercase)
        })
        .unwrap_or_default();
    let claimed = req
        .headers()
        .get(header::ORIGIN)
        .or_else(|| req.headers().get(header::REFERER));
    if let Some(value) = claimed {
        let value = value.to_str().map_err(|_| foreign())?;
        let url = url::Url::parse(value).map_err(|_| foreign())?;
        let origin_host = match (url.host_str(), url.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => return Err(foreign()),
        };
        if origin_host.to_ascii_lowercase() != host {
            return Err(foreign());
        }
    }
    if req
        .headers()
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
    {
        return Err(foreign());
    }
    Ok(())
}

/// Refuses a form body whose `csrf_token` field is missing or is not the viewer's token
/// (compared in constant time).
pub fn verify_form_token(viewer: &Viewer, body: &[u8]) -> Result<(), AppError> {
    let token: TokenField = serde_urlencoded::from_bytes(body)
        .map_err(|_| AppError::BadRequest(Msg::new("err-form-could-not-read")))?;
    let expected = viewer.csrf_token.as_bytes();
    if token.csrf_token.is_empty() || !bool::from(token.csrf_token.as_bytes().ct_eq(expected)) {
        return Err(AppError::Forbidden(Msg::new("err-csrf-token")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_depend_on_key_and_binding() {
        let k = CsrfKey::new(b"key-one");
        assert_eq!(k.token_for("session:a"), k.token_for("session:a"));
        assert_ne!(k.token_for("session:a"), k.token_for("session:b"));
        assert_ne!(
            k.token_for("session:a"),
            CsrfKey::new(b"key-two").token_for("session:a")
        );
    }

    #[test]
    fn forms_must_carry_the_viewers_token() {
        let viewer = Viewer {
            user: None,
            csrf_token: "abc".into(),
            session_token: None,
            notices: Vec::new(),
            region: "US".into(),
            lang: Default::default(),
            time_zone: "America/New_York".into(),
        };
        assert!(verify_form_token(&viewer, b"x=1&csrf_token=abc").is_ok());
        for body in [&b"csrf_token=abd"[..], b"x=1", b"csrf_token="] {
            assert!(matches!(
                verify_form_token(&viewer, body),
                Err(AppError::Forbidden(_))
            ));
        }
    }
}
