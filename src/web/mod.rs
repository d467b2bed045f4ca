//! HTTP layer: route table, handlers, page structs, embedded static assets.
pub mod accounts;
pub mod admin;
pub mod assets;
pub mod browse;
pub mod layout;
pub mod live;
pub mod middleware;
pub mod mod_actions;
pub mod moderation;
pub mod posts;
pub mod search;
pub mod spoilers;
pub mod threads;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

use crate::error::{AppError, AppResult};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::PathConfig::default()
            .error_handler(|_, _| AppError::NotFound("No such page.".into()).into()),
    )
    .app_data(
        web::QueryConfig::default()
            .error_handler(|e, _| AppError::BadRequest(format!("Bad query string: {e}")).into()),
    )
    .app_data(web::FormConfig::default().limit(crate::auth::csrf::FORM_LIMIT_BYTES))
    .app_data(web::JsonConfig::default().limit(64 * 1024))
    .app_data(web::PayloadConfig::default().limit(crate::auth::csrf::FORM_LIMIT_BYTES))
    .route("/healthz", web::get().to(healthz))
    .route("/static/{path:.*}", web::get().to(assets::serve))
    .route("/", web::get().to(browse::home))
    .route("/register", web::get().to(accounts::register_form))
    .route("/register", web::post().to(accounts::register))
    .route("/login", web::get().to(accounts::login_form))
    .route("/login", web::post().to(accounts::login))
    .route("/logout", web::post().to(accounts::logout))
    .route("/admin", web::get().to(admin::index))
    .route("/admin/shows", web::post().to(admin::create_show))
    .route("/shows/{show}", web::get().to(browse::show))
    .route("/shows/{show}/admin", web::get().to(admin::show_admin))
    .route(
        "/shows/{show}/admin/show",
        web::post().to(admin::update_show),
    )
    .route(
        "/shows/{show}/admin/episodes",
        web::post().to(admin::save_episode),
    )
    .route(
        "/shows/{show}/admin/boards",
        web::post().to(admin::create_board),
    )
    .route(
        "/shows/{show}/episodes/{code}",
        web::get().to(browse::episode),
    )
    .route(
        "/shows/{show}/episodes/{code}/live",
        web::get().to(live::live),
    )
    .route(
        "/shows/{show}/episodes/{code}/parties",
        web::get().to(live::parties),
    )
    .route(
        "/shows/{show}/episodes/{code}/parties",
        web::post().to(live::create_party),
    )
    .route(
        "/shows/{show}/episodes/{code}/replay",
        web::get().to(live::episode_replay),
    )
    .route(
        "/shows/{show}/episodes/{code}/replay.json",
        web::get().to(live::episode_replay_json),
    )
    .route("/ws/rooms/{room}", web::get().to(live::ws))
    .route("/parties/{id}", web::get().to(live::party))
    .route("/parties/{id}/pause", web::post().to(live::pause))
    .route("/parties/{id}/resume", web::post().to(live::resume))
    .route("/parties/{id}/replay", web::get().to(live::party_replay))
    .route(
        "/parties/{id}/replay.json",
        web::get().to(live::party_replay_json),
    )
    .route("/mod", web::get().to(moderation::site_queue))
    .route("/report", web::post().to(mod_actions::report))
    .route("/admin/ban", web::post().to(mod_actions::ban))
    .route("/shows/{show}/mod", web::get().to(moderation::tools))
    .route("/shows/{show}/modlog", web::get().to(moderation::modlog))
    .route(
        "/shows/{show}/mod/reports",
        web::post().to(mod_actions::resolve),
    )
    .route(
        "/shows/{show}/mod/sanctions",
        web::post().to(mod_actions::sanction_user),
    )
    .route(
        "/shows/{show}/mod/rooms",
        web::post().to(mod_actions::room_settings),
    )
    .route(
        "/shows/{show}/mod/filters",
        web::post().to(mod_actions::add_filter),
    )
    .route(
        "/shows/{show}/mod/filters/{id}/delete",
        web::post().to(mod_actions::remove_filter),
    )
    .route("/shows/{show}/mod/team", web::post().to(mod_actions::team))
    .route(
        "/shows/{show}/mod/settings",
        web::post().to(mod_actions::settings),
    )
    .route("/posts/{id}/mod", web::post().to(mod_actions::post_action))
    .route(
        "/threads/{id}/mod",
        web::post().to(mod_actions::thread_action),
    )
    .route(
        "/chat/messages/{id}/mod",
        web::post().to(mod_actions::chat_action),
    )
    .route("/settings", web::get().to(spoilers::settings))
    .route("/region", web::post().to(spoilers::set_region))
    .route("/shows/{show}/progress", web::get().to(spoilers::progress))
    .route(
        "/shows/{show}/episodes/{code}/watched",
        web::post().to(spoilers::watched),
    )
    .route("/search", web::get().to(search::site))
    .route("/shows/{show}/search", web::get().to(search::show))
    .route(
        "/shows/{show}/search/settings",
        web::get().to(search::settings),
    )
    .route(
        "/shows/{show}/search/settings",
        web::post().to(search::save_settings),
    )
    .route("/shows/{show}/forum", web::get().to(threads::forum))
    .route("/shows/{show}/forum/{board}", web::get().to(threads::board))
    .route(
        "/shows/{show}/threads/new",
        web::get().to(threads::new_form),
    )
    .route("/shows/{show}/threads", web::post().to(threads::create))
    .route("/threads/{id}", web::get().to(threads::view))
    .route("/threads/{id}/posts", web::post().to(threads::reply))
    .route("/posts/{id}/edit", web::get().to(posts::edit_form))
    .route("/posts/{id}/edit", web::post().to(posts::edit))
    .route("/posts/{id}/delete", web::post().to(posts::delete))
    .default_service(web::to(not_found));
}

async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

async fn not_found() -> AppResult<HttpResponse> {
    Err(AppError::NotFound(
        "There is no page at this address.".into(),
    ))
}

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
