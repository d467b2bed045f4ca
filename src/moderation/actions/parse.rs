//! From a moderator form to a typed `Action`: a plain function, no database. What needs
//! the database (a username, a board, an episode of the show) is checked when it runs.
use crate::i18n::Msg;
use serde::Deserialize;

use super::action::Subject;
use super::action::{Action, ChatOp, Item, Penalty, PostOp, Resolution, ThreadOp};
use crate::db::moderation::ThreadFlag;
use crate::domain::{EpisodeCode, RoomId, ThreadTitle};
use crate::error::{AppError, AppResult};
use crate::moderation::filters::FilterAction;
use crate::moderation::reports::{Target, REASONS};
use crate::moderation::sanctions::Kind;
use crate::moderation::{parse_duration, DAY, MINUTE};

/// Every field any moderator form may carry; unknown fields (e.g. `role`) are ignored.
#[derive(Deserialize, Default, Debug, Clone)]
pub struct ModForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub board: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub episode: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub duration: String,
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub details: String,
    #[serde(default)]
    pub room: String,
    #[serde(default)]
    pub slow_mode_s: String,
    #[serde(default)]
    pub mods_only: String,
    #[serde(default)]
    pub pattern: String,
    #[serde(default)]
    pub public_modlog: String,
    #[serde(default)]
    pub back: String,
    /// Episode code a thread spoils up to (thread edits).
    #[serde(default)]
    pub spoils: String,
    /// The sanction to apply when resolving reports ("warn", "timeout", "suspend").
    #[serde(default)]
    pub sanction: String,
}

fn unknown_action(form: &ModForm) -> AppError {
    AppError::BadRequest(Msg::new("err-unknown-action").arg("action", &form.action))
}

/// A reason is required where the user is told why (removals, sanctions).
fn reason(form: &ModForm) -> AppResult<String> {
    let r = form.reason.trim();
    if r.is_empty() {
        return Err(AppError::Unprocessable(Msg::new(
            "err-give-reason-shown-user-kept",
        )));
    }
    if r.chars().count() > 500 {
        return Err(AppError::Unprocessable(Msg::new(
            "err-reason-limited-500-characters",
        )));
    }
    Ok(r.to_string())
}

/// An optional note for the mod log.
fn note(form: &ModForm) -> String {
    form.reason.trim().to_string()
}

fn item(form: &ModForm) -> AppResult<Item> {
    let target = Target::parse(&form.kind)
        .ok_or_else(|| AppError::BadRequest(Msg::new("err-unknown-kind-item")))?;
    let id = form
        .id
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest(Msg::new("err-unknown-item")))?;
    Ok(Item { target, id })
}

fn timeout_minutes(form: &ModForm) -> AppResult<i64> {
    parse_duration(&form.duration, MINUTE, 10_080)
        .map_err(AppError::Unprocessable)?
        .ok_or_else(|| AppError::Unprocessable(Msg::new("err-timeout-needs-number-minutes")))
}

/// The sanction named by `sanction` (or else `kind`) with the form's duration.
fn penalty(form: &ModForm) -> AppResult<Penalty> {
    let name = if form.sanction.is_empty() {
        &form.kind
    } else {
        &form.sanction
    };
    let kind = Kind::parse(name)
        .ok_or_else(|| AppError::Unprocessable(Msg::new("err-choose-warn-timeout-suspend")))?;
    let duration_ms = match kind {
        Kind::Warn => None,
        Kind::Timeout => Some(timeout_minutes(form)?),
        Kind::Suspend => {
            parse_duration(&form.duration, DAY, 3650).map_err(AppError::Unprocessable)?
        }
        Kind::Ban => {
            return Err(AppError::Forbidden(Msg::new(
                "err-site-bans-are-admins-from",
            )))
        }
    };
    Ok(Penalty { kind, duration_ms })
}

/// An episode code, or None when the field is empty.
fn episode_code(raw: &str) -> AppResult<Option<EpisodeCode>> {
    match raw.trim() {
        "" => Ok(None),
        code => EpisodeCode::try_from(code)
            .map(Some)
            .map_err(|e| AppError::Unprocessable(e.0)),
    }
}

fn checkbox(value: &str) -> bool {
    value == "on" || value == "1"
}

fn post_op(form: &ModForm) -> AppResult<PostOp> {
    Ok(match form.action.as_str() {
        "remove" => PostOp::Remove {
            reason: reason(form)?,
        },
        "restore" => PostOp::Restore { note: note(form) },
        "approve" => PostOp::Approve { note: note(form) },
        _ => return Err(unknown_action(form)),
    })
}

