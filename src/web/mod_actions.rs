//! Moderator actions (every one a CSRF-checked POST, authorized on the server, logged).
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::CsrfForm;
use crate::chat::RoomId;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::moderation::filters::FilterAction;
use crate::moderation::log::{record, Entry};
use crate::moderation::reports::{self, Filed, Target};
use crate::moderation::sanctions::{self, Kind, NewSanction};
use crate::moderation::{parse_duration, require_mod, roles, Moderator};
use crate::web::browse::find_show;
use crate::web::see_other;
use crate::web::AppState;

const MINUTE: i64 = 60_000;
const DAY: i64 = 86_400_000;

/// Every field any moderator form may carry; unknown fields (e.g. `role`) are ignored.
#[derive(Deserialize, Default)]
pub struct ModForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    board: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    episode: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    duration: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    room: String,
    #[serde(default)]
    slow_mode_s: String,
    #[serde(default)]
    mods_only: String,
    #[serde(default)]
    pattern: String,
    #[serde(default)]
    public_modlog: String,
    #[serde(default)]
    back: String,
    /// Episode code a thread spoils up to (thread edits).
    #[serde(default)]
    spoils: String,
    /// The sanction to apply when resolving reports ("warn", "timeout", "suspend").
    #[serde(default)]
    sanction: String,
}

fn reason(form: &ModForm) -> AppResult<String> {
    let r = form.reason.trim();
    if r.is_empty() {
        return Err(AppError::Unprocessable(
            "Give a reason: it is shown to the user and kept in the mod log.".into(),
        ));
    }
    if r.chars().count() > 500 {
        return Err(AppError::Unprocessable(
            "The reason is limited to 500 characters.".into(),
        ));
    }
    Ok(r.to_string())
}

/// Where to go after an action: a local path the form named, else `fallback`.
fn back(form: &ModForm, fallback: &str) -> HttpResponse {
    let b = form.back.trim();
    if b.starts_with('/') && !b.starts_with("//") && !b.contains('\\') {
        see_other(b)
    } else {
        see_other(fallback)
    }
}

async fn log(
    db: &Db,
    show_id: Option<i64>,
    m: &Moderator,
    action: &str,
    target: String,
    user: Option<i64>,
    why: &str,
) -> AppResult<()> {
    record(
        db,
        Entry {
            show_id,
            actor_id: m.id,
            action,
            target,
            target_user_id: user,
            reason: why,
        },
    )
    .await?;
    Ok(())
}

/// An episode of the show by code (empty = none).
async fn episode_of(db: &Db, show_id: i64, code: &str) -> AppResult<Option<i64>> {
    let code = code.trim();
    if code.is_empty() {
        return Ok(None);
    }
    let code =
        crate::domain::EpisodeCode::try_from(code).map_err(|e| AppError::Unprocessable(e.0))?;
    Ok(Some(
        db::catalog::episode_by_code(db, show_id, &code.to_string())
            .await?
            .ok_or_else(|| AppError::Unprocessable(format!("This show has no episode {code}.")))?
            .id,
    ))
}

async fn thread_of(db: &Db, id: i64) -> AppResult<db::forum::ThreadSummary> {
    db::forum::thread(db, id)
        .await?
        .ok_or_else(|| AppError::NotFound("That thread does not exist.".into()))
}

async fn post_and_thread(
    db: &Db,
    id: i64,
) -> AppResult<(db::posts::Post, db::forum::ThreadSummary)> {
    let post = db::posts::post(db, id)
        .await?
        .ok_or_else(|| AppError::NotFound("That post does not exist.".into()))?;
    let thread = thread_of(db, post.thread_id).await?;
    Ok((post, thread))
}

