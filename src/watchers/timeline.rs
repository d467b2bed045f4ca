//! The episode's reaction timeline: live-room and party reactions per minute of the episode,
//! one row per region, drawn as an inline SVG of stacked bars (a table beside it says the
//! same in text). Only numbers and fixed keys reach it, and only for viewers who watched
//! the episode.
use std::collections::BTreeMap;

use crate::chat::reactions::name_key;
use crate::db::live_reactions::{self, Bucket};
use crate::db::Db;
use crate::domain::LiveReaction;
use crate::visibility::Gate;

/// Offsets past this are no part of an episode (a room left open for days).
pub const MAX_MINUTES: i64 = 240;
const MINUTE_W: i64 = 10;
const ROW_H: i64 = 48;
const ROW_GAP: i64 = 14;
const LABEL_W: i64 = 36;
const AXIS_H: i64 = 18;
const TICK_EVERY: i64 = 10;

/// One reaction's slice of one minute's bar.
pub struct Segment {
    pub key: &'static str,
    pub name_key: &'static str,
    pub emoji: &'static str,
    pub minute: i64,
    pub count: i64,
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
}

pub struct RegionRow {
    pub region: String,
    pub name: String,
    pub top: i64,
    pub baseline: i64,
    pub label_y: i64,
    pub segments: Vec<Segment>,
}

