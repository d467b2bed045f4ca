//! Watch progress.
use super::pool::Db;
use crate::time_util::now_ms;

pub async fn mark(db: &Db, user_id: i64, episode_ids: &[i64]) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for id in episode_ids {
        sqlx::query("INSERT INTO watched (user_id, episode_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_id, episode_id) DO NOTHING")
            .bind(user_id)
            .bind(id)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

pub async fn unmark(db: &Db, user_id: i64, episode_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM watched WHERE user_id = $1 AND episode_id = $2")
        .bind(user_id)
        .bind(episode_id)
        .execute(db.writes())
        .await?;
    Ok(())
}

/// The account's time zone (an IANA name already checked); None = automatic.
pub async fn set_time_zone(db: &Db, user_id: i64, zone: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET time_zone = $1 WHERE id = $2")
        .bind(zone)
        .bind(user_id)
        .execute(db.writes())
        .await?;
    Ok(())
}

pub async fn set_region(db: &Db, user_id: i64, region: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET region = $1 WHERE id = $2")
        .bind(region)
        .bind(user_id)
        .execute(db.writes())
        .await?;
    Ok(())
}
