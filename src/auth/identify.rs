//! Who is asking: a request's session or anonymous id, turned into a `Viewer` with the
//! CSRF token their forms must carry, the sanctions in force and the region whose air
//! dates apply.
use super::csrf::CsrfKey;
use super::expiry::{self, SessionLimits};
use super::session::{new_token, token_hash, Viewer};
use crate::db::Db;
use crate::domain::parse_region;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::moderation::sanctions;
use crate::spoilers::region;

/// What a request tells about its visitor; the extractor reads it from cookies and headers.
pub struct Visit<'a> {
    /// A well-formed token from the session cookie (`session::session_token`).
    pub session_token: Option<String>,
    /// A well-formed anonymous id from its cookie (`session::anon_id`).
    pub anon_id: Option<String>,
    /// The region cookie an anonymous visitor may have set.
    pub region_cookie: Option<&'a str>,
    /// The browser's time zone as `static/tz.js` stored it (unchecked).
    pub tz_cookie: Option<&'a str>,
    pub accept_language: Option<&'a str>,
    /// The language switcher's cookie.
    pub lang_cookie: Option<&'a str>,
}

/// Who is asking: the session's user with the sanctions in force, else an anonymous
/// visitor. The second value is a newly minted anonymous id when the visitor had neither
/// a live session nor an id; the caller hands it back as a cookie.
pub async fn identify(
    db: &Db,
    csrf: &CsrfKey,
    sessions: SessionLimits,
    visit: Visit<'_>,
) -> Result<(Viewer, Option<String>), AppError> {
    let guessed = || {
        visit
            .accept_language
            .and_then(region::guess)
            .unwrap_or_else(|| region::DEFAULT.to_string())
    };
    if let Some(token) = visit.session_token {
        if let Some(user) = expiry::session_user(db, &token_hash(&token), sessions).await? {
            let region = user.region.clone().unwrap_or_else(guessed);
            let lang = Lang::resolve(
                user.language.as_deref(),
                visit.lang_cookie,
                visit.accept_language,
            );
            // Worded here, once the language is known: pages only print them.
            let tr = Tr::new(lang);
            let notices = sanctions::active(db, user.id, None)
                .await?
                .iter()
                .map(|s| s.describe().in_lang(&tr))
                .collect();
            let viewer = Viewer {
                time_zone: region::time_zone(user.time_zone.as_deref(), visit.tz_cookie, &region),
                region,
                lang,
                csrf_token: csrf.token_for(&format!("session:{token}")),
                user: Some(user),
                session_token: Some(token),
                notices,
            };
            return Ok((viewer, None));
        }
    }
    let (anon, minted) = match visit.anon_id {
        Some(id) => (id, None),
        None => {
            let id = new_token();
            (id.clone(), Some(id))
        }
    };
    let region = visit
        .region_cookie
        .and_then(|c| parse_region(c).ok())
        .unwrap_or_else(guessed);
    let viewer = Viewer {
        user: None,
        csrf_token: csrf.token_for(&format!("anon:{anon}")),
        session_token: None,
        notices: Vec::new(),
        lang: Lang::resolve(None, visit.lang_cookie, visit.accept_language),
        time_zone: region::time_zone(None, visit.tz_cookie, &region),
        region,
    };
    Ok((viewer, minted))
}
