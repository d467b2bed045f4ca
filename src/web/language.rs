//! The footer's language switcher: a cookie for everyone, and the account's setting too
//! when signed in, so the choice follows the user to other browsers.
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::auth::CsrfForm;
use crate::domain::LocalPath;
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, LANG_COOKIE};
use crate::web::{see_other, AppState};

#[derive(Deserialize, Default)]
pub struct LanguageForm {
    #[serde(default)]
    lang: String,
}

/// Back to the page the switcher was on (its `Referer`, when it is one of ours).
fn back(req: &HttpRequest) -> String {
    let referer = req
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| url::Url::parse(r).ok());
    let host = req.connection_info().host().to_string();
    let path = referer
        .filter(|u| u.host_str().zip(u.port_or_known_default()).is_some())
        .filter(|u| {
            let authority = match u.port() {
                Some(p) => format!("{}:{p}", u.host_str().unwrap_or_default()),
                None => u.host_str().unwrap_or_default().to_string(),
            };
            authority == host
        })
        .map(|u| match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        })
        .unwrap_or_default();
    LocalPath::or(&path, "/")
}

#[tracing::instrument(skip(state, csrf, req))]
pub async fn switch(
    req: HttpRequest,
    state: web::Data<AppState>,
    csrf: CsrfForm<LanguageForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let lang = Lang::from_code(&form.lang).ok_or_else(|| {
        AppError::Unprocessable(crate::i18n::Msg::new("language-unknown").arg("code", &form.lang))
    })?;
    if let Some(u) = &viewer.user {
        crate::profiles::settings::set_language(&state.db, u.id, lang).await?;
    }
    let mut resp = see_other(&back(&req));
    let cookie = Cookie::build(LANG_COOKIE, lang.code())
        .path("/")
        .same_site(SameSite::Lax)
        .http_only(true)
        .max_age(actix_web::cookie::time::Duration::days(365))
        .finish();
    resp.add_cookie(&cookie)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
    Ok(resp)
}
