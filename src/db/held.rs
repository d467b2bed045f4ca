//! Posts and threads a word filter held for review, for the moderators' queue.
use sqlx::Row;

use super::pool::Db;

pub struct HeldRow {
    pub post_id: i64,
    pub thread_id: i64,
    pub position: i64,
    pub show_slug: String,
    pub thread_title: String,
    pub author: Option<String>,
    pub body_src: String,
}

/// Held, not deleted, not removed posts of the given shows (all shows for `None`), oldest
/// first: the queue is worked in the order it filled.
pub async fn held_posts(
    db: &Db,
    shows: Option<&[i64]>,
    limit: i64,
) -> Result<Vec<HeldRow>, sqlx::Error> {
    // Integers only are inlined, so any number of shows needs no binds.
    let scope = match shows {
        None => "1 = 1".to_string(),
        Some([]) => "1 = 0".to_string(),
        Some(ids) => {
            let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
            format!("t.show_id IN ({})", list.join(","))
        }
    };
    sqlx::query(&format!(
        "SELECT p.id, t.id, p.position, sh.slug, t.title, u.username, p.body_src FROM posts p \
         JOIN threads t ON t.id = p.thread_id JOIN shows sh ON sh.id = t.show_id \
         LEFT JOIN users u ON u.id = p.author_id \
         WHERE p.held = 1 AND p.deleted = 0 AND p.removed_reason IS NULL AND {scope} \
         ORDER BY p.id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(HeldRow {
            post_id: r.try_get(0)?,
            thread_id: r.try_get(1)?,
            position: r.try_get(2)?,
            show_slug: r.try_get(3)?,
            thread_title: r.try_get(4)?,
            author: r.try_get(5)?,
            body_src: r.try_get(6)?,
        })
    })
    .collect()
}
