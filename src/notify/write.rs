//! The notifications a published post causes, written in the caller's transaction so they
//! commit with the post (or not at all). One per user and post (`post:{id}`), the most
//! specific kind first: mention, then quote, then reply (thread followers) or new_thread
//! (show and board followers). Held posts cause none until a moderator approves them.
use crate::db::follows as q;
use crate::db::notifications::{insert_many, NewNotification, Recipients};
use crate::db::Tx;
use crate::forum::mentions::{mentioned, quoted, MAX_LINKED};

/// At most this many people are notified of a mention by one post.
pub const MAX_MENTIONS: usize = 10;

/// A post that has just become visible to others.
pub struct PostCause<'a> {
    pub post_id: i64,
    pub thread_id: i64,
    pub show_id: i64,
    pub board_id: i64,
    pub author_id: i64,
    pub body_src: &'a str,
    /// The first post of a new thread: followers of the show and board hear of it.
    pub first_post: bool,
}

/// Users with the given lowercase names, in the order of `names`.
async fn ids_of(tx: &mut Tx, names: &[String]) -> Result<Vec<i64>, sqlx::Error> {
    let found = q::users_named(&mut **tx, names).await?;
    Ok(names
        .iter()
        .filter_map(|n| found.iter().find(|(_, _, l)| l == n).map(|(id, _, _)| *id))
        .collect())
}

/// Writes the post's notifications; returns the users who got one (to ring after commit).
pub async fn post_written(tx: &mut Tx, c: &PostCause<'_>) -> Result<Vec<i64>, sqlx::Error> {
    let mut names = mentioned(c.body_src);
    names.truncate(MAX_LINKED);
    let mut mentioned_ids = ids_of(tx, &names).await?;
    mentioned_ids.retain(|id| *id != c.author_id);
    // The first ten people named, in order; unknown names do not use up the ten.
    mentioned_ids.truncate(MAX_MENTIONS);
    let quoted_ids = ids_of(tx, &quoted(c.body_src)).await?;
    let (follow_kind, followers) = if c.first_post {
        (
            "new_thread",
            Recipients::ShowOrBoardFollowers {
                show_id: c.show_id,
                board_id: c.board_id,
            },
        )
    } else {
        ("reply", Recipients::ThreadFollowers(c.thread_id))
    };
    let mut rung = Vec::new();
    for (kind, to) in [
        ("mention", Recipients::Users(&mentioned_ids)),
        ("quote", Recipients::Users(&quoted_ids)),
        (follow_kind, followers),
    ] {
        if matches!(to, Recipients::Users(users) if users.is_empty()) {
            continue;
        }
        let n = NewNotification {
            kind,
            dedupe: format!("post:{}", c.post_id),
            actor_id: Some(c.author_id),
            show_id: Some(c.show_id),
            thread_id: Some(c.thread_id),
            post_id: Some(c.post_id),
            ..Default::default()
        };
        // In order, so that one notified as mentioned is not notified again as a follower.
        for user_id in insert_many(tx, to, &n).await? {
            if !rung.contains(&user_id) {
                rung.push(user_id);
            }
        }
    }
    Ok(rung)
}
