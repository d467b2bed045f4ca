//! Watch parties: scheduling one, finding it with its episode and show, and the host's
//! pause and resume.
use super::hub::ChatHub;
use crate::db::catalog::{Episode, Show};
use crate::db::chat::Party;
use crate::db::users::SessionUser;
use crate::db::{self, Db};
use crate::domain::RoomId;
use crate::i18n::Msg;
use crate::moderation::guard::{self, ActivityLimits, NewAccountLimits, Refused};
use crate::time_util::now_ms;

/// A party with the episode it watches and that episode's show.
pub struct PartyPlace {
    pub party: Party,
    pub episode: Episode,
    pub show: Show,
}

pub async fn find(db: &Db, id: i64) -> Result<Option<PartyPlace>, sqlx::Error> {
    let Some(party) = db::chat::party(db, id).await? else {
        return Ok(None);
    };
    let Some(episode) = db::catalog::episode_by_id(db, party.episode_id).await? else {
        return Ok(None);
    };
    let Some(show) = db::catalog::show_by_id(db, episode.show_id).await? else {
        return Ok(None);
    };
    Ok(Some(PartyPlace {
        party,
        episode,
        show,
    }))
}

/// The newest parties scheduled for an episode.
pub async fn for_episode(db: &Db, episode_id: i64) -> Result<Vec<Party>, sqlx::Error> {
    db::chat::parties_for_episode(db, episode_id).await
}

/// The episode a room talks about; None when the room does not exist.
pub async fn room_episode(db: &Db, room: RoomId) -> Result<Option<i64>, sqlx::Error> {
    Ok(match room {
        RoomId::Episode(id) => db::catalog::episode_by_id(db, id).await?.map(|e| e.id),
        RoomId::Party(id) => db::chat::party(db, id).await?.map(|p| p.episode_id),
    })
}

/// Parses the party start time (UTC) and keeps it within a sensible window.
pub fn parse_start(s: &str, now: i64) -> Result<i64, Msg> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let fmt_s = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let t = time::PrimitiveDateTime::parse(s.trim(), &fmt)
        .or_else(|_| time::PrimitiveDateTime::parse(s.trim(), &fmt_s))
        .map_err(|_| Msg::new("err-party-start-format").arg("value", s))?;
    let ms = (t.assume_utc().unix_timestamp_nanos() / 1_000_000) as i64;
    if ms < now - 3_600_000 {
        return Err(Msg::new("err-party-start-past"));
    }
    if ms > now + 366 * 86_400_000 {
        return Err(Msg::new("err-party-start-far"));
    }
    Ok(ms)
}

/// What limits a new party's host: the same guard as posts (sanctions, new-account
/// limits, word filters) and how many parties one user may schedule an hour.
pub struct PartyRules<'a> {
    pub new_accounts: &'a NewAccountLimits,
    pub activity: &'a ActivityLimits,
}

/// Why a party was not scheduled, with a message for the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartyRefused {
    Invalid(Msg),
    Forbidden(Msg),
    TooMany(Msg),
}

impl PartyRefused {
    pub fn message(&self) -> &Msg {
        match self {
            PartyRefused::Invalid(m) | PartyRefused::Forbidden(m) | PartyRefused::TooMany(m) => m,
        }
    }
}

impl From<Refused> for PartyRefused {
    fn from(r: Refused) -> Self {
        match r {
            Refused::Sanctioned(m) => PartyRefused::Forbidden(m),
            Refused::TooMany(m) => PartyRefused::TooMany(m),
            Refused::Disallowed(m) => PartyRefused::Invalid(m),
        }
    }
}

/// Schedules a party for `host`.
pub async fn create(
    db: &Db,
    rules: &PartyRules<'_>,
    host: &SessionUser,
    episode: &Episode,
    title: &str,
    starts_at: &str,
    relay: bool,
) -> Result<Result<i64, PartyRefused>, sqlx::Error> {
    let title = title.trim();
    if title.chars().count() > 100 {
        let msg = Msg::new("err-party-title-long");
        return Ok(Err(PartyRefused::Invalid(msg)));
    }
    let starts_at = match parse_start(starts_at, now_ms()) {
        Ok(ms) => ms,
        Err(msg) => return Ok(Err(PartyRefused::Invalid(msg))),
    };
    let title = if title.is_empty() {
        format!("{} watch party", episode.code.to_uppercase())
    } else {
        title.to_string()
    };
    let checked = guard::check(
        db,
        rules.new_accounts,
        host,
        episode.show_id,
        Some(&title),
        "",
    );
    let cleared = match checked.await? {
        Ok(c) => c,
        Err(r) => return Ok(Err(r.into())),
    };
    if cleared.held {
        // A party title cannot wait for review: the party would be listed meanwhile.
        let msg = Msg::new("err-party-title-held");
        return Ok(Err(PartyRefused::Invalid(msg)));
    }
    let per_hour = rules.activity.parties_per_hour;
    if let Err(r) = guard::count_activity(db, "party", host.id, per_hour).await? {
        return Ok(Err(r.into()));
    }
    let title = cleared.title.unwrap_or(title);
    // The host follows their party from the start, so they hear when it begins too.
    let mut tx = db.begin().await?;
    let id = db::chat::create_party(&mut tx, episode.id, host.id, &title, starts_at, relay).await?;
    db::follows::set(&mut *tx, host.id, "party", id, false).await?;
    tx.commit().await?;
    Ok(Ok(id))
}

pub enum PauseError {
    NoParty,
    NotHost,
    Db(sqlx::Error),
}

impl From<sqlx::Error> for PauseError {
    fn from(e: sqlx::Error) -> Self {
        PauseError::Db(e)
    }
}

/// Only the host pauses or resumes; the room's clock follows at once.
pub async fn set_paused(
    db: &Db,
    hub: &ChatHub,
    user_id: i64,
    party_id: i64,
    pause: bool,
) -> Result<(), PauseError> {
    let party = db::chat::party(db, party_id)
        .await?
        .ok_or(PauseError::NoParty)?;
    if party.host_id != user_id {
        return Err(PauseError::NotHost);
    }
    db::chat::set_party_paused(db, party_id, pause).await?;
    hub.party_changed(RoomId::Party(party_id)).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_start;

    #[test]
    fn start_times() {
        let now = 1_767_225_600_000; // 2026-01-01T00:00Z
        assert_eq!(parse_start("2026-01-01T01:00", now), Ok(now + 3_600_000));
        assert!(parse_start("2025-12-01T00:00", now).is_err());
        assert!(parse_start("2028-01-01T00:00", now).is_err());
        assert!(parse_start("tomorrow", now).is_err());
    }
}
