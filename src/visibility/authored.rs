//! What one user wrote, as a viewer of their profile may see it: the same rules as the
//! thread page, so a profile never shows a post or a title the thread would not.
use super::gate::Gate;
use super::threads::ThreadAccess;
use crate::db::profiles::AuthoredPost;
use crate::db::Db;

/// A post on a profile. When the thread is behind this viewer's spoiler shield, only the
/// label is given: no title, no text.
pub enum AuthoredView {
    Shown {
        post: AuthoredPost,
        thread_title: String,
    },
    Shielded {
        post_id: i64,
        label: String,
    },
}

impl Gate {
    /// Keeps the posts this viewer may read on their thread's page: drops those in threads
    /// held or removed (for non-moderators), held posts of others, removed posts (for
    /// non-moderators); labels those behind the shield. Deleted posts never get here.
    pub async fn authored_posts(
        &self,
        db: &Db,
        posts: Vec<AuthoredPost>,
    ) -> Result<Vec<AuthoredView>, sqlx::Error> {
        let mut out = Vec::with_capacity(posts.len());
        for post in posts {
            let Some(thread) = crate::db::forum::thread(db, post.thread_id).await? else {
                continue;
            };
            match self.thread(thread, false) {
                ThreadAccess::Missing | ThreadAccess::Removed { .. } => {}
                ThreadAccess::Shielded { label } | ThreadAccess::Sealed { label } => {
                    out.push(AuthoredView::Shielded {
                        post_id: post.id,
                        label,
                    })
                }
                ThreadAccess::Open { thread, moderator } => {
                    let hidden = (post.held
                        && !self.may_see_held(thread.show_id, Some(post.author_id)))
                        || (post.removed_reason.is_some() && !moderator);
                    if !hidden {
                        out.push(AuthoredView::Shown {
                            post,
                            thread_title: thread.title,
                        });
                    }
                }
            }
        }
        Ok(out)
    }
}
