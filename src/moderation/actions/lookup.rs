//! Finding what a moderator form names, or answering 404.
use crate::db::catalog::Show;
use crate::db::forum::ThreadSummary;
use crate::db::posts::Post;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;

pub(super) async fn find_show(db: &Db, slug: &str) -> AppResult<Show> {
    db::catalog::show_by_slug(db, slug)
        .await?
        .ok_or_else(|| AppError::NotFound(Msg::new("err-no-show").arg("slug", slug)))
}

pub(super) async fn thread_of(db: &Db, id: i64) -> AppResult<ThreadSummary> {
    db::forum::thread(db, id)
        .await?
        .ok_or_else(|| AppError::NotFound(Msg::new("err-thread-does-not-exist")))
}

pub(super) async fn post_and_thread(db: &Db, id: i64) -> AppResult<(Post, ThreadSummary)> {
    let post = db::posts::post(db, id)
        .await?
        .ok_or_else(|| AppError::NotFound(Msg::new("err-post-does-not-exist")))?;
    let thread = thread_of(db, post.thread_id).await?;
    Ok((post, thread))
}
