//! Reading the forum: thread pages and thread lists, as the visibility gate lets this viewer
//! see them.
use crate::db::catalog::Board;
use crate::db::forum::{Scope, ThreadSummary, THREADS_PER_PAGE};
use crate::db::posts::POSTS_PER_PAGE;
use crate::db::{self, Db};
use crate::domain::ContentLang;
use crate::visibility::{Gate, PostView, ThreadAccess};

pub enum ThreadPage {
    /// No such thread, or one this viewer may not know of.
    Missing,
    /// Behind the spoiler shield: the label, a "show anyway" link and a way back.
    Shielded {
        label: String,
        reveal: String,
        back: String,
    },
    /// A sealed prediction: the label and a way back, nothing to reveal.
    Sealed {
        label: String,
        back: String,
    },
    Shown(Box<ShownThread>),
}

pub struct ShownThread {
    pub thread: ThreadSummary,
    pub posts: Vec<PostView>,
    pub page: i64,
    pub pages: i64,
    /// The viewer moderates this show: sees removed content and the tools.
    pub moderator: bool,
    /// Set for everyone but moderators when the thread was removed.
    pub removed_notice: Option<String>,
    /// The show's boards, for the moderators' "move" form.
    pub boards: Vec<Board>,
    /// A quoted post for the reply box, when one was asked for and may be quoted.
    pub quote: String,
    /// Reaction counts of the posts shown (none for posts the viewer may not read).
    pub reactions: super::reactions::ReactionBars,
    /// The first post's poll, when it is on this page and readable.
    pub poll: Option<super::polls::PollView>,
    /// When the thread is a prediction: whether it is locked, its outcome, the mark form.
    pub prediction: Option<super::predictions::PredictionView>,
}

/// What a thread page needs besides the thread: which page, "show anyway", a quote.
#[derive(Default)]
pub struct PageRequest {
    pub page: i64,
    pub reveal: bool,
    pub quote: Option<i64>,
}

pub async fn thread_page(
    db: &Db,
    gate: &Gate,
    thread_id: i64,
    req: &PageRequest,
) -> Result<ThreadPage, sqlx::Error> {
    let Some(thread) = db::forum::thread(db, thread_id).await? else {
        return Ok(ThreadPage::Missing);
    };
    let (id, show_slug) = (thread.id, thread.show_slug.clone());
    let (thread, moderator, removed_notice) = match gate.thread(thread, req.reveal) {
        ThreadAccess::Missing => return Ok(ThreadPage::Missing),
        ThreadAccess::Shielded { label } => {
            return Ok(ThreadPage::Shielded {
                label,
                reveal: format!("/threads/{id}?reveal=1"),
                back: format!("/shows/{show_slug}"),
            })
        }
        ThreadAccess::Sealed { label } => {
            return Ok(ThreadPage::Sealed {
                label,
                back: format!(
                    "/shows/{show_slug}/forum/{}",
                    crate::db::catalog::PREDICTIONS_BOARD
                ),
            })
        }
        ThreadAccess::Removed { thread, notice } => (thread, false, Some(notice)),
        ThreadAccess::Open { thread, moderator } => (thread, moderator, None),
    };
    let pages = ((thread.post_count.max(1) - 1) / POSTS_PER_PAGE + 1).max(1);
    let page = req.page.clamp(1, pages);
    let (posts, counts) = if removed_notice.is_some() {
        (Vec::new(), Vec::new())
    } else {
        let first = (page - 1) * POSTS_PER_PAGE + 1;
        let viewer = gate.user_id().unwrap_or(0);
        let (posts, counts) = db::posts::thread_page(db, thread.id, first, viewer).await?;
        (gate.posts(&thread, &posts), counts)
    };
    let mut quote = String::new();
    if let Some(pid) = req.quote.filter(|_| removed_notice.is_none()) {
        if let Some(p) = db::posts::post(db, pid).await? {
            if gate.quotable(&thread, &p) {
                quote = super::quote(p.author.as_deref().unwrap_or("Cliffhanger"), &p.body_src);
            }
        }
    }
    let reactions = super::reactions::bars(&thread, &posts, moderator, &counts);
    let poll = match thread.has_poll {
        true => super::polls::view(db, gate, thread.id, &posts, moderator, req.reveal).await?,
        false => None,
    };
    let prediction = super::predictions::view(db, gate, &thread).await?;
    let boards = if moderator {
        db::catalog::boards(db, thread.show_id).await?
    } else {
        Vec::new()
    };
    Ok(ThreadPage::Shown(Box::new(ShownThread {
        thread,
        posts,
        page,
        pages,
        moderator,
        removed_notice,
        boards,
        quote,
        reactions,
        poll,
        prediction,
    })))
}

/// One page of a show's or a board's threads (only those in `lang` when given); the bool
/// says whether a next page exists.
pub async fn forum_threads(
    db: &Db,
    gate: &Gate,
    scope: Scope,
    lang: Option<ContentLang>,
    page: i64,
) -> Result<(Vec<ThreadSummary>, bool), sqlx::Error> {
    let held = gate.held_scope();
    let lang = lang.map(ContentLang::as_str);
    // One extra row tells whether a next page exists; pages start every THREADS_PER_PAGE.
    let offset = (page.max(1) - 1) * THREADS_PER_PAGE;
    let mut threads =
        db::forum::list_threads(db, &held, scope, lang, offset, THREADS_PER_PAGE + 1).await?;
    let has_next = threads.len() as i64 > THREADS_PER_PAGE;
    threads.truncate(THREADS_PER_PAGE as usize);
    Ok((gate.thread_list(threads), has_next))
}

/// The most recently active threads of one show, or of all of them.
pub async fn recent_threads(
    db: &Db,
    gate: &Gate,
    show_id: Option<i64>,
    limit: i64,
) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let threads = db::forum::recent_threads(db, &gate.held_scope(), show_id, limit).await?;
    Ok(gate.thread_list(threads))
}

/// Threads about one episode.
pub async fn episode_threads(
    db: &Db,
    gate: &Gate,
    episode_id: i64,
    limit: i64,
) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let threads = db::forum::episode_threads(db, &gate.held_scope(), episode_id, limit).await?;
    Ok(gate.thread_list(threads))
}

/// The first posts of an episode's discussion thread, for its page; empty when the viewer
/// may not read the thread (held, removed, or behind the shield). `listed` are threads the
/// page read already: when the discussion is among them, its summary is not read again.
pub async fn excerpt(
    db: &Db,
    gate: &Gate,
    thread_id: i64,
    listed: &[ThreadSummary],
    count: i64,
) -> Result<Vec<PostView>, sqlx::Error> {
    let thread = match listed.iter().find(|t| t.id == thread_id) {
        Some(t) => t.clone(),
        None => match db::forum::thread(db, thread_id).await? {
            Some(t) => t,
            None => return Ok(Vec::new()),
        },
    };
    match gate.thread(thread, false) {
        ThreadAccess::Open { thread, .. } => {
            let posts = db::posts::posts_in_range(db, thread.id, 1, count).await?;
            Ok(gate.posts(&thread, &posts))
        }
        _ => Ok(Vec::new()),
    }
}
