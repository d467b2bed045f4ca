//! Atom feeds of a show, a board, a thread and a member: the newest content, as an anonymous
//! visitor of the feed's region sees it (never the requester's session: a feed URL is shared
//! between readers). Everything goes through the visibility gate; what the region must not
//! see yet is left out of the feed altogether, and appears once it has aired there.
pub mod atom;
mod html;
mod posts;
mod threads;

use crate::db::{self, Db};
use crate::visibility::Gate;

/// Entries a feed carries at most (the newest ones).
pub const MAX_ENTRIES: usize = 50;

/// Who the feed is for, and where its links point.
pub struct Audience<'a> {
    /// A region code already checked (`domain::parse_region`).
    pub region: &'a str,
    /// `https://host` with no trailing slash: links in a feed must be absolute.
    pub base: &'a str,
}

pub struct Feed {
    pub title: String,
    /// The feed's own address, region included; also its Atom id.
    pub self_url: String,
    /// The page the feed follows.
    pub page_url: String,
    /// Newest first.
    pub entries: Vec<Entry>,
}

pub struct Entry {
    /// Stable: the absolute address of the thread or post.
    pub id: String,
    pub title: String,
    pub link: String,
    pub author: String,
    /// Sanitized HTML, inline spoilers taken out, links absolute.
    pub html: String,
    pub published: i64,
    pub updated: i64,
}

impl Audience<'_> {
    fn feed(&self, title: String, path: &str, page: &str, entries: Vec<Entry>) -> Feed {
        Feed {
            title,
            self_url: format!("{}{path}?region={}", self.base, self.region),
            page_url: format!("{}{page}", self.base),
            entries,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// `/shows/{show}/feed.atom`: the show's newest threads across its boards.
pub async fn show(db: &Db, who: &Audience<'_>, slug: &str) -> Result<Option<Feed>, sqlx::Error> {
    let Some(show) = db::catalog::show_by_slug(db, slug).await? else {
        return Ok(None);
    };
    let gate = Gate::anonymous(db, who.region).await?;
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
    let gate = Gate::anonymous(db, who.region).await?;
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
