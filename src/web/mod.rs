//! HTTP layer: the route table (routes.rs), handlers, page structs, embedded static assets.
//! Handlers extract the request, call one use-case and render; they hold no product rule.
pub mod accounts;
pub mod admin;
pub mod api;
pub mod api_tokens;
pub mod assets;
pub mod browse;
pub mod chat_panel;
pub mod client;
pub mod error_page;
pub mod extract;
pub mod feeds;
pub mod follows;
pub mod forum;
pub mod language;
pub mod layout;
pub mod live;
pub mod metrics;
pub mod middleware;
pub mod mod_actions;
pub mod moderation;
pub mod notifications;
pub mod parties;
pub mod password;
pub mod password_reset;
pub mod polls;
pub mod posts;
pub mod predictions;
pub mod profiles;
pub mod ratings;
pub mod reactions;
pub mod rejection;
pub mod replay;
pub mod routes;
pub mod search;
pub mod settings;
pub mod spoilers;
pub mod state;
pub mod threads;

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;

use crate::error::AppResult;

pub use state::AppState;

/// Renders a page with the given status (forms shown again use 413/422).
pub fn render(status: StatusCode, page: &impl Template) -> AppResult<HttpResponse> {
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(page.render()?))
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location))
        .finish()
}

/// `?page=N` with N ≥ 1; anything else is page 1.
#[derive(serde::Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    pub page: Option<String>,
}

impl PageQuery {
    pub fn number(&self) -> i64 {
        self.page
            .as_deref()
            .and_then(|p| p.parse::<i64>().ok())
            .filter(|p| (1..=1_000_000).contains(p))
            .unwrap_or(1)
    }
}
