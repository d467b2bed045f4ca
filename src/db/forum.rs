//! Threads: their summaries and the lists of them. Lists take a `HeldScope` so that a held
//! thread is filtered out in SQL for everyone but its author and its show's moderators.
use std::sync::Arc;

use sqlx::any::AnyRow;
use sqlx::Row;

use super::air_list::{air_list_column, EpisodeAir};
use super::pool::{Db, Tx};
pub use super::rows::ThreadSummary;
use crate::domain::PostLang;
use crate::time_util::now_ms;

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
    pub lang: PostLang,
}

/// A thread row with what the gate needs to decide on it: its show's spoiler delay, the air
/// dates of the episodes it names (`air_list`), and whether it holds a poll, so that neither
/// a list nor a thread page needs a second query to shield or to look for a poll.
const SUMMARY_COLS: &str = concat!(
    "t.id, t.title, sh.slug, sh.title, b.slug, b.name, e.code, u.username, \
     t.post_count, t.last_post_at, t.pinned, t.locked, t.show_id, t.board_id, t.episode_id, t.author_id, \
     t.removed_reason, t.held, t.spoils_up_to, sp.code, t.lang, sh.spoiler_delay_days, ",
    air_list_column!("t.episode_id"),
    ", ",
    air_list_column!("t.spoils_up_to"),
    ", CASE WHEN pl.id IS NULL THEN 0 ELSE 1 END"
);
// Whether a thread has a poll is a join on the unique `polls(thread_id)`, not an EXISTS:
// PostgreSQL's generic plan answered the EXISTS by hashing the whole polls table per query.
const SUMMARY_FROM: &str =
    "threads t JOIN shows sh ON sh.id = t.show_id JOIN boards b ON b.id = t.board_id \
     LEFT JOIN episodes e ON e.id = t.episode_id LEFT JOIN users u ON u.id = t.author_id LEFT JOIN episodes sp ON sp.id = t.spoils_up_to \
     LEFT JOIN polls pl ON pl.thread_id = t.id";

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
        lang: r.try_get(20)?,
        air: thread_air(r)?,
        has_poll: r.try_get::<i64, _>(24)? != 0,
        shield: None,
        sealed: false,
    })
}

/// The air data of the thread's episode tag and of its "spoils up to" episode.
fn thread_air(r: &AnyRow) -> Result<Vec<(i64, Arc<EpisodeAir>)>, sqlx::Error> {
    let delay: Option<i64> = r.try_get(21)?;
    let mut air = Vec::new();
    for (id_col, code_col, list_col) in [(14, 6, 22), (18, 19, 23)] {
        let (Some(id), Some(code)) = (
            r.try_get::<Option<i64>, _>(id_col)?,
            r.try_get::<Option<String>, _>(code_col)?,
        ) else {
            continue;
        };
        let list: Option<String> = r.try_get(list_col)?;
        air.push((id, super::air_list::parse(code, delay, list.as_deref())?));
    }
    Ok(air)
}

/// Creates a thread with its first post; returns (thread id, post id).
pub async fn insert_thread(tx: &mut Tx, t: &NewThread<'_>) -> Result<(i64, i64), sqlx::Error> {
    let now = now_ms();
    let thread_id: i64 = sqlx::query(
        "INSERT INTO threads (show_id, board_id, episode_id, author_id, title, post_count, created_at, last_post_at, held, spoils_up_to, lang) \
         VALUES ($1, $2, $3, $4, $5, 0, $6, $6, $7, $8, $9) RETURNING id",
    )
    .bind(t.show_id)
    .bind(t.board_id)
    .bind(t.episode_id)
    .bind(t.author_id)
    .bind(t.title)
    .bind(now)
    .bind(t.held as i64)
    .bind(t.spoils_up_to)
    .bind(t.lang.code())
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    let post_id = super::posts::insert_post(
        tx,
        thread_id,
        t.author_id,
        t.body_src,
        t.body_html,
        t.held,
        &t.lang,
    )
    .await?
    .post_id;
    super::search::enqueue(tx, t.show_id, &format!("thread-{thread_id}")).await?;
    Ok((thread_id, post_id))
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

/// Threads by id (any order), for lists that point at threads (notifications).
pub async fn threads_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // Integers only are inlined, so any number of ids needs no binds.
    let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    sqlx::query(&format!(
        "SELECT {SUMMARY_COLS} FROM {SUMMARY_FROM} WHERE t.id IN ({})",
        list.join(",")
    ))
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(summary_from)
    .collect()
}

/// Which held threads a list may include: the viewer's own and those of the shows they
/// moderate (every show for admins). The visibility gate builds it for each viewer.
#[derive(Debug, Clone, Default)]
pub struct HeldScope {
    pub author_id: Option<i64>,
    pub all_shows: bool,
    pub shows: Vec<i64>,
}

impl HeldScope {
    /// A SQL condition on `t`. Only integers are inlined, so it needs no binds.
    fn condition(&self) -> String {
        if self.all_shows {
            return "1 = 1".into();
        }
        let mut cond = "(t.held = 0".to_string();
        if let Some(id) = self.author_id {
            cond.push_str(&format!(" OR t.author_id = {id}"));
        }
        if !self.shows.is_empty() {
            let list: Vec<String> = self.shows.iter().map(|s| s.to_string()).collect();
            cond.push_str(&format!(" OR t.show_id IN ({})", list.join(",")));
        }
        cond.push(')');
        cond
    }
}

pub enum Scope {
    All,
    Show(i64),
    Board(i64),
}

