//! Server-side sessions. The cookie holds a 256-bit random token; the database holds only
//! its SHA-256, so a leaked database does not leak live sessions.
use crate::i18n::Msg;
use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{HttpMessage, HttpRequest};
use sha2::{Digest, Sha256};

use crate::domain::Client;
use crate::error::AppError;

pub use crate::db::users::SessionUser;
pub use crate::domain::new_token;

pub const SESSION_COOKIE: &str = "ch_session";
pub const SECURE_SESSION_COOKIE: &str = "__Host-ch_session";
/// Identifies an anonymous visitor so that login and register forms carry a CSRF token too.
pub const ANON_COOKIE: &str = "ch_anon";

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// As resolved from the connection and trusted proxies (`web::client`), never from headers
/// anyone can send.
fn is_https(req: &HttpRequest) -> bool {
    req.extensions().get::<Client>().is_some_and(|c| c.https)
}

/// The session cookie: HttpOnly, SameSite=Lax, and `Secure` + `__Host-` prefix over https.
/// It lasts as long as the server keeps the session at most (`--session-max-days`).
pub fn session_cookie(req: &HttpRequest, token: &str, max_days: i64) -> Cookie<'static> {
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
        .max_age(CookieDuration::days(max_days))
        .finish()
}

pub fn removal_cookie(req: &HttpRequest) -> Cookie<'static> {
    let mut c = session_cookie(req, "", 0);
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
        .filter(|v| is_token(v))
}

pub fn anon_id(req: &HttpRequest) -> Option<String> {
    req.cookie(ANON_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| is_token(v))
}

/// The shape `new_token` makes; anything else in a cookie is ignored.
fn is_token(v: &str) -> bool {
    v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit())
}

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
    /// The interface language (account setting, else cookie, else `Accept-Language`).
    pub lang: crate::i18n::Lang,
    /// IANA zone times are shown in: the account's choice, else the browser's (cookie),
    /// else the region's main zone.
    pub time_zone: String,
}

impl Viewer {
    /// The translator for this viewer's language.
    pub fn tr(&self) -> crate::i18n::Tr {
        crate::i18n::Tr::new(self.lang)
    }
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
            Err(AppError::Forbidden(Msg::new("err-only-site-admins-do")))
        }
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
