//! `/password/forgot` and `/password/reset/{token}`: a password reset by mailed link, and
//! `/settings/email/confirm/{token}`: confirming a new address. GETs only show a form; the
//! POSTs (with CSRF) act.
use crate::i18n::Msg;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::accounts::AccountError;
use crate::auth::email::{self, ConfirmError};
use crate::auth::reset::{self, ForgotError, LINK_GONE};
use crate::auth::{CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::web::accounts::client_ip;
use crate::web::layout::Layout;
use crate::web::{render, see_other, AppState};

/// The one answer to every reset request, whether or not the account exists.
pub const FORGOT_ANSWER: &str = "If that account has a confirmed address, a link is on its way.";

#[derive(Template)]
#[template(path = "password_forgot.html")]
struct ForgotPage {
    layout: Layout,
    mail: bool,
    sent: bool,
    who: String,
    error: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn forgot_form(state: web::Data<AppState>, viewer: Viewer) -> AppResult<HttpResponse> {
    let page = ForgotPage {
        layout: Layout::new(viewer.tr().t("account-forgot"), &viewer),
        mail: state.mail.enabled(),
        sent: false,
        who: String::new(),
        error: None,
    };
    render(StatusCode::OK, &page)
}

#[derive(Deserialize, Default)]
pub struct ForgotForm {
    #[serde(default)]
    who: String,
}

#[tracing::instrument(skip_all)]
pub async fn forgot(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm { viewer, form }: CsrfForm<ForgotForm>,
) -> AppResult<HttpResponse> {
    let mut page = ForgotPage {
        layout: Layout::new(viewer.tr().t("account-forgot"), &viewer),
        mail: state.mail.enabled(),
        sent: false,
        who: form.who.clone(),
        error: None,
    };
    if form.who.trim().is_empty() {
        page.error = Some(viewer.tr().t("err-forgot-who-empty"));
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let limits = &state.config.accounts;
    match reset::forgot(&state.db, &state.mail, limits, client_ip(&req), &form.who).await {
        Ok(()) => {
            page.sent = true;
            page.who.clear();
            render(StatusCode::OK, &page)
        }
        Err(ForgotError::NoMail) => render(StatusCode::CONFLICT, &page),
        Err(e @ ForgotError::Throttled) => Err(AppError::TooManyRequests(e.msg())),
        Err(ForgotError::Internal(e)) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "password_reset.html")]
struct ResetPage {
    layout: Layout,
    username: String,
    token: String,
    error: Option<String>,
}

fn link_gone() -> AppError {
    AppError::NotFound(Msg::new(LINK_GONE))
}

#[tracing::instrument(skip_all)]
pub async fn reset_form(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = path.into_inner();
    let live = reset::check(&state.db, &token)
        .await?
        .ok_or_else(link_gone)?;
    let page = ResetPage {
        layout: Layout::new(viewer.tr().t("account-reset-title"), &viewer),
        username: live.username,
        token,
        error: None,
    };
    render(StatusCode::OK, &page)
}

#[derive(Deserialize, Default)]
pub struct ResetForm {
    #[serde(default)]
    new_password: String,
}

#[tracing::instrument(skip_all)]
pub async fn reset(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm { viewer, form }: CsrfForm<ResetForm>,
) -> AppResult<HttpResponse> {
    let token = path.into_inner();
    match reset::reset(&state.db, &token, &form.new_password).await {
        Ok(user_id) => {
            state.chat.sign_out(user_id).await;
            Ok(see_other("/login?reset=done"))
        }
        Err(AccountError::Invalid(msg)) if msg.key() == LINK_GONE => Err(link_gone()),
        Err(AccountError::Invalid(msg)) => {
            let live = reset::check(&state.db, &token)
                .await?
                .ok_or_else(link_gone)?;
            let page = ResetPage {
                layout: Layout::new(viewer.tr().t("account-reset-title"), &viewer),
                username: live.username,
                token,
                error: Some(msg.in_lang(&viewer.tr())),
            };
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(AccountError::Internal(e)) => Err(AppError::Internal(e)),
        Err(other) => Err(AppError::Forbidden(other.msg())),
    }
}

#[derive(Template)]
#[template(path = "email_confirm.html")]
struct ConfirmPage {
    layout: Layout,
    address: String,
    token: String,
    done: bool,
}

#[tracing::instrument(skip_all)]
pub async fn confirm_form(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = path.into_inner();
    let live = email::check(&state.db, &token)
        .await?
        .ok_or_else(|| AppError::NotFound(ConfirmError::Gone.msg()))?;
    let page = ConfirmPage {
        layout: Layout::new(viewer.tr().t("account-email-confirm-title"), &viewer),
        address: live.email.unwrap_or_default(),
        token,
        done: false,
    };
    render(StatusCode::OK, &page)
}

#[derive(Deserialize, Default)]
pub struct Empty {}

#[tracing::instrument(skip_all)]
pub async fn confirm(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm { viewer, .. }: CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let token = path.into_inner();
    match email::confirm(&state.db, &token).await {
        Ok(address) => {
            let page = ConfirmPage {
                layout: Layout::new(viewer.tr().t("account-email-confirmed"), &viewer),
                address,
                token: String::new(),
                done: true,
            };
            render(StatusCode::OK, &page)
        }
        Err(e @ ConfirmError::Gone) => Err(AppError::NotFound(e.msg())),
        Err(e @ ConfirmError::Taken) => Err(AppError::Conflict(e.msg())),
        Err(ConfirmError::Internal(e)) => Err(e.into()),
    }
}