/// One region's minute in the text table: a count per reaction, in `LiveReaction::ALL` order.
pub struct TableRow {
    pub region: String,
    pub minute: i64,
    pub counts: Vec<(&'static str, i64)>,
    pub total: i64,
}

pub struct Tick {
    pub x: i64,
    pub minute: i64,
}

pub struct Legend {
    pub key: &'static str,
    pub emoji: &'static str,
    pub name_key: &'static str,
}

pub struct Timeline {
    pub width: i64,
    pub height: i64,
    pub plot_x: i64,
    pub plot_end: i64,
    pub axis_y: i64,
    pub total: i64,
    /// The busiest minute of any region, which a full row's height stands for.
    pub peak: i64,
    pub rows: Vec<RegionRow>,
    pub table: Vec<TableRow>,
    pub ticks: Vec<Tick>,
    pub legend: Vec<Legend>,
}

/// The timeline for this viewer: None unless they watched the episode.
pub async fn for_viewer(
    db: &Db,
    gate: &Gate,
    episode_id: i64,
    runtime_min: i64,
) -> Result<Option<Timeline>, sqlx::Error> {
    if !gate.has_watched(episode_id) {
        return Ok(None);
    }
    let buckets = live_reactions::buckets(db, episode_id, MAX_MINUTES * 60_000).await?;
    Ok(Some(build(&buckets, runtime_min)))
}

/// (region, minute) → count per reaction, from the query's rows.
type Grid = BTreeMap<(String, i64), [i64; 6]>;

fn grid(buckets: &[Bucket]) -> Grid {
    let mut grid = Grid::new();
    for b in buckets
        .iter()
        .filter(|b| (0..MAX_MINUTES).contains(&b.minute))
    {
        let Ok(r) = LiveReaction::try_from(b.reaction.as_str()) else {
            continue;
        };
        let Some(i) = LiveReaction::ALL.iter().position(|x| *x == r) else {
            continue;
        };
        grid.entry((b.region.clone(), b.minute)).or_default()[i] += b.count;
    }
    grid
}

pub fn build(buckets: &[Bucket], runtime_min: i64) -> Timeline {
    let grid = grid(buckets);
    let last = grid.keys().map(|(_, m)| *m + 1).max().unwrap_or(0);
    let minutes = runtime_min.max(last).clamp(1, MAX_MINUTES);
    let peak = grid
        .values()
        .map(|c| c.iter().sum::<i64>())
        .max()
        .unwrap_or(0);
    let mut regions: Vec<String> = grid.keys().map(|(r, _)| r.clone()).collect();
    regions.dedup();
    let plot_x = LABEL_W;
    let plot_end = plot_x + minutes * MINUTE_W;
    let mut rows = Vec::new();
    for (i, region) in regions.iter().enumerate() {
        let top = AXIS_H / 2 + i as i64 * (ROW_H + ROW_GAP);
        let baseline = top + ROW_H;
        let mut segments = Vec::new();
        for ((_, minute), counts) in grid.range((region.clone(), 0)..=(region.clone(), i64::MAX)) {
            let mut y = baseline;
            for (r, count) in LiveReaction::ALL.iter().zip(counts.iter()) {
                if *count == 0 {
                    continue;
                }
                // At least a pixel, so a lone reaction in a busy room still shows.
                let h = (count * ROW_H / peak.max(1)).max(1);
                y -= h;
                segments.push(Segment {
                    key: r.key(),
                    name_key: name_key(*r),
                    emoji: r.emoji(),
                    minute: *minute,
                    count: *count,
                    x: plot_x + minute * MINUTE_W,
                    y,
                    w: MINUTE_W - 1,
                    h,
                });
            }
        }
        rows.push(RegionRow {
            name: crate::spoilers::region::name(region),
            region: region.clone(),
            top,
            baseline,
            label_y: top + ROW_H / 2 + 4,
            segments,
        });
    }
    let axis_y = AXIS_H / 2 + regions.len() as i64 * (ROW_H + ROW_GAP) + AXIS_H / 2;
    let table = grid
        .iter()
        .map(|((region, minute), counts)| TableRow {
            region: region.clone(),
            minute: *minute,
            counts: LiveReaction::ALL
                .iter()
                .zip(counts.iter())
                .map(|(r, c)| (r.key(), *c))
                .collect(),
            total: counts.iter().sum(),
        })
        .collect::<Vec<_>>();
    Timeline {
        width: plot_end + 8,
        height: axis_y + 4,
        plot_x,
        plot_end,
        axis_y,
        total: table.iter().map(|r| r.total).sum(),
        peak,
        rows,
        table,
        ticks: (0..=minutes / TICK_EVERY)
            .map(|i| Tick {
                x: plot_x + i * TICK_EVERY * MINUTE_W,
                minute: i * TICK_EVERY,
            })
            .collect(),
        legend: LiveReaction::ALL
            .iter()
            .map(|r| Legend {
                key: r.key(),
                emoji: r.emoji(),
                name_key: name_key(*r),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(region: &str, minute: i64, reaction: &str, count: i64) -> Bucket {
        Bucket {
            region: region.into(),
            minute,
            reaction: reaction.into(),
            count,
        }
    }

    #[test]
    fn rows_per_region_stacked_per_minute() {
        let t = build(
            &[
                b("FR", 10, "lol", 1),
                b("US", 30, "fire", 2),
                b("US", 30, "shock", 2),
                b("US", 31, "nonsense", 9),
            ],
            45,
        );
        assert_eq!(t.rows.len(), 2);
        assert_eq!(
            (t.rows[0].region.as_str(), t.rows[1].region.as_str()),
            ("FR", "US")
        );
        assert_eq!(t.peak, 4, "an unknown key counts for nothing");
        let us = &t.rows[1].segments;
        assert_eq!(us.len(), 2);
        // Stacked: shock (first in the fixed order) at the bottom, fire above it.
        assert_eq!((us[0].key, us[1].key), ("shock", "fire"));
        assert_eq!(us[0].y + us[0].h, t.rows[1].baseline);
        assert_eq!(us[1].y + us[1].h, us[0].y);
        assert_eq!(us[0].h + us[1].h, ROW_H, "the peak fills the row");
        assert_eq!(us[0].x, t.plot_x + 30 * MINUTE_W);
        assert_eq!(t.table.len(), 2);
        assert_eq!(t.total, 5);
        assert_eq!(t.ticks.last().map(|k| k.minute), Some(40));
    }

    #[test]
    fn empty_and_long_rooms_stay_bounded() {
        let t = build(&[], 0);
        assert!(t.rows.is_empty() && t.table.is_empty());
        assert!(t.width > 0 && t.height > 0);
        let t = build(&[b("US", MAX_MINUTES + 50, "fire", 1)], 45);
        assert!(t.rows.is_empty(), "past the episode's bounds: left out");
        assert_eq!(t.plot_end, t.plot_x + 45 * MINUTE_W);
        let t = build(&[b("US", 3, "fire", 1)], 10_000);
        assert_eq!(t.plot_end, t.plot_x + MAX_MINUTES * MINUTE_W);
    }
}
