//! Shows and boards; seasons, episodes and air dates are in [`super::episodes`] and
//! re-exported here.
use sqlx::any::AnyRow;
use sqlx::Row;

use super::pool::{Db, Tx};
use crate::time_util::now_ms;

pub use super::episodes::{
    air_dates, ensure_season, episode_by_code, episode_by_id, episode_thread_id, seasons,
    set_air_dates, set_episode_thread, upsert_episode, upsert_season, AirDate, Episode,
    EpisodeInput, Season,
};

#[derive(Debug, Clone)]
pub struct Show {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub synopsis: String,
    pub spoiler_delay_days: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Board {
    pub id: i64,
    pub show_id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
}

/// The board whose threads are sealed predictions (see `visibility::predictions`).
pub const PREDICTIONS_BOARD: &str = "predictions";

pub const DEFAULT_BOARDS: [(&str, &str, &str); 4] = [
    ("general", "General", "Anything about the show."),
    ("episodes", "Episodes", "One discussion thread per episode."),
    (
        "theories",
        "Theories",
        "Predictions, fan theories and speculation.",
    ),
    (
        PREDICTIONS_BOARD,
        "Predictions",
        "Guesses about an episode, sealed until you have watched it.",
    ),
];

fn show_from(r: &AnyRow) -> Result<Show, sqlx::Error> {
    show_from_at(r, 0)
}

/// A show from the five columns starting at `at`.
fn show_from_at(r: &AnyRow, at: usize) -> Result<Show, sqlx::Error> {
    Ok(Show {
        id: r.try_get(at)?,
        slug: r.try_get(at + 1)?,
        title: r.try_get(at + 2)?,
        synopsis: r.try_get(at + 3)?,
        spoiler_delay_days: r.try_get(at + 4)?,
    })
}

/// A show by its slug with its episode `code` when it has one, in one query.
pub async fn show_episode(
    db: &Db,
    slug: &str,
    code: &str,
) -> Result<Option<(Show, Option<Episode>)>, sqlx::Error> {
    use super::episodes::{episode_from, EPISODE_COLS};
    let Some(r) = sqlx::query(&format!(
        "SELECT {EPISODE_COLS}, sh2.id, sh2.slug, sh2.title, sh2.synopsis, sh2.spoiler_delay_days \
         FROM shows sh2 LEFT JOIN episodes e ON e.show_id = sh2.id AND e.code = $2 \
         LEFT JOIN seasons s ON s.id = e.season_id WHERE sh2.slug = $1"
    ))
    .bind(slug)
    .bind(code)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let episode = match r.try_get::<Option<i64>, _>(0)? {
        Some(_) => Some(episode_from(&r)?),
        None => None,
    };
    Ok(Some((show_from_at(&r, 11)?, episode)))
}

fn board_from(r: &AnyRow) -> Result<Board, sqlx::Error> {
    Ok(Board {
        id: r.try_get(0)?,
        show_id: r.try_get(1)?,
        slug: r.try_get(2)?,
        name: r.try_get(3)?,
        description: r.try_get(4)?,
    })
}

/// Every show by title, as one row of JSON (`json_rows`): the home lists the whole catalogue.
pub async fn list_shows(db: &Db) -> Result<Vec<Show>, sqlx::Error> {
    let sql = super::json_rows::select(
        db.backend,
        "id, slug, title, synopsis, spoiler_delay_days",
        "title",
        "FROM shows",
    );
    let json: String = sqlx::query(&sql).fetch_one(&db.pool).await?.try_get(0)?;
    let rows: Vec<(i64, String, String, String, Option<i64>)> = super::json_rows::decode(&json)?;
    Ok(rows
        .into_iter()
        .map(|(id, slug, title, synopsis, spoiler_delay_days)| Show {
            id,
            slug,
            title,
            synopsis,
            spoiler_delay_days,
        })
        .collect())
}

pub async fn show_by_slug(db: &Db, slug: &str) -> Result<Option<Show>, sqlx::Error> {
    sqlx::query("SELECT id, slug, title, synopsis, spoiler_delay_days FROM shows WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(show_from)
        .transpose()
}

/// A show by its slug with its boards in order, in one query (a row per board).
pub async fn show_with_boards(
    db: &Db,
    slug: &str,
) -> Result<Option<(Show, Vec<Board>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT sh.id, sh.slug, sh.title, sh.synopsis, sh.spoiler_delay_days, \
           b.id, b.show_id, b.slug, b.name, b.description \
         FROM shows sh LEFT JOIN boards b ON b.show_id = sh.id \
         WHERE sh.slug = $1 ORDER BY b.position, b.id",
    )
    .bind(slug)
    .fetch_all(&db.pool)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let show = show_from(first)?;
    let mut boards = Vec::with_capacity(rows.len());
    for r in &rows {
        if r.try_get::<Option<i64>, _>(5)?.is_some() {
            boards.push(Board {
                id: r.try_get(5)?,
                show_id: r.try_get(6)?,
                slug: r.try_get(7)?,
                name: r.try_get(8)?,
                description: r.try_get(9)?,
            });
        }
    }
    Ok(Some((show, boards)))
}

pub async fn show_by_id(db: &Db, id: i64) -> Result<Option<Show>, sqlx::Error> {
    sqlx::query("SELECT id, slug, title, synopsis, spoiler_delay_days FROM shows WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(show_from)
        .transpose()
}

pub async fn show_count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM shows")
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

/// Inserts or updates a show by slug and makes sure its default boards exist.
pub async fn upsert_show(
    tx: &mut Tx,
    slug: &str,
    title: &str,
    synopsis: &str,
) -> Result<i64, sqlx::Error> {
    let on_conflict =
        "ON CONFLICT (slug) DO UPDATE SET title = excluded.title, synopsis = excluded.synopsis";
    write_show(tx, (slug, title, synopsis), on_conflict).await
}

/// Inserts a new show with its default boards; a taken slug fails as a unique violation.
pub async fn insert_show(
    tx: &mut Tx,
    slug: &str,
    title: &str,
    synopsis: &str,
) -> Result<i64, sqlx::Error> {
    write_show(tx, (slug, title, synopsis), "").await
}

/// Writes a show row (what a taken slug does is `on_conflict`) and its default boards.
async fn write_show(
    tx: &mut Tx,
    (slug, title, synopsis): (&str, &str, &str),
    on_conflict: &str,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query(&format!(
        "INSERT INTO shows (slug, title, synopsis, created_at) VALUES ($1, $2, $3, $4) \
         {on_conflict} RETURNING id"
    ))
    .bind(slug)
    .bind(title)
    .bind(synopsis)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    add_default_boards(tx, id).await?;
    Ok(id)
}

async fn add_default_boards(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    for (pos, (bslug, name, desc)) in DEFAULT_BOARDS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO boards (show_id, slug, name, description, position) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (show_id, slug) DO NOTHING",
        )
        .bind(id)
        .bind(*bslug)
        .bind(*name)
        .bind(*desc)
        .bind(pos as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn create_board(
    db: &Db,
    show_id: i64,
    slug: &str,
    name: &str,
    description: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO boards (show_id, slug, name, description, position) \
         VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(position), 0) + 1 FROM boards WHERE show_id = $1)) \
         RETURNING id",
    )
    .bind(show_id)
    .bind(slug)
    .bind(name)
    .bind(description)
    .fetch_one(db.writes())
    .await?
    .try_get(0)
}

pub async fn boards(db: &Db, show_id: i64) -> Result<Vec<Board>, sqlx::Error> {
    sqlx::query(
        "SELECT id, show_id, slug, name, description FROM boards WHERE show_id = $1 ORDER BY position, id",
    )
    .bind(show_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(board_from)
    .collect()
}

pub async fn board_by_slug(
    db: &Db,
    show_id: i64,
    slug: &str,
) -> Result<Option<Board>, sqlx::Error> {
    sqlx::query(
        "SELECT id, show_id, slug, name, description FROM boards WHERE show_id = $1 AND slug = $2",
    )
    .bind(show_id)
    .bind(slug)
    .fetch_optional(&db.pool)
    .await?
    .as_ref()
    .map(board_from)
    .transpose()
}

pub async fn board_id_in_tx(tx: &mut Tx, show_id: i64, slug: &str) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT id FROM boards WHERE show_id = $1 AND slug = $2")
        .bind(show_id)
        .bind(slug)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)
}

/// Days after the earliest air date an episode counts as aired in regions without a date.
pub async fn set_spoiler_delay(
    tx: &mut Tx,
    show_id: i64,
    days: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE shows SET spoiler_delay_days = $1 WHERE id = $2")
        .bind(days)
        .bind(show_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
