//! Polls: a question on a thread's first post, its options, and who voted for what.
use sqlx::Row;

use super::pool::{Db, Tx};

/// What a new poll stores (already validated).
pub struct NewPoll<'a> {
    pub question: &'a str,
    pub options: &'a [String],
    pub multiple: bool,
    pub closes_at: Option<i64>,
}

/// Writes a poll and its options in the caller's transaction (the thread's own).
pub async fn insert(
    tx: &mut Tx,
    thread_id: i64,
    p: &NewPoll<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let poll_id: i64 = sqlx::query(
        "INSERT INTO polls (thread_id, question, multiple, closes_at, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(thread_id)
    .bind(p.question)
    .bind(p.multiple as i64)
    .bind(p.closes_at)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    for (i, label) in p.options.iter().enumerate() {
        sqlx::query("INSERT INTO poll_options (poll_id, position, label) VALUES ($1, $2, $3)")
            .bind(poll_id)
            .bind(i as i64 + 1)
            .bind(label.as_str())
            .execute(&mut **tx)
            .await?;
    }
    Ok(poll_id)
}

#[derive(Debug, Clone)]
pub struct PollOption {
    pub id: i64,
    pub label: String,
    pub votes: i64,
}

#[derive(Debug, Clone)]
pub struct Poll {
    pub id: i64,
    pub thread_id: i64,
    pub question: String,
    pub multiple: bool,
    pub closes_at: Option<i64>,
    pub voters: i64,
    pub options: Vec<PollOption>,
    /// The options the viewer it was read for chose.
    pub mine: Vec<i64>,
}

/// A thread's poll with its tallies and the options `viewer` (0 for nobody) chose, in one
/// query (one row per option).
pub async fn for_thread(db: &Db, thread_id: i64, viewer: i64) -> Result<Option<Poll>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT p.id, p.question, p.multiple, p.closes_at, \
           (SELECT COUNT(*) FROM poll_voters pv WHERE pv.poll_id = p.id), \
           o.id, o.label, (SELECT COUNT(*) FROM poll_votes v WHERE v.option_id = o.id), \
           CASE WHEN EXISTS (SELECT 1 FROM poll_votes v WHERE v.poll_id = p.id \
             AND v.user_id = $2 AND v.option_id = o.id) THEN 1 ELSE 0 END \
         FROM polls p JOIN poll_options o ON o.poll_id = p.id \
         WHERE p.thread_id = $1 ORDER BY o.position",
    )
    .bind(thread_id)
    .bind(viewer)
    .fetch_all(&db.pool)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut poll = Poll {
        id: first.try_get(0)?,
        thread_id,
        question: first.try_get(1)?,
        multiple: first.try_get::<i64, _>(2)? != 0,
        closes_at: first.try_get(3)?,
        voters: first.try_get(4)?,
        options: Vec::with_capacity(rows.len()),
        mine: Vec::new(),
    };
    for r in &rows {
        let id: i64 = r.try_get(5)?;
        if r.try_get::<i64, _>(8)? != 0 {
            poll.mine.push(id);
        }
        poll.options.push(PollOption {
            id,
            label: r.try_get(6)?,
            votes: r.try_get(7)?,
        });
    }
    Ok(Some(poll))
}

/// Why a vote was not recorded, found inside its transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteOutcome {
    Recorded,
    /// The poll closed before the vote's transaction ran.
    Closed,
}

/// Replaces the user's votes in one transaction. The voter row is written first: its lock
/// makes two changes by one user at once take turns. The closing time is read again under
/// that lock, so a vote that arrives as the poll closes is not counted.
pub async fn replace_votes(
    db: &Db,
    poll_id: i64,
    user_id: i64,
    option_ids: &[i64],
    now: i64,
) -> Result<VoteOutcome, sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO poll_voters (poll_id, user_id, voted_at) VALUES ($1, $2, $3) \
         ON CONFLICT (poll_id, user_id) DO UPDATE SET voted_at = $3",
    )
    .bind(poll_id)
    .bind(user_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let closes_at: Option<i64> = sqlx::query("SELECT closes_at FROM polls WHERE id = $1")
        .bind(poll_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    if closes_at.is_some_and(|c| c <= now) {
        tx.rollback().await?;
        return Ok(VoteOutcome::Closed);
    }
    sqlx::query("DELETE FROM poll_votes WHERE poll_id = $1 AND user_id = $2")
        .bind(poll_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    for option in option_ids {
        sqlx::query(
            "INSERT INTO poll_votes (poll_id, user_id, option_id) VALUES ($1, $2, $3) \
             ON CONFLICT (poll_id, user_id, option_id) DO NOTHING",
        )
        .bind(poll_id)
        .bind(user_id)
        .bind(*option)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(VoteOutcome::Recorded)
}