#[tracing::instrument(skip(state, csrf))]
pub async fn post_action(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let (post, thread) = post_and_thread(&state.db, *path).await?;
    let m = require_mod(&state.db, viewer.user.as_ref(), thread.show_id).await?;
    let target = format!("post #{} in \u{201c}{}\u{201d}", post.id, thread.title);
    match form.action.as_str() {
        "remove" => {
            let why = reason(&form)?;
            db::moderation::set_post_removed(&state.db, post.id, Some(&why)).await?;
            reports::close(&state.db, Target::Post, post.id, "actioned").await?;
            log(
                &state.db,
                Some(thread.show_id),
                &m,
                "remove post",
                target,
                post.author_id,
                &why,
            )
            .await?;
        }
        "restore" => {
            db::moderation::set_post_removed(&state.db, post.id, None).await?;
            log(
                &state.db,
                Some(thread.show_id),
                &m,
                "restore post",
                target,
                post.author_id,
                form.reason.trim(),
            )
            .await?;
        }
        "approve" => {
            db::moderation::approve_post(&state.db, post.id).await?;
            log(
                &state.db,
                Some(thread.show_id),
                &m,
                "approve held post",
                target,
                post.author_id,
                form.reason.trim(),
            )
            .await?;
        }
        other => return Err(AppError::BadRequest(format!("Unknown action {other:?}."))),
    }
    Ok(back(
        &form,
        &format!(
            "/threads/{}?page={}#post-{}",
            thread.id,
            crate::forum::page_of(post.position),
            post.id
        ),
    ))
}

#[tracing::instrument(skip(state, csrf))]
pub async fn thread_action(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let thread = thread_of(&state.db, *path).await?;
    let m = require_mod(&state.db, viewer.user.as_ref(), thread.show_id).await?;
    let target = format!("thread #{} \u{201c}{}\u{201d}", thread.id, thread.title);
    let show = Some(thread.show_id);
    let db = &state.db;
    match form.action.as_str() {
        "remove" => {
            let why = reason(&form)?;
            db::moderation::set_thread_removed(db, thread.id, Some(&why)).await?;
            reports::close(db, Target::Thread, thread.id, "actioned").await?;
            log(
                db,
                show,
                &m,
                "remove thread",
                target,
                thread.author_id,
                &why,
            )
            .await?;
        }
        "restore" => {
            db::moderation::set_thread_removed(db, thread.id, None).await?;
            log(
                db,
                show,
                &m,
                "restore thread",
                target,
                thread.author_id,
                form.reason.trim(),
            )
            .await?;
        }
        "lock" | "unlock" => {
            db::moderation::set_thread_flag(db, thread.id, "locked", form.action == "lock").await?;
            log(
                db,
                show,
                &m,
                &format!("{} thread", form.action),
                target,
                thread.author_id,
                form.reason.trim(),
            )
            .await?;
        }
        "pin" | "unpin" => {
            db::moderation::set_thread_flag(db, thread.id, "pinned", form.action == "pin").await?;
            log(
                db,
                show,
                &m,
                &format!("{} thread", form.action),
                target,
                thread.author_id,
                form.reason.trim(),
            )
            .await?;
        }
        "move" => {
            let board = db::catalog::board_by_slug(db, thread.show_id, form.board.trim())
                .await?
                .ok_or_else(|| {
                    AppError::Unprocessable("Choose one of this show's boards.".into())
                })?;
            db::moderation::move_thread(db, thread.id, board.id).await?;
            log(
                db,
                show,
                &m,
                "move thread",
                format!("{target} to {}", board.name),
                thread.author_id,
                form.reason.trim(),
            )
            .await?;
        }
        "edit" => {
            let title = crate::domain::ThreadTitle::try_from(form.title.as_str())
                .map_err(|e| AppError::Unprocessable(e.0))?;
            let episode_id = episode_of(db, thread.show_id, &form.episode).await?;
            let spoils = episode_of(db, thread.show_id, &form.spoils).await?;
            db::moderation::edit_thread_meta(db, thread.id, title.as_str(), episode_id, spoils)
                .await?;
            log(
                db,
                show,
                &m,
                "edit thread",
                format!("{target} → \u{201c}{}\u{201d}", title.as_str()),
                thread.author_id,
                form.reason.trim(),
            )
            .await?;
        }
        other => return Err(AppError::BadRequest(format!("Unknown action {other:?}."))),
    }
    Ok(back(&form, &format!("/threads/{}", thread.id)))
}

