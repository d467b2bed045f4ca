//! Posts and threads: remove, restore, approve, lock, pin, move, edit; and resolving the
//! reports on an item.
use super::action::{Item, PostOp, Resolution, ThreadOp};
use super::lookup::{post_and_thread, thread_of};
use super::notify::About;
use super::people;
use super::staged::{Actor, Done, Staged};
use crate::db::catalog::Show;
use crate::db::forum::ThreadSummary;
use crate::db::moderation::{self as q, ThreadFlag};
use crate::db::posts::Post;
use crate::db::{self, Db};
use crate::domain::EpisodeCode;
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::moderation::reports::{self, Settled, Target};
use crate::moderation::rooms;

pub(super) async fn post(
    db: &Db,
    actor: &Actor,
    post: Post,
    thread: ThreadSummary,
    op: PostOp,
) -> AppResult<Staged> {
    let target = format!("post #{} in \u{201c}{}\u{201d}", post.id, thread.title);
    let show = Some(thread.show_id);
    let mut s = Staged::begin(db, Done::post(&post)).await?;
    match op {
        PostOp::Remove { reason } => {
            q::set_post_removed(&mut s.tx, post.id, Some(&reason)).await?;
            reports::close(&mut s.tx, Target::Post, post.id, Settled::Actioned).await?;
            let logged = s
                .log(actor, show, "remove post", target, post.author_id, &reason)
                .await?;
            let about = About::post(thread.show_id, thread.id, post.id);
            s.tell(actor, logged, post.author_id, about, &reason)
                .await?;
        }
        PostOp::Restore { note } => {
            q::set_post_removed(&mut s.tx, post.id, None).await?;
            s.log(actor, show, "restore post", target, post.author_id, &note)
                .await?;
        }
        PostOp::Approve { note } => {
            q::approve_post(&mut s.tx, post.id).await?;
            // Held, it notified nobody; published now, it does, with the approval.
            if post.held {
                if let Some(author_id) = post.author_id {
                    let cause = crate::notify::PostCause {
                        post_id: post.id,
                        thread_id: thread.id,
                        show_id: thread.show_id,
                        board_id: thread.board_id,
                        author_id,
                        body_src: &post.body_src,
                        first_post: post.position == 1,
                    };
                    let rung = crate::notify::post_written(&mut s.tx, &cause).await?;
                    s.after.notified.extend(rung);
                }
            }
            s.log(
                actor,
                show,
                "approve held post",
                target,
                post.author_id,
                &note,
            )
            .await?;
        }
    }
    s.after.threads.push(thread.id);
    Ok(s)
}

/// The episode of the show with this code.
async fn episode_of(db: &Db, show_id: i64, code: Option<EpisodeCode>) -> AppResult<Option<i64>> {
    let Some(code) = code else { return Ok(None) };
    Ok(Some(
        db::catalog::episode_by_code(db, show_id, &code.to_string())
            .await?
            .ok_or_else(|| {
                AppError::Unprocessable(
                    Msg::new("err-show-no-episode").arg("code", code.to_string()),
                )
            })?
            .id,
    ))
}

pub(super) async fn thread(
    db: &Db,
    actor: &Actor,
    thread: ThreadSummary,
    op: ThreadOp,
) -> AppResult<Staged> {
    let target = format!("thread #{} \u{201c}{}\u{201d}", thread.id, thread.title);
    let show = Some(thread.show_id);
    let author = thread.author_id;
    let done = Done::Thread(thread.id);
    let mut s = match op {
        ThreadOp::Remove { reason } => {
            let mut s = Staged::begin(db, done).await?;
            q::set_thread_removed(&mut s.tx, thread.id, Some(&reason)).await?;
            reports::close(&mut s.tx, Target::Thread, thread.id, Settled::Actioned).await?;
            let logged = s
                .log(actor, show, "remove thread", target, author, &reason)
                .await?;
            let about = About::thread(thread.show_id, thread.id);
            s.tell(actor, logged, author, about, &reason).await?;
            s
        }
        ThreadOp::Restore { note } => {
            let mut s = Staged::begin(db, done).await?;
            q::set_thread_removed(&mut s.tx, thread.id, None).await?;
            s.log(actor, show, "restore thread", target, author, &note)
                .await?;
            s
        }
        ThreadOp::Flag { flag, on, note } => {
            let what = match (flag, on) {
                (ThreadFlag::Locked, true) => "lock thread",
                (ThreadFlag::Locked, false) => "unlock thread",
                (ThreadFlag::Pinned, true) => "pin thread",
                (ThreadFlag::Pinned, false) => "unpin thread",
            };
            let mut s = Staged::begin(db, done).await?;
            q::set_thread_flag(&mut s.tx, thread.id, flag, on).await?;
            let logged = s.log(actor, show, what, target, author, &note).await?;
            // Of the flags, only a lock changes what the author can do.
            if flag == ThreadFlag::Locked && on {
                let about = About::thread(thread.show_id, thread.id);
                s.tell(actor, logged, author, about, &note).await?;
            }
            s
        }
        ThreadOp::Move { board, note } => {
            let board = db::catalog::board_by_slug(db, thread.show_id, &board)
                .await?
                .ok_or_else(|| AppError::Unprocessable(Msg::new("err-choose-one-show-boards")))?;
            let mut s = Staged::begin(db, done).await?;
            q::move_thread(&mut s.tx, thread.id, board.id).await?;
            let target = format!("{target} to {}", board.name);
            s.log(actor, show, "move thread", target, author, &note)
                .await?;
            s
        }
        ThreadOp::Edit {
            title,
            episode,
            spoils,
            note,
        } => {
            let episode_id = episode_of(db, thread.show_id, episode).await?;
            let spoils = episode_of(db, thread.show_id, spoils).await?;
            let mut s = Staged::begin(db, done).await?;
            q::edit_thread_meta(&mut s.tx, thread.id, title.as_str(), episode_id, spoils).await?;
            let target = format!("{target} → \u{201c}{}\u{201d}", title.as_str());
            s.log(actor, show, "edit thread", target, author, &note)
                .await?;
            s
        }
    };
    s.after.threads.push(thread.id);
    Ok(s)
}

