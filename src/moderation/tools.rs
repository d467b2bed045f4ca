//! A show's moderator pages: the tools page (queue, filters, moderators, chat rooms and their
//! settings, recent chat) and the mod log with who may read it.
use crate::db::catalog::Show;
use crate::db::moderation::ChatRef;
use crate::db::users::SessionUser;
use crate::db::{self, Db};
use crate::domain::RoomId;
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;

use super::filters::{self, WordFilter};
use super::log::{self, LogRow};
use super::queue::{review_queue, ReviewQueue};
use super::{require_mod, roles};

/// A chat room of the show with the settings its moderators can change.
pub struct RoomView {
    pub room: String,
    pub label: String,
    pub slow_mode_s: i64,
    pub mods_only: bool,
}

pub struct ShowTools {
    pub queue: ReviewQueue,
    pub filters: Vec<WordFilter>,
    pub moderators: Vec<String>,
    pub rooms: Vec<RoomView>,
    /// The latest messages of those rooms.
    pub chat: Vec<ChatRef>,
    pub public_modlog: bool,
}

/// Everything on a show's tools page, for its moderators and admins only.
pub async fn show_tools(db: &Db, user: Option<&SessionUser>, show: &Show) -> AppResult<ShowTools> {
    require_mod(db, user, show.id).await?;
    let queue = review_queue(db, Some(&[show.id])).await?;
    let rooms = rooms_of(db, show).await?;
    let names: Vec<String> = rooms.iter().map(|r| r.room.clone()).collect();
    Ok(ShowTools {
        queue,
        filters: filters::list(db, show.id).await?,
        moderators: roles::moderators(db, show.id).await?,
        chat: db::moderation::recent_chat(db, &names, 50).await?,
        rooms,
        public_modlog: db::moderation::public_modlog(db, show.id).await?,
    })
}

/// Every episode room of the show, each followed by its watch parties' rooms.
async fn rooms_of(db: &Db, show: &Show) -> Result<Vec<RoomView>, sqlx::Error> {
    let mut rooms = Vec::new();
    for season in db::catalog::seasons(db, show.id).await? {
        for e in season.episodes {
            let label = format!("{} {}", e.code.to_uppercase(), e.title);
            rooms.push(room_view(db, RoomId::Episode(e.id), label).await?);
            for p in db::chat::parties_for_episode(db, e.id).await? {
                let label = format!("Party: {}", p.title);
                rooms.push(room_view(db, RoomId::Party(p.id), label).await?);
            }
        }
    }
    Ok(rooms)
}

async fn room_view(db: &Db, room: RoomId, label: String) -> Result<RoomView, sqlx::Error> {
    let room = room.to_string();
    let (slow_mode_s, mods_only) = db::moderation::room_settings(db, &room).await?;
    Ok(RoomView {
        room,
        label,
        slow_mode_s,
        mods_only,
    })
}

pub struct ModLog {
    /// With the moderators' names only when `show_names`.
    pub entries: Vec<LogRow>,
    pub show_names: bool,
}

/// A show's mod log. Moderators see who did what; everyone else sees it only when the admins
/// made the log public, and then without the moderators' names.
pub async fn mod_log(db: &Db, user: Option<&SessionUser>, show_id: i64) -> AppResult<ModLog> {
    let is_mod = require_mod(db, user, show_id).await.is_ok();
    if !is_mod && !db::moderation::public_modlog(db, show_id).await? {
        return Err(AppError::Forbidden(Msg::new("err-show-mod-log-visible")));
    }
    let mut entries = log::list(db, show_id, 200).await?;
    if !is_mod {
        for e in &mut entries {
            e.actor.clear();
        }
    }
    Ok(ModLog {
        entries,
        show_names: is_mod,
    })
}
