//! An action written into its transaction but not yet committed, and what to announce
//! once it is.
use crate::db::changes::Change;
use crate::db::posts::Post;
use crate::db::{Db, Tx};
use crate::domain::RoomId;
use crate::error::AppResult;
use crate::moderation::live::LiveRooms;
use crate::moderation::{log, Moderator};

/// Who acts: a moderator or admin allowed to, or for a report any signed-in user.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub id: i64,
    pub is_admin: bool,
}

impl From<Moderator> for Actor {
    fn from(m: Moderator) -> Actor {
        Actor {
            id: m.id,
            is_admin: m.is_admin,
        }
    }
}

/// What the action was about, for the page to go back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    Post {
        thread_id: i64,
        post_id: i64,
        position: i64,
    },
    Thread(i64),
    /// The show's moderator tools.
    ShowTools(String),
    /// The word filters on the show's moderator tools.
    ShowFilters(String),
    Admin,
    /// The site-wide review queue.
    SiteQueue,
    Home,
}

impl Done {
    pub(super) fn post(post: &Post) -> Done {
        Done::Post {
            thread_id: post.thread_id,
            post_id: post.id,
            position: post.position,
        }
    }
}

/// What to announce once the transaction has committed.
#[derive(Default)]
pub(super) struct After {
    pub(super) threads: Vec<i64>,
    pub(super) kicked: Vec<i64>,
    pub(super) deleted: Vec<(RoomId, i64)>,
    pub(super) reload: Vec<RoomId>,
    pub(super) reload_all: bool,
    /// Users notified in the transaction: their open streams recount.
    pub(super) notified: Vec<i64>,
}

impl After {
    /// The live rooms' part; cached threads are announced with the commit.
    async fn announce(self, rooms: &dyn LiveRooms) {
        for user in self.kicked {
            rooms.kick_user(user).await;
        }
        for (room, id) in self.deleted {
            rooms.delete_message(room, id).await;
        }
        for room in self.reload {
            rooms.reload(room).await;
        }
        if self.reload_all {
            rooms.reload_all().await;
        }
    }
}

/// An action written but not yet committed.
pub(super) struct Staged {
    pub(super) tx: Tx,
    pub(super) done: Done,
    pub(super) after: After,
}

impl Staged {
    pub(super) async fn begin(db: &Db, done: Done) -> AppResult<Staged> {
        Ok(Staged {
            tx: db.begin().await?,
            done,
            after: After::default(),
        })
    }

    /// Writes the action's mod-log entry; returns its id.
    pub(super) async fn log(
        &mut self,
        actor: &Actor,
        show_id: Option<i64>,
        action: &str,
        target: String,
        target_user_id: Option<i64>,
        reason: &str,
    ) -> AppResult<i64> {
        Ok(log::record(
            &mut self.tx,
            log::Entry {
                show_id,
                actor_id: actor.id,
                action,
                target,
                target_user_id,
                reason,
            },
        )
        .await?)
    }

    pub(super) async fn commit(self, db: &Db, rooms: &dyn LiveRooms) -> AppResult<Done> {
        let changes: Vec<Change> = self
            .after
            .threads
            .iter()
            .map(|t| Change::Thread(*t))
            .chain(self.after.notified.iter().map(|u| Change::Notified(*u)))
            .collect();
        db.commit_changes(self.tx, &changes).await?;
        self.after.announce(rooms).await;
        Ok(self.done)
    }
}