/// A reported item of the show: its author, its label in the log, and how to remove it.
struct Reported {
    author: Option<i64>,
    label: String,
    removal: Removal,
}

enum Removal {
    Post { thread_id: i64 },
    Thread,
    Chat(rooms::ChatMessage),
}

/// The item must belong to this show: a moderator of one show has no say over another.
async fn reported(db: &Db, show: &Show, item: Item) -> AppResult<Reported> {
    // `what`: the key of "That post is not in this show." and its siblings.
    let not_here = |what: &'static str| AppError::Forbidden(Msg::new(what));
    Ok(match item.target {
        Target::Post => {
            let (p, t) = post_and_thread(db, item.id).await?;
            if t.show_id != show.id {
                return Err(not_here("err-post-not-in-show"));
            }
            Reported {
                author: p.author_id,
                label: format!("post #{}", p.id),
                removal: Removal::Post { thread_id: t.id },
            }
        }
        Target::Thread => {
            let t = thread_of(db, item.id).await?;
            if t.show_id != show.id {
                return Err(not_here("err-thread-not-in-show"));
            }
            Reported {
                author: t.author_id,
                label: format!("thread #{}", t.id),
                removal: Removal::Thread,
            }
        }
        Target::Chat => {
            let c = rooms::chat_message(db, item.id)
                .await?
                .ok_or_else(|| AppError::NotFound(Msg::new("err-no-such-message")))?;
            if c.show_id != show.id {
                return Err(not_here("message"));
            }
            Reported {
                author: Some(c.row.user_id),
                label: format!("chat message #{}", c.row.id),
                removal: Removal::Chat(c),
            }
        }
    })
}

/// Resolves all reports on one item: dismiss, remove, or remove and sanction the author.
pub(super) async fn resolve(
    db: &Db,
    actor: &Actor,
    show: Show,
    item: Item,
    how: Resolution,
) -> AppResult<Staged> {
    let found = reported(db, &show, item).await?;
    let sanctioned = match &how {
        Resolution::Remove {
            then: Some(penalty),
            ..
        } => Some((
            found.author.ok_or_else(|| {
                AppError::Unprocessable(Msg::new("err-item-has-no-author-sanction"))
            })?,
            *penalty,
        )),
        _ => None,
    };
    let in_show = Some(show.id);
    let mut s = Staged::begin(db, Done::ShowTools(show.slug.clone())).await?;
    match how {
        Resolution::Dismiss { note } => {
            reports::close(&mut s.tx, item.target, item.id, Settled::Dismissed).await?;
            s.log(
                actor,
                in_show,
                "dismiss reports",
                found.label,
                found.author,
                &note,
            )
            .await?;
        }
        Resolution::Remove { reason, .. } => {
            let about = match found.removal {
                Removal::Post { thread_id } => {
                    q::set_post_removed(&mut s.tx, item.id, Some(&reason)).await?;
                    s.after.threads.push(thread_id);
                    About::post(show.id, thread_id, item.id)
                }
                Removal::Thread => {
                    q::set_thread_removed(&mut s.tx, item.id, Some(&reason)).await?;
                    s.after.threads.push(item.id);
                    About::thread(show.id, item.id)
                }
                Removal::Chat(c) => {
                    q::delete_chat_message(&mut s.tx, c.row.id, c.show_id).await?;
                    if let Some(room) = c.room {
                        s.after.deleted.push((room, c.row.id));
                    }
                    About::room(show.id, c.room)
                }
            };
            reports::close(&mut s.tx, item.target, item.id, Settled::Actioned).await?;
            let what = format!("remove {}", item.target.as_str());
            let logged = s
                .log(actor, in_show, &what, found.label, found.author, &reason)
                .await?;
            s.tell(actor, logged, found.author, about, &reason).await?;
            if let Some((user, penalty)) = sanctioned {
                people::sanction(&mut s, actor, show.id, user, penalty, &reason).await?;
            }
        }
    }
    Ok(s)
}