fn thread_op(form: &ModForm) -> AppResult<ThreadOp> {
    let flag = |flag, on| ThreadOp::Flag {
        flag,
        on,
        note: note(form),
    };
    Ok(match form.action.as_str() {
        "remove" => ThreadOp::Remove {
            reason: reason(form)?,
        },
        "restore" => ThreadOp::Restore { note: note(form) },
        "lock" => flag(ThreadFlag::Locked, true),
        "unlock" => flag(ThreadFlag::Locked, false),
        "pin" => flag(ThreadFlag::Pinned, true),
        "unpin" => flag(ThreadFlag::Pinned, false),
        "move" => ThreadOp::Move {
            board: form.board.trim().to_string(),
            note: note(form),
        },
        "edit" => ThreadOp::Edit {
            title: ThreadTitle::try_from(form.title.as_str())
                .map_err(|e| AppError::Unprocessable(e.0))?,
            episode: episode_code(&form.episode)?,
            spoils: episode_code(&form.spoils)?,
            note: note(form),
        },
        _ => return Err(unknown_action(form)),
    })
}

fn chat_op(form: &ModForm) -> AppResult<ChatOp> {
    Ok(match form.action.as_str() {
        "delete" => ChatOp::Delete { note: note(form) },
        "timeout" => {
            let reason = reason(form)?;
            ChatOp::Timeout {
                minutes_ms: timeout_minutes(form)?,
                reason,
            }
        }
        _ => return Err(unknown_action(form)),
    })
}

fn resolution(form: &ModForm) -> AppResult<Resolution> {
    Ok(match form.action.as_str() {
        "dismiss" => Resolution::Dismiss { note: note(form) },
        "remove" => Resolution::Remove {
            reason: reason(form)?,
            then: None,
        },
        "remove_sanction" => {
            let reason = reason(form)?;
            Resolution::Remove {
                then: Some(penalty(form)?),
                reason,
            }
        }
        _ => return Err(unknown_action(form)),
    })
}

fn filter(form: &ModForm) -> AppResult<(String, FilterAction)> {
    let pattern = form
        .pattern
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if pattern.is_empty() || pattern.chars().count() > 100 {
        return Err(AppError::Unprocessable(Msg::new(
            "err-filter-word-phrase-1-100",
        )));
    }
    let action = FilterAction::parse(&form.action)
        .ok_or_else(|| AppError::Unprocessable(Msg::new("err-choose-block-hold-replace")))?;
    Ok((pattern, action))
}

fn slow_mode(form: &ModForm) -> AppResult<i64> {
    match form.slow_mode_s.trim() {
        "" => Ok(0),
        s => s
            .parse()
            .ok()
            .filter(|n| (0..=3600).contains(n))
            .ok_or_else(|| AppError::Unprocessable(Msg::new("err-slow-mode-0-3600-seconds"))),
    }
}

fn report(form: &ModForm) -> AppResult<Action> {
    let item = item(form)?;
    let why = form.reason.trim();
    if !REASONS.contains(&why) {
        return Err(AppError::Unprocessable(Msg::new(
            "err-choose-reason-spam-harassment-spoiler",
        )));
    }
    if form.details.chars().count() > 1000 {
        return Err(AppError::Unprocessable(Msg::new(
            "err-details-are-limited-1000-characters",
        )));
    }
    Ok(Action::Report {
        item,
        reason: why.to_string(),
        details: form.details.trim().to_string(),
    })
}

impl Action {
    /// Reads the form sent about `subject` (already found and authorized).
    pub fn parse(subject: Subject, form: &ModForm) -> AppResult<Action> {
        let username = || form.username.trim().to_string();
        Ok(match subject {
            Subject::Post { post, thread } => Action::Post {
                op: post_op(form)?,
                post,
                thread,
            },
            Subject::Thread(thread) => Action::Thread {
                op: thread_op(form)?,
                thread,
            },
            Subject::ChatMessage(message) => Action::Chat {
                op: chat_op(form)?,
                message,
            },
            Subject::Report => report(form)?,
            Subject::Resolve(show) => Action::Resolve {
                item: item(form)?,
                how: resolution(form)?,
                show,
            },
            Subject::Sanction(show) => {
                let reason = reason(form)?;
                Action::Sanction {
                    penalty: penalty(form)?,
                    username: username(),
                    reason,
                    show,
                }
            }
            Subject::Ban => {
                let reason = reason(form)?;
                Action::Ban {
                    duration_ms: parse_duration(&form.duration, DAY, 3650)
                        .map_err(AppError::Unprocessable)?,
                    username: username(),
                    reason,
                }
            }
            Subject::RoomSettings(show) => Action::RoomSettings {
                room: RoomId::parse(form.room.trim())
                    .ok_or_else(|| AppError::Unprocessable(Msg::new("err-choose-room")))?,
                slow_mode_s: slow_mode(form)?,
                mods_only: checkbox(&form.mods_only),
                note: note(form),
                show,
            },
            Subject::AddFilter(show) => {
                let (pattern, action) = filter(form)?;
                Action::AddFilter {
                    show,
                    pattern,
                    action,
                }
            }
            Subject::RemoveFilter(show, filter_id) => Action::RemoveFilter { show, filter_id },
            Subject::Team(show) => Action::SetModerator {
                grant: match form.action.as_str() {
                    "grant" => true,
                    "revoke" => false,
                    _ => return Err(unknown_action(form)),
                },
                username: username(),
                show,
            },
            Subject::ModlogSetting(show) => Action::PublicModlog {
                public: checkbox(&form.public_modlog),
                show,
            },
        })
    }
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
