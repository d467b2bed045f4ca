//! Atom feeds of a show, a board, a thread and a member: the newest content, as an anonymous
//! visitor of the feed's region sees it (never the requester's session: a feed URL is shared
//! between readers). Everything goes through the visibility gate; what the region must not
//! see yet is left out of the feed altogether, and appears once it has aired there.
pub mod atom;
mod html;
mod model;
mod posts;
mod threads;

pub use model::{Audience, Entry, Feed, MAX_ENTRIES};

use crate::db::{self, Db};
use crate::visibility::Gate;

/// `/shows/{show}/feed.atom`: the show's newest threads across its boards.
pub async fn show(db: &Db, who: &Audience<'_>, slug: &str) -> Result<Option<Feed>, sqlx::Error> {
    let Some(show) = db::catalog::show_by_slug(db, slug).await? else {
        return Ok(None);
    };
    let gate = Gate::anonymous(who.region);
    let entries = threads::newest(db, &gate, who, show.id, None).await?;
    let page = format!("/shows/{}", show.slug);
    Ok(Some(who.feed(
        show.title,
        &format!("{page}/feed.atom"),
        &page,
        entries,
    )))
}

/// `/shows/{show}/forum/{board}/feed.atom`: the board's newest threads.
pub async fn board(
    db: &Db,
    who: &Audience<'_>,
    slug: &str,
    board_slug: &str,
) -> Result<Option<Feed>, sqlx::Error> {
    let Some(show) = db::catalog::show_by_slug(db, slug).await? else {
        return Ok(None);
    };
    let Some(board) = db::catalog::board_by_slug(db, show.id, board_slug).await? else {
        return Ok(None);
    };
    let gate = Gate::anonymous(who.region);
    let entries = threads::newest(db, &gate, who, show.id, Some(board.id)).await?;
    let page = format!("/shows/{}/forum/{}", show.slug, board.slug);
    Ok(Some(who.feed(
        format!("{} · {}", show.title, board.name),
        &format!("{page}/feed.atom"),
        &page,
        entries,
    )))
}

pub use posts::{thread, user};
