//! Predictions' outcomes and the per-show leaderboard. Which threads are predictions is their
//! board's (`catalog::PREDICTIONS_BOARD`); this table only holds how each one turned out.
use sqlx::Row;

use super::catalog::PREDICTIONS_BOARD;
use super::pool::{Db, Tx};

/// Marks (or marks again) how a prediction turned out: `right`, `wrong` or `partly`.
pub async fn set_outcome(
    tx: &mut Tx,
    thread_id: i64,
    outcome: &str,
    marked_by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO prediction_outcomes (thread_id, outcome, marked_by, marked_at) \
         VALUES ($1, $2, $3, $4) \
         ON CONFLICT (thread_id) DO UPDATE SET outcome = excluded.outcome, \
         marked_by = excluded.marked_by, marked_at = excluded.marked_at",
    )
    .bind(thread_id)
    .bind(outcome)
    .bind(marked_by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// How a prediction was marked, if it was.
pub async fn outcome(db: &Db, thread_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT outcome FROM prediction_outcomes WHERE thread_id = $1")
        .bind(thread_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

/// One author's marked predictions on a show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaderRow {
    pub author: String,
    pub right: i64,
    pub partly: i64,
    pub wrong: i64,
}

/// Authors of a show's marked predictions, most right first (then most partly right, then
/// fewest wrong). Removed and held predictions do not count.
pub async fn leaderboard(db: &Db, show_id: i64, limit: i64) -> Result<Vec<LeaderRow>, sqlx::Error> {
    sqlx::query(
        "SELECT u.username, \
                COUNT(CASE WHEN o.outcome = 'right' THEN 1 END), \
                COUNT(CASE WHEN o.outcome = 'partly' THEN 1 END), \
                COUNT(CASE WHEN o.outcome = 'wrong' THEN 1 END) \
         FROM prediction_outcomes o JOIN threads t ON t.id = o.thread_id \
         JOIN boards b ON b.id = t.board_id JOIN users u ON u.id = t.author_id \
         WHERE t.show_id = $1 AND b.slug = $2 AND t.episode_id IS NOT NULL \
           AND t.removed_reason IS NULL AND t.held = 0 \
         GROUP BY u.id, u.username \
         ORDER BY 2 DESC, 3 DESC, 4 ASC, u.username \
         LIMIT $3",
    )
    .bind(show_id)
    .bind(PREDICTIONS_BOARD)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(LeaderRow {
            author: r.try_get(0)?,
            right: r.try_get(1)?,
            partly: r.try_get(2)?,
            wrong: r.try_get(3)?,
        })
    })
    .collect()
}
