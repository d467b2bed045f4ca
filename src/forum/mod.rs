//! Boards, threads and posts: Markdown rendering and the write paths.
pub mod language;
pub mod listing;
pub mod markdown;
pub mod mentions;
pub mod polls;
pub mod posting;
pub mod predictions;
pub mod reactions;
mod rejected;
pub mod view;

use crate::db::changes::Change;
use crate::db::forum::{insert_thread, NewThread};
use crate::db::posts::insert_post;
use crate::db::{Db, Tx};
use crate::domain::{PostBody, PostLang, ThreadTitle};
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
    /// The opening post's language (see `language::resolve`).
    pub lang: PostLang,
}

/// Creates a thread and its first post in the caller's transaction. Threads without an
/// author (episode discussions) notify nobody; see `create_thread_notifying`.
pub async fn create_thread_in(tx: &mut Tx, d: &ThreadDraft<'_>) -> Result<(i64, i64), sqlx::Error> {
    let (ids, _) = create_thread_notifying(tx, d).await?;
    Ok(ids)
}

/// Creates a thread in the caller's transaction: its author follows it (unless they turned
/// that off), and unless it is held, the people it mentions or quotes and the followers of
/// its show and board are notified. Returns (thread id, post id) and who was notified.
pub async fn create_thread_notifying(
    tx: &mut Tx,
    d: &ThreadDraft<'_>,
) -> Result<((i64, i64), Vec<i64>), sqlx::Error> {
    let images = remote_images(&mut **tx).await?;
    let known = mentions::known(&mut **tx, d.body.as_str()).await?;
    let html = markdown::render_with(d.body.as_str(), images, &known);
    let (thread_id, post_id) = insert_thread(
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
            lang: d.lang,
        },
    )
    .await?;
    let mut notified = Vec::new();
    if let Some(author_id) = d.author_id {
        crate::db::follows::auto_follow_thread(tx, author_id, thread_id).await?;
        if !d.held {
            notified = crate::notify::post_written(
                tx,
                &crate::notify::PostCause {
                    post_id,
                    thread_id,
                    show_id: d.show_id,
                    board_id: d.board_id,
                    author_id,
                    body_src: d.body.as_str(),
                    first_post: true,
                },
            )
            .await?;
        }
    }
    Ok(((thread_id, post_id), notified))
}

fn rings(notified: &[i64]) -> impl Iterator<Item = Change> + '_ {
    notified.iter().map(|u| Change::Notified(*u))
}

pub async fn create_thread(db: &Db, d: &ThreadDraft<'_>) -> Result<(i64, i64), sqlx::Error> {
    let mut tx = db.begin().await?;
    let (ids, notified) = create_thread_notifying(&mut tx, d).await?;
    let changes: Vec<Change> = rings(&notified).collect();
    db.commit_changes(tx, &changes).await?;
    Ok(ids)
}

/// Appends a reply; returns (post id, position). In the same transaction the author follows
/// the thread (unless they turned that off or unfollowed it) and, unless the reply is held,
/// the people it mentions or quotes and the thread's followers are notified.
pub async fn reply(
    db: &Db,
    thread_id: i64,
    author_id: i64,
    body: &PostBody,
    held: bool,
    lang: &PostLang,
) -> Result<(i64, i64), sqlx::Error> {
    let images = remote_images(&db.pool).await?;
    let known = mentions::known(&db.pool, body.as_str()).await?;
    let html = markdown::render_with(body.as_str(), images, &known);
    let mut tx = db.begin().await?;
    let post = insert_post(
        &mut tx,
        thread_id,
        Some(author_id),
        body.as_str(),
        &html,
        held,
        lang,
    )
    .await?;
    crate::db::follows::auto_follow_thread(&mut tx, author_id, thread_id).await?;
    let mut changes = vec![Change::Thread(thread_id)];
    if !held {
        let notified = crate::notify::post_written(
            &mut tx,
            &crate::notify::PostCause {
                post_id: post.post_id,
                thread_id,
                show_id: post.show_id,
                board_id: post.board_id,
                author_id,
                body_src: body.as_str(),
                first_post: false,
            },
        )
        .await?;
        changes.extend(rings(&notified));
    }
    db.commit_changes(tx, &changes).await?;
    Ok((post.post_id, post.position))
}

/// Saves an edit; `hold` sends the post back for review.
pub async fn edit_post(
    db: &Db,
    post_id: i64,
    body: &PostBody,
    hold: bool,
    lang: &PostLang,
) -> Result<(), sqlx::Error> {
    // Edits link the mentions they hold but notify nobody: a notification is about a new
    // post, and an edit that adds a name must not become a way to ping people again.
    let known = mentions::known(&db.pool, body.as_str()).await?;
    let html = markdown::render_with(body.as_str(), remote_images(&db.pool).await?, &known);
    crate::db::posts::update_post(db, post_id, body.as_str(), &html, hold, lang).await
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
