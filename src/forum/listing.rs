//! Lists walked by cursor (the JSON API): threads newest first and a thread's posts in
//! order, through the same gate as the pages. Each slice says where the next one starts,
//! from the last row read, so rows the gate leaves out never shift a later slice.
use crate::db::forum::{Scope, ThreadSummary};
use crate::db::{self, Db};
use crate::visibility::{Gate, PostView, ThreadAccess};

pub struct Slice<T> {
    pub items: Vec<T>,
    /// The key the next slice starts after; None at the end of the list.
    pub next: Option<i64>,
}

/// Threads of a show, board or the site with an id below `before`, newest first.
pub async fn threads(
    db: &Db,
    gate: &Gate,
    scope: Scope,
    before: Option<i64>,
    limit: i64,
) -> Result<Slice<ThreadSummary>, sqlx::Error> {
    // One extra row tells whether there is more.
    let mut rows =
        db::forum::threads_before(db, &gate.held_scope(), scope, before, limit + 1).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit.max(0) as usize);
    let next = if more {
        rows.last().map(|t| t.id)
    } else {
        None
    };
    Ok(Slice {
        items: gate.thread_list(rows),
        next,
    })
}

/// One thread as this viewer may see it (`reveal`: past the spoiler shield).
pub async fn thread(
    db: &Db,
    gate: &Gate,
    id: i64,
    reveal: bool,
) -> Result<ThreadAccess, sqlx::Error> {
    match db::forum::thread(db, id).await? {
        Some(t) => Ok(gate.thread(t, reveal)),
        None => Ok(ThreadAccess::Missing),
    }
}

/// One thread's summary as this viewer may see it: None when they may not know of it;
/// behind the shield or sealed it carries the label in `shield` (callers print nothing else
/// of it but neutral fields); removed, without its title for non-moderators.
pub async fn thread_summary(
    db: &Db,
    gate: &Gate,
    id: i64,
    reveal: bool,
) -> Result<Option<ThreadSummary>, sqlx::Error> {
    let Some(t) = db::forum::thread(db, id).await? else {
        return Ok(None);
    };
    let mut neutral = t.clone();
    Ok(match gate.thread(t, reveal) {
        ThreadAccess::Missing => None,
        ThreadAccess::Shielded { label } => {
            neutral.title.clear();
            neutral.title_src.clear();
            neutral.shield = Some(label);
            Some(neutral)
        }
        ThreadAccess::Sealed { label } => {
            neutral.title.clear();
            neutral.title_src.clear();
            neutral.shield = Some(label);
            neutral.sealed = true;
            Some(neutral)
        }
        ThreadAccess::Removed { thread, .. } | ThreadAccess::Open { thread, .. } => Some(thread),
    })
}

/// Posts of an open thread after position `after`, in order. A removed thread (for a
/// viewer who does not moderate it) has no readable posts.
pub async fn posts(
    db: &Db,
    gate: &Gate,
    access: &ThreadAccess,
    after: i64,
    limit: i64,
) -> Result<Slice<PostView>, sqlx::Error> {
    let ThreadAccess::Open { thread, .. } = access else {
        return Ok(Slice {
            items: Vec::new(),
            next: None,
        });
    };
    let first = after.saturating_add(1);
    let mut rows =
        db::posts::posts_in_range(db, thread.id, first, first.saturating_add(limit)).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit.max(0) as usize);
    let next = if more {
        rows.last().map(|p| p.position)
    } else {
        None
    };
    Ok(Slice {
        items: gate.posts(thread, &rows),
        next,
    })
}
