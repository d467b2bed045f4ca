//! Server-side sessions. The cookie holds a 256-bit random token; the database holds only
//! its SHA-256, so a leaked database does not leak live sessions.
use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::web::AppState;

pub const SESSION_COOKIE: &str = "ch_session";
pub const SECURE_SESSION_COOKIE: &str = "__Host-ch_session";
/// Identifies an anonymous visitor so that login and register forms carry a CSRF token too.
pub const ANON_COOKIE: &str = "ch_anon";
pub use crate::db::sessions::SESSION_DAYS;
pub use crate::db::users::SessionUser;
pub use crate::domain::new_token;

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn is_https(req: &HttpRequest) -> bool {
    req.connection_info().scheme() == "https"
}

/// The session cookie: HttpOnly, SameSite=Lax, and `Secure` + `__Host-` prefix over https.
pub fn session_cookie(req: &HttpRequest, token: &str) -> Cookie<'static> {
    let https = is_https(req);
    let name = if https {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    };
    Cookie::build(name, token.to_string())
        .path("/")
        .http_only(true)
        .secure(https)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::days(SESSION_DAYS))
        .finish()
}

pub fn removal_cookie(req: &HttpRequest) -> Cookie<'static> {
    let mut c = session_cookie(req, "");
    c.make_removal();
    c
}

pub fn anon_cookie(req: &HttpRequest, id: &str) -> Cookie<'static> {
    Cookie::build(ANON_COOKIE, id.to_string())
        .path("/")
        .http_only(true)
        .secure(is_https(req))
        .same_site(SameSite::Lax)
        .finish()
}

pub fn session_token(req: &HttpRequest) -> Option<String> {
    req.cookie(SECURE_SESSION_COOKIE)
        .or_else(|| req.cookie(SESSION_COOKIE))
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Set by the `Viewer` extractor when it minted an anonymous id; the middleware in
/// `web::mod` turns it into a cookie on the response.
#[derive(Clone)]
pub struct NewAnonId(pub String);

/// Who is asking: the signed-in user (if any) and the CSRF token their forms must carry.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: Option<SessionUser>,
    pub csrf_token: String,
    /// Raw session token, for logout.
    pub session_token: Option<String>,
    /// Sanctions in force (warnings, timeouts, suspensions), shown on every page.
    pub notices: Vec<String>,
    /// ISO country code whose air dates apply to this viewer.
    pub region: String,
}

impl Viewer {
    pub fn require_user(&self) -> Result<&SessionUser, AppError> {
        self.user.as_ref().ok_or(AppError::LoginRequired)
    }

    pub fn require_admin(&self) -> Result<&SessionUser, AppError> {
        let u = self.require_user()?;
        if u.is_admin {
            Ok(u)
        } else {
            Err(AppError::Forbidden("Only site admins can do that.".into()))
        }
    }

    pub async fn load(req: &HttpRequest) -> Result<Viewer, AppError> {
        if let Some(v) = req.extensions().get::<Viewer>() {
            return Ok(v.clone());
        }
        let state = req
            .app_data::<web::Data<AppState>>()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("app state missing")))?
            .clone();
        let mut viewer = None;
        if let Some(token) = session_token(req) {
            if let Some(user) = crate::db::sessions::lookup(&state.db, &token_hash(&token)).await? {
                let notices = crate::moderation::sanctions::active(&state.db, user.id, None)
                    .await?
                    .iter()
                    .map(|s| s.describe())
                    .collect();
                let region = user.region.clone().unwrap_or_else(|| guessed_region(req));
                viewer = Some(Viewer {
                    region,
                    csrf_token: state.csrf.token_for(&format!("session:{token}")),
                    user: Some(user),
                    session_token: Some(token),
                    notices,
                });
            }
        }
        let viewer = match viewer {
            Some(v) => v,
            None => {
                let anon = req
                    .cookie(ANON_COOKIE)
                    .map(|c| c.value().to_string())
                    .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
                    .unwrap_or_else(|| {
                        let id = new_token();
                        req.extensions_mut().insert(NewAnonId(id.clone()));
                        id
                    });
                Viewer {
                    user: None,
                    csrf_token: state.csrf.token_for(&format!("anon:{anon}")),
                    session_token: None,
                    notices: Vec::new(),
                    region: req
                        .cookie(crate::spoilers::region::REGION_COOKIE)
                        .and_then(|c| crate::domain::parse_region(c.value()).ok())
                        .unwrap_or_else(|| guessed_region(req)),
                }
            }
        };
        req.extensions_mut().insert(viewer.clone());
        Ok(viewer)
    }
}

fn guessed_region(req: &HttpRequest) -> String {
    req.headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(crate::spoilers::region::guess)
        .unwrap_or_else(|| crate::spoilers::region::DEFAULT.to_string())
}

impl FromRequest for Viewer {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Viewer, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Viewer::load(&req).await })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_bit_and_distinct() {
        let a = new_token();
        let b = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }
}
