//! Threads and posts. A post's `position` is its 1-based index in the thread, so a page of
//! a thread is a range scan on (thread_id, position) however long the thread gets.
use std::sync::Arc;

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{Db, Tx};
use crate::time_util::now_ms;

pub const POSTS_PER_PAGE: i64 = 30;
pub const THREADS_PER_PAGE: i64 = 25;

pub struct NewThread<'a> {
    pub show_id: i64,
    pub board_id: i64,
    pub episode_id: Option<i64>,
    pub author_id: Option<i64>,
    pub title: &'a str,
    pub body_src: &'a str,
    pub body_html: &'a str,
    pub spoils_up_to: Option<i64>,
    pub held: bool,
}

#[derive(Debug, Clone)]
pub struct ThreadSummary {
    pub id: i64,
    /// The title as shown: inline spoilers replaced by "[spoiler]" (titles spoil).
    pub title: String,
    /// The title as written, for the moderators' edit form.
    pub title_src: String,
    pub show_slug: String,
    pub show_title: String,
    pub board_slug: String,
    pub board_name: String,
    pub episode_code: Option<String>,
    pub author: Option<String>,
    pub post_count: i64,
    pub last_post_at: i64,
    pub pinned: bool,
    pub locked: bool,
    pub show_id: i64,
    pub board_id: i64,
    pub episode_id: Option<i64>,
    pub author_id: Option<i64>,
    pub removed_reason: Option<String>,
    pub held: bool,
    pub spoils_up_to: Option<i64>,
    pub spoils_code: Option<String>,
    /// Set by the page for viewers who must not see this thread yet: the shield's label.
    pub shield: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Post {
    pub id: i64,
    pub thread_id: i64,
    pub author_id: Option<i64>,
    pub author: Option<String>,
    pub position: i64,
    pub body_src: String,
    pub body_html: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted: bool,
    pub removed_reason: Option<String>,
    pub held: bool,
}

const SUMMARY_COLS: &str = "t.id, t.title, sh.slug, sh.title, b.slug, b.name, e.code, u.username, \
     t.post_count, t.last_post_at, t.pinned, t.locked, t.show_id, t.board_id, t.episode_id, t.author_id, \
     t.removed_reason, t.held, t.spoils_up_to, sp.code";
const SUMMARY_FROM: &str =
    "threads t JOIN shows sh ON sh.id = t.show_id JOIN boards b ON b.id = t.board_id \
     LEFT JOIN episodes e ON e.id = t.episode_id LEFT JOIN users u ON u.id = t.author_id LEFT JOIN episodes sp ON sp.id = t.spoils_up_to";

fn summary_from(r: &AnyRow) -> Result<ThreadSummary, sqlx::Error> {
    Ok(ThreadSummary {
        id: r.try_get(0)?,
        title: crate::domain::spoiler_markup::strip(&r.try_get::<String, _>(1)?),
        title_src: r.try_get(1)?,
        show_slug: r.try_get(2)?,
        show_title: r.try_get(3)?,
        board_slug: r.try_get(4)?,
        board_name: r.try_get(5)?,
        episode_code: r.try_get(6)?,
        author: r.try_get(7)?,
        post_count: r.try_get(8)?,
        last_post_at: r.try_get(9)?,
        pinned: r.try_get::<i64, _>(10)? != 0,
        locked: r.try_get::<i64, _>(11)? != 0,
        show_id: r.try_get(12)?,
        board_id: r.try_get(13)?,
        episode_id: r.try_get(14)?,
        author_id: r.try_get(15)?,
        removed_reason: r.try_get(16)?,
        held: r.try_get::<i64, _>(17)? != 0,
        spoils_up_to: r.try_get(18)?,
        spoils_code: r.try_get(19)?,
        shield: None,
    })
}

const POST_COLS: &str =
    "p.id, p.thread_id, p.author_id, u.username, p.position, p.body_src, p.body_html, \
     p.created_at, p.edited_at, p.deleted, p.removed_reason, p.held";

fn post_from(r: &AnyRow) -> Result<Post, sqlx::Error> {
    Ok(Post {
        id: r.try_get(0)?,
        thread_id: r.try_get(1)?,
        author_id: r.try_get(2)?,
        author: r.try_get(3)?,
        position: r.try_get(4)?,
        body_src: r.try_get(5)?,
        body_html: r.try_get(6)?,
        created_at: r.try_get(7)?,
        edited_at: r.try_get(8)?,
        deleted: r.try_get::<i64, _>(9)? != 0,
        removed_reason: r.try_get(10)?,
        held: r.try_get::<i64, _>(11)? != 0,
    })
}

/// Creates a thread with its first post; returns (thread id, post id).
pub async fn insert_thread(tx: &mut Tx, t: &NewThread<'_>) -> Result<(i64, i64), sqlx::Error> {
    let now = now_ms();
    let thread_id: i64 = sqlx::query(
        "INSERT INTO threads (show_id, board_id, episode_id, author_id, title, post_count, created_at, last_post_at, held, spoils_up_to) \
         VALUES ($1, $2, $3, $4, $5, 0, $6, $6, $7, $8) RETURNING id",
    )
    .bind(t.show_id)
    .bind(t.board_id)
    .bind(t.episode_id)
    .bind(t.author_id)
    .bind(t.title)
    .bind(now)
    .bind(t.held as i64)
    .bind(t.spoils_up_to)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    let (post_id, _) =
        insert_post(tx, thread_id, t.author_id, t.body_src, t.body_html, t.held).await?;
    super::search::enqueue(tx, t.show_id, &format!("thread-{thread_id}")).await?;
    Ok((thread_id, post_id))
}

/// Appends a post; returns (post id, position). The counter update takes the thread's row
/// lock, so concurrent replies get distinct, gap-free positions.
pub async fn insert_post(
    tx: &mut Tx,
    thread_id: i64,
    author_id: Option<i64>,
    body_src: &str,
    body_html: &str,
    held: bool,
) -> Result<(i64, i64), sqlx::Error> {
    let now = now_ms();
    let row = sqlx::query(
        "UPDATE threads SET post_count = post_count + 1, last_post_at = $2 WHERE id = $1 RETURNING post_count, show_id",
    )
    .bind(thread_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let position: i64 = row.try_get(0)?;
    let show_id: i64 = row.try_get(1)?;
    let post_id: i64 = sqlx::query(
        "INSERT INTO posts (thread_id, author_id, position, body_src, body_html, created_at, held) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(thread_id)
    .bind(author_id)
    .bind(position)
    .bind(body_src)
    .bind(body_html)
    .bind(now)
    .bind(held as i64)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    // The first post is indexed as part of its thread's document.
    if position > 1 {
        super::search::enqueue(tx, show_id, &format!("post-{post_id}")).await?;
    }
    Ok((post_id, position))
}

pub async fn thread(db: &Db, id: i64) -> Result<Option<ThreadSummary>, sqlx::Error> {
    if let Some(t) = db.cache.thread(id) {
        return Ok(Some((*t).clone()));
    }
    let ticket = db.cache.ticket();
    let found = sqlx::query(&format!(
        "SELECT {SUMMARY_COLS} FROM {SUMMARY_FROM} WHERE t.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .as_ref()
    .map(summary_from)
    .transpose()?;
    if let Some(t) = &found {
        db.cache.put_thread(ticket, Arc::new(t.clone()));
    }
    Ok(found)
}

/// One page of a thread (`POSTS_PER_PAGE` posts from position `first`), from the cache when
/// it can. `body_src` is left empty: pages show the HTML, and quoting or editing reads the
/// post itself.
pub async fn thread_page_posts(
    db: &Db,
    thread_id: i64,
    first: i64,
) -> Result<Arc<Vec<Post>>, sqlx::Error> {
    if let Some(p) = db.cache.page(thread_id, first) {
        return Ok(p);
    }
    let ticket = db.cache.ticket();
    let cols = POST_COLS.replace("p.body_src", "''");
    let posts =
        Arc::new(select_range(db, &cols, thread_id, first, first + POSTS_PER_PAGE - 1).await?);
    db.cache.put_page(ticket, thread_id, first, posts.clone());
    Ok(posts)
}

/// Posts with positions in `first..=last`.
pub async fn posts_in_range(
    db: &Db,
    thread_id: i64,
    first: i64,
    last: i64,
) -> Result<Vec<Post>, sqlx::Error> {
    select_range(db, POST_COLS, thread_id, first, last).await
}

async fn select_range(
    db: &Db,
    cols: &str,
    thread_id: i64,
    first: i64,
    last: i64,
) -> Result<Vec<Post>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {cols} FROM posts p LEFT JOIN users u ON u.id = p.author_id \
         WHERE p.thread_id = $1 AND p.position BETWEEN $2 AND $3 ORDER BY p.position"
    ))
    .bind(thread_id)
    .bind(first)
    .bind(last)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(post_from)
    .collect()
}

pub async fn post(db: &Db, id: i64) -> Result<Option<Post>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {POST_COLS} FROM posts p LEFT JOIN users u ON u.id = p.author_id WHERE p.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .as_ref()
    .map(post_from)
    .transpose()
}

/// Queues the search document a post belongs to: its thread's for a first post, else its own.
/// Returns the post's thread, whose cached rows the caller drops after committing.
pub(crate) async fn enqueue_post_doc(tx: &mut Tx, id: i64) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT p.position, t.id, t.show_id FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(r) = row {
        let (position, thread_id, show_id): (i64, i64, i64) =
            (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
        let doc = if position == 1 {
            format!("thread-{thread_id}")
        } else {
            format!("post-{id}")
        };
        super::search::enqueue(tx, show_id, &doc).await?;
        return Ok(Some(thread_id));
    }
    Ok(None)
}

/// Commits a change to a post's row and drops its thread's cached rows.
pub(crate) async fn commit_post_change(
    db: &Db,
    tx: Tx,
    thread_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    tx.commit().await?;
    if let Some(t) = thread_id {
        db.cache.thread_changed(t);
    }
    Ok(())
}

pub async fn update_post(
    db: &Db,
    id: i64,
    body_src: &str,
    body_html: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE posts SET body_src = $1, body_html = $2, edited_at = $3 WHERE id = $4 AND deleted = 0")
        .bind(body_src)
        .bind(body_html)
        .bind(now_ms())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let thread = enqueue_post_doc(&mut tx, id).await?;
    commit_post_change(db, tx, thread).await
}

/// Soft delete: the post keeps its place in the thread and shows as deleted.
pub async fn delete_post(db: &Db, id: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE posts SET deleted = 1, body_src = '', body_html = '', edited_at = $1 WHERE id = $2",
    )
    .bind(now_ms())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let thread = enqueue_post_doc(&mut tx, id).await?;
    commit_post_change(db, tx, thread).await
}

