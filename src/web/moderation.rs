//! Moderator pages: review queues, a show's tools, and the mod log.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

use crate::auth::Viewer;
use crate::db::catalog::Show;
use crate::db::moderation::ChatRef;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::moderation::filters::WordFilter;
use crate::moderation::held::{self, HeldItem};
use crate::moderation::log::LogRow;
use crate::moderation::reports::{self, QueueItem, Target};
use crate::moderation::{require_mod, roles};
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

pub struct RoomView {
    pub room: String,
    pub label: String,
    pub slow_mode_s: i64,
    pub mods_only: bool,
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

/// Fills in each queue item's content, author and link.
async fn describe(db: &Db, items: &mut [QueueItem]) -> AppResult<()> {
    for item in items.iter_mut() {
        match item.target {
            Target::Post => {
                if let Some(p) = db::posts::post(db, item.target_id).await? {
                    item.content = p.body_src.chars().take(400).collect();
                    item.author = p.author.unwrap_or_default();
                    item.author_id = p.author_id;
                    item.link = format!(
                        "/threads/{}?page={}#post-{}",
                        p.thread_id,
                        crate::forum::page_of(p.position),
                        p.id
                    );
                }
            }
            Target::Thread => {
                if let Some(t) = db::forum::thread(db, item.target_id).await? {
                    item.content = t.title.clone();
                    item.author = t.author.unwrap_or_default();
                    item.author_id = t.author_id;
                    item.link = format!("/threads/{}", t.id);
                }
            }
            Target::Chat => {
                if let Some(c) = db::moderation::chat_message(db, item.target_id).await? {
                    item.content = c.body.chars().take(400).collect();
                    item.author = c.username;
                    item.author_id = Some(c.user_id);
                    item.link = format!("/mod#chat-{}", c.id);
                }
            }
        }
    }
    Ok(())
}

/// The site queue: every show for admins, their own shows for moderators.
#[tracing::instrument(skip_all)]
pub async fn site_queue(state: web::Data<AppState>, viewer: Viewer) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    let shows = if user.is_admin {
        None
    } else {
        Some(roles::moderated_shows(&state.db, user.id).await?)
    };
    if shows.as_ref().is_some_and(|s| s.is_empty()) {
        return Err(AppError::Forbidden(
            "Only moderators and admins can see the review queue.".into(),
        ));
    }
    let mut items = reports::queue(&state.db, shows.as_deref()).await?;
    describe(&state.db, &mut items).await?;
    let page = QueuePage {
        layout: Layout::new("Review queue", &viewer),
        heading: "Review queue".into(),
        held: held::queue(&state.db, shows.as_deref()).await?,
        items,
        back: "/mod".into(),
    };
    render(StatusCode::OK, &page)
}

async fn rooms_of(db: &Db, show: &Show) -> AppResult<Vec<RoomView>> {
    let mut rooms = Vec::new();
    for season in db::catalog::seasons(db, show.id).await? {
        for e in season.episodes {
            let name = crate::chat::RoomId::Episode(e.id).to_string();
            let (slow_mode_s, mods_only) = db::moderation::room_settings(db, &name).await?;
            rooms.push(RoomView {
                label: format!("{} {}", e.code.to_uppercase(), e.title),
                room: name,
                slow_mode_s,
                mods_only,
            });
            for p in db::chat::parties_for_episode(db, e.id).await? {
                let name = crate::chat::RoomId::Party(p.id).to_string();
                let (slow_mode_s, mods_only) = db::moderation::room_settings(db, &name).await?;
                rooms.push(RoomView {
                    label: format!("Party: {}", p.title),
                    room: name,
                    slow_mode_s,
                    mods_only,
                });
            }
        }
    }
    Ok(rooms)
}

#[tracing::instrument(skip(state, viewer))]
pub async fn tools(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let show = find_show(&state.db, &path).await?;
    require_mod(&state.db, viewer.user.as_ref(), show.id).await?;
    let mut items = reports::queue(&state.db, Some(&[show.id])).await?;
    describe(&state.db, &mut items).await?;
    let rooms = rooms_of(&state.db, &show).await?;
    let names: Vec<String> = rooms.iter().map(|r| r.room.clone()).collect();
    let page = ToolsPage {
        layout: Layout::new(format!("Moderate {}", show.title), &viewer),
        back: format!("/shows/{}/mod", show.slug),
        held: held::queue(&state.db, Some(&[show.id])).await?,
        items,
        filters: crate::moderation::filters::list(&state.db, show.id).await?,
        moderators: roles::moderators(&state.db, show.id).await?,
        chat: db::moderation::recent_chat(&state.db, &names, 50).await?,
        rooms,
        public_modlog: db::moderation::public_modlog(&state.db, show.id).await?,
        show,
    };
    render(StatusCode::OK, &page)
}

/// Moderators see who did what; everyone else sees it only when the admins made the log
/// public, and then without the moderators' names.
#[tracing::instrument(skip(state, viewer))]
pub async fn modlog(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let show = find_show(&state.db, &path).await?;
    let is_mod = require_mod(&state.db, viewer.user.as_ref(), show.id)
        .await
        .is_ok();
    if !is_mod && !db::moderation::public_modlog(&state.db, show.id).await? {
        return Err(AppError::Forbidden(
            "This show's mod log is visible to its moderators only.".into(),
        ));
    }
    let page = LogPage {
        layout: Layout::new(format!("Mod log · {}", show.title), &viewer),
        entries: crate::moderation::log::list(&state.db, show.id, 200).await?,
        show,
        show_names: is_mod,
    };
    render(StatusCode::OK, &page)
}
