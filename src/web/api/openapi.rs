//! The OpenAPI 3.1 document, generated from the handlers' `#[utoipa::path]` attributes and
//! the response types' schemas, built once per process.
use std::sync::OnceLock;

use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{catalog, live, search, threads};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Cliffhanger API",
        version = "1",
        description = "Read-only JSON API of a Cliffhanger community. Anonymous requests see \
            what an anonymous visitor sees; with `Authorization: Bearer <token>` (a personal \
            token made in /settings/api) or a session cookie, what that user sees. Lists are \
            paginated by cursor: pass `next_cursor` back as `cursor`."
    ),
    paths(
        catalog::shows,
        catalog::show,
        catalog::episodes,
        catalog::boards,
        threads::show_threads,
        threads::board_threads,
        threads::thread,
        threads::posts,
        search::search,
        live::live,
        live::parties,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "catalogue", description = "Shows, seasons, episodes, air dates and boards"),
        (name = "forum", description = "Threads and posts"),
        (name = "search", description = "Search"),
        (name = "live", description = "Live rooms and watch parties"),
    )
)]
pub struct ApiDoc;

/// A token is optional: every endpoint answers anonymous callers too.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        openapi.security = Some(vec![
            SecurityRequirement::default(),
            SecurityRequirement::new("bearer", Vec::<String>::new()),
        ]);
    }
}

/// The document as JSON.
pub fn document() -> &'static serde_json::Value {
    static DOC: OnceLock<serde_json::Value> = OnceLock::new();
    DOC.get_or_init(|| serde_json::to_value(ApiDoc::openapi()).unwrap_or_default())
}

pub async fn serve() -> HttpResponse {
    HttpResponse::Ok().json(document())
}
