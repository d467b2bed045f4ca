//! The review queues: reported items with their content, author and link filled in, and the
//! posts and threads word filters hold, for the site or for one show.
use crate::db::users::SessionUser;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;

use super::held::{self, HeldItem};
use super::reports::{self, QueueItem, Target};
use super::roles;

pub struct ReviewQueue {
    pub reports: Vec<QueueItem>,
    pub held: Vec<HeldItem>,
}

/// The site queue: every show for admins, their own shows for moderators; nobody else.
pub async fn site_queue(db: &Db, user: &SessionUser) -> AppResult<ReviewQueue> {
    let shows = if user.is_admin {
        None
    } else {
        Some(roles::moderated_shows(db, user.id).await?)
    };
    if shows.as_ref().is_some_and(|s| s.is_empty()) {
        return Err(AppError::Forbidden(Msg::new(
            "err-only-moderators-admins-see-review",
        )));
    }
    Ok(review_queue(db, shows.as_deref()).await?)
}

/// What waits for review in the given shows (every show for `None`). Callers check who may
/// see it.
pub async fn review_queue(db: &Db, shows: Option<&[i64]>) -> Result<ReviewQueue, sqlx::Error> {
    let mut reports = reports::queue(db, shows).await?;
    describe(db, &mut reports).await?;
    Ok(ReviewQueue {
        reports,
        held: held::queue(db, shows).await?,
    })
}

/// Fills in each queue item's content, author and link.
async fn describe(db: &Db, items: &mut [QueueItem]) -> Result<(), sqlx::Error> {
    for item in items.iter_mut() {
        match item.target {
            Target::Post => {
                if let Some(p) = db::posts::post(db, item.target_id).await? {
                    item.content = p.body_src.chars().take(400).collect();
                    item.author = p.author.unwrap_or_default();
                    item.author_id = p.author_id;
                    item.link = format!(
                        "/threads/{}?page={}#post-{}",
                        p.thread_id,
                        crate::forum::page_of(p.position),
                        p.id
                    );
                }
            }
            Target::Thread => {
                if let Some(t) = db::forum::thread(db, item.target_id).await? {
                    item.content = t.title.clone();
                    item.author = t.author.unwrap_or_default();
                    item.author_id = t.author_id;
                    item.link = format!("/threads/{}", t.id);
                }
            }
            Target::Chat => {
                if let Some(c) = db::moderation::chat_message(db, item.target_id).await? {
                    item.content = c.body.chars().take(400).collect();
                    item.author = c.username;
                    item.author_id = Some(c.user_id);
                    item.link = format!("/mod#chat-{}", c.id);
                }
            }
        }
    }
    Ok(())
}
