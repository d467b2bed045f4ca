//! Entries for threads (show and board feeds, and the threads a member started): the title
//! and the opening post.
use std::collections::HashMap;

use super::html;
use super::model::{Audience, Entry, MAX_ENTRIES};
use crate::db::forum::ThreadSummary;
use crate::db::{self, Db};
use crate::visibility::Gate;

/// The newest threads of a show, or of one of its boards.
pub(super) async fn newest(
    db: &Db,
    gate: &Gate,
    who: &Audience<'_>,
    show_id: i64,
    board_id: Option<i64>,
) -> Result<Vec<Entry>, sqlx::Error> {
    let found = db::forum::newest_threads(
        db,
        &gate.held_scope(),
        show_id,
        board_id,
        MAX_ENTRIES as i64,
    )
    .await?;
    entries(db, gate, who, found).await
}

/// Threads as entries, in the given order: held ones (the SQL scope already drops them),
/// removed ones and those behind the region's shield are left out, not labelled: a feed
/// entry cannot be revealed, and a label would be news of nothing.
pub(super) async fn entries(
    db: &Db,
    gate: &Gate,
    who: &Audience<'_>,
    threads: Vec<ThreadSummary>,
) -> Result<Vec<Entry>, sqlx::Error> {
    let mut threads = gate.thread_list(threads);
    threads.retain(|t| t.shield.is_none() && t.removed_reason.is_none());
    let ids: Vec<i64> = threads.iter().map(|t| t.id).collect();
    let mut first: HashMap<i64, db::posts::Post> = db::posts::first_posts(db, &ids)
        .await?
        .into_iter()
        .map(|p| (p.thread_id, p))
        .collect();
    let mut out = Vec::with_capacity(threads.len());
    for t in threads {
        // Every thread has its first post; one missing would be a thread to skip, not a crash.
        let Some(post) = first.remove(&t.id) else {
            continue;
        };
        // The gate blanks a removed or deleted opening post and drops a held one.
        let body = gate
            .posts(&t, std::slice::from_ref(&post))
            .pop()
            .map(|v| v.body_html)
            .unwrap_or_default();
        let link = who.url(&format!("/threads/{}", t.id));
        out.push(Entry {
            id: link.clone(),
            title: t.title.clone(),
            link,
            author: t.author.clone().unwrap_or_else(|| "Cliffhanger".into()),
            html: html::for_feed(&body, who.base),
            published: post.created_at,
            updated: post
                .edited_at
                .unwrap_or(post.created_at)
                .max(post.created_at),
        });
    }
    Ok(out)
}
