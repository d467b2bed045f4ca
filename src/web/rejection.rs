//! The one place where a refused write becomes an HTTP status. Forms shown again use it.
use crate::i18n::Msg;
use actix_web::http::StatusCode;

use crate::error::AppError;
use crate::forum::posting::{PostingError, Rejected};

pub fn status(r: &Rejected) -> StatusCode {
    match r {
        Rejected::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Rejected::TooLong(_) => StatusCode::PAYLOAD_TOO_LARGE,
        Rejected::Forbidden(_) => StatusCode::FORBIDDEN,
        Rejected::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
        Rejected::Conflict(_) => StatusCode::CONFLICT,
        Rejected::NoThread => StatusCode::NOT_FOUND,
    }
}

/// A refusal as an error page, for writes that have no form to show again.
pub fn error(r: Rejected) -> AppError {
    match r {
        Rejected::Invalid(m) => AppError::Unprocessable(m),
        Rejected::TooLong(m) => AppError::PayloadTooLarge(m),
        Rejected::Forbidden(m) => AppError::Forbidden(m),
        Rejected::TooMany(m) => AppError::TooManyRequests(m),
        Rejected::Conflict(m) => AppError::Conflict(m),
        Rejected::NoThread => AppError::NotFound(Msg::new("err-thread-does-not-exist")),
    }
}

/// Splits a posting failure into a rejection to show on the form, or an error page.
pub fn rejected(e: PostingError) -> Result<Rejected, AppError> {
    match e {
        PostingError::Rejected(Rejected::NoThread) => {
            Err(AppError::NotFound(Msg::new("err-thread-does-not-exist")))
        }
        PostingError::Rejected(r) => Ok(r),
        PostingError::Db(e) => Err(e.into()),
    }
}
