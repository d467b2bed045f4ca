//! Batch lookups the visibility gate needs to judge search hits: which episodes each found
//! item is about, in one query for a whole page of hits.
use std::collections::HashMap;

use sqlx::Row;

use super::pool::Db;
use super::room_sql::ROOM_EPISODE_JOIN;

/// The column holding the thread's id when it is a prediction (on the Predictions board,
/// about an episode). The board's slug is a constant without quotes, safe to inline.
fn prediction_column() -> String {
    format!(
        "CASE WHEN b.slug = '{}' AND t.episode_id IS NOT NULL THEN t.id END",
        super::catalog::PREDICTIONS_BOARD
    )
}

/// The kinds of indexed rows whose episodes `hit_episodes` finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HitRow {
    Thread(i64),
    Post(i64),
    Chat(i64),
}

/// What the gate needs to know about one found row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HitAbout {
    /// The episodes it may spoil.
    pub episodes: Vec<i64>,
    /// Its thread, when that thread is on a Predictions board (its seal is judged too).
    pub prediction: Option<i64>,
}

/// For each row: the episodes it may spoil (its thread's episode tag and "spoils up to" for
/// threads and posts, the room's episode for chat messages) and whether its thread is a
/// prediction. Rows that no longer exist (and chat in a room of no episode) are left out.
pub async fn hit_episodes(
    db: &Db,
    rows: &[HitRow],
) -> Result<HashMap<HitRow, HitAbout>, sqlx::Error> {
    let list = |pick: fn(&HitRow) -> Option<i64>| -> Option<String> {
        let ids: Vec<String> = rows
            .iter()
            .filter_map(pick)
            .map(|i| i.to_string())
            .collect();
        (!ids.is_empty()).then(|| ids.join(","))
    };
    // Integers only are inlined, so the query needs no binds however many hits there are.
    let prediction = prediction_column();
    let mut parts = Vec::new();
    if let Some(ids) = list(|r| match r {
        HitRow::Thread(id) => Some(*id),
        _ => None,
    }) {
        parts.push(format!(
            "SELECT CAST(1 AS BIGINT), t.id, t.episode_id, t.spoils_up_to, {prediction} \
             FROM threads t JOIN boards b ON b.id = t.board_id WHERE t.id IN ({ids})"
        ));
    }
    if let Some(ids) = list(|r| match r {
        HitRow::Post(id) => Some(*id),
        _ => None,
    }) {
        parts.push(format!(
            "SELECT CAST(2 AS BIGINT), p.id, t.episode_id, t.spoils_up_to, {prediction} FROM posts p \
             JOIN threads t ON t.id = p.thread_id JOIN boards b ON b.id = t.board_id WHERE p.id IN ({ids})"
        ));
    }
    if let Some(ids) = list(|r| match r {
        HitRow::Chat(id) => Some(*id),
        _ => None,
    }) {
        parts.push(format!(
            "SELECT CAST(3 AS BIGINT), m.id, e.id, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT) \
             FROM chat_messages m {ROOM_EPISODE_JOIN} WHERE m.id IN ({ids})"
        ));
    }
    let mut found = HashMap::new();
    if parts.is_empty() {
        return Ok(found);
    }
    for r in sqlx::query(&parts.join(" UNION ALL "))
        .fetch_all(&db.pool)
        .await?
    {
        let kind: i64 = r.try_get(0)?;
        let id: i64 = r.try_get(1)?;
        let key = match kind {
            1 => HitRow::Thread(id),
            2 => HitRow::Post(id),
            _ => HitRow::Chat(id),
        };
        let episodes: Vec<i64> = [r.try_get::<Option<i64>, _>(2)?, r.try_get(3)?]
            .into_iter()
            .flatten()
            .collect();
        let prediction = r.try_get::<Option<i64>, _>(4)?;
        found.insert(
            key,
            HitAbout {
                episodes,
                prediction,
            },
        );
    }
    Ok(found)
}
