//! Boards, threads and posts: Markdown rendering and the write paths.
pub mod markdown;
pub mod posting;
pub mod view;

use crate::db::changes::Change;
use crate::db::forum::{insert_thread, NewThread};
use crate::db::posts::insert_post;
use crate::db::{Db, Tx};
use crate::domain::{PostBody, ThreadTitle};
use markdown::RemoteImages;

/// The site setting `serve --remote-images` writes at start-up.
const REMOTE_IMAGES_SETTING: &str = "remote_images";

/// Whether posts written now show images from other sites.
async fn remote_images<'c, E>(exec: E) -> Result<RemoteImages, sqlx::Error>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let on = crate::db::settings::get(exec, REMOTE_IMAGES_SETTING).await?;
    Ok(match on.as_deref() {
        Some("on") => RemoteImages::Show,
        _ => RemoteImages::Link,
    })
}

/// Records the `--remote-images` flag where every writer (and every node) reads it.
pub async fn set_remote_images(db: &Db, on: bool) -> Result<(), sqlx::Error> {
    let value = if on { "on" } else { "off" };
    crate::db::settings::put(db, REMOTE_IMAGES_SETTING, value).await
}

/// Markdown rendered and sanitized as a post written now would be (profile bios use it).
pub async fn render_now(db: &Db, src: &str) -> Result<String, sqlx::Error> {
    let images = remote_images(&db.pool).await?;
    Ok(markdown::render(src, images))
}

pub struct ThreadDraft<'a> {
    pub show_id: i64,
    pub board_id: i64,
    pub episode_id: Option<i64>,
    pub author_id: Option<i64>,
    pub title: &'a ThreadTitle,
    pub body: &'a PostBody,
    /// Held by a word filter: hidden from others until a moderator approves it.
    pub held: bool,
    /// "Spoils up to episode X", chosen by the author.
    pub spoils_up_to: Option<i64>,
}

/// Creates a thread and its first post in the caller's transaction.
pub async fn create_thread_in(tx: &mut Tx, d: &ThreadDraft<'_>) -> Result<(i64, i64), sqlx::Error> {
    let images = remote_images(&mut **tx).await?;
    let html = markdown::render(d.body.as_str(), images);
    insert_thread(
        tx,
        &NewThread {
            show_id: d.show_id,
            board_id: d.board_id,
            episode_id: d.episode_id,
            author_id: d.author_id,
            title: d.title.as_str(),
            body_src: d.body.as_str(),
            body_html: &html,
            held: d.held,
            spoils_up_to: d.spoils_up_to,
        },
    )
    .await
}

pub async fn create_thread(db: &Db, d: &ThreadDraft<'_>) -> Result<(i64, i64), sqlx::Error> {
    let mut tx = db.begin().await?;
    let ids = create_thread_in(&mut tx, d).await?;
    tx.commit().await?;
    Ok(ids)
}

/// Appends a reply; returns (post id, position).
pub async fn reply(
    db: &Db,
    thread_id: i64,
    author_id: i64,
    body: &PostBody,
    held: bool,
) -> Result<(i64, i64), sqlx::Error> {
    let html = markdown::render(body.as_str(), remote_images(&db.pool).await?);
    let mut tx = db.begin().await?;
    let ids = insert_post(
        &mut tx,
        thread_id,
        Some(author_id),
        body.as_str(),
        &html,
        held,
    )
    .await?;
    db.commit_changes(tx, &[Change::Thread(thread_id)]).await?;
    Ok(ids)
}

/// Saves an edit; `hold` sends the post back for review.
pub async fn edit_post(
    db: &Db,
    post_id: i64,
    body: &PostBody,
    hold: bool,
) -> Result<(), sqlx::Error> {
    let html = markdown::render(body.as_str(), remote_images(&db.pool).await?);
    crate::db::posts::update_post(db, post_id, body.as_str(), &html, hold).await
}

/// The page of a thread that holds the post at `position`.
pub fn page_of(position: i64) -> i64 {
    (position.max(1) - 1) / crate::db::posts::POSTS_PER_PAGE + 1
}

/// Markdown blockquote of a post, for "quote" replies.
pub fn quote(author: &str, src: &str) -> String {
    let mut out = format!("**{author}** wrote:\n\n");
    for line in src.lines() {
        out.push_str("> ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_hold_thirty_posts() {
        assert_eq!(page_of(1), 1);
        assert_eq!(page_of(30), 1);
        assert_eq!(page_of(31), 2);
        assert_eq!(page_of(61), 3);
    }

    #[test]
    fn quote_prefixes_each_line() {
        assert_eq!(quote("ann", "a\nb"), "**ann** wrote:\n\n> a\n> b\n\n");
    }
}