pub enum Scope {
    All,
    Show(i64),
    Board(i64),
}

/// Threads, pinned first then by last activity.
pub async fn list_threads(
    db: &Db,
    scope: Scope,
    page: i64,
    per_page: i64,
) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let (cond, id) = match scope {
        Scope::All => ("$1 = 0", 0),
        Scope::Show(id) => ("t.show_id = $1", id),
        Scope::Board(id) => ("t.board_id = $1", id),
    };
    sqlx::query(&format!(
        "SELECT {SUMMARY_COLS} FROM {SUMMARY_FROM} WHERE {cond} \
         ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(id)
    .bind(per_page)
    .bind((page.max(1) - 1) * per_page)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(summary_from)
    .collect()
}

/// Most recently active threads (pins ignored): the home and show pages.
pub async fn recent_threads(
    db: &Db,
    show_id: Option<i64>,
    limit: i64,
) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let cond = if show_id.is_some() {
        "t.show_id = $1"
    } else {
        "$1 = 0"
    };
    sqlx::query(&format!(
        "SELECT {SUMMARY_COLS} FROM {SUMMARY_FROM} WHERE {cond} ORDER BY t.last_post_at DESC, t.id DESC LIMIT $2"
    ))
    .bind(show_id.unwrap_or(0))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(summary_from)
    .collect()
}

pub async fn count_threads(db: &Db, board_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM threads WHERE board_id = $1")
        .bind(board_id)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

/// Threads tagged with an episode (its discussion thread included), most active first.
pub async fn episode_threads(
    db: &Db,
    episode_id: i64,
    limit: i64,
) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {SUMMARY_COLS} FROM {SUMMARY_FROM} WHERE t.episode_id = $1 \
         ORDER BY t.pinned DESC, t.last_post_at DESC LIMIT $2"
    ))
    .bind(episode_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(summary_from)
    .collect()
}
