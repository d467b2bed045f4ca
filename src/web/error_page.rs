//! How an `AppError` reaches the browser: its HTTP status and the error page. The page is
//! first made without the request (English, no user: `ResponseError` has no request), then
//! `localized` words it again for the request's viewer (`web::middleware::localized_errors`).
use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::auth::Viewer;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::web::layout::Layout;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    status: u16,
    heading: &'a str,
    message: &'a str,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::LoginRequired => StatusCode::SEE_OTHER,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::LoginRequired = self {
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/login"))
                .finish();
        }
        if let AppError::Internal(e) = self {
            tracing::error!(error = ?e, "internal error");
        }
        page(self, None)
    }
}

/// The error page again, in the viewer's language and with their header; None for errors
/// that are no page (the login redirect).
pub fn localized(e: &AppError, viewer: &Viewer) -> Option<HttpResponse> {
    (!matches!(e, AppError::LoginRequired)).then(|| page(e, Some(viewer)))
}

fn heading_key(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "err-heading-bad-request",
        StatusCode::FORBIDDEN => "err-heading-forbidden",
        StatusCode::NOT_FOUND => "err-heading-not-found",
        StatusCode::CONFLICT => "err-heading-conflict",
        StatusCode::PAYLOAD_TOO_LARGE => "err-heading-too-large",
        StatusCode::UNPROCESSABLE_ENTITY => "err-heading-unprocessable",
        StatusCode::TOO_MANY_REQUESTS => "err-heading-too-many",
        _ => "err-heading-server",
    }
}

fn page(e: &AppError, viewer: Option<&Viewer>) -> HttpResponse {
    let status = e.status_code();
    let tr = viewer.map(Viewer::tr).unwrap_or_default();
    let internal = Msg::new("err-internal");
    let message = e.message().unwrap_or(&internal).in_lang(&tr);
    let heading = tr.t(heading_key(status));
    let layout = match viewer {
        Some(v) => Layout::new(heading.clone(), v),
        None => Layout::plain(heading.clone()),
    };
    let body = ErrorPage {
        layout,
        status: status.as_u16(),
        heading: &heading,
        message: &message,
    }
    .render()
    .unwrap_or_else(|_| format!("{} {}", status.as_u16(), heading));
    let mut resp = HttpResponse::build(status);
    resp.content_type("text/html; charset=utf-8");
    if status == StatusCode::TOO_MANY_REQUESTS {
        resp.insert_header((header::RETRY_AFTER, "60"));
    }
    resp.body(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Tr};

    #[test]
    fn headings_exist_in_every_language() {
        for status in [StatusCode::NOT_FOUND, StatusCode::INTERNAL_SERVER_ERROR] {
            let key = heading_key(status);
            assert_ne!(Tr::new(Lang::Fr).t(key), Tr::new(Lang::En).t(key));
        }
        assert_eq!(
            Tr::new(Lang::En).t(heading_key(StatusCode::NOT_FOUND)),
            "Not found"
        );
    }
}
