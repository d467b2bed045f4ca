//! The search outbox, synonym settings, and the rows search documents are built from
//! (`search::docs` builds them).
use sqlx::any::AnyRow;
use sqlx::Row;

use super::pool::{Db, Tx};
use super::room_sql::ROOM_EPISODE_JOIN;
use crate::domain::{DocKind, Synonyms};
use crate::time_util::now_ms;

/// Queues an index update for `doc_id` in the caller's transaction.
pub async fn enqueue(tx: &mut Tx, show_id: i64, doc_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO search_outbox (doc_id, show_id, created_at) VALUES ($1, $2, $3)")
        .bind(doc_id)
        .bind(show_id)
        .bind(now_ms())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub struct OutboxRow {
    pub id: i64,
    pub doc_id: String,
    pub show_id: i64,
}

pub async fn pending(db: &Db, limit: i64) -> Result<Vec<OutboxRow>, sqlx::Error> {
    sqlx::query("SELECT id, doc_id, show_id FROM search_outbox ORDER BY id LIMIT $1")
        .bind(limit)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(OutboxRow {
                id: r.try_get(0)?,
                doc_id: r.try_get(1)?,
                show_id: r.try_get(2)?,
            })
        })
        .collect()
}

/// Removes handled rows (every row up to `max_id` that was in the handled batch).
pub async fn done(db: &Db, ids: &[i64]) -> Result<(), sqlx::Error> {
    for chunk in ids.chunks(500) {
        let list = chunk
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        sqlx::query(&format!("DELETE FROM search_outbox WHERE id IN ({list})"))
            .execute(db.writes())
            .await?;
    }
    Ok(())
}

pub async fn outbox_len(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM search_outbox")
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

/// Rows waiting in the outbox and when the oldest was queued (ms), for `/metrics`. The
/// oldest is found through the primary key (rows are drained in id order), not a scan.
pub async fn outbox_backlog(db: &Db) -> Result<(i64, Option<i64>), sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM search_outbox), \
                (SELECT created_at FROM search_outbox ORDER BY id LIMIT 1)",
    )
    .fetch_one(&db.pool)
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

pub async fn synonyms(db: &Db, show_id: i64) -> Result<Synonyms, sqlx::Error> {
    let row = sqlx::query("SELECT groups_json FROM show_synonyms WHERE show_id = $1")
        .bind(show_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row
        .and_then(|r| r.try_get::<String, _>(0).ok())
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

pub async fn all_synonyms(db: &Db) -> Result<Vec<(i64, Synonyms)>, sqlx::Error> {
    let rows = sqlx::query("SELECT show_id, groups_json FROM show_synonyms")
        .fetch_all(&db.pool)
        .await?;
    let mut out = Vec::new();
    for r in rows {
        let groups: Synonyms =
            serde_json::from_str(&r.try_get::<String, _>(1)?).unwrap_or_default();
        out.push((r.try_get(0)?, groups));
    }
    Ok(out)
}

pub async fn set_synonyms(db: &Db, show_id: i64, groups: &Synonyms) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(groups).unwrap_or_else(|_| "[]".into());
    sqlx::query(
        "INSERT INTO show_synonyms (show_id, groups_json) VALUES ($1, $2) \
         ON CONFLICT (show_id) DO UPDATE SET groups_json = excluded.groups_json",
    )
    .bind(show_id)
    .bind(json)
    .execute(db.writes())
    .await?;
    Ok(())
}

/// SQL that yields documents of one kind; `{cond}` selects rows (by id or id range + show).
fn doc_sql(kind: DocKind, cond: &str) -> String {
    match kind {
        DocKind::Thread => format!(
            "SELECT t.id, sh.id, sh.slug, sh.title, se.number, e.code, b.slug, u.username, t.title, \
             COALESCE(p.body_src, ''), t.created_at, 0, t.lang \
             FROM threads t JOIN shows sh ON sh.id = t.show_id JOIN boards b ON b.id = t.board_id \
             LEFT JOIN episodes e ON e.id = t.episode_id LEFT JOIN seasons se ON se.id = e.season_id \
             LEFT JOIN users u ON u.id = t.author_id \
             LEFT JOIN posts p ON p.thread_id = t.id AND p.position = 1 AND p.deleted = 0 AND p.removed_reason IS NULL \
             WHERE t.removed_reason IS NULL AND t.held = 0 AND {cond} ORDER BY t.id"
        ),
        DocKind::Post => format!(
            "SELECT p.id, sh.id, sh.slug, sh.title, se.number, e.code, b.slug, u.username, t.title, \
             p.body_src, p.created_at, p.position * 1000000000 + t.id, p.lang \
             FROM posts p JOIN threads t ON t.id = p.thread_id JOIN shows sh ON sh.id = t.show_id \
             JOIN boards b ON b.id = t.board_id LEFT JOIN episodes e ON e.id = t.episode_id \
             LEFT JOIN seasons se ON se.id = e.season_id LEFT JOIN users u ON u.id = p.author_id \
             WHERE p.position > 1 AND p.deleted = 0 AND p.removed_reason IS NULL AND p.held = 0 \
             AND t.removed_reason IS NULL AND t.held = 0 AND {cond} ORDER BY p.id"
        ),
        DocKind::Episode => format!(
            "SELECT e.id, sh.id, sh.slug, sh.title, se.number, e.code, NULL, NULL, e.title, e.synopsis, 0, 0, NULL \
             FROM episodes e JOIN shows sh ON sh.id = e.show_id JOIN seasons se ON se.id = e.season_id \
             WHERE {cond} ORDER BY e.id"
        ),
        DocKind::Chat => format!(
            "SELECT m.id, sh.id, sh.slug, sh.title, se.number, e.code, NULL, m.username, m.room, m.body, m.created_at, 0, NULL \
             FROM chat_messages m {ROOM_EPISODE_JOIN} \
             JOIN shows sh ON sh.id = e.show_id JOIN seasons se ON se.id = e.season_id \
             WHERE m.deleted = 0 AND {cond} ORDER BY m.id"
        ),
    }
}

fn id_column(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Thread => "t.id",
        DocKind::Post => "p.id",
        DocKind::Episode => "e.id",
        DocKind::Chat => "m.id",
    }
}

