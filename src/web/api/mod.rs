//! The read-only JSON API under `/api/v1`: shows, episodes with air dates, boards, threads,
//! posts, search, live rooms and parties, as the pages' use-cases and visibility gate give
//! them to the viewer. Errors are JSON (`error.rs`); the OpenAPI document is generated from
//! the handlers (`openapi.rs`) and rendered as a page (`docs.rs`).
pub mod auth;
pub mod catalog;
pub mod cursor;
pub mod docs;
pub mod error;
pub mod live;
pub mod openapi;
pub mod search;
pub mod threads;
pub mod types;

use actix_web::{web, FromRequest, Handler, Resource, Responder};

use error::{bad_request, not_found, ApiError};

/// A GET-only resource whose other methods answer a JSON 405 with `Allow: GET`.
fn get<F, Args>(path: &str, handler: F) -> Resource
where
    F: Handler<Args>,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    web::resource(path)
        .route(web::get().to(handler))
        .default_service(web::to(method_not_allowed))
}

pub fn scope() -> actix_web::Scope {
    web::scope("/api/v1")
        .app_data(
            web::PathConfig::default().error_handler(|_, _| not_found("No such resource.").into()),
        )
        .app_data(
            web::QueryConfig::default()
                .error_handler(|e, _| bad_request(format!("Bad query string: {e}")).into()),
        )
        .service(get("/openapi.json", openapi::serve))
        .service(get("/docs", docs::page))
        .service(get("/shows", catalog::shows))
        .service(get("/shows/{slug}", catalog::show))
        .service(get("/shows/{slug}/episodes", catalog::episodes))
        .service(get("/shows/{slug}/boards", catalog::boards))
        .service(get("/shows/{slug}/threads", threads::show_threads))
        .service(get(
            "/shows/{slug}/boards/{board}/threads",
            threads::board_threads,
        ))
        .service(get("/threads/{id}", threads::thread))
        .service(get("/threads/{id}/posts", threads::posts))
        .service(get("/search", search::search))
        .service(get("/live", live::live))
        .service(get("/parties", live::parties))
        .default_service(web::to(unknown))
}

async fn method_not_allowed() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed)
}

async fn unknown() -> Result<actix_web::HttpResponse, ApiError> {
    Err(not_found("There is no API endpoint at this address."))
}
