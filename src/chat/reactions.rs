//! A one-tap reaction in a live room or a party (`{"type":"react","key":"fire"}`): checked,
//! counted against the user's per-minute limit and stored with where in the episode it came
//! (`clock`) and the reactor's region, for the episode's reaction timeline.
//!
//! The connection's own task runs this, not the room's: a reaction needs a few small
//! queries, and a room must never wait on a client's.
use std::time::Duration;

use super::clock::Clock;
use super::room::ChatUser;
use crate::db::live_reactions::NewReaction;
use crate::db::{self, counters, Db};
use crate::domain::{LiveReaction, RoomId};
use crate::i18n::Msg;
use crate::moderation::sanctions::{self, Kind};
use crate::time_util::now_ms;

const MINUTE_MS: i64 = 60_000;

/// The catalogue key of a reaction's accessible name (buttons, the timeline).
pub fn name_key(r: LiveReaction) -> &'static str {
    match r {
        LiveReaction::Shock => "live-reaction-shock",
        LiveReaction::Lol => "live-reaction-lol",
        LiveReaction::Sad => "live-reaction-sad",
        LiveReaction::Fire => "live-reaction-fire",
        LiveReaction::Love => "live-reaction-love",
        LiveReaction::Mindblown => "live-reaction-mindblown",
    }
}

/// A reaction button of the chat panel.
pub struct Button {
    pub key: &'static str,
    pub emoji: &'static str,
    pub name_key: &'static str,
}

pub fn buttons() -> Vec<Button> {
    LiveReaction::ALL
        .into_iter()
        .map(|r| Button {
            key: r.key(),
            emoji: r.emoji(),
            name_key: name_key(r),
        })
        .collect()
}

/// A reaction refused: the protocol's error code, the reason, and when to try again.
#[derive(Debug)]
pub struct Refused {
    pub code: &'static str,
    pub message: Msg,
    pub retry_after: Option<Duration>,
}

impl Refused {
    fn new(code: &'static str, message: Msg) -> Refused {
        Refused {
            code,
            message,
            retry_after: None,
        }
    }
}

/// The same refusals for the form that stands in for the buttons without JavaScript.
impl From<Refused> for crate::error::AppError {
    fn from(r: Refused) -> Self {
        use crate::error::AppError;
        match r.code {
            "forbidden" | "timed_out" => AppError::Forbidden(r.message),
            "bad_request" => AppError::Unprocessable(r.message),
            "rate_limited" => AppError::TooManyRequests(r.message),
            _ => AppError::Internal(anyhow::anyhow!("{}", r.message)),
        }
    }
}

impl From<sqlx::Error> for Refused {
    fn from(e: sqlx::Error) -> Refused {
        tracing::error!(error = %e, "storing a reaction failed");
        Refused::new("unavailable", Msg::new("chat-err-reaction-not-saved"))
    }
}

/// Who reacts: the signed-in user of the socket and their region when they joined.
pub struct Reactor<'a> {
    pub user: Option<&'a ChatUser>,
    pub region: &'a str,
    /// Where the reactor's own watch clock stands ("I'm pressing play now"), when they run
    /// one: it wins over the room's clock, since that is what they are watching.
    pub own_position: Option<i64>,
}

/// Stores one reaction; returns the reaction and its offset in the episode (None before the
/// episode started by the room's clock).
pub async fn react(
    db: &Db,
    room: RoomId,
    who: Reactor<'_>,
    key: &str,
    per_minute: i64,
) -> Result<(LiveReaction, Option<i64>), Refused> {
    let Some(user) = who.user else {
        return Err(Refused::new("forbidden", Msg::new("chat-err-sign-in")));
    };
    let reaction = LiveReaction::try_from(key).map_err(|e| Refused::new("bad_request", e.0))?;
    let party = match room {
        RoomId::Party(id) => Some(
            db::chat::party(db, id)
                .await?
                .ok_or_else(|| Refused::new("bad_request", Msg::new("err-no-such-room")))?,
        ),
        RoomId::Episode(_) => None,
    };
    let episode_id = match (&party, room) {
        (Some(p), _) => p.episode_id,
        (None, RoomId::Episode(id)) => id,
        (None, RoomId::Party(_)) => {
            return Err(Refused::new("bad_request", Msg::new("err-no-such-room")))
        }
    };
    let episode = db::catalog::episode_by_id(db, episode_id)
        .await?
        .ok_or_else(|| Refused::new("bad_request", Msg::new("err-no-such-room")))?;
    let now = now_ms();
    let blocked = sanctions::active(db, user.id, Some(episode.show_id))
        .await?
        .into_iter()
        .find(|s| matches!(s.kind, Kind::Timeout | Kind::Suspend | Kind::Ban));
    if let Some(s) = blocked {
        return Err(match (s.kind, s.expires_at) {
            (Kind::Timeout, until) => {
                let left = until.map_or(0, |u| u.saturating_sub(now).max(0));
                Refused {
                    code: "timed_out",
                    message: Msg::new("chat-err-timed-out")
                        .arg("seconds", left.saturating_add(999) / 1000),
                    retry_after: Some(Duration::from_millis(left.unsigned_abs())),
                }
            }
            _ => Refused::new("forbidden", Msg::new("chat-err-suspended")),
        });
    }
    // One shared counter per user: it holds across rooms, nodes and frames sent at once.
    let counter = format!("live-reaction:{}", user.id);
    let (count, window_start) = counters::hit_window(db, &counter, MINUTE_MS, now).await?;
    if count > per_minute {
        counters::refund(db, &counter).await?;
        let left = (window_start + MINUTE_MS).saturating_sub(now).max(1);
        return Err(Refused {
            code: "rate_limited",
            message: Msg::new("chat-err-reactions-too-fast").arg("count", per_minute),
            retry_after: Some(Duration::from_millis(left.unsigned_abs())),
        });
    }
    let clock = match &party {
        Some(p) => Clock::Party(p),
        None => Clock::Airing {
            dates: &episode.air.dates,
            region: who.region,
        },
    };
    let offset_ms = match who.own_position {
        Some(position) => Some(position.max(0)),
        None => clock.offset_at(now),
    };
    let room_name = room.to_string();
    db::live_reactions::insert(
        db,
        &NewReaction {
            episode_id,
            room: &room_name,
            user_id: user.id,
            reaction: reaction.key(),
            region: who.region,
            offset_ms,
            created_at: now,
        },
    )
    .await?;
    Ok((reaction, offset_ms))
}
