//! Actions on people and show settings: sanctions, site bans, the moderator team, the
//! public mod log setting; and users' reports.
use super::action::{Item, Penalty};
use super::lookup::{post_and_thread, thread_of};
use super::notify::About;
use super::staged::{Actor, Done, Staged};
use crate::db::catalog::Show;
use crate::db::{self, Db};
use crate::domain::RoomId;
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::moderation::reports::{self, Filed, Target};
use crate::moderation::roles;
use crate::moderation::rooms;
use crate::moderation::sanctions::{self, Kind, NewSanction};

async fn user_named(db: &Db, username: &str) -> AppResult<i64> {
    roles::user_id(db, username)
        .await?
        .ok_or_else(|| AppError::Unprocessable(Msg::new("err-no-user").arg("username", username)))
}

/// Applies a show sanction to `user` within the staged action, with its own log entry.
pub(super) async fn sanction(
    s: &mut Staged,
    actor: &Actor,
    show_id: i64,
    user: i64,
    penalty: Penalty,
    why: &str,
) -> AppResult<()> {
    // A show's moderators keep each other and the admins in check only through the admins.
    if !actor.is_admin && db::roles::outranks_show_moderators(&mut s.tx, user, show_id).await? {
        return Err(AppError::Forbidden(Msg::new(
            "err-only-site-admins-sanction-admin",
        )));
    }
    sanctions::create(
        &mut s.tx,
        &NewSanction {
            user_id: user,
            show_id: Some(show_id),
            kind: penalty.kind,
            reason: why,
            by: actor.id,
            duration_ms: penalty.duration_ms,
        },
    )
    .await?;
    let what = match (penalty.kind, penalty.duration_ms) {
        (Kind::Warn, _) => "warn".to_string(),
        (k, d) => crate::moderation::log::sanction_action(k.as_str(), d),
    };
    let logged = s
        .log(
            actor,
            Some(show_id),
            &what,
            format!("user #{user}"),
            Some(user),
            why,
        )
        .await?;
    s.tell(actor, logged, Some(user), About::show(show_id), why)
        .await?;
    s.after.reload_all = true;
    Ok(())
}

pub(super) async fn sanction_user(
    db: &Db,
    actor: &Actor,
    show: Show,
    username: &str,
    penalty: Penalty,
    reason: String,
) -> AppResult<Staged> {
    let user = user_named(db, username).await?;
    let mut s = Staged::begin(db, Done::ShowTools(show.slug)).await?;
    sanction(&mut s, actor, show.id, user, penalty, &reason).await?;
    Ok(s)
}

/// Site ban: every session and socket of the user ends at once.
pub(super) async fn ban(
    db: &Db,
    actor: &Actor,
    username: &str,
    reason: String,
    duration_ms: Option<i64>,
) -> AppResult<Staged> {
    let user = user_named(db, username).await?;
    if user == actor.id {
        return Err(AppError::Unprocessable(Msg::new("err-cannot-ban-yourself")));
    }
    let mut s = Staged::begin(db, Done::Admin).await?;
    sanctions::create(
        &mut s.tx,
        &NewSanction {
            user_id: user,
            show_id: None,
            kind: Kind::Ban,
            reason: &reason,
            by: actor.id,
            duration_ms,
        },
    )
    .await?;
    let logged = s
        .log(
            actor,
            None,
            "ban",
            format!("user {username}"),
            Some(user),
            &reason,
        )
        .await?;
    s.tell(actor, logged, Some(user), About::default(), &reason)
        .await?;
    // Open rooms drop the purged lines at once. A room keeps only its newest 500 messages in
    // memory, so telling rooms about the user's newest few thousand covers what they hold
    // unless the user spoke in many rooms; the database has them all deleted either way.
    let purged = db::moderation::purge_user_chat(&mut s.tx, user).await?;
    s.after.deleted.extend(
        purged
            .into_iter()
            .take(PURGE_NOTICES)
            .filter_map(|(room, id)| RoomId::parse(&room).map(|r| (r, id))),
    );
    s.after.kicked.push(user);
    s.after.reload_all = true;
    Ok(s)
}

/// How many of a banned user's newest messages open rooms are told to drop.
const PURGE_NOTICES: usize = 2_000;

/// Admins grant and revoke a show's moderators; open sockets see the change at once.
pub(super) async fn set_moderator(
    db: &Db,
    actor: &Actor,
    show: Show,
    username: &str,
    grant: bool,
) -> AppResult<Staged> {
    let user = user_named(db, username).await?;
    let mut s = Staged::begin(db, Done::ShowTools(show.slug)).await?;
    let what = if grant {
        crate::db::roles::grant(&mut s.tx, show.id, user, Some(actor.id)).await?;
        "grant moderator"
    } else {
        crate::db::roles::revoke(&mut s.tx, show.id, user).await?;
        "revoke moderator"
    };
    s.log(
        actor,
        Some(show.id),
        what,
        format!("user {username}"),
        Some(user),
        "",
    )
    .await?;
    s.after.reload_all = true;
    Ok(s)
}

pub(super) async fn public_modlog(
    db: &Db,
    actor: &Actor,
    show: Show,
    public: bool,
) -> AppResult<Staged> {
    let mut s = Staged::begin(db, Done::ShowTools(show.slug)).await?;
    crate::db::moderation::set_public_modlog(&mut s.tx, show.id, public).await?;
    let what = if public {
        "make mod log public"
    } else {
        "make mod log private"
    };
    s.log(actor, Some(show.id), what, show.title, None, "")
        .await?;
    Ok(s)
}

/// Files a report (any signed-in user, sanctioned or not: reporting stays open).
pub(super) async fn report(
    db: &Db,
    actor: &Actor,
    item: Item,
    reason: String,
    details: String,
) -> AppResult<Staged> {
    let (show_id, done) = match item.target {
        Target::Post => {
            let (p, t) = post_and_thread(db, item.id).await?;
            (t.show_id, Done::post(&p))
        }
        Target::Thread => {
            let t = thread_of(db, item.id).await?;
            (t.show_id, Done::Thread(t.id))
        }
        Target::Chat => {
            let m = rooms::chat_message(db, item.id)
                .await?
                .ok_or_else(|| AppError::NotFound(Msg::new("err-message-does-not-exist")))?;
            (m.show_id, Done::Home)
        }
    };
    let mut s = Staged::begin(db, done).await?;
    let filed = reports::file(
        &mut s.tx,
        show_id,
        item.target,
        item.id,
        actor.id,
        &reason,
        &details,
    )
    .await?;
    match filed {
        Filed::New => Ok(s),
        Filed::AlreadyReported => Err(AppError::Conflict(Msg::new(
            "err-have-already-reported-moderators-will",
        ))),
    }
}
