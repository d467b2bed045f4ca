//! The part of the review queue that word filters fill: held posts and threads wait here
//! until a moderator approves (publishes) or removes them.
use crate::db::held::held_posts;
use crate::db::Db;

pub struct HeldItem {
    pub post_id: i64,
    pub show_slug: String,
    /// The thread's title as written; a held first post holds its thread.
    pub thread_title: String,
    pub first_post: bool,
    pub author: String,
    pub content: String,
    pub link: String,
}

/// What waits for review in the given shows (every show for `None`).
pub async fn queue(db: &Db, shows: Option<&[i64]>) -> Result<Vec<HeldItem>, sqlx::Error> {
    Ok(held_posts(db, shows, 200)
        .await?
        .into_iter()
        .map(|r| HeldItem {
            link: format!(
                "/threads/{}?page={}#post-{}",
                r.thread_id,
                crate::forum::page_of(r.position),
                r.post_id
            ),
            post_id: r.post_id,
            show_slug: r.show_slug,
            thread_title: r.thread_title,
            first_post: r.position == 1,
            author: r.author.unwrap_or_else(|| "Cliffhanger".into()),
            content: r.body_src.chars().take(400).collect(),
        })
        .collect())
}
