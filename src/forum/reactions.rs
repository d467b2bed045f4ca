//! Reactions on posts: a fixed set of six, one of each per user per post, toggled. Only
//! published posts of open threads take them (removed, held and deleted posts, and locked
//! threads, answer 409: the post exists but its state refuses, and that state can change
//! back). Counted per user per minute in the shared counters, so the limit holds across
//! nodes and requests at once.
use super::page_of;
use crate::auth::SessionUser;
use crate::db::forum::ThreadSummary;
use crate::db::reactions::ReactionCount;
use crate::db::{self, counters, Db};
use crate::domain::Reaction;
use crate::i18n::Msg;
use crate::moderation::sanctions;
use crate::time_util::now_ms;
use crate::visibility::{Gate, PostView, ThreadAccess};

const MINUTE_MS: i64 = 60_000;

#[derive(Debug, thiserror::Error)]
pub enum ReactionError {
    /// No such post for this viewer.
    #[error("{}", Msg::new("err-post-does-not-exist"))]
    NoPost,
    /// The post exists but its state takes no reactions (removed, held, deleted, locked).
    #[error("{0}")]
    Conflict(Msg),
    /// A sanction is in force.
    #[error("{0}")]
    Forbidden(Msg),
    #[error("{0}")]
    Invalid(Msg),
    #[error("{0}")]
    TooMany(Msg),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The catalogue key of a reaction's name (`Reaction::name` is its English).
pub fn name_key(r: Reaction) -> &'static str {
    match r {
        Reaction::Like => "reaction-like",
        Reaction::Heart => "reaction-heart",
        Reaction::Laugh => "reaction-laugh",
        Reaction::Wow => "reaction-wow",
        Reaction::Sad => "reaction-sad",
        Reaction::Fire => "reaction-fire",
    }
}

pub struct ReactionItem {
    pub key: &'static str,
    pub emoji: &'static str,
    /// The catalogue key of the accessible name screen readers announce instead of the emoji.
    pub name_key: &'static str,
    pub count: i64,
    pub mine: bool,
}

/// The six reactions of one post with their counts.
pub struct ReactionBar {
    pub post_id: i64,
    pub items: Vec<ReactionItem>,
    /// The post takes reactions (otherwise the counts are shown without buttons).
    pub open: bool,
}

impl ReactionBar {
    fn new(post_id: i64, open: bool, counts: &[ReactionCount]) -> ReactionBar {
        let items = Reaction::ALL
            .into_iter()
            .map(|r| {
                let c = counts
                    .iter()
                    .find(|c| c.post_id == post_id && c.reaction == r.key());
                ReactionItem {
                    key: r.key(),
                    emoji: r.emoji(),
                    name_key: name_key(r),
                    count: c.map_or(0, |c| c.count),
                    mine: c.is_some_and(|c| c.mine),
                }
            })
            .collect();
        ReactionBar {
            post_id,
            items,
            open,
        }
    }

    pub fn any(&self) -> bool {
        self.items.iter().any(|i| i.count > 0)
    }
}

/// The reaction bars of a page of posts.
#[derive(Default)]
pub struct ReactionBars(Vec<ReactionBar>);

impl ReactionBars {
    pub fn get(&self, post_id: &i64) -> Option<&ReactionBar> {
        self.0.iter().find(|b| b.post_id == *post_id)
    }
}

/// Whether the post takes reactions right now.
fn open(thread: &ThreadSummary, p: &PostView) -> bool {
    !thread.locked
        && thread.removed_reason.is_none()
        && !p.deleted
        && !p.held
        && p.removed.is_none()
}

/// Bars for the posts of a page from their tallies (read with the page). Removed and held
/// posts get none, except for the show's moderators (who see them anyway); deleted posts
/// never.
pub fn bars(
    thread: &ThreadSummary,
    posts: &[PostView],
    moderator: bool,
    counts: &[ReactionCount],
) -> ReactionBars {
    ReactionBars(
        posts
            .iter()
            .filter(|p| !p.deleted && ((p.removed.is_none() && !p.held) || moderator))
            .map(|p| ReactionBar::new(p.id, open(thread, p), counts))
            .collect(),
    )
}