/// Files a report (any signed-in user, sanctioned or not: reporting stays open).
#[tracing::instrument(skip(state, csrf))]
pub async fn report(
    state: web::Data<AppState>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?;
    let target = Target::parse(&form.kind)
        .ok_or_else(|| AppError::BadRequest("Unknown kind of item.".into()))?;
    let id: i64 = form
        .id
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("Unknown item.".into()))?;
    let why = form.reason.trim();
    if !reports::REASONS.contains(&why) {
        return Err(AppError::Unprocessable(
            "Choose a reason: spam, harassment, spoiler, off-topic or other.".into(),
        ));
    }
    if form.details.chars().count() > 1000 {
        return Err(AppError::Unprocessable(
            "Details are limited to 1000 characters.".into(),
        ));
    }
    let (show_id, fallback) = match target {
        Target::Post => {
            let (p, t) = post_and_thread(&state.db, id).await?;
            (
                t.show_id,
                format!(
                    "/threads/{}?page={}#post-{}",
                    t.id,
                    crate::forum::page_of(p.position),
                    p.id
                ),
            )
        }
        Target::Thread => {
            let t = thread_of(&state.db, id).await?;
            (t.show_id, format!("/threads/{}", t.id))
        }
        Target::Chat => {
            let m = db::moderation::chat_message(&state.db, id)
                .await?
                .ok_or_else(|| AppError::NotFound("That message does not exist.".into()))?;
            (m.show_id, "/".to_string())
        }
    };
    match reports::file(
        &state.db,
        show_id,
        target,
        id,
        user.id,
        why,
        form.details.trim(),
    )
    .await?
    {
        Filed::New => Ok(back(&form, &fallback)),
        Filed::AlreadyReported => Err(AppError::Conflict(
            "You have already reported this. Moderators will look at it.".into(),
        )),
    }
}

/// Resolves all reports on one item: dismiss, remove, or remove and sanction the author.
#[tracing::instrument(skip(state, csrf))]
pub async fn resolve(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let show = find_show(&state.db, &path).await?;
    let m = require_mod(&state.db, viewer.user.as_ref(), show.id).await?;
    let target = Target::parse(&form.kind)
        .ok_or_else(|| AppError::BadRequest("Unknown kind of item.".into()))?;
    let id: i64 = form
        .id
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("Unknown item.".into()))?;
    let db = &state.db;
    // The item must belong to this show: a moderator of one show has no say over another.
    let (author, label) = match target {
        Target::Post => {
            let (p, t) = post_and_thread(db, id).await?;
            if t.show_id != show.id {
                return Err(AppError::Forbidden("That post is not in this show.".into()));
            }
            (p.author_id, format!("post #{}", p.id))
        }
        Target::Thread => {
            let t = thread_of(db, id).await?;
            if t.show_id != show.id {
                return Err(AppError::Forbidden(
                    "That thread is not in this show.".into(),
                ));
            }
            (t.author_id, format!("thread #{}", t.id))
        }
        Target::Chat => {
            let c = db::moderation::chat_message(db, id)
                .await?
                .ok_or_else(|| AppError::NotFound("No such message.".into()))?;
            if c.show_id != show.id {
                return Err(AppError::Forbidden(
                    "That message is not in this show.".into(),
                ));
            }
            (Some(c.user_id), format!("chat message #{}", c.id))
        }
    };
    match form.action.as_str() {
        "dismiss" => {
            reports::close(db, target, id, "dismissed").await?;
            log(
                db,
                Some(show.id),
                &m,
                "dismiss reports",
                label,
                author,
                form.reason.trim(),
            )
            .await?;
        }
        "remove" | "remove_sanction" => {
            let why = reason(&form)?;
            match target {
                Target::Post => db::moderation::set_post_removed(db, id, Some(&why)).await?,
                Target::Thread => db::moderation::set_thread_removed(db, id, Some(&why)).await?,
                Target::Chat => {
                    delete_chat(&state, id).await?;
                }
            }
            reports::close(db, target, id, "actioned").await?;
            log(
                db,
                Some(show.id),
                &m,
                &format!("remove {}", target.as_str()),
                label.clone(),
                author,
                &why,
            )
            .await?;
            if form.action == "remove_sanction" {
                let user = author.ok_or_else(|| {
                    AppError::Unprocessable("That item has no author to sanction.".into())
                })?;
                sanction(&state, &m, show.id, user, &form, &why).await?;
            }
        }
        other => return Err(AppError::BadRequest(format!("Unknown action {other:?}."))),
    }
    Ok(back(&form, &format!("/shows/{}/mod", show.slug)))
}