/// At most `limit` threads after the first `offset` (only those in `lang` when given),
/// pinned first then by last activity.
pub async fn list_threads(
    db: &Db,
    held: &HeldScope,
    scope: Scope,
    lang: Option<&str>,
    offset: i64,
    limit: i64,
) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let (cond, id) = match scope {
        Scope::All => ("$1 = 0", 0),
        Scope::Show(id) => ("t.show_id = $1", id),
        Scope::Board(id) => ("t.board_id = $1", id),
    };
    let lang_cond = if lang.is_some() {
        " AND t.lang = $4"
    } else {
        ""
    };
    // A deferred join: the page's ids are found on `threads` alone, walking the list's
    // index, and only those rows are joined. Joining before the OFFSET made a deep page
    // pay the joins of every row it skipped.
    let sql = format!(
        "SELECT {SUMMARY_COLS} FROM {SUMMARY_FROM} JOIN (SELECT t.id FROM threads t \
         WHERE {cond}{lang_cond} AND {} \
         ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC LIMIT $2 OFFSET $3) pg ON pg.id = t.id \
         ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC",
        held.condition()
    );
    let mut q = sqlx::query(&sql).bind(id).bind(limit).bind(offset.max(0));
    if let Some(lang) = lang {
        q = q.bind(lang);
    }
    q.fetch_all(&db.pool)
        .await?
        .iter()
        .map(summary_from)
        .collect()
}

/// Most recently active threads (pins ignored): the home and show pages.
pub async fn recent_threads(
    db: &Db,
    held: &HeldScope,
    show_id: Option<i64>,
    limit: i64,
) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let cond = if show_id.is_some() {
        "t.show_id = $1"
    } else {
        "$1 = 0"
    };
    sqlx::query(&format!(
        "SELECT {SUMMARY_COLS} FROM {SUMMARY_FROM} WHERE {cond} AND {} \
         ORDER BY t.last_post_at DESC, t.id DESC LIMIT $2",
        held.condition()
    ))
    .bind(show_id.unwrap_or(0))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(summary_from)
    .collect()
}

/// Threads that show life somewhere on the site, by last activity: the home page. An
/// episode's automatic discussion thread (no author) waits for its first reply; until then
/// it is one post nobody answered. Removed threads are left out for everyone (moderators
/// find them in the forum lists). Ordered on the partial index `threads_discussed`.
pub async fn recent_discussions(
    db: &Db,
    held: &HeldScope,
    limit: i64,
) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {SUMMARY_COLS} FROM {SUMMARY_FROM} WHERE {DISCUSSED} AND t.removed_reason IS NULL AND {} \
         ORDER BY t.last_post_at DESC, t.id DESC LIMIT $1",
        held.condition()
    ))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(summary_from)
    .collect()
}

/// The predicate of the partial index `threads_discussed` (migration 0012), written the same
/// way so that both SQLite and PostgreSQL use the index.
const DISCUSSED: &str = "(t.post_count > 1 OR t.author_id IS NOT NULL)";

pub async fn count_threads(db: &Db, board_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM threads WHERE board_id = $1")
        .bind(board_id)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

/// Thread summaries where `column` = `id`, as `held` allows, in `order`, at most `limit`.
async fn summaries_where(
    db: &Db,
    held: &HeldScope,
    column: &str,
    id: i64,
    order: &str,
    limit: i64,
) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {SUMMARY_COLS} FROM {SUMMARY_FROM} WHERE t.{column} = $1 AND {} \
         ORDER BY {order} LIMIT $2",
        held.condition()
    ))
    .bind(id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(summary_from)
    .collect()
}

/// Threads tagged with an episode (its discussion thread included), most active first.
pub async fn episode_threads(
    db: &Db,
    held: &HeldScope,
    episode_id: i64,
    limit: i64,
) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let order = "t.pinned DESC, t.last_post_at DESC";
    summaries_where(db, held, "episode_id", episode_id, order, limit).await
}

/// Threads `author_id` started, newest first (held ones as `held` allows).
pub async fn threads_by_author(
    db: &Db,
    held: &HeldScope,
    author_id: i64,
    limit: i64,
) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let order = "t.created_at DESC, t.id DESC";
    summaries_where(db, held, "author_id", author_id, order, limit).await
}

/// Threads newest first by id, those with an id below `before` (all when None), as `held`
/// allows: a keyset on an order nothing changes, so a walk through a long list with
/// `before` = the last id seen meets each thread once, however the threads are bumped.
pub async fn threads_before(
    db: &Db,
    held: &HeldScope,
    scope: Scope,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let (cond, id) = match scope {
        Scope::All => ("$1 = 0", 0),
        Scope::Show(id) => ("t.show_id = $1", id),
        Scope::Board(id) => ("t.board_id = $1", id),
    };
    sqlx::query(&format!(
        "SELECT {SUMMARY_COLS} FROM {SUMMARY_FROM} WHERE {cond} AND t.id < $2 AND {} \
         ORDER BY t.id DESC LIMIT $3",
        held.condition()
    ))
    .bind(id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(summary_from)
    .collect()
}

/// The newest threads of a show, or of one board when `board_id` is given (by creation,
/// pins ignored), as `held` allows: what a feed lists.
pub async fn newest_threads(
    db: &Db,
    held: &HeldScope,
    show_id: i64,
    board_id: Option<i64>,
    limit: i64,
) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let order = "t.created_at DESC, t.id DESC";
    match board_id {
        Some(id) => summaries_where(db, held, "board_id", id, order, limit).await,
        None => summaries_where(db, held, "show_id", show_id, order, limit).await,
    }
}
