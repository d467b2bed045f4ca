//! Posts as a viewer may see them.
use super::gate::Gate;
use crate::db::forum::ThreadSummary;
use crate::db::posts::Post;
use crate::time_util::iso_ms;

/// A post ready to print: `body_html` is empty whenever this viewer may not read the body.
pub struct PostView {
    pub id: i64,
    pub position: i64,
    pub author: String,
    /// The author has a profile to link to (not the site, not a deleted account).
    pub author_profile: bool,
    pub own: bool,
    pub body_html: String,
    pub created: String,
    pub created_iso: String,
    pub edited: Option<String>,
    pub deleted: bool,
    /// Removal reason (moderators still see the body).
    pub removed: Option<String>,
    pub held: bool,
    /// For the markup's `lang` attribute; None (unknown) leaves it out.
    pub lang: Option<String>,
}

impl Gate {
    /// Posts of a thread the viewer may open, in order: held posts of others left out,
    /// removed bodies kept for moderators only, deleted posts as placeholders.
    pub fn posts(&self, thread: &ThreadSummary, posts: &[Post]) -> Vec<PostView> {
        let moderator = self.moderates(thread.show_id);
        posts
            .iter()
            .filter(|p| !p.held || self.may_see_held(thread.show_id, p.author_id))
            .map(|p| {
                let readable = !p.deleted && (p.removed_reason.is_none() || moderator);
                PostView {
                    id: p.id,
                    position: p.position,
                    author: p.author.clone().unwrap_or_else(|| "Cliffhanger".into()),
                    author_profile: p.author_id.is_some()
                        && p.author.as_deref() != Some(crate::db::account_deletion::DELETED_NAME),
                    own: self.is_me(p.author_id),
                    body_html: if readable {
                        p.body_html.clone()
                    } else {
                        String::new()
                    },
                    created: self.when(p.created_at),
                    created_iso: iso_ms(p.created_at),
                    edited: p.edited_at.filter(|_| !p.deleted).map(|t| self.when(t)),
                    deleted: p.deleted,
                    removed: p.removed_reason.clone(),
                    held: p.held,
                    lang: p.lang.clone(),
                }
            })
            .collect()
    }

    /// Quoting copies a post's source into a reply that everyone will read, so only
    /// published posts of this thread can be quoted, whoever asks.
    pub fn quotable(&self, thread: &ThreadSummary, post: &Post) -> bool {
        post.thread_id == thread.id && !post.deleted && !post.held && post.removed_reason.is_none()
    }
}