/// Applies warn / timeout / suspend to `user` in `show_id` from the form's kind + duration.
async fn sanction(
    state: &AppState,
    m: &Moderator,
    show_id: i64,
    user: i64,
    form: &ModForm,
    why: &str,
) -> AppResult<()> {
    let kind = Kind::parse(if form.sanction.is_empty() {
        &form.kind
    } else {
        &form.sanction
    })
    .ok_or_else(|| AppError::Unprocessable("Choose warn, timeout or suspend.".into()))?;
    let duration = match kind {
        Kind::Warn => None,
        Kind::Timeout => Some(
            parse_duration(&form.duration, MINUTE, 10_080)
                .map_err(AppError::Unprocessable)?
                .ok_or_else(|| {
                    AppError::Unprocessable("A timeout needs a number of minutes.".into())
                })?,
        ),
        Kind::Suspend => {
            parse_duration(&form.duration, DAY, 3650).map_err(AppError::Unprocessable)?
        }
        Kind::Ban => {
            return Err(AppError::Forbidden(
                "Site bans are for admins, from the admin page.".into(),
            ))
        }
    };
    sanctions::create(
        &state.db,
        &NewSanction {
            user_id: user,
            show_id: Some(show_id),
            kind,
            reason: why,
            by: m.id,
            duration_ms: duration,
        },
    )
    .await?;
    let what = match (kind, duration) {
        (Kind::Warn, _) => "warn".to_string(),
        (k, Some(d)) => format!("{} for {} min", k.as_str(), d / MINUTE),
        (k, None) => format!("{} permanently", k.as_str()),
    };
    log(
        &state.db,
        Some(show_id),
        m,
        &what,
        format!("user #{user}"),
        Some(user),
        why,
    )
    .await?;
    state.chat.reload_all().await;
    Ok(())
}

#[tracing::instrument(skip(state, csrf))]
pub async fn sanction_user(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let show = find_show(&state.db, &path).await?;
    let m = require_mod(&state.db, viewer.user.as_ref(), show.id).await?;
    let user = roles::user_id(&state.db, &form.username)
        .await?
        .ok_or_else(|| {
            AppError::Unprocessable(format!(
                "There is no user called {:?}.",
                form.username.trim()
            ))
        })?;
    let why = reason(&form)?;
    sanction(&state, &m, show.id, user, &form, &why).await?;
    Ok(back(&form, &format!("/shows/{}/mod", show.slug)))
}

