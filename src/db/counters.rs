//! Fixed-window counters behind the abuse limits. Each `hit` is one atomic upsert, so two
//! nodes or two requests at once can never both see room under a limit.
use sqlx::Row;

use super::pool::Db;

/// Counts one event under `key` and returns the count in the current window of
/// `window_ms` (this event included). A window that has passed starts again at 1.
pub async fn hit(db: &Db, key: &str, window_ms: i64, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO rate_counters (key, window_start, count, last_at) VALUES ($1, $2, 1, $2) \
         ON CONFLICT (key) DO UPDATE SET \
           count = CASE WHEN rate_counters.window_start <= $2 - $3 THEN 1 ELSE rate_counters.count + 1 END, \
           window_start = CASE WHEN rate_counters.window_start <= $2 - $3 THEN $2 ELSE rate_counters.window_start END, \
           last_at = $2 \
         RETURNING count",
    )
    .bind(key)
    .bind(now)
    .bind(window_ms)
    .fetch_one(db.writes())
    .await?
    .try_get(0)
}

/// Takes back one counted event (a login that turned out right is no failure).
pub async fn refund(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE rate_counters SET count = count - 1 WHERE key = $1 AND count > 0")
        .bind(key)
        .execute(db.writes())
        .await?;
    Ok(())
}

/// Drops counters untouched since `before` (their windows are long over).
pub async fn purge(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM rate_counters WHERE last_at < $1")
        .bind(before)
        .execute(db.writes())
        .await?
        .rows_affected())
}

/// Like `hit`, also returning when the current window started (so a refusal can say how
/// long until the next window opens).
pub async fn hit_window(
    db: &Db,
    key: &str,
    window_ms: i64,
    now: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO rate_counters (key, window_start, count, last_at) VALUES ($1, $2, 1, $2) \
         ON CONFLICT (key) DO UPDATE SET \
           count = CASE WHEN rate_counters.window_start <= $2 - $3 THEN 1 ELSE rate_counters.count + 1 END, \
           window_start = CASE WHEN rate_counters.window_start <= $2 - $3 THEN $2 ELSE rate_counters.window_start END, \
           last_at = $2 \
         RETURNING count, window_start",
    )
    .bind(key)
    .bind(now)
    .bind(window_ms)
    .fetch_one(db.writes())
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}
