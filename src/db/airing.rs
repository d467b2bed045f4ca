//! Episodes by air date, for "live now" lists.
use sqlx::Row;

use super::pool::Db;

pub struct AiringRow {
    pub show_slug: String,
    pub show_title: String,
    pub code: String,
    pub title: String,
}

/// Episodes airing in `region`: a bare air date equal to `date` (YYYY-MM-DD), or an air time
/// in `(after, until]` (unix ms).
pub async fn airing_on(
    db: &Db,
    region: &str,
    date: &str,
    after: i64,
    until: i64,
) -> Result<Vec<AiringRow>, sqlx::Error> {
    sqlx::query(
        "SELECT sh.slug, sh.title, e.code, e.title FROM episode_air_dates d JOIN episodes e ON e.id = d.episode_id \
         JOIN shows sh ON sh.id = e.show_id WHERE d.region = $1 \
         AND ((d.air_at IS NULL AND d.air_date = $2) OR (d.air_at > $3 AND d.air_at <= $4)) \
         ORDER BY sh.title, e.code",
    )
    .bind(region)
    .bind(date)
    .bind(after)
    .bind(until)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(AiringRow {
            show_slug: r.try_get(0)?,
            show_title: r.try_get(1)?,
            code: r.try_get(2)?,
            title: r.try_get(3)?,
        })
    })
    .collect()
}
