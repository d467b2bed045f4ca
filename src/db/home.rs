//! The home page's own queries: followed shows, episodes dated near today, parties on now.
use std::sync::Arc;

use sqlx::Row;

use super::air_list::{air_list_column, EpisodeAir};
use super::pool::Db;

/// Shows the user follows (kind 'show', not muted).
pub async fn followed_show_ids(db: &Db, user_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query("SELECT target_id FROM follows WHERE user_id = $1 AND kind = 'show' AND muted = 0")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// An episode with an air date in a window, and the show it belongs to.
#[derive(Debug, Clone)]
pub struct DatedEpisode {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub show_id: i64,
    pub show_slug: String,
    pub show_title: String,
    /// Every region's date, for the shield and the viewer's own date there.
    pub air: Arc<EpisodeAir>,
}

/// Episodes with an air date (in any region) from `from` to `to` (YYYY-MM-DD, inclusive).
/// Uses the `episode_air_dates_date` index; the caller decides each one's date per region.
///
/// One row of JSON (`json_rows`): with a catalogue of a hundred shows the window holds a few
/// hundred episodes.
pub async fn episodes_dated_between(
    db: &Db,
    from: &str,
    to: &str,
) -> Result<Vec<DatedEpisode>, sqlx::Error> {
    let sql = super::json_rows::select(
        db.backend,
        concat!(
            "e.id, e.code, e.title, sh.id, sh.slug, sh.title, sh.spoiler_delay_days, ",
            air_list_column!("e.id")
        ),
        "",
        "FROM (SELECT DISTINCT w.episode_id FROM episode_air_dates w \
         WHERE w.air_date >= $1 AND w.air_date <= $2) c \
         JOIN episodes e ON e.id = c.episode_id JOIN shows sh ON sh.id = e.show_id",
    );
    let json: String = sqlx::query(&sql)
        .bind(from)
        .bind(to)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    type Wire = (
        i64,
        String,
        String,
        i64,
        String,
        String,
        Option<i64>,
        Option<String>,
    );
    let rows: Vec<Wire> = super::json_rows::decode(&json)?;
    rows.into_iter()
        .map(
            |(id, code, title, show_id, show_slug, show_title, delay, air)| {
                Ok(DatedEpisode {
                    id,
                    air: super::air_list::parse(code.clone(), delay, air.as_deref())?,
                    code,
                    title,
                    show_id,
                    show_slug,
                    show_title,
                })
            },
        )
        .collect()
}

/// A watch party that is running or about to start, with its episode and show.
#[derive(Debug, Clone)]
pub struct LiveParty {
    pub id: i64,
    pub title: String,
    pub starts_at: i64,
    pub paused: bool,
    pub episode_id: i64,
    pub code: String,
    pub show_slug: String,
    pub show_title: String,
    /// The episode's dates, for the shield.
    pub air: Arc<EpisodeAir>,
}

/// Parties that started but are not over at `now` (start + runtime + time spent paused; an
/// episode without a runtime counts as an hour), or that start before `until`. Parties
/// that started more than a day ago are not looked at, which keeps the scan on the
/// `parties_starts` index short.
pub async fn live_parties(
    db: &Db,
    now: i64,
    until: i64,
    limit: i64,
) -> Result<Vec<LiveParty>, sqlx::Error> {
    sqlx::query(concat!(
        "SELECT p.id, p.title, p.starts_at, p.paused_at, e.id, e.code, sh.slug, sh.title, \
           sh.spoiler_delay_days, ",
        air_list_column!("e.id"),
        " FROM parties p JOIN episodes e ON e.id = p.episode_id JOIN shows sh ON sh.id = e.show_id \
         WHERE p.starts_at >= $1 AND p.starts_at <= $2 \
         AND p.starts_at + (CASE WHEN e.runtime_min > 0 THEN e.runtime_min ELSE 60 END) * 60000 \
             + p.paused_total_ms + (CASE WHEN p.paused_at IS NULL THEN 0 ELSE $3 - p.paused_at END) > $3 \
         ORDER BY p.starts_at, p.id LIMIT $4",
    ))
    .bind(now - 86_400_000)
    .bind(until)
    .bind(now)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(LiveParty {
            id: r.try_get(0)?,
            title: r.try_get(1)?,
            starts_at: r.try_get(2)?,
            paused: r.try_get::<Option<i64>, _>(3)?.is_some(),
            episode_id: r.try_get(4)?,
            code: r.try_get(5)?,
            show_slug: r.try_get(6)?,
            show_title: r.try_get(7)?,
            air: super::air_list::parse(
                r.try_get(5)?,
                r.try_get(8)?,
                r.try_get::<Option<String>, _>(9)?.as_deref(),
            )?,
        })
    })
    .collect()
}