/// The columns of one searchable item, as stored.
#[derive(Debug, Clone)]
pub struct DocRow {
    pub kind: DocKind,
    pub id: i64,
    pub show_id: i64,
    pub show_slug: String,
    pub show_title: String,
    pub season: Option<i64>,
    pub episode_code: Option<String>,
    pub board: Option<String>,
    pub author: Option<String>,
    /// The thread's or episode's title; for chat, the room name.
    pub title: String,
    /// Markdown source for threads and posts, plain text for episodes and chat.
    pub body: String,
    pub created_at: i64,
    /// For a post: its position in its thread and the thread's id; 0 for other kinds.
    pub position: i64,
    pub thread_id: i64,
    /// A thread's or post's language; None for other kinds and when unknown.
    pub lang: Option<String>,
}

fn doc_row(kind: DocKind, r: &AnyRow) -> Result<DocRow, sqlx::Error> {
    // The SQL packs a post's position and thread id into one column, so that every kind
    // yields the same columns.
    let extra: i64 = r.try_get(11)?;
    Ok(DocRow {
        kind,
        id: r.try_get(0)?,
        show_id: r.try_get(1)?,
        show_slug: r.try_get(2)?,
        show_title: r.try_get(3)?,
        season: r.try_get(4)?,
        episode_code: r.try_get(5)?,
        board: r.try_get(6)?,
        author: r.try_get(7)?,
        title: r.try_get(8)?,
        body: r.try_get(9)?,
        created_at: r.try_get(10)?,
        position: extra / 1_000_000_000,
        thread_id: extra % 1_000_000_000,
        lang: r.try_get(12)?,
    })
}

/// The item of `kind` with row id `id`, or None if it no longer exists or is hidden
/// (deleted, removed, held).
pub async fn doc_row_by_id(db: &Db, kind: DocKind, id: i64) -> Result<Option<DocRow>, sqlx::Error> {
    let sql = doc_sql(kind, &format!("{} = $1", id_column(kind)));
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(|r| doc_row(kind, r))
        .transpose()
}

/// A page of items of one kind (optionally of one show), row ids above `after`.
pub async fn doc_rows_page(
    db: &Db,
    kind: DocKind,
    show_id: Option<i64>,
    after: i64,
    limit: i64,
) -> Result<Vec<DocRow>, sqlx::Error> {
    let cond = format!("{} > $1 AND ($2 = 0 OR sh.id = $2)", id_column(kind));
    let sql = format!("{} LIMIT $3", doc_sql(kind, &cond));
    sqlx::query(&sql)
        .bind(after)
        .bind(show_id.unwrap_or(0))
        .bind(limit)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| doc_row(kind, r))
        .collect()
}

/// How many documents `reindex` will write (for the progress bar).
pub async fn count_docs(db: &Db, show_id: Option<i64>) -> Result<i64, sqlx::Error> {
    let show = show_id.unwrap_or(0);
    let mut total = 0;
    for sql in [
        "SELECT COUNT(*) FROM threads WHERE $1 = 0 OR show_id = $1",
        "SELECT COUNT(*) FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.position > 1 AND p.deleted = 0 AND ($1 = 0 OR t.show_id = $1)",
        "SELECT COUNT(*) FROM episodes WHERE $1 = 0 OR show_id = $1",
        "SELECT COUNT(*) FROM chat_messages WHERE deleted = 0",
    ] {
        let n: i64 = sqlx::query(sql).bind(show).fetch_one(&db.pool).await?.try_get(0)?;
        total += n;
    }
    Ok(total)
}
