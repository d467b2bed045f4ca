//! Moderator pages: review queues, a show's tools, and the mod log.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

use crate::auth::Viewer;
use crate::db::catalog::Show;
use crate::db::moderation::ChatRef;
use crate::error::AppResult;
use crate::moderation::filters::WordFilter;
use crate::moderation::held::HeldItem;
use crate::moderation::log::LogRow;
use crate::moderation::queue;
use crate::moderation::reports::QueueItem;
use crate::moderation::tools::{self, RoomView};
use crate::web::browse::find_show;
use crate::web::layout::Layout;
use crate::web::render;
use crate::web::AppState;

#[derive(Template)]
#[template(path = "mod_queue.html")]
struct QueuePage {
    layout: Layout,
    heading: String,
    items: Vec<QueueItem>,
    held: Vec<HeldItem>,
    back: String,
}

#[derive(Template)]
#[template(path = "mod_tools.html")]
struct ToolsPage {
    layout: Layout,
    show: Show,
    items: Vec<QueueItem>,
    held: Vec<HeldItem>,
    back: String,
    filters: Vec<WordFilter>,
    moderators: Vec<String>,
    rooms: Vec<RoomView>,
    chat: Vec<ChatRef>,
    public_modlog: bool,
}

#[derive(Template)]
#[template(path = "modlog.html")]
struct LogPage {
    layout: Layout,
    show: Show,
    entries: Vec<LogRow>,
    show_names: bool,
}

/// The site queue: every show for admins, their own shows for moderators.
#[tracing::instrument(skip_all)]
pub async fn site_queue(state: web::Data<AppState>, viewer: Viewer) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    let queue = queue::site_queue(&state.db, user).await?;
    let page = QueuePage {
        layout: Layout::new(viewer.tr().t("mod-review-queue"), &viewer),
        heading: viewer.tr().t("mod-review-queue"),
        items: queue.reports,
        held: queue.held,
        back: "/mod".into(),
    };
    render(StatusCode::OK, &page)
}

#[tracing::instrument(skip(state, viewer))]
pub async fn tools(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let show = find_show(&state.db, &path).await?;
    let tools = tools::show_tools(&state.db, viewer.user.as_ref(), &show).await?;
    let page = ToolsPage {
        layout: Layout::new(
            viewer.tr().t1("title-moderate", "show", &show.title),
            &viewer,
        ),
        back: format!("/shows/{}/mod", show.slug),
        items: tools.queue.reports,
        held: tools.queue.held,
        filters: tools.filters,
        moderators: tools.moderators,
        rooms: tools.rooms,
        chat: tools.chat,
        public_modlog: tools.public_modlog,
        show,
    };
    render(StatusCode::OK, &page)
}

#[tracing::instrument(skip(state, viewer))]
pub async fn modlog(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let show = find_show(&state.db, &path).await?;
    let log = tools::mod_log(&state.db, viewer.user.as_ref(), show.id).await?;
    let page = LogPage {
        layout: Layout::new(viewer.tr().t1("title-modlog", "show", &show.title), &viewer),
        entries: log.entries,
        show_names: log.show_names,
        show,
    };
    render(StatusCode::OK, &page)
}
