//! Episode ratings: one row per (episode, user), with the rater's region at rating time.
use sqlx::any::AnyRow;
use sqlx::Row;

use super::pool::Db;

/// Stores the user's score for the episode, replacing any earlier one (its region too: the
/// rating counts where the rater is now).
pub async fn rate(
    db: &Db,
    episode_id: i64,
    user_id: i64,
    score: i64,
    region: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO episode_ratings (episode_id, user_id, score, region, rated_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (episode_id, user_id) DO UPDATE \
         SET score = excluded.score, region = excluded.region, rated_at = excluded.rated_at",
    )
    .bind(episode_id)
    .bind(user_id)
    .bind(score)
    .bind(region)
    .bind(now)
    .execute(db.writes())
    .await?;
    Ok(())
}

/// How many ratings and their sum, for one group (an episode, or one region of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub count: i64,
    pub sum: i64,
}

/// The user's own score of the episode, if they gave one.
pub async fn mine(db: &Db, episode_id: i64, user_id: i64) -> Result<Option<i64>, sqlx::Error> {
    let row =
        sqlx::query("SELECT score FROM episode_ratings WHERE episode_id = $1 AND user_id = $2")
            .bind(episode_id)
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?;
    row.map(|r| r.try_get(0)).transpose()
}

/// A `key, count, sum` row: a tally and what it is grouped by.
fn keyed_tally<K>(r: &AnyRow) -> Result<(K, Tally), sqlx::Error>
where
    K: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    Ok((
        r.try_get(0)?,
        Tally {
            count: r.try_get(1)?,
            sum: r.try_get(2)?,
        },
    ))
}

/// One episode's tallies per region, by region code.
pub async fn by_region(db: &Db, episode_id: i64) -> Result<Vec<(String, Tally)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT region, COUNT(*), CAST(SUM(score) AS BIGINT) FROM episode_ratings \
         WHERE episode_id = $1 GROUP BY region ORDER BY region",
    )
    .bind(episode_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(keyed_tally).collect()
}

/// The tallies of several episodes in one query (episodes nobody rated are left out).
pub async fn by_episode(db: &Db, episode_ids: &[i64]) -> Result<Vec<(i64, Tally)>, sqlx::Error> {
    if episode_ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=episode_ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT episode_id, COUNT(*), CAST(SUM(score) AS BIGINT) FROM episode_ratings \
         WHERE episode_id IN ({}) GROUP BY episode_id",
        marks.join(", ")
    );
    let mut q = sqlx::query(&sql);
    for id in episode_ids {
        q = q.bind(*id);
    }
    q.fetch_all(&db.pool)
        .await?
        .iter()
        .map(keyed_tally)
        .collect()
}
