//! What users follow: shows, boards, threads and watch parties. A muted
//! row is an explicit unfollow, kept so that replying again does not follow the thread anew.
use sqlx::Row;

use super::pool::{Db, Tx};
use crate::time_util::now_ms;

/// Follows (or, with `muted`, unfollows) a target, replacing whatever was recorded.
pub async fn set<'c, E>(
    exec: E,
    user_id: i64,
    kind: &str,
    target_id: i64,
    muted: bool,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO follows (user_id, kind, target_id, muted, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (user_id, kind, target_id) DO UPDATE SET muted = $4",
    )
    .bind(user_id)
    .bind(kind)
    .bind(target_id)
    .bind(muted as i64)
    .bind(now_ms())
    .execute(exec)
    .await?;
    Ok(())
}

/// Follows the thread for its author unless they turned auto-follow off or unfollowed it
/// before (a muted row stays as it is).
pub async fn auto_follow_thread(
    tx: &mut Tx,
    user_id: i64,
    thread_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO follows (user_id, kind, target_id, muted, created_at) \
         SELECT id, 'thread', $2, 0, $3 FROM users WHERE id = $1 AND auto_follow = 1 \
         ON CONFLICT (user_id, kind, target_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(thread_id)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether the user follows the target (an unfollow counts as not following).
pub async fn follows(
    db: &Db,
    user_id: i64,
    kind: &str,
    target_id: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT 1 FROM follows WHERE user_id = $1 AND kind = $2 AND target_id = $3 AND muted = 0",
    )
    .bind(user_id)
    .bind(kind)
    .bind(target_id)
    .fetch_optional(&db.pool)
    .await?
    .is_some())
}

pub async fn auto_follow(db: &Db, user_id: i64) -> Result<bool, sqlx::Error> {
    let on: Option<i64> = sqlx::query("SELECT auto_follow FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
    Ok(on.unwrap_or(1) != 0)
}

/// Users by lowercase name, for mentions: (id, name as registered, lowercase name).
pub async fn users_named<'c, E>(
    exec: E,
    lower_names: &[String],
) -> Result<Vec<(i64, String, String)>, sqlx::Error>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    if lower_names.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=lower_names.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT id, username, username_lower FROM users WHERE username_lower IN ({})",
        marks.join(",")
    );
    let mut q = sqlx::query(&sql);
    for n in lower_names {
        q = q.bind(n);
    }
    q.fetch_all(exec)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect()
}
