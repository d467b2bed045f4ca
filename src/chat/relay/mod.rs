//! The premiere relay: an episode's first airing replayed, message by message at its
//! offset, to a viewer whose region airs it later (or who pressed play on their own clock).
//!
//! Each session runs its own relay: it reads the first airing's messages from the database a
//! page at a time (never more in memory), sends those its clock has reached, and sleeps until
//! the next comes due. It never reads past the viewer's clock, so a deleted message is never
//! relayed once deleted; one already relayed goes away with the room's `deleted` frame.
//! Which live messages a later viewer may get at all is `Airings::live_to`.
mod airings;
mod clock;

use std::sync::Arc;

pub use airings::Airings;
pub use clock::{Clock, MAX_POSITION_MS};

pub use super::protocol::ClockAction;
use super::protocol::{relayed_json, Message, ServerMsg};
use crate::db::chat_relay::{self, Cursor, Origin};
use crate::db::{self, Db};
use crate::domain::RoomId;

/// The newest relayed messages a joining viewer gets at once (like the hello's backlog).
pub const RELAY_BACKLOG: usize = super::limits::HELLO_BACKLOG;
/// Reads come at most this often, however busy the first airing was.
const MIN_GAP_MS: i64 = 100;
/// With nothing known ahead, look again after at least this long, at most `RECHECK_MAX_MS`.
const RECHECK_MIN_MS: i64 = 2_000;
const RECHECK_MAX_MS: i64 = 60_000;

pub struct Relay {
    db: Db,
    room: String,
    airings: Arc<Airings>,
    /// The viewer's air instant when later than the first airing.
    later: Option<i64>,
    /// The watch party whose clock the relay follows (a party room that includes it).
    party: Option<i64>,
    clock: Clock,
    /// The clock it starts with, and returns to with `{"action":"air"}`.
    home: Clock,
    on: bool,
    cursor: Cursor,
    /// When to read next (unix ms); None: not until the clock or the switch changes.
    wake: Option<i64>,
    page: usize,
}

impl Relay {
    /// The relay of an episode room for a viewer of `region`; None for a party room or an
    /// episode without air dates.
    pub async fn load(
        db: &Db,
        room: RoomId,
        region: &str,
        on: bool,
        page: usize,
    ) -> Result<Option<Relay>, sqlx::Error> {
        let (episode, party) = match room {
            RoomId::Episode(episode) => (episode, None),
            RoomId::Party(id) => match db::chat::party(db, id).await? {
                Some(p) if p.relay => (p.episode_id, Some(p)),
                _ => return Ok(None),
            },
        };
        let dates = db::catalog::air_dates(db, episode).await?;
        let Some(airings) = Airings::of(&dates) else {
            return Ok(None);
        };
        // In a party's room everyone watches on the party's clock.
        let later = match party {
            Some(_) => None,
            None => airings.later_airing(region),
        };
        let clock = match &party {
            Some(p) => party_clock(p),
            None => later.map_or(Clock::Stopped, |at| Clock::Air { at }),
        };
        Ok(Some(Relay {
            db: db.clone(),
            // The first airing's messages are the episode room's, whatever room relays them.
            room: RoomId::Episode(episode).to_string(),
            party: party.map(|p| p.id),
            clock,
            home: clock,
            cursor: Cursor {
                at: airings.first(),
                id: 0,
            },
            airings: Arc::new(airings),
            later,
            on,
            wake: None,
            page: page.max(1),
        }))
    }

    /// Whether this viewer may get `m` live (it tells nothing ahead of their airing).
    pub fn live_to(&self, m: &Message) -> bool {
        self.airings.live_to(self.later, m.region.as_deref())
    }

    /// True when the viewer has a clock: their region airs after the first airing, or they
    /// pressed play. Viewers of the first airing hear nothing of the relay until then.
    pub fn has_clock(&self) -> bool {
        !matches!(self.clock, Clock::Stopped)
    }

    /// The position of the viewer's own watch clock at `now`, when they pressed play (running
    /// or paused); None while they follow the air time or the party.
    pub fn own_position(&self, now: i64) -> Option<i64> {
        match self.clock {
            Clock::Playing { .. } | Clock::Paused { .. } => self.clock.position(now),
            _ => None,
        }
    }

    /// True when the relay plays at all for this viewer right now.
    fn running(&self) -> bool {
        self.on && !matches!(self.clock, Clock::Stopped)
    }

