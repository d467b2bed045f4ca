//! Batch lookups the visibility gate needs to judge search hits: which episodes each found
//! item is about, in one query for a whole page of hits.
use std::collections::HashMap;

use sqlx::Row;

use super::pool::Db;
use super::room_sql::ROOM_EPISODE_JOIN;

/// The kinds of indexed rows whose episodes `hit_episodes` finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HitRow {
    Thread(i64),
    Post(i64),
    Chat(i64),
}

/// For each row: the episodes it may spoil (its thread's episode tag and "spoils up to" for
/// threads and posts, the room's episode for chat messages). Rows that no longer exist (and
/// chat in a room of no episode) are left out.
pub async fn hit_episodes(
    db: &Db,
    rows: &[HitRow],
) -> Result<HashMap<HitRow, Vec<i64>>, sqlx::Error> {
    let list = |pick: fn(&HitRow) -> Option<i64>| -> Option<String> {
        let ids: Vec<String> = rows
            .iter()
            .filter_map(pick)
            .map(|i| i.to_string())
            .collect();
        (!ids.is_empty()).then(|| ids.join(","))
    };
    // Integers only are inlined, so the query needs no binds however many hits there are.
    let mut parts = Vec::new();
    if let Some(ids) = list(|r| match r {
        HitRow::Thread(id) => Some(*id),
        _ => None,
    }) {
        parts.push(format!(
            "SELECT CAST(1 AS BIGINT), t.id, t.episode_id, t.spoils_up_to FROM threads t WHERE t.id IN ({ids})"
        ));
    }
    if let Some(ids) = list(|r| match r {
        HitRow::Post(id) => Some(*id),
        _ => None,
    }) {
        parts.push(format!(
            "SELECT CAST(2 AS BIGINT), p.id, t.episode_id, t.spoils_up_to FROM posts p \
             JOIN threads t ON t.id = p.thread_id WHERE p.id IN ({ids})"
        ));
    }
    if let Some(ids) = list(|r| match r {
        HitRow::Chat(id) => Some(*id),
        _ => None,
    }) {
        parts.push(format!(
            "SELECT CAST(3 AS BIGINT), m.id, e.id, CAST(NULL AS BIGINT) \
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
        found.insert(key, episodes);
    }
    Ok(found)
}
