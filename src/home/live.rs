//! "Live now": episode rooms whose episode airs today in the viewer's region, and watch
//! parties running now or starting within the hour.
use crate::db::home::DatedEpisode;
use crate::db::{self, Db};
use crate::spoilers::air;
use crate::spoilers::airing::{airing_today, Airing};
use crate::spoilers::region;
use crate::time_util::{iso_ms, now_ms};
use crate::visibility::Gate;

/// How far ahead a party counts as "starting soon", and how many parties are listed.
pub const SOON_MS: i64 = 3_600_000;
pub const MAX_PARTIES: i64 = 12;

pub struct LiveNow {
    pub region_name: String,
    pub rooms: Vec<Airing>,
    pub parties: Vec<LiveParty>,
}

impl LiveNow {
    pub fn is_empty(&self) -> bool {
        self.rooms.is_empty() && self.parties.is_empty()
    }
}

pub struct LiveParty {
    pub id: i64,
    /// The host's title, or a neutral one when the viewer's shield hides the episode
    /// (a title is free text and may spoil).
    pub title: String,
    pub show_title: String,
    pub show_slug: String,
    pub code: String,
    pub started: bool,
    pub paused: bool,
    pub starts: String,
    pub starts_iso: String,
}

pub async fn now(db: &Db, gate: &Gate) -> Result<LiveNow, sqlx::Error> {
    Ok(LiveNow {
        region_name: region::name(gate.region()),
        rooms: airing_today(db, gate.region()).await?,
        parties: parties(db, gate, SOON_MS, MAX_PARTIES).await?,
    })
}

/// `now`, with the rooms taken from episodes the page read already (dated around today, so
/// every episode airing today is among them): one query fewer.
pub async fn now_among(
    db: &Db,
    gate: &Gate,
    dated: &[DatedEpisode],
) -> Result<LiveNow, sqlx::Error> {
    let now = now_ms();
    let region = gate.region();
    let mut rooms: Vec<Airing> = dated
        .iter()
        .filter(|e| {
            e.air
                .dates
                .iter()
                .any(|d| d.region == region && air::airing(d, now))
        })
        .map(|e| Airing {
            show_slug: e.show_slug.clone(),
            show_title: e.show_title.clone(),
            code: e.code.clone(),
            title: e.title.clone(),
        })
        .collect();
    rooms.sort_by(|a, b| (&a.show_title, &a.code).cmp(&(&b.show_title, &b.code)));
    Ok(LiveNow {
        region_name: region::name(region),
        rooms,
        parties: parties(db, gate, SOON_MS, MAX_PARTIES).await?,
    })
}

/// Parties running now or starting within `ahead_ms`, soonest first, at most `limit`.
pub async fn parties(
    db: &Db,
    gate: &Gate,
    ahead_ms: i64,
    limit: i64,
) -> Result<Vec<LiveParty>, sqlx::Error> {
    let now = now_ms();
    let rows = db::home::live_parties(db, now, now.saturating_add(ahead_ms), limit).await?;
    let hidden = gate.hidden_airs(rows.iter().map(|p| (p.episode_id, &*p.air)));
    Ok(rows
        .into_iter()
        .map(|p| LiveParty {
            title: if hidden.contains_key(&p.episode_id) {
                format!("{} watch party", p.code.to_uppercase())
            } else {
                p.title
            },
            id: p.id,
            show_title: p.show_title,
            show_slug: p.show_slug,
            code: p.code,
            started: p.starts_at <= now,
            paused: p.paused,
            starts: gate.when(p.starts_at),
            starts_iso: iso_ms(p.starts_at),
        })
        .collect())
}