    fn origin(&self) -> Origin<'_> {
        Origin {
            room: &self.room,
            first: self.airings.first(),
            regions: self.airings.origins(),
        }
    }

    /// The `relay` frame: whether it is on, where it comes from, and the clock.
    pub fn status_json(&self, now: i64) -> String {
        ServerMsg::Relay {
            on: self.on,
            from: self.airings.origins(),
            clock: self.clock.name(),
            position_ms: self.clock.position(now),
        }
        .to_json()
    }

    fn frame(&self, m: &Message, now: i64) -> String {
        let offset = m.at.saturating_sub(self.airings.first());
        let from = m
            .region
            .as_deref()
            .or_else(|| self.airings.origins().first().map(String::as_str))
            .unwrap_or_default()
            .to_ascii_uppercase();
        let due = self.clock.due(offset).unwrap_or(now).min(now);
        relayed_json(m, &from, offset, due)
    }

    /// The host may have paused or resumed the party since the last read: its clock is read
    /// again before every read of the relay, so the relay never runs ahead of it.
    async fn refresh_party(&mut self) -> Result<(), sqlx::Error> {
        if let (Some(id), Clock::Party { .. }) = (self.party, self.clock) {
            if let Some(p) = db::chat::party(&self.db, id).await? {
                self.clock = party_clock(&p);
            }
        }
        Ok(())
    }

    /// What is due now, as a joining viewer gets it: the newest `RELAY_BACKLOG` messages the
    /// clock has passed, then the wake-up for the next one.
    pub async fn catch_up(&mut self, now: i64) -> Result<Vec<String>, sqlx::Error> {
        self.wake = Some(now.saturating_add(RECHECK_MIN_MS));
        self.refresh_party().await?;
        let Some(position) = self.clock.position(now).filter(|_| self.running()) else {
            self.wake = None;
            return Ok(Vec::new());
        };
        // Should the read fail, try again shortly rather than at once.
        self.wake = Some(now.saturating_add(RECHECK_MIN_MS));
        let upto = self.airings.first().saturating_add(position);
        let limit = i64::try_from(RELAY_BACKLOG).unwrap_or(i64::MAX);
        let msgs = chat_relay::latest(&self.db, self.origin(), self.cursor, upto, limit).await?;
        let mut frames: Vec<String> = msgs.iter().map(|m| self.frame(m, now)).collect();
        if let Some(last) = msgs.last() {
            self.cursor = Cursor {
                at: last.at,
                id: last.id,
            };
        }
        frames.extend(self.tick(now).await?);
        Ok(frames)
    }

    /// Sends what has come due since the last read (a page at most) and works out when to
    /// read again.
    pub async fn tick(&mut self, now: i64) -> Result<Vec<String>, sqlx::Error> {
        self.wake = Some(now.saturating_add(RECHECK_MIN_MS));
        self.refresh_party().await?;
        if matches!(
            self.clock,
            Clock::Party {
                paused_at: Some(_),
                ..
            }
        ) {
            // Nothing moves while the party is paused; look again shortly for its resume.
            return Ok(Vec::new());
        }
        let Some(position) = self.clock.position(now).filter(|_| self.running()) else {
            self.wake = None;
            return Ok(Vec::new());
        };
        self.wake = Some(now.saturating_add(RECHECK_MIN_MS));
        let limit = i64::try_from(self.page).unwrap_or(i64::MAX);
        let msgs = chat_relay::next(&self.db, self.origin(), self.cursor, limit).await?;
        let full = msgs.len() == self.page;
        let first = self.airings.first();
        let mut frames = Vec::new();
        let mut ahead = None;
        for m in &msgs {
            let offset = m.at.saturating_sub(first);
            if offset > position {
                ahead = Some(offset);
                break;
            }
            frames.push(self.frame(m, now));
            self.cursor = Cursor { at: m.at, id: m.id };
        }
        self.wake = match ahead {
            Some(offset) => self
                .clock
                .due(offset)
                .map(|due| due.max(now.saturating_add(MIN_GAP_MS))),
            // The whole page was due: read on straight away.
            None if full => Some(now.saturating_add(MIN_GAP_MS)),
            // Nothing stored ahead yet: a message sent from now on comes due at the earliest
            // when the clock reaches now's offset.
            None => self.clock.due(now.saturating_sub(first)).map(|due| {
                due.clamp(
                    now.saturating_add(RECHECK_MIN_MS),
                    now.saturating_add(RECHECK_MAX_MS),
                )
            }),
        };
        Ok(frames)
    }

    /// When the session should call `tick` next (unix ms).
    pub fn wake_at(&self) -> Option<i64> {
        self.wake.filter(|_| self.running())
    }

    pub fn set_on(&mut self, on: bool) {
        self.on = on;
    }

    pub fn clock_action(&mut self, action: ClockAction, position: Option<i64>, now: i64) {
        self.clock = match action {
            ClockAction::Play => self.clock.play(now, position),
            ClockAction::Pause => self.clock.pause(now),
            ClockAction::Air => self.home,
        };
    }
}

fn party_clock(p: &db::chat::Party) -> Clock {
    Clock::Party {
        starts_at: p.starts_at,
        paused_at: p.paused_at,
        paused_total_ms: p.paused_total_ms,
    }
}