/// Site ban: admins only; every session and socket of the user ends at once.
#[tracing::instrument(skip(state, csrf))]
pub async fn ban(state: web::Data<AppState>, csrf: CsrfForm<ModForm>) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let admin = viewer.require_admin()?;
    let user = roles::user_id(&state.db, &form.username)
        .await?
        .ok_or_else(|| {
            AppError::Unprocessable(format!(
                "There is no user called {:?}.",
                form.username.trim()
            ))
        })?;
    if user == admin.id {
        return Err(AppError::Unprocessable("You cannot ban yourself.".into()));
    }
    let why = reason(&form)?;
    let duration = parse_duration(&form.duration, DAY, 3650).map_err(AppError::Unprocessable)?;
    sanctions::create(
        &state.db,
        &NewSanction {
            user_id: user,
            show_id: None,
            kind: Kind::Ban,
            reason: &why,
            by: admin.id,
            duration_ms: duration,
        },
    )
    .await?;
    state.chat.kick_user(user).await;
    state.chat.reload_all().await;
    let m = Moderator {
        id: admin.id,
        username: admin.username.clone(),
        is_admin: true,
    };
    log(
        &state.db,
        None,
        &m,
        "ban",
        format!("user {}", form.username.trim()),
        Some(user),
        &why,
    )
    .await?;
    Ok(back(&form, "/admin"))
}

async fn delete_chat(state: &AppState, id: i64) -> AppResult<db::moderation::ChatRef> {
    let msg = db::moderation::chat_message(&state.db, id)
        .await?
        .ok_or_else(|| AppError::NotFound("No such message.".into()))?;
    db::moderation::delete_chat_message(&state.db, &msg).await?;
    if let Some(room) = RoomId::parse(&msg.room) {
        state
            .chat
            .to_room(room, crate::chat::room::RoomCmd::Delete(msg.id))
            .await;
    }
    Ok(msg)
}

#[tracing::instrument(skip(state, csrf))]
pub async fn chat_action(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let msg = db::moderation::chat_message(&state.db, *path)
        .await?
        .ok_or_else(|| AppError::NotFound("No such message.".into()))?;
    let m = require_mod(&state.db, viewer.user.as_ref(), msg.show_id).await?;
    let label = format!("chat message #{} by {}", msg.id, msg.username);
    match form.action.as_str() {
        "delete" => {
            delete_chat(&state, msg.id).await?;
            reports::close(&state.db, Target::Chat, msg.id, "actioned").await?;
            log(
                &state.db,
                Some(msg.show_id),
                &m,
                "delete chat message",
                label,
                Some(msg.user_id),
                form.reason.trim(),
            )
            .await?;
        }
        "timeout" => {
            let why = reason(&form)?;
            let form = ModForm {
                kind: "timeout".into(),
                ..form
            };
            sanction(&state, &m, msg.show_id, msg.user_id, &form, &why).await?;
            return Ok(back(&form, "/mod"));
        }
        other => return Err(AppError::BadRequest(format!("Unknown action {other:?}."))),
    }
    Ok(back(&form, "/mod"))
}

#[tracing::instrument(skip(state, csrf))]
pub async fn room_settings(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let show = find_show(&state.db, &path).await?;
    let m = require_mod(&state.db, viewer.user.as_ref(), show.id).await?;
    let room = RoomId::parse(form.room.trim())
        .ok_or_else(|| AppError::Unprocessable("Choose a room.".into()))?;
    let room_show = match room {
        RoomId::Episode(e) => db::catalog::episode_by_id(&state.db, e)
            .await?
            .map(|e| e.show_id),
        RoomId::Party(p) => match db::chat::party(&state.db, p).await? {
            Some(p) => db::catalog::episode_by_id(&state.db, p.episode_id)
                .await?
                .map(|e| e.show_id),
            None => None,
        },
    };
    if room_show != Some(show.id) {
        return Err(AppError::Forbidden("That room is not in this show.".into()));
    }
    let slow: i64 = match form.slow_mode_s.trim() {
        "" => 0,
        s => s
            .parse()
            .ok()
            .filter(|n| (0..=3600).contains(n))
            .ok_or_else(|| AppError::Unprocessable("Slow mode is 0 to 3600 seconds.".into()))?,
    };
    let mods_only = form.mods_only == "on" || form.mods_only == "1";
    db::moderation::set_room_settings(&state.db, &room.to_string(), slow, mods_only).await?;
    state
        .chat
        .to_room(room, crate::chat::room::RoomCmd::Reload)
        .await;
    let what = format!(
        "room settings: slow mode {slow} s{}",
        if mods_only { ", mods only" } else { "" }
    );
    log(
        &state.db,
        Some(show.id),
        &m,
        &what,
        room.to_string(),
        None,
        form.reason.trim(),
    )
    .await?;
    Ok(back(&form, &format!("/shows/{}/mod", show.slug)))
}