/// A toggle done: where the post is, and its bar now.
pub struct Toggled {
    pub location: String,
    pub added: bool,
    pub bar: ReactionBar,
}

/// Adds the user's reaction to a post, or takes it back.
pub async fn toggle(
    db: &Db,
    gate: &Gate,
    user: &SessionUser,
    per_minute: i64,
    post_id: i64,
    key: &str,
) -> Result<Toggled, ReactionError> {
    let post = db::posts::post(db, post_id)
        .await?
        .ok_or(ReactionError::NoPost)?;
    let thread = db::forum::thread(db, post.thread_id)
        .await?
        .ok_or(ReactionError::NoPost)?;
    // Reacting is not reading: the shield does not stop it, as it does not stop a reply.
    let thread = match gate.thread(thread, true) {
        ThreadAccess::Open { thread, .. } => thread,
        ThreadAccess::Removed { .. } => {
            return Err(ReactionError::Conflict(Msg::new(
                "err-thread-was-removed-moderator-takes",
            )))
        }
        _ => return Err(ReactionError::NoPost),
    };
    let view = gate.posts(&thread, std::slice::from_ref(&post));
    let Some(p) = view.first() else {
        return Err(ReactionError::NoPost);
    };
    let refusal = if p.deleted {
        Some("err-react-deleted")
    } else if p.removed.is_some() || thread.removed_reason.is_some() {
        Some("err-react-removed")
    } else if p.held {
        Some("err-react-held")
    } else if thread.locked {
        Some("err-react-locked")
    } else {
        None
    };
    if let Some(key) = refusal {
        return Err(ReactionError::Conflict(Msg::new(key)));
    }
    if let Some(s) = sanctions::posting_block(db, user.id, thread.show_id).await? {
        return Err(ReactionError::Forbidden(
            Msg::new("err-sanctioned-react").nest("sanction", s.describe()),
        ));
    }
    let reaction = Reaction::try_from(key).map_err(|e| ReactionError::Invalid(e.0))?;
    let counter = format!("reaction:{}", user.id);
    if counters::hit(db, &counter, MINUTE_MS, now_ms()).await? > per_minute {
        counters::refund(db, &counter).await?;
        return Err(ReactionError::TooMany(
            Msg::new("err-reactions-per-minute").arg("count", per_minute),
        ));
    }
    let added = db::reactions::toggle(db, post.id, user.id, reaction.key(), now_ms()).await?;
    let counts = db::reactions::counts(db, &[post.id], user.id).await?;
    Ok(Toggled {
        location: format!(
            "/threads/{}?page={}#post-{}",
            thread.id,
            page_of(post.position),
            post.id
        ),
        added,
        bar: ReactionBar::new(post.id, true, &counts),
    })
}

impl From<ReactionError> for crate::error::AppError {
    fn from(e: ReactionError) -> Self {
        use crate::error::AppError;
        match e {
            ReactionError::NoPost => AppError::NotFound(Msg::new("err-post-does-not-exist")),
            ReactionError::Conflict(m) => AppError::Conflict(m),
            ReactionError::Forbidden(m) => AppError::Forbidden(m),
            ReactionError::Invalid(m) => AppError::Unprocessable(m),
            ReactionError::TooMany(m) => AppError::TooManyRequests(m),
            ReactionError::Db(e) => e.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Tr};

    #[test]
    fn every_reaction_is_named_in_english_as_before() {
        let en = Tr::new(Lang::En);
        for r in Reaction::ALL {
            assert_eq!(en.t(name_key(r)), r.name());
        }
        assert_eq!(Tr::new(Lang::De).t(name_key(Reaction::Laugh)), "Lustig");
    }
}
