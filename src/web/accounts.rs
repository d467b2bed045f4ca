//! Register, log in, log out.
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::accounts::{self, AccountError};
use crate::auth::limits::Throttled;
use crate::auth::session::{removal_cookie, session_cookie};
use crate::auth::{CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::metrics::Metrics;
use crate::web::layout::Layout;
use crate::web::AppState;
use crate::web::{render, see_other};

#[derive(Template)]
#[template(path = "auth.html")]
struct AuthPage {
    layout: Layout,
    register: bool,
    username: String,
    error: Option<String>,
    /// Mail is on: the login page links to `/password/forgot`, else says resets go
    /// through an admin.
    mail: bool,
}

fn auth_page(
    viewer: &Viewer,
    mail: bool,
    register: bool,
    username: &str,
    error: Option<String>,
) -> AuthPage {
    let title = viewer.tr().t(if register {
        "account-create"
    } else {
        "nav-login"
    });
    AuthPage {
        layout: Layout::new(title, viewer),
        register,
        username: username.to_string(),
        error,
        mail,
    }
}

#[derive(Deserialize)]
pub struct Credentials {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

#[tracing::instrument(skip_all)]
pub async fn register_form(state: web::Data<AppState>, viewer: Viewer) -> AppResult<HttpResponse> {
    let mail = state.mail.enabled();
    render(StatusCode::OK, &auth_page(&viewer, mail, true, "", None))
}

#[tracing::instrument(skip_all)]
pub async fn login_form(state: web::Data<AppState>, viewer: Viewer) -> AppResult<HttpResponse> {
    let mail = state.mail.enabled();
    render(StatusCode::OK, &auth_page(&viewer, mail, false, "", None))
}

/// Starts the session (rotating any the browser came with) and sets its cookie.
async fn signed_in(
    state: &AppState,
    req: &HttpRequest,
    viewer: &Viewer,
    user_id: i64,
) -> AppResult<HttpResponse> {
    let max_days = state.config.sessions.max_days;
    let token = accounts::start_session(
        &state.db,
        viewer.session_token.as_deref(),
        user_id,
        max_days,
    )
    .await?;
    let mut resp = see_other("/");
    resp.add_cookie(&session_cookie(req, &token, max_days))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
    Ok(resp)
}

/// The form again with the refusal's message, under its status; too many attempts is the
/// error page.
fn refused(
    viewer: &Viewer,
    mail: bool,
    register: bool,
    username: &str,
    e: AccountError,
) -> AppResult<HttpResponse> {
    let status = match e {
        AccountError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AccountError::NameTaken => StatusCode::CONFLICT,
        AccountError::WrongCredentials => StatusCode::UNAUTHORIZED,
        AccountError::Banned(_) => StatusCode::FORBIDDEN,
        AccountError::Throttled(_) => return Err(AppError::TooManyRequests(e.msg())),
        AccountError::Internal(e) => return Err(AppError::Internal(e)),
    };
    render(
        status,
        &auth_page(
            viewer,
            mail,
            register,
            username,
            Some(e.msg().in_lang(&viewer.tr())),
        ),
    )
}

#[tracing::instrument(skip_all)]
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm { viewer, form }: CsrfForm<Credentials>,
) -> AppResult<HttpResponse> {
    let limits = &state.config.accounts;
    let ip = client_ip(&req);
    match accounts::register(&state.db, limits, ip, &form.username, &form.password).await {
        Ok((user_id, _)) => signed_in(&state, &req, &viewer, user_id).await,
        Err(e) => {
            count_refusal(&state.metrics, true, &e);
            refused(&viewer, state.mail.enabled(), true, &form.username, e)
        }
    }
}

#[tracing::instrument(skip_all)]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm { viewer, form }: CsrfForm<Credentials>,
) -> AppResult<HttpResponse> {
    let limits = &state.config.accounts;
    let ip = client_ip(&req);
    match accounts::login(&state.db, limits, ip, &form.username, &form.password).await {
        Ok(user_id) => signed_in(&state, &req, &viewer, user_id).await,
        Err(e) => {
            count_refusal(&state.metrics, false, &e);
            refused(&viewer, state.mail.enabled(), false, &form.username, e)
        }
    }
}

/// Throttled logins by limiter, and refused sign-ups by cause, for `/metrics`; wrong
/// passwords are not counted here (the 401s are in the request counts).
fn count_refusal(metrics: &Metrics, register: bool, e: &AccountError) {
    let reason = match (register, e) {
        (false, AccountError::Throttled(Throttled::Ip)) => {
            return metrics.login_throttled.with_label_values(&["ip"]).inc()
        }
        (false, AccountError::Throttled(Throttled::Account { .. })) => {
            return metrics
                .login_throttled
                .with_label_values(&["account"])
                .inc()
        }
        (true, AccountError::Throttled(_)) => "ip_limit",
        (true, AccountError::Invalid(_)) => "invalid",
        (true, AccountError::NameTaken) => "name_taken",
        _ => return,
    };
    metrics.signups_refused.with_label_values(&[reason]).inc();
}

/// Where the request came from, for the per-IP limits.
pub(crate) fn client_ip(req: &HttpRequest) -> std::net::IpAddr {
    crate::web::client::client(req).ip
}

#[derive(Deserialize)]
pub struct Empty {}

#[tracing::instrument(skip_all)]
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm { viewer, .. }: CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    if let Some(token) = &viewer.session_token {
        accounts::end_session(&state.db, token).await?;
    }
    // Open sockets authenticated with that session must not keep sending.
    if let Some(user) = &viewer.user {
        state.chat.sign_out(user.id).await;
    }
    let mut resp = see_other("/");
    resp.add_cookie(&removal_cookie(&req))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
    Ok(resp)
}
