//! Typed errors every layer returns; `web::error_page` maps each to its HTTP status and
//! error page, in one place. Messages are catalogue `Msg`s, worded in the reader's language
//! when the response is made.
use crate::i18n::Msg;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(Msg),
    #[error("{0}")]
    Forbidden(Msg),
    #[error("{0}")]
    NotFound(Msg),
    #[error("{0}")]
    Conflict(Msg),
    #[error("{0}")]
    PayloadTooLarge(Msg),
    #[error("{0}")]
    Unprocessable(Msg),
    #[error("{0}")]
    TooManyRequests(Msg),
    /// The action needs a signed-in user: send them to the login page.
    #[error("please log in")]
    LoginRequired,
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(anyhow::Error::new(e))
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(anyhow::Error::new(e))
    }
}

impl AppError {
    /// The sentence to show, when the error has one of its own.
    pub fn message(&self) -> Option<&Msg> {
        match self {
            AppError::BadRequest(m)
            | AppError::Forbidden(m)
            | AppError::NotFound(m)
            | AppError::Conflict(m)
            | AppError::PayloadTooLarge(m)
            | AppError::Unprocessable(m)
            | AppError::TooManyRequests(m) => Some(m),
            AppError::LoginRequired | AppError::Internal(_) => None,
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;
