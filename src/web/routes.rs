//! The route table: every URL of the site and the handler that answers it.
use crate::i18n::Msg;
use actix_web::{web, HttpResponse};

use super::AppState;
use super::{
    accounts, admin, assets, browse, feeds, follows, forum, language, live, metrics, mod_actions,
    moderation, notifications, parties, password, password_reset, polls, posts, predictions,
    profiles, ratings, reactions, replay, search, settings, spoilers, threads,
};
use crate::chat::BusHealth;
use crate::error::{AppError, AppResult};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::PathConfig::default()
            .error_handler(|_, _| AppError::NotFound(Msg::new("err-no-such-page")).into()),
    )
    .app_data(web::QueryConfig::default().error_handler(|e, _| {
        AppError::BadRequest(Msg::new("err-query-string").arg("detail", e.to_string())).into()
    }))
    .app_data(web::FormConfig::default().limit(crate::auth::csrf::FORM_LIMIT_BYTES))
    .app_data(web::JsonConfig::default().limit(64 * 1024))
    .app_data(web::PayloadConfig::default().limit(crate::auth::csrf::FORM_LIMIT_BYTES))
    // Routes are grouped in scopes under static prefixes: actix tries patterns in order and
    // every dynamic one costs a regex match, so one flat list made a thread page pay for
    // some forty of them (15% of its CPU).
    .route("/healthz", web::get().to(healthz))
    .service(super::api::scope())
    .route("/metrics", web::get().to(metrics::serve))
    .route("/", web::get().to(browse::home))
    .service(
        web::scope("/threads/{id}")
            .route("", web::get().to(threads::view))
            .route("/feed.atom", web::get().to(feeds::thread))
            .route("/posts", web::post().to(threads::reply))
            .route("/poll/vote", web::post().to(polls::vote))
            .route("/prediction", web::post().to(predictions::mark))
            .route("/follow", web::post().to(follows::thread))
            .route("/mod", web::post().to(mod_actions::thread_action)),
    )
    .service(web::scope("/shows/{show}").configure(show_routes))
    .route("/static/{path:.*}", web::get().to(assets::serve))
    .service(
        web::scope("/posts/{id}")
            .route("/edit", web::get().to(posts::edit_form))
            .route("/edit", web::post().to(posts::edit))
            .route("/delete", web::post().to(posts::delete))
            .route("/reactions", web::post().to(reactions::toggle))
            .route("/mod", web::post().to(mod_actions::post_action)),
    )
    .service(
        web::scope("/parties/{id}")
            .route("", web::get().to(parties::party))
            .route("/pause", web::post().to(parties::pause))
            .route("/resume", web::post().to(parties::resume))
            .route("/follow", web::post().to(follows::party))
            .route("/replay", web::get().to(replay::party_replay))
            .route("/replay.json", web::get().to(replay::party_replay_json)),
    )
    .route("/ws/rooms/{room}", web::get().to(live::ws))
    .route("/rooms/{room}/react", web::post().to(live::react))
    .route(
        "/chat/messages/{id}/mod",
        web::post().to(mod_actions::chat_action),
    )
    .route("/register", web::get().to(accounts::register_form))
    .route("/register", web::post().to(accounts::register))
    .route("/login", web::get().to(accounts::login_form))
    .route("/login", web::post().to(accounts::login))
    .route("/logout", web::post().to(accounts::logout))
    .route("/admin", web::get().to(admin::index))
    .route("/admin/shows", web::post().to(admin::create_show))
    .route("/admin/ban", web::post().to(mod_actions::ban))
    .route("/mod", web::get().to(moderation::site_queue))
    .route("/report", web::post().to(mod_actions::report))
    .route("/settings", web::get().to(settings::page))
    .route("/settings/profile", web::post().to(settings::save_profile))
    .route(
        "/settings/time-zone",
        web::post().to(settings::save_time_zone),
    )
    .route("/settings/email", web::post().to(settings::change_email))
    .route(
        "/settings/email/confirm/{token}",
        web::get().to(password_reset::confirm_form),
    )
    .route(
        "/settings/email/confirm/{token}",
        web::post().to(password_reset::confirm),
    )
    .route(
        "/settings/account/delete",
        web::post().to(settings::delete_account),
    )
    .route("/users/{name}", web::get().to(profiles::profile))
    .route("/users/{name}/feed.atom", web::get().to(feeds::user))
    .route(
        "/password/forgot",
        web::get().to(password_reset::forgot_form),
    )
    .route("/password/forgot", web::post().to(password_reset::forgot))
    .route(
        "/password/reset/{token}",
        web::get().to(password_reset::reset_form),
    )
    .route(
        "/password/reset/{token}",
        web::post().to(password_reset::reset),
    )
    .route("/settings/api", web::get().to(super::api_tokens::page))
    .route(
        "/settings/api/tokens",
        web::post().to(super::api_tokens::create),
    )
    .route(
        "/settings/api/tokens/{id}/revoke",
        web::post().to(super::api_tokens::revoke),
    )
    .route("/settings/password", web::get().to(password::form))
    .route("/settings/password", web::post().to(password::change))
    .route(
        "/settings/notifications",
        web::post().to(notifications::save_prefs),
    )
    .service(
        web::scope("/notifications")
            .route("", web::get().to(notifications::list))
            .route("/read", web::post().to(notifications::read_all))
            .route("/stream", web::get().to(notifications::stream))
            .route("/{id}/read", web::post().to(notifications::read_one)),
    )
    .route("/region", web::post().to(spoilers::set_region))
    .route("/language", web::post().to(language::switch))
    .route("/search", web::get().to(search::site))
    .default_service(web::to(not_found));
}

