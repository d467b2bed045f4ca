//! Reactions on posts: one row per (post, user, reaction).
use sqlx::Row;

use super::pool::Db;

/// Adds the reaction when the user has not given it, removes it when they have; returns
/// whether it is there now. One transaction, so the delete and the insert see one state.
pub async fn toggle(
    db: &Db,
    post_id: i64,
    user_id: i64,
    reaction: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let removed = sqlx::query(
        "DELETE FROM post_reactions WHERE post_id = $1 AND user_id = $2 AND reaction = $3",
    )
    .bind(post_id)
    .bind(user_id)
    .bind(reaction)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if removed == 0 {
        sqlx::query(
            "INSERT INTO post_reactions (post_id, user_id, reaction, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (post_id, user_id, reaction) DO NOTHING",
        )
        .bind(post_id)
        .bind(user_id)
        .bind(reaction)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(removed == 0)
}

/// One reaction's tally on one post, and whether `viewer` gave it.
#[derive(Debug, Clone)]
pub struct ReactionCount {
    pub post_id: i64,
    pub reaction: String,
    pub count: i64,
    pub mine: bool,
}

/// The tallies of every post in `post_ids`, in one query. `viewer` 0 is nobody.
pub async fn counts(
    db: &Db,
    post_ids: &[i64],
    viewer: i64,
) -> Result<Vec<ReactionCount>, sqlx::Error> {
    if post_ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (0..post_ids.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT post_id, reaction, COUNT(*), SUM(CASE WHEN user_id = $1 THEN 1 ELSE 0 END) \
         FROM post_reactions WHERE post_id IN ({}) GROUP BY post_id, reaction",
        marks.join(", ")
    );
    let mut q = sqlx::query(&sql).bind(viewer);
    for id in post_ids {
        q = q.bind(*id);
    }
    q.fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(ReactionCount {
                post_id: r.try_get(0)?,
                reaction: r.try_get(1)?,
                count: r.try_get(2)?,
                mine: r.try_get::<i64, _>(3)? > 0,
            })
        })
        .collect()
}
