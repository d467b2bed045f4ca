//! Live chat: deleting a message, a timeout from a message, room settings, word filters.
use super::action::{ChatOp, Penalty};
use super::notify::About;
use super::people;
use super::staged::{Actor, Done, Staged};
use crate::db::catalog::Show;
use crate::db::moderation as q;
use crate::db::Db;
use crate::domain::RoomId;
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::moderation::filters::{self, FilterAction};
use crate::moderation::reports::{self, Settled, Target};
use crate::moderation::rooms::{self, ChatMessage};
use crate::moderation::sanctions::Kind;

pub(super) async fn message(
    db: &Db,
    actor: &Actor,
    message: ChatMessage,
    op: ChatOp,
) -> AppResult<Staged> {
    let mut s = Staged::begin(db, Done::SiteQueue).await?;
    let row = &message.row;
    match op {
        ChatOp::Delete { note } => {
            q::delete_chat_message(&mut s.tx, row.id, message.show_id).await?;
            reports::close(&mut s.tx, Target::Chat, row.id, Settled::Actioned).await?;
            let label = format!("chat message #{} by {}", row.id, row.username);
            let logged = s
                .log(
                    actor,
                    Some(message.show_id),
                    "delete chat message",
                    label,
                    Some(row.user_id),
                    &note,
                )
                .await?;
            let about = About::room(message.show_id, message.room);
            s.tell(actor, logged, Some(row.user_id), about, &note)
                .await?;
            if let Some(room) = message.room {
                s.after.deleted.push((room, row.id));
            }
        }
        ChatOp::Timeout { minutes_ms, reason } => {
            let penalty = Penalty {
                kind: Kind::Timeout,
                duration_ms: Some(minutes_ms),
            };
            people::sanction(
                &mut s,
                actor,
                message.show_id,
                row.user_id,
                penalty,
                &reason,
            )
            .await?;
        }
    }
    Ok(s)
}

pub(super) async fn room_settings(
    db: &Db,
    actor: &Actor,
    show: Show,
    room: RoomId,
    (slow_mode_s, mods_only): (i64, bool),
    note: String,
) -> AppResult<Staged> {
    if rooms::show_of_room(db, room).await? != Some(show.id) {
        return Err(AppError::Forbidden(Msg::new("err-room-not-show")));
    }
    let mut s = Staged::begin(db, Done::ShowTools(show.slug)).await?;
    q::set_room_settings(&mut s.tx, &room.to_string(), slow_mode_s, mods_only).await?;
    let what = format!(
        "room settings: slow mode {slow_mode_s} s{}",
        if mods_only { ", mods only" } else { "" }
    );
    s.log(actor, Some(show.id), &what, room.to_string(), None, &note)
        .await?;
    s.after.reload.push(room);
    Ok(s)
}

pub(super) async fn add_filter(
    db: &Db,
    actor: &Actor,
    show: Show,
    pattern: String,
    action: FilterAction,
) -> AppResult<Staged> {
    let mut s = Staged::begin(db, Done::ShowFilters(show.slug)).await?;
    filters::add(&mut s.tx, show.id, &pattern, action).await?;
    let what = format!("add word filter ({})", action.as_str());
    s.log(actor, Some(show.id), &what, pattern, None, "")
        .await?;
    s.after.reload_all = true;
    Ok(s)
}

pub(super) async fn remove_filter(
    db: &Db,
    actor: &Actor,
    show: Show,
    filter_id: i64,
) -> AppResult<Staged> {
    let mut s = Staged::begin(db, Done::ShowFilters(show.slug)).await?;
    let pattern = filters::remove(&mut s.tx, show.id, filter_id)
        .await?
        .ok_or_else(|| AppError::NotFound(Msg::new("err-no-such-filter")))?;
    s.log(
        actor,
        Some(show.id),
        "remove word filter",
        pattern,
        None,
        "",
    )
    .await?;
    s.after.reload_all = true;
    Ok(s)
}
