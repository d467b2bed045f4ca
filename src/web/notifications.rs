//! The notifications page, marking notifications read, their live count (Server-Sent
//! Events) and the notification and follow settings.
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use futures_util::StreamExt;
use serde::Deserialize;

use crate::auth::{CsrfForm, Viewer};
use crate::domain::LocalPath;
use crate::error::AppResult;
use crate::notify::inbox::{self, Entry};
use crate::visibility::Gate;
use crate::web::layout::Layout;
use crate::web::AppState;
use crate::web::{render, see_other, PageQuery};

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    layout: Layout,
    entries: Vec<Entry>,
    page: i64,
    has_next: bool,
}

#[tracing::instrument(skip_all)]
pub async fn list(
    state: web::Data<AppState>,
    viewer: Viewer,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?.clone();
    let gate = Gate::load(&state.db, &viewer).await?;
    let page = inbox::page(&state.db, &gate, user.id, q.number()).await?;
    render(
        StatusCode::OK,
        &NotificationsPage {
            layout: Layout::new(viewer.tr().t("notif-title"), &viewer),
            entries: page.entries,
            page: page.page,
            has_next: page.has_next,
        },
    )
}

#[derive(Deserialize, Default)]
pub struct ReadForm {
    /// Where to go after marking it read (the entry's own link for "Open").
    #[serde(default)]
    next: String,
}

#[tracing::instrument(skip(state, csrf))]
pub async fn read_one(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<ReadForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?;
    inbox::mark_read(&state.db, user.id, *path).await?;
    Ok(see_other(&LocalPath::or(&form.next, "/notifications")))
}

#[tracing::instrument(skip(state, csrf))]
pub async fn read_all(
    state: web::Data<AppState>,
    csrf: CsrfForm<ReadForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, .. } = csrf;
    let user = viewer.require_user()?;
    inbox::mark_all_read(&state.db, user.id).await?;
    Ok(see_other("/notifications"))
}

/// `text/event-stream`: `event: count` with the unread count on connect and on change,
/// and a keep-alive comment in between.
#[tracing::instrument(skip_all)]
pub async fn stream(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    let ip = req.peer_addr().map(|_| crate::web::client::client(&req).ip);
    let events = crate::notify::stream::open(&state.db, &state.notify_streams, user.id, ip)?;
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-cache"))
        // Proxies such as nginx must pass each event on at once.
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(events.map(|s| Ok::<_, std::convert::Infallible>(web::Bytes::from(s)))))
}

/// The preferences form: the checkboxes and selects of `settings_notifications.html`.
#[tracing::instrument(skip(state, csrf))]
pub async fn save_prefs(
    state: web::Data<AppState>,
    csrf: CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?;
    crate::notify::prefs::save(&state.db, user.id, &form).await?;
    Ok(see_other("/settings#notifications"))
}
