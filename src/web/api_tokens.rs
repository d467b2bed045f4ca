//! `/settings/api`: a signed-in user's personal API tokens. A new token is shown once, on
//! the page the creating POST answers; after that only its name and dates are.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::api_tokens::{self, Token};
use crate::auth::{CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::time_util::format_ms;
use crate::web::layout::Layout;
use crate::web::AppState;
use crate::web::{render, see_other};

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub created: String,
    pub last_used: Option<String>,
    pub revoked: bool,
}

#[derive(Template)]
#[template(path = "api_tokens.html")]
struct TokensPage {
    layout: Layout,
    tokens: Vec<TokenRow>,
    /// The token just made, shown this once.
    created: Option<String>,
    name_max: usize,
    error: Option<String>,
}

fn row(t: Token) -> TokenRow {
    TokenRow {
        id: t.id,
        name: t.name,
        created: format_ms(t.created_at),
        last_used: t.last_used_at.map(format_ms),
        revoked: t.revoked_at.is_some(),
    }
}

async fn show(
    state: &AppState,
    viewer: &Viewer,
    status: StatusCode,
    created: Option<String>,
    error: Option<String>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    let tokens = api_tokens::list(&state.db, user.id).await?;
    let page = TokensPage {
        layout: Layout::new(viewer.tr().t("api-tokens-title"), viewer),
        tokens: tokens.into_iter().map(row).collect(),
        created,
        name_max: api_tokens::NAME_MAX_CHARS,
        error,
    };
    let mut resp = render(status, &page)?;
    // A page that may carry a secret is never stored anywhere.
    resp.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}

#[tracing::instrument(skip_all)]
pub async fn page(state: web::Data<AppState>, viewer: Viewer) -> AppResult<HttpResponse> {
    show(&state, &viewer, StatusCode::OK, None, None).await
}

#[derive(Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    name: String,
}

#[tracing::instrument(skip_all)]
pub async fn create(
    state: web::Data<AppState>,
    CsrfForm { viewer, form }: CsrfForm<CreateForm>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    match api_tokens::create(&state.db, user.id, &form.name).await {
        Ok(token) => show(&state, &viewer, StatusCode::OK, Some(token), None).await,
        Err(AppError::Unprocessable(msg)) => {
            show(
                &state,
                &viewer,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(msg.in_lang(&viewer.tr())),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct RevokeForm {}

#[tracing::instrument(skip_all)]
pub async fn revoke(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm { viewer, .. }: CsrfForm<RevokeForm>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    let id = path
        .parse::<i64>()
        .map_err(|_| AppError::NotFound(crate::i18n::Msg::new("token-none")))?;
    api_tokens::revoke(&state.db, user.id, id).await?;
    Ok(see_other("/settings/api"))
}