#[tracing::instrument(skip(state, csrf))]
pub async fn add_filter(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let show = find_show(&state.db, &path).await?;
    let m = require_mod(&state.db, viewer.user.as_ref(), show.id).await?;
    let pattern = form
        .pattern
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if pattern.is_empty() || pattern.chars().count() > 100 {
        return Err(AppError::Unprocessable(
            "A filter is a word or phrase of 1 to 100 characters.".into(),
        ));
    }
    let action = FilterAction::parse(&form.action)
        .ok_or_else(|| AppError::Unprocessable("Choose block, hold or replace.".into()))?;
    crate::moderation::filters::add(&state.db, show.id, &pattern, action).await?;
    state.chat.reload_all().await;
    log(
        &state.db,
        Some(show.id),
        &m,
        &format!("add word filter ({})", action.as_str()),
        pattern,
        None,
        "",
    )
    .await?;
    Ok(see_other(&format!("/shows/{}/mod#filters", show.slug)))
}

#[tracing::instrument(skip(state, csrf))]
pub async fn remove_filter(
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, .. } = csrf;
    let (slug, id) = path.into_inner();
    let show = find_show(&state.db, &slug).await?;
    let m = require_mod(&state.db, viewer.user.as_ref(), show.id).await?;
    let pattern = crate::moderation::filters::remove(&state.db, show.id, id)
        .await?
        .ok_or_else(|| AppError::NotFound("No such filter.".into()))?;
    state.chat.reload_all().await;
    log(
        &state.db,
        Some(show.id),
        &m,
        "remove word filter",
        pattern,
        None,
        "",
    )
    .await?;
    Ok(see_other(&format!("/shows/{}/mod#filters", show.slug)))
}

/// Admins grant and revoke a show's moderators.
#[tracing::instrument(skip(state, csrf))]
pub async fn team(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let admin = viewer.require_admin()?;
    let show = find_show(&state.db, &path).await?;
    let user = roles::user_id(&state.db, &form.username)
        .await?
        .ok_or_else(|| {
            AppError::Unprocessable(format!(
                "There is no user called {:?}.",
                form.username.trim()
            ))
        })?;
    match form.action.as_str() {
        "grant" => roles::grant(&state.db, show.id, user, Some(admin.id)).await?,
        "revoke" => roles::revoke(&state.db, show.id, user).await?,
        other => return Err(AppError::BadRequest(format!("Unknown action {other:?}."))),
    }
    // Open sockets see the change at once.
    state.chat.reload_all().await;
    let m = Moderator {
        id: admin.id,
        username: admin.username.clone(),
        is_admin: true,
    };
    log(
        &state.db,
        Some(show.id),
        &m,
        &format!("{} moderator", form.action),
        format!("user {}", form.username.trim()),
        Some(user),
        "",
    )
    .await?;
    Ok(see_other(&format!("/shows/{}/mod", show.slug)))
}

#[tracing::instrument(skip(state, csrf))]
pub async fn settings(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<ModForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let admin = viewer.require_admin()?;
    let show = find_show(&state.db, &path).await?;
    let public = form.public_modlog == "on" || form.public_modlog == "1";
    db::moderation::set_public_modlog(&state.db, show.id, public).await?;
    let m = Moderator {
        id: admin.id,
        username: admin.username.clone(),
        is_admin: true,
    };
    let what = if public {
        "make mod log public"
    } else {
        "make mod log private"
    };
    log(
        &state.db,
        Some(show.id),
        &m,
        what,
        show.title.clone(),
        None,
        "",
    )
    .await?;
    Ok(see_other(&format!("/shows/{}/mod", show.slug)))
}
