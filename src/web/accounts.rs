//! Register, log in, log out.
use std::time::Instant;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::session::{new_token, removal_cookie, session_cookie, token_hash};
use crate::auth::{password, CsrfForm, Viewer};
use crate::db;
use crate::domain::{Password, Username};
use crate::error::{AppError, AppResult};
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
}

fn auth_page(viewer: &Viewer, register: bool, username: &str, error: Option<String>) -> AuthPage {
    let title = if register {
        "Create an account"
    } else {
        "Log in"
    };
    AuthPage {
        layout: Layout::new(title, viewer),
        register,
        username: username.to_string(),
        error,
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
pub async fn register_form(viewer: Viewer) -> AppResult<HttpResponse> {
    render(StatusCode::OK, &auth_page(&viewer, true, "", None))
}

#[tracing::instrument(skip_all)]
pub async fn login_form(viewer: Viewer) -> AppResult<HttpResponse> {
    render(StatusCode::OK, &auth_page(&viewer, false, "", None))
}

/// Starts a fresh session for `user_id` (a new token every login: no session fixation).
async fn start_session(
    state: &AppState,
    req: &HttpRequest,
    old: Option<&str>,
    user_id: i64,
) -> AppResult<HttpResponse> {
    if let Some(old) = old {
        db::sessions::delete(&state.db, &token_hash(old)).await?;
    }
    let token = new_token();
    db::sessions::create(&state.db, &token_hash(&token), user_id).await?;
    let mut resp = see_other("/");
    resp.add_cookie(&session_cookie(req, &token))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
    Ok(resp)
}

#[tracing::instrument(skip_all)]
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm { viewer, form }: CsrfForm<Credentials>,
) -> AppResult<HttpResponse> {
    let username = match Username::try_from(form.username.as_str()) {
        Ok(u) => u,
        Err(e) => {
            return render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &auth_page(&viewer, true, &form.username, Some(e.0)),
            )
        }
    };
    let password = match Password::try_from(form.password.as_str()) {
        Ok(p) => p,
        Err(e) => {
            return render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &auth_page(&viewer, true, &form.username, Some(e.0)),
            )
        }
    };
    let hash = password::hash(password.expose().to_string()).await?;
    match db::users::create(&state.db, &username, &hash, true).await? {
        db::users::CreateUser::Created { id, is_admin } => {
            tracing::info!(user_id = id, is_admin, "account created");
            start_session(&state, &req, viewer.session_token.as_deref(), id).await
        }
        db::users::CreateUser::NameTaken => render(
            StatusCode::CONFLICT,
            &auth_page(
                &viewer,
                true,
                &form.username,
                Some("That username is taken. Try another.".into()),
            ),
        ),
    }
}

#[tracing::instrument(skip_all)]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm { viewer, form }: CsrfForm<Credentials>,
) -> AppResult<HttpResponse> {
    let ip = req
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or(std::net::Ipv4Addr::UNSPECIFIED.into());
    if state.login_limiter.is_blocked(ip, Instant::now()) {
        return Err(AppError::TooManyRequests(
            "Too many failed logins from your network. Wait a minute and try again.".into(),
        ));
    }
    let stored =
        db::users::credentials(&state.db, &form.username.trim().to_ascii_lowercase()).await?;
    let (user_id, hash) = match stored {
        Some(c) => (Some(c.id), Some(c.password_hash)),
        None => (None, None),
    };
    // Unknown names are verified against a dummy hash so both failures take as long.
    let ok = password::verify(form.password.clone(), hash).await?;
    match (ok, user_id) {
        (true, Some(id)) => start_session(&state, &req, viewer.session_token.as_deref(), id).await,
        _ => {
            state.login_limiter.record_failure(ip, Instant::now());
            render(
                StatusCode::UNAUTHORIZED,
                &auth_page(
                    &viewer,
                    false,
                    &form.username,
                    Some("Wrong username or password.".into()),
                ),
            )
        }
    }
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
        db::sessions::delete(&state.db, &token_hash(token)).await?;
    }
    let mut resp = see_other("/");
    resp.add_cookie(&removal_cookie(&req))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
    Ok(resp)
}
