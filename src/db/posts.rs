//! Posts. A post's `position` is its 1-based index in the thread, so a page of a thread is
//! a range scan on (thread_id, position) however long the thread gets.
use std::sync::Arc;

use sqlx::any::AnyRow;
use sqlx::Row;

use super::changes::Change;
use super::pool::{Db, Tx};
use super::reactions::ReactionCount;
pub use super::rows::Post;
use crate::domain::PostLang;
use crate::time_util::now_ms;

pub const POSTS_PER_PAGE: i64 = 30;

const POST_COLS: &str =
    "p.id, p.thread_id, p.author_id, u.username, p.position, p.body_src, p.body_html, \
     p.created_at, p.edited_at, p.deleted, p.removed_reason, p.held, p.lang, p.lang_chosen";

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
        lang: r.try_get(12)?,
        lang_chosen: r.try_get::<i64, _>(13)? != 0,
    })
}

/// A post just written, with its thread's show and board (read by the same statement that
/// counts it, so a reply needs no second read of its thread in the transaction).
pub struct Inserted {
    pub post_id: i64,
    pub position: i64,
    pub show_id: i64,
    pub board_id: i64,
}

/// Appends a post. The counter update takes the thread's row lock, so concurrent replies get
/// distinct, gap-free positions.
pub async fn insert_post(
    tx: &mut Tx,
    thread_id: i64,
    author_id: Option<i64>,
    body_src: &str,
    body_html: &str,
    held: bool,
    lang: &PostLang,
) -> Result<Inserted, sqlx::Error> {
    let now = now_ms();
    let row = sqlx::query(
        "UPDATE threads SET post_count = post_count + 1, last_post_at = $2 WHERE id = $1 \
         RETURNING post_count, show_id, board_id",
    )
    .bind(thread_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let position: i64 = row.try_get(0)?;
    let show_id: i64 = row.try_get(1)?;
    let board_id: i64 = row.try_get(2)?;
    let post_id: i64 = sqlx::query(
        "INSERT INTO posts (thread_id, author_id, position, body_src, body_html, created_at, held, lang, lang_chosen) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(thread_id)
    .bind(author_id)
    .bind(position)
    .bind(body_src)
    .bind(body_html)
    .bind(now)
    .bind(held as i64)
    .bind(lang.code())
    .bind(lang.chosen as i64)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    // The first post is indexed as part of its thread's document.
    if position > 1 {
        super::search::enqueue(tx, show_id, &format!("post-{post_id}")).await?;
    }
    Ok(Inserted {
        post_id,
        position,
        show_id,
        board_id,
    })
}

/// Posts by id (any order), for lists that point at posts (notifications).
pub async fn posts_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<Post>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // Integers only are inlined, so any number of ids needs no binds.
    let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    sqlx::query(&format!(
        "SELECT {POST_COLS} FROM posts p LEFT JOIN users u ON u.id = p.author_id WHERE p.id IN ({})",
        list.join(",")
    ))
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(post_from)
    .collect()
}

/// A page row as `thread_page` reads it (a JSON array, in this order): the post without
/// `body_src`, then its tally.
#[derive(serde::Deserialize)]
struct PageRow {
    id: i64,
    thread_id: i64,
    author_id: Option<i64>,
    author: Option<String>,
    position: i64,
    body_html: String,
    created_at: i64,
    edited_at: Option<i64>,
    deleted: i64,
    removed_reason: Option<String>,
    held: i64,
    lang: Option<String>,
    lang_chosen: i64,
    tally: Option<String>,
}

/// One page of a thread (`POSTS_PER_PAGE` posts from position `first`) with the reaction
/// tallies of its posts (`viewer` 0 is nobody). The posts come from the cache when it holds
/// them, and then only the tallies are read; otherwise both come in one query. `body_src` is
/// left empty: pages show the HTML, and quoting or editing reads the post itself.
pub async fn thread_page(
    db: &Db,
    thread_id: i64,
    first: i64,
    viewer: i64,
) -> Result<(Arc<Vec<Post>>, Vec<ReactionCount>), sqlx::Error> {
    let last = first + POSTS_PER_PAGE - 1;
    if let Some(posts) = db.cache.page(thread_id, first) {
        let ids: Vec<i64> = posts.iter().map(|p| p.id).collect();
        let counts = super::reactions::counts(db, &ids, viewer).await?;
        return Ok((posts, counts));
    }
    let ticket = db.cache.ticket();
    // One row of JSON (`json_rows`): a page is 30 posts, and handing each row over from the
    // SQLite worker on its own cost more than the query. The tallies are grouped in a
    // derived table of this page's posts (not a correlated subquery per post) and folded
    // into one `reaction:count:mine` list per post.
    let sql = super::json_rows::select(
        db.backend,
        "p.id, p.thread_id, p.author_id, u.username, p.position, p.body_html, p.created_at, \
         p.edited_at, p.deleted, p.removed_reason, p.held, p.lang, p.lang_chosen, rc.tally",
        "p.position",
        "FROM posts p LEFT JOIN users u ON u.id = p.author_id \
         LEFT JOIN (SELECT g.post_id, string_agg(g.reaction || ':' || CAST(g.n AS TEXT) || ':' || \
              CAST(g.mine AS TEXT), ',') AS tally \
            FROM (SELECT r.post_id, r.reaction, COUNT(*) AS n, \
                    SUM(CASE WHEN r.user_id = $4 THEN 1 ELSE 0 END) AS mine \
                  FROM post_reactions r JOIN posts q ON q.id = r.post_id \
                  WHERE q.thread_id = $1 AND q.position BETWEEN $2 AND $3 \
                  GROUP BY r.post_id, r.reaction) g \
            GROUP BY g.post_id) rc ON rc.post_id = p.id \
         WHERE p.thread_id = $1 AND p.position BETWEEN $2 AND $3",
    );
    let json: String = sqlx::query(&sql)
        .bind(thread_id)
        .bind(first)
        .bind(last)
        .bind(viewer)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    let rows: Vec<PageRow> = super::json_rows::decode(&json)?;
    let mut posts = Vec::with_capacity(rows.len());
    let mut counts = Vec::new();
    for r in rows {
        for item in r.tally.iter().flat_map(|t| t.split(',')) {
            counts.push(tally_item(r.id, item)?);
        }
        posts.push(Post {
            id: r.id,
            thread_id: r.thread_id,
            author_id: r.author_id,
            author: r.author,
            position: r.position,
            body_src: String::new(),
            body_html: r.body_html,
            created_at: r.created_at,
            edited_at: r.edited_at,
            deleted: r.deleted != 0,
            removed_reason: r.removed_reason,
            held: r.held != 0,
            lang: r.lang,
            lang_chosen: r.lang_chosen != 0,
        });
    }
    let posts = Arc::new(posts);
    db.cache.put_page(ticket, thread_id, first, posts.clone());
    Ok((posts, counts))
}

/// One `reaction:count:mine` entry of a post's tally.
fn tally_item(post_id: i64, item: &str) -> Result<ReactionCount, sqlx::Error> {
    let bad = || sqlx::Error::Decode(format!("not a reaction tally: {item:?}").into());
    let mut parts = item.split(':');
    let (Some(reaction), Some(count), Some(mine), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    Ok(ReactionCount {
        post_id,
        reaction: reaction.to_string(),
        count: count.parse().map_err(|_| bad())?,
        mine: mine.parse::<i64>().map_err(|_| bad())? > 0,
    })
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

/// The first post of each of `thread_ids` (a thread's opening text), any order.
pub async fn first_posts(db: &Db, thread_ids: &[i64]) -> Result<Vec<Post>, sqlx::Error> {
    if thread_ids.is_empty() {
        return Ok(Vec::new());
    }
    // Integers only are inlined, so any number of ids needs no binds.
    let list: Vec<String> = thread_ids.iter().map(|i| i.to_string()).collect();
    sqlx::query(&format!(
        "SELECT {POST_COLS} FROM posts p LEFT JOIN users u ON u.id = p.author_id \
         WHERE p.thread_id IN ({}) AND p.position = 1",
        list.join(",")
    ))
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
    let changes: Vec<Change> = thread_id.into_iter().map(Change::Thread).collect();
    db.commit_changes(tx, &changes).await
}

/// Saves an edit. `hold` puts the post (and, for a first post, its thread) back in the review
/// queue; an edit never releases a post that is already held.
pub async fn update_post(
    db: &Db,
    id: i64,
    body_src: &str,
    body_html: &str,
    hold: bool,
    lang: &PostLang,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE posts SET body_src = $1, body_html = $2, edited_at = $3, \
         held = CASE WHEN $5 = 1 THEN 1 ELSE held END, lang = $6, lang_chosen = $7 \
         WHERE id = $4 AND deleted = 0",
    )
    .bind(body_src)
    .bind(body_html)
    .bind(now_ms())
    .bind(id)
    .bind(hold as i64)
    .bind(lang.code())
    .bind(lang.chosen as i64)
    .execute(&mut *tx)
    .await?;
    // A thread speaks its opening post's language.
    sqlx::query(
        "UPDATE threads SET lang = $1 WHERE id = (SELECT thread_id FROM posts WHERE id = $2 AND position = 1 AND deleted = 0)",
    )
    .bind(lang.code())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if hold {
        sqlx::query(
            "UPDATE threads SET held = 1 WHERE id = (SELECT thread_id FROM posts WHERE id = $1 AND position = 1)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tally_entry_reads_its_reaction_count_and_mark() {
        let c = tally_item(7, "heart:12:1").unwrap();
        assert_eq!(
            (c.post_id, c.reaction.as_str(), c.count, c.mine),
            (7, "heart", 12, true)
        );
        let c = tally_item(7, "like:3:0").unwrap();
        assert!(!c.mine);
        for bad in ["like:3", "like:x:0", "like:3:0:1"] {
            assert!(tally_item(7, bad).is_err(), "{bad}");
        }
    }
}
