//! Seasons, episodes and their regional air dates.
use std::sync::Arc;

use sqlx::any::AnyRow;
use sqlx::Row;

use super::air_list::{air_list_column, EpisodeAir};
use super::pool::{Db, Tx};

#[derive(Debug, Clone)]
pub struct Episode {
    pub id: i64,
    pub show_id: i64,
    pub season: i64,
    pub number: i64,
    pub code: String,
    pub title: String,
    pub synopsis: String,
    pub runtime_min: i64,
    pub thread_id: Option<i64>,
    /// Its air dates as the spoiler shield needs them, read with the row (`air_list`).
    pub air: Arc<EpisodeAir>,
}

#[derive(Debug, Clone)]
pub struct Season {
    pub number: i64,
    pub title: String,
    pub episodes: Vec<Episode>,
}

pub use crate::domain::AirDate;

/// An episode with its air dates and its show's spoiler delay, so that a page can shield it
/// and print its dates without another query.
pub(super) const EPISODE_COLS: &str = concat!(
    "e.id, e.show_id, s.number, e.number, e.code, e.title, e.synopsis, e.runtime_min, e.thread_id, \
     (SELECT sh.spoiler_delay_days FROM shows sh WHERE sh.id = e.show_id), ",
    air_list_column!("e.id")
);

pub(super) fn episode_from(r: &AnyRow) -> Result<Episode, sqlx::Error> {
    Ok(Episode {
        id: r.try_get(0)?,
        show_id: r.try_get(1)?,
        season: r.try_get(2)?,
        number: r.try_get(3)?,
        code: r.try_get(4)?,
        title: r.try_get(5)?,
        synopsis: r.try_get(6)?,
        runtime_min: r.try_get(7)?,
        thread_id: r.try_get(8)?,
        air: super::air_list::parse(
            r.try_get(4)?,
            r.try_get(9)?,
            r.try_get::<Option<String>, _>(10)?.as_deref(),
        )?,
    })
}

pub async fn upsert_season(
    tx: &mut Tx,
    show_id: i64,
    number: i64,
    title: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO seasons (show_id, number, title) VALUES ($1, $2, $3) \
         ON CONFLICT (show_id, number) DO UPDATE SET title = excluded.title RETURNING id",
    )
    .bind(show_id)
    .bind(number)
    .bind(title)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

/// The season's id, creating an untitled season if it does not exist yet.
pub async fn ensure_season(tx: &mut Tx, show_id: i64, number: i64) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO seasons (show_id, number, title) VALUES ($1, $2, '') \
         ON CONFLICT (show_id, number) DO UPDATE SET number = excluded.number RETURNING id",
    )
    .bind(show_id)
    .bind(number)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

pub struct EpisodeInput<'a> {
    pub show_id: i64,
    pub season_id: i64,
    pub number: i64,
    pub code: &'a str,
    pub title: &'a str,
    pub synopsis: &'a str,
    pub runtime_min: i64,
}

/// Inserts or updates an episode by (show, code) and returns its id.
pub async fn upsert_episode(tx: &mut Tx, e: &EpisodeInput<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO episodes (show_id, season_id, number, code, title, synopsis, runtime_min) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (show_id, code) DO UPDATE SET season_id = excluded.season_id, number = excluded.number, \
         title = excluded.title, synopsis = excluded.synopsis, runtime_min = excluded.runtime_min \
         RETURNING id",
    )
    .bind(e.show_id)
    .bind(e.season_id)
    .bind(e.number)
    .bind(e.code)
    .bind(e.title)
    .bind(e.synopsis)
    .bind(e.runtime_min)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

pub async fn episode_thread_id(tx: &mut Tx, episode_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT thread_id FROM episodes WHERE id = $1")
        .bind(episode_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)
}

pub async fn set_episode_thread(
    tx: &mut Tx,
    episode_id: i64,
    thread_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE episodes SET thread_id = $1 WHERE id = $2")
        .bind(thread_id)
        .bind(episode_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Replaces the episode's air dates with `dates`.
pub async fn set_air_dates(
    tx: &mut Tx,
    episode_id: i64,
    dates: &[(String, crate::domain::AirTime)],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM episode_air_dates WHERE episode_id = $1")
        .bind(episode_id)
        .execute(&mut **tx)
        .await?;
    for (region, air) in dates {
        sqlx::query(
            "INSERT INTO episode_air_dates (episode_id, region, air_date, air_at, air_zone) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(episode_id)
        .bind(region)
        .bind(&air.date)
        .bind(air.at)
        .bind(air.zone.as_deref())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn seasons(db: &Db, show_id: i64) -> Result<Vec<Season>, sqlx::Error> {
    // One row per episode, and one for each season without any (its episode columns NULL).
    let rows = sqlx::query(&format!(
        "SELECT {EPISODE_COLS}, s.number, s.title FROM seasons s \
         LEFT JOIN episodes e ON e.season_id = s.id \
         WHERE s.show_id = $1 ORDER BY s.number, e.number"
    ))
    .bind(show_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out: Vec<Season> = Vec::new();
    for r in &rows {
        let number: i64 = r.try_get(11)?;
        if out.last().is_none_or(|s| s.number != number) {
            out.push(Season {
                number,
                title: r.try_get(12)?,
                episodes: Vec::new(),
            });
        }
        if r.try_get::<Option<i64>, _>(0)?.is_some() {
            if let Some(season) = out.last_mut() {
                season.episodes.push(episode_from(r)?);
            }
        }
    }
    Ok(out)
}

pub async fn episode_by_code(
    db: &Db,
    show_id: i64,
    code: &str,
) -> Result<Option<Episode>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {EPISODE_COLS} FROM episodes e JOIN seasons s ON s.id = e.season_id \
         WHERE e.show_id = $1 AND e.code = $2"
    ))
    .bind(show_id)
    .bind(code)
    .fetch_optional(&db.pool)
    .await?
    .as_ref()
    .map(episode_from)
    .transpose()
}

pub async fn episode_by_id(db: &Db, id: i64) -> Result<Option<Episode>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {EPISODE_COLS} FROM episodes e JOIN seasons s ON s.id = e.season_id WHERE e.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .as_ref()
    .map(episode_from)
    .transpose()
}

pub async fn air_dates(db: &Db, episode_id: i64) -> Result<Vec<AirDate>, sqlx::Error> {
    sqlx::query(
        "SELECT region, air_date, air_at, air_zone FROM episode_air_dates WHERE episode_id = $1 \
         ORDER BY air_date, region",
    )
    .bind(episode_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(AirDate {
            region: r.try_get(0)?,
            date: r.try_get(1)?,
            at: r.try_get(2)?,
            zone: r.try_get(3)?,
        })
    })
    .collect()
}
