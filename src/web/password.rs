//! Changing one's password: every other session and open socket of the account ends.
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::accounts::{self, AccountError};
use crate::auth::session::session_cookie;
use crate::auth::{CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::web::layout::Layout;
use crate::web::AppState;
use crate::web::{render, see_other};

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    layout: Layout,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

#[tracing::instrument(skip_all)]
pub async fn form(viewer: Viewer) -> AppResult<HttpResponse> {
    viewer.require_user()?;
    let page = PasswordPage {
        layout: Layout::new(viewer.tr().t("account-change-password-title"), &viewer),
        error: None,
    };
    render(StatusCode::OK, &page)
}

#[tracing::instrument(skip_all)]
pub async fn change(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm { viewer, form }: CsrfForm<PasswordForm>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    let changed =
        accounts::change_password(&state.db, user, &form.current_password, &form.new_password)
            .await;
    match changed {
        Ok(()) => {
            state.chat.sign_out(user.id).await;
            // This browser stays signed in, with a fresh session.
            let max_days = state.config.sessions.max_days;
            let token = accounts::start_session(&state.db, None, user.id, max_days).await?;
            let mut resp = see_other("/settings");
            resp.add_cookie(&session_cookie(&req, &token, max_days))
                .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
            Ok(resp)
        }
        Err(AccountError::Invalid(msg)) => {
            let page = PasswordPage {
                layout: Layout::new(viewer.tr().t("account-change-password-title"), &viewer),
                error: Some(msg.in_lang(&viewer.tr())),
            };
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(AccountError::Internal(e)) => Err(AppError::Internal(e)),
        Err(other) => Err(AppError::Forbidden(other.msg())),
    }
}
