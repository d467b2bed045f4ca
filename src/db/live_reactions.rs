//! Reactions sent in live rooms and parties, and their per-minute tallies.
use sqlx::Row;

use super::pool::Db;

pub struct NewReaction<'a> {
    pub episode_id: i64,
    pub room: &'a str,
    pub user_id: i64,
    pub reaction: &'a str,
    pub region: &'a str,
    pub offset_ms: Option<i64>,
    pub created_at: i64,
}

pub async fn insert(db: &Db, r: &NewReaction<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO episode_reactions \
         (episode_id, room, user_id, reaction, region, offset_ms, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(r.episode_id)
    .bind(r.room)
    .bind(r.user_id)
    .bind(r.reaction)
    .bind(r.region)
    .bind(r.offset_ms)
    .bind(r.created_at)
    .execute(db.writes())
    .await?;
    Ok(())
}

/// How many of one reaction came from one region in one minute of the episode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub region: String,
    pub minute: i64,
    pub reaction: String,
    pub count: i64,
}

/// The episode's reactions per region, minute and reaction, for offsets in
/// `0..before_ms` (later ones, from rooms left open for days, are no part of the episode).
pub async fn buckets(db: &Db, episode_id: i64, before_ms: i64) -> Result<Vec<Bucket>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT region, offset_ms / 60000, reaction, COUNT(*) FROM episode_reactions \
         WHERE episode_id = $1 AND offset_ms >= 0 AND offset_ms < $2 \
         GROUP BY region, offset_ms / 60000, reaction ORDER BY 1, 2, 3",
    )
    .bind(episode_id)
    .bind(before_ms)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Bucket {
                region: r.try_get(0)?,
                minute: r.try_get(1)?,
                reaction: r.try_get(2)?,
                count: r.try_get(3)?,
            })
        })
        .collect()
}
