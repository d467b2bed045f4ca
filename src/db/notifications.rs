//! Notification rows. Only ids are written; what a notification says is decided when it is
//! read, through the visibility gate, so later removals and the spoiler shield apply to it.
use sqlx::Row;

use super::Tx;
use crate::time_util::now_ms;

/// The kinds a user can be notified of, as stored in `notifications.kind` and
/// `notification_prefs.kind`.
pub const KINDS: [&str; 7] = [
    "reply",
    "quote",
    "mention",
    "new_thread",
    "party",
    "moderation",
    "episode",
];

/// One notification to write. `dedupe` names its cause (`post:12`, `party:3`,
/// `episode:9:FR`, `mod:41`): a user gets at most one notification per cause.
#[derive(Debug, Clone, Default)]
pub struct NewNotification<'a> {
    pub user_id: i64,
    pub kind: &'a str,
    pub dedupe: String,
    pub actor_id: Option<i64>,
    pub show_id: Option<i64>,
    pub thread_id: Option<i64>,
    pub post_id: Option<i64>,
    pub episode_id: Option<i64>,
    pub party_id: Option<i64>,
    pub reason: Option<&'a str>,
}

/// Writes the notification in the caller's transaction, so it commits (or not) with what
/// caused it. Skipped when the user turned the kind off, when they caused it themselves,
/// and when the same cause already notified them. Returns whether a row was written.
pub async fn insert(tx: &mut Tx, n: &NewNotification<'_>) -> Result<bool, sqlx::Error> {
    Ok(!insert_many(tx, Recipients::Users(&[n.user_id]), n)
        .await?
        .is_empty())
}

/// Who a notification goes to: users by id, or the followers of what a post was written in
/// (chosen in the same statement that writes their rows, which keeps a reply's write
/// transaction one statement shorter).
#[derive(Debug, Clone, Copy)]
pub enum Recipients<'a> {
    Users(&'a [i64]),
    ThreadFollowers(i64),
    ShowOrBoardFollowers { show_id: i64, board_id: i64 },
}

/// `n` for each recipient at once (its `user_id` is ignored), with the rules of `insert`:
/// one statement per 500 users instead of one per user, which matters inside a reply's write
/// transaction when a thread has many followers. Returns the users who got a row.
pub async fn insert_many(
    tx: &mut Tx,
    to: Recipients<'_>,
    n: &NewNotification<'_>,
) -> Result<Vec<i64>, sqlx::Error> {
    // Integers only are inlined, so any number of users needs no binds.
    let followers = |filter: String| {
        vec![format!(
            "SELECT user_id FROM follows WHERE muted = 0 AND ({filter})"
        )]
    };
    let sets: Vec<String> = match to {
        Recipients::Users(users) => users
            .chunks(500)
            .map(|chunk| {
                let list: Vec<String> = chunk.iter().map(|i| i.to_string()).collect();
                list.join(",")
            })
            .collect(),
        Recipients::ThreadFollowers(thread) => {
            followers(format!("kind = 'thread' AND target_id = {thread}"))
        }
        Recipients::ShowOrBoardFollowers { show_id, board_id } => followers(format!(
            "(kind = 'show' AND target_id = {show_id}) OR (kind = 'board' AND target_id = {board_id})"
        )),
    };
    let mut written = Vec::new();
    for set in sets {
        let rows = sqlx::query(&format!(
            "INSERT INTO notifications
                 (user_id, kind, dedupe, actor_id, show_id, thread_id, post_id, episode_id,
                  party_id, reason, created_at)
             SELECT u.id, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM users u
             WHERE u.id IN ({set}) AND ($3 IS NULL OR u.id <> $3)
               AND NOT EXISTS (SELECT 1 FROM notification_prefs
                               WHERE user_id = u.id AND kind = $1 AND web = 0)
             ON CONFLICT (user_id, dedupe) DO NOTHING
             RETURNING user_id"
        ))
        .bind(n.kind)
        .bind(&n.dedupe)
        .bind(n.actor_id)
        .bind(n.show_id)
        .bind(n.thread_id)
        .bind(n.post_id)
        .bind(n.episode_id)
        .bind(n.party_id)
        .bind(n.reason)
        .bind(now_ms())
        .fetch_all(&mut **tx)
        .await?;
        for r in rows {
            written.push(r.try_get(0)?);
        }
    }
    Ok(written)
}
