//! Following threads, shows, boards and watch parties (the buttons on their pages), and the account's
//! auto-follow choice. Unfollowing records a muted row, so replying later does not follow
//! the thread again.
use crate::db::follows as q;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::visibility::{Gate, ThreadAccess};

/// What a follow button is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Thread(i64),
    Show(i64),
    Board(i64),
    Party(i64),
}

impl Target {
    fn parts(self) -> (&'static str, i64) {
        match self {
            Target::Thread(id) => ("thread", id),
            Target::Show(id) => ("show", id),
            Target::Board(id) => ("board", id),
            Target::Party(id) => ("party", id),
        }
    }
}

/// The form's `action`: `follow` or `unfollow`.
pub fn parse_action(action: &str) -> AppResult<bool> {
    match action {
        "follow" => Ok(true),
        "unfollow" => Ok(false),
        other => Err(AppError::BadRequest(
            Msg::new("err-follow-action").arg("action", other),
        )),
    }
}

pub async fn is_following(db: &Db, user_id: Option<i64>, target: Target) -> AppResult<bool> {
    let Some(user_id) = user_id else {
        return Ok(false);
    };
    let (kind, id) = target.parts();
    Ok(q::follows(db, user_id, kind, id).await?)
}

/// Follows or unfollows a thread the user may see (a held thread of someone else does not
/// exist for them; the shield does not stop following, as it does not stop replying).
pub async fn thread(db: &Db, gate: &Gate, user_id: i64, thread_id: i64, on: bool) -> AppResult<()> {
    let missing = || AppError::NotFound(Msg::new("err-thread-does-not-exist"));
    let t = crate::db::forum::thread(db, thread_id)
        .await?
        .ok_or_else(missing)?;
    if let ThreadAccess::Missing = gate.thread(t, true) {
        return Err(missing());
    }
    set(db, user_id, Target::Thread(thread_id), on).await
}

pub async fn set(db: &Db, user_id: i64, target: Target, on: bool) -> AppResult<()> {
    let (kind, id) = target.parts();
    Ok(q::set(&db.pool, user_id, kind, id, !on).await?)
}

async fn show_id(db: &Db, slug: &str) -> AppResult<i64> {
    let show = crate::catalog::lookup::show(db, slug)
        .await?
        .ok_or_else(|| AppError::NotFound(Msg::new("err-no-show").arg("slug", slug)))?;
    Ok(show.id)
}

/// A show by slug (and one of its boards), for the follow buttons of their pages.
pub async fn show_target(db: &Db, slug: &str) -> AppResult<Target> {
    Ok(Target::Show(show_id(db, slug).await?))
}

pub async fn board_target(db: &Db, slug: &str, board: &str) -> AppResult<Target> {
    let show_id = show_id(db, slug).await?;
    let board = crate::catalog::lookup::board_by_slug(db, show_id, board)
        .await?
        .ok_or_else(|| AppError::NotFound(Msg::new("err-show-no-board").arg("board", board)))?;
    Ok(Target::Board(board.id))
}

/// A watch party by id, for its follow button: its followers hear when it starts.
pub async fn party_target(db: &Db, id: i64) -> AppResult<Target> {
    match crate::db::chat::party(db, id).await? {
        Some(_) => Ok(Target::Party(id)),
        None => Err(AppError::NotFound(Msg::new("err-no-such-watch-party"))),
    }
}

pub async fn auto_follow(db: &Db, user_id: i64) -> AppResult<bool> {
    Ok(q::auto_follow(db, user_id).await?)
}
