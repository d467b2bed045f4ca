//! How an `AppError` reaches a JSON API client: the same statuses as the pages, as
//! `{"error":{"code":"…","message":"…"}}`. The one place API errors are shaped.
use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::AppError;
use crate::i18n::Msg;

/// Every error under `/api/v1`.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable: `bad_request`, `unauthorized`, `forbidden`, `not_found`,
    /// `method_not_allowed`, `rate_limited`, `unavailable` or `internal`.
    pub code: String,
    /// For people; may change.
    pub message: String,
}

#[derive(Debug)]
pub enum ApiError {
    App(AppError),
    /// A bad or revoked bearer token.
    Unauthorized,
    MethodNotAllowed,
    /// Over the rate limit; the seconds until the next window.
    RateLimited(i64),
    /// The search engine cannot answer right now.
    Unavailable,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::App(e) => write!(f, "{e}"),
            ApiError::Unauthorized => write!(f, "unauthorized"),
            ApiError::MethodNotAllowed => write!(f, "method not allowed"),
            ApiError::RateLimited(s) => write!(f, "rate limited for {s} s"),
            ApiError::Unavailable => write!(f, "unavailable"),
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::App(e.into())
    }
}

// The API's own refusals are for developers, in English; `api-message` carries them as they are.
pub fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError::App(AppError::BadRequest(
        Msg::new("api-message").arg("text", message.into()),
    ))
}

pub fn not_found(message: impl Into<String>) -> ApiError {
    ApiError::App(AppError::NotFound(
        Msg::new("api-message").arg("text", message.into()),
    ))
}

impl ApiError {
    fn code_and_message(&self) -> (&'static str, String) {
        match self {
            ApiError::App(e) => match e {
                AppError::BadRequest(m) => ("bad_request", m.to_string()),
                AppError::Forbidden(m) => ("forbidden", m.to_string()),
                AppError::NotFound(m) => ("not_found", m.to_string()),
                AppError::Conflict(m) => ("conflict", m.to_string()),
                AppError::PayloadTooLarge(m) => ("too_large", m.to_string()),
                AppError::Unprocessable(m) => ("unprocessable", m.to_string()),
                AppError::TooManyRequests(m) => ("rate_limited", m.to_string()),
                AppError::LoginRequired => (
                    "unauthorized",
                    "Sign in, or send a personal API token.".into(),
                ),
                AppError::Internal(err) => {
                    tracing::error!(error = ?err, "internal error in the API");
                    ("internal", "Something went wrong on our side.".into())
                }
            },
            ApiError::Unauthorized => (
                "unauthorized",
                "The API token is unknown or was revoked.".into(),
            ),
            ApiError::MethodNotAllowed => (
                "method_not_allowed",
                "The API is read-only: use GET.".into(),
            ),
            ApiError::RateLimited(s) => (
                "rate_limited",
                format!("Too many requests; try again in {s} s."),
            ),
            ApiError::Unavailable => (
                "unavailable",
                "Search is unavailable right now; try again in a minute.".into(),
            ),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::App(AppError::LoginRequired) | ApiError::Unauthorized => {
                StatusCode::UNAUTHORIZED
            }
            ApiError::App(e) => e.status_code(),
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let (code, message) = self.code_and_message();
        let mut resp = HttpResponse::build(self.status_code());
        match self {
            ApiError::RateLimited(s) => {
                resp.insert_header((header::RETRY_AFTER, s.to_string()));
            }
            ApiError::App(AppError::TooManyRequests(_)) => {
                resp.insert_header((header::RETRY_AFTER, "60"));
            }
            ApiError::Unauthorized => {
                resp.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            ApiError::MethodNotAllowed => {
                resp.insert_header((header::ALLOW, "GET"));
            }
            _ => {}
        }
        resp.json(ErrorBody {
            error: ErrorDetail {
                code: code.into(),
                message,
            },
        })
    }
}