/// Everything under `/shows/{show}`.
fn show_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("", web::get().to(browse::show))
        .route("/feed.atom", web::get().to(feeds::show))
        .route("/forum/{board}/feed.atom", web::get().to(feeds::board))
        .route(
            "/forum/predictions/leaderboard",
            web::get().to(predictions::leaderboard),
        )
        .route("/follow", web::post().to(follows::show))
        .route("/forum", web::get().to(forum::forum))
        .route("/forum/{board}", web::get().to(forum::board))
        .route("/forum/{board}/follow", web::post().to(follows::board))
        .route("/threads/new", web::get().to(forum::new_form))
        .route("/threads", web::post().to(forum::create))
        .route("/episodes/{code}", web::get().to(browse::episode))
        .route("/episodes/{code}/live", web::get().to(live::live))
        .route("/episodes/{code}/parties", web::get().to(parties::parties))
        .route(
            "/episodes/{code}/parties",
            web::post().to(parties::create_party),
        )
        .route(
            "/episodes/{code}/replay",
            web::get().to(replay::episode_replay),
        )
        .route(
            "/episodes/{code}/replay.json",
            web::get().to(replay::episode_replay_json),
        )
        .route(
            "/episodes/{code}/watched",
            web::post().to(spoilers::watched),
        )
        .route("/episodes/{code}/rating", web::post().to(ratings::rate))
        .route("/progress", web::get().to(spoilers::progress))
        .route("/search", web::get().to(search::show))
        .route("/search/settings", web::get().to(search::settings))
        .route("/search/settings", web::post().to(search::save_settings))
        .route("/admin", web::get().to(admin::show_admin))
        .route("/admin/show", web::post().to(admin::update_show))
        .route("/admin/episodes", web::post().to(admin::save_episode))
        .route("/admin/boards", web::post().to(admin::create_board))
        .route("/mod", web::get().to(moderation::tools))
        .route("/modlog", web::get().to(moderation::modlog))
        .route("/mod/reports", web::post().to(mod_actions::resolve))
        .route("/mod/sanctions", web::post().to(mod_actions::sanction_user))
        .route("/mod/rooms", web::post().to(mod_actions::room_settings))
        .route("/mod/filters", web::post().to(mod_actions::add_filter))
        .route(
            "/mod/filters/{id}/delete",
            web::post().to(mod_actions::remove_filter),
        )
        .route("/mod/team", web::post().to(mod_actions::team))
        .route("/mod/settings", web::post().to(mod_actions::settings));
}

/// Always 200 while the process serves: a node whose Redis is down still serves its own
/// clients, so a load balancer must not take it out. The body tells this node's part in the
/// cluster: whether it drains the search outbox (`indexer: active`, `standby` or `off`),
/// whether its page cache serves (`live`), waits for its lost change listener (`bypassed`)
/// or is `off`, and, with Redis, whether it hears the other nodes (`redis: up` / `down`).
async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let cache = &state.db.cache;
    let cache = match (cache.enabled(), cache.is_live()) {
        (false, _) => "off",
        (true, true) => "live",
        (true, false) => "bypassed",
    };
    let redis = match state.chat.bus_health() {
        BusHealth::SingleNode => "",
        BusHealth::Up => "redis: up\n",
        BusHealth::Down => "redis: down\n",
    };
    HttpResponse::Ok().content_type("text/plain").body(format!(
        "ok\nindexer: {}\npage cache: {cache}\n{redis}",
        state.indexer.role().as_str()
    ))
}

async fn not_found() -> AppResult<HttpResponse> {
    Err(AppError::NotFound(Msg::new("err-there-no-page-address")))
}
