//! Moderator actions. Each one runs as: find what the URL names, check who may act on it,
//! parse the form into an `Action`, then apply the change, close the reports it settles
//! and write its mod-log entry in one transaction. Cached pages and live rooms hear of it
//! only once that has committed.
mod action;
mod chat;
mod content;
mod lookup;
mod notify;
mod parse;
mod people;
mod staged;

pub use action::{Action, ChatOp, Item, Penalty, PostOp, Resolution, Subject, ThreadOp};
pub use parse::ModForm;
pub use staged::{Actor, Done};

use crate::i18n::Msg;
use lookup::{find_show, post_and_thread, thread_of};
use staged::Staged;

use super::live::LiveRooms;
use super::{guard, rooms};
use super::{require_mod, SessionUser};
use crate::db::catalog::Show;
use crate::db::Db;
use crate::error::{AppError, AppResult};

/// Which moderator form was sent, with the ids and slugs in its URL.
#[derive(Debug, Clone)]
pub enum Request {
    Post(i64),
    Thread(i64),
    ChatMessage(i64),
    /// A report by any signed-in user, who may file `per_hour` of them an hour.
    Report {
        per_hour: i64,
    },
    Resolve(String),
    Sanction(String),
    Ban,
    RoomSettings(String),
    AddFilter(String),
    RemoveFilter(String, i64),
    Team(String),
    ModlogSetting(String),
}

/// Finds, authorizes, parses and runs one moderator action (or report) as one transaction.
pub async fn perform(
    db: &Db,
    rooms: &dyn LiveRooms,
    user: Option<&SessionUser>,
    request: Request,
    form: &ModForm,
) -> AppResult<Done> {
    let (actor, subject) = authorize(db, user, request).await?;
    let action = Action::parse(subject, form)?;
    let staged = stage(db, &actor, action).await?;
    staged.commit(db, rooms).await
}

fn admin(user: Option<&SessionUser>) -> AppResult<Actor> {
    let user = user.ok_or(AppError::LoginRequired)?;
    if user.is_admin {
        Ok(Actor {
            id: user.id,
            is_admin: true,
        })
    } else {
        Err(AppError::Forbidden(Msg::new("err-only-site-admins-do")))
    }
}

/// Finds what the URL names (404) and checks the user may act on it (login, 403), in
/// that order except for admin-only forms, which check the user first.
async fn authorize(
    db: &Db,
    user: Option<&SessionUser>,
    request: Request,
) -> AppResult<(Actor, Subject)> {
    let moderator = |show_id| require_mod(db, user, show_id);
    Ok(match request {
        Request::Post(id) => {
            let (post, thread) = post_and_thread(db, id).await?;
            let m = moderator(thread.show_id).await?;
            (m.into(), Subject::Post { post, thread })
        }
        Request::Thread(id) => {
            let thread = thread_of(db, id).await?;
            let m = moderator(thread.show_id).await?;
            (m.into(), Subject::Thread(thread))
        }
        Request::ChatMessage(id) => {
            let message = rooms::chat_message(db, id)
                .await?
                .ok_or_else(|| AppError::NotFound(Msg::new("err-no-such-message")))?;
            let m = moderator(message.show_id).await?;
            (m.into(), Subject::ChatMessage(message))
        }
        Request::Report { per_hour } => {
            let user = user.ok_or(AppError::LoginRequired)?;
            if let Err(r) = guard::count_activity(db, "report", user.id, per_hour).await? {
                return Err(AppError::TooManyRequests(r.message().clone()));
            }
            let actor = Actor {
                id: user.id,
                is_admin: user.is_admin,
            };
            (actor, Subject::Report)
        }
        Request::Ban => (admin(user)?, Subject::Ban),
        Request::Team(slug) => {
            let actor = admin(user)?;
            (actor, Subject::Team(find_show(db, &slug).await?))
        }
        Request::ModlogSetting(slug) => {
            let actor = admin(user)?;
            (actor, Subject::ModlogSetting(find_show(db, &slug).await?))
        }
        Request::Resolve(slug) => {
            let (actor, show) = show_moderator(db, user, &slug).await?;
            (actor, Subject::Resolve(show))
        }
        Request::Sanction(slug) => {
            let (actor, show) = show_moderator(db, user, &slug).await?;
            (actor, Subject::Sanction(show))
        }
        Request::RoomSettings(slug) => {
            let (actor, show) = show_moderator(db, user, &slug).await?;
            (actor, Subject::RoomSettings(show))
        }
        Request::AddFilter(slug) => {
            let (actor, show) = show_moderator(db, user, &slug).await?;
            (actor, Subject::AddFilter(show))
        }
        Request::RemoveFilter(slug, id) => {
            let (actor, show) = show_moderator(db, user, &slug).await?;
            (actor, Subject::RemoveFilter(show, id))
        }
    })
}

async fn show_moderator(
    db: &Db,
    user: Option<&SessionUser>,
    slug: &str,
) -> AppResult<(Actor, Show)> {
    let show = find_show(db, slug).await?;
    let m = require_mod(db, user, show.id).await?;
    Ok((m.into(), show))
}

/// Reads what the action needs, then writes it into a transaction left for `commit`.
async fn stage(db: &Db, actor: &Actor, action: Action) -> AppResult<Staged> {
    match action {
        Action::Post { post, thread, op } => content::post(db, actor, post, thread, op).await,
        Action::Thread { thread, op } => content::thread(db, actor, thread, op).await,
        Action::Resolve { show, item, how } => content::resolve(db, actor, show, item, how).await,
        Action::Chat { message, op } => chat::message(db, actor, message, op).await,
        Action::RoomSettings {
            show,
            room,
            slow_mode_s,
            mods_only,
            note,
        } => chat::room_settings(db, actor, show, room, (slow_mode_s, mods_only), note).await,
        Action::AddFilter {
            show,
            pattern,
            action,
        } => chat::add_filter(db, actor, show, pattern, action).await,
        Action::RemoveFilter { show, filter_id } => {
            chat::remove_filter(db, actor, show, filter_id).await
        }
        Action::Sanction {
            show,
            username,
            penalty,
            reason,
        } => people::sanction_user(db, actor, show, &username, penalty, reason).await,
        Action::Ban {
            username,
            reason,
            duration_ms,
        } => people::ban(db, actor, &username, reason, duration_ms).await,
        Action::SetModerator {
            show,
            username,
            grant,
        } => people::set_moderator(db, actor, show, &username, grant).await,
        Action::PublicModlog { show, public } => {
            people::public_modlog(db, actor, show, public).await
        }
        Action::Report {
            item,
            reason,
            details,
        } => people::report(db, actor, item, reason, details).await,
    }
}
