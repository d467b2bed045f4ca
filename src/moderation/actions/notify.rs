//! Telling a content's author what a moderator did to it or to them, with the reason given,
//! in the action's own transaction: the notification commits with the action and its
//! mod-log entry or not at all. Its cause is the log entry (`mod:{id}`), which also says
//! what was done; a moderator acting on their own content is not told.
use super::staged::{Actor, Staged};
use crate::db::notifications::{self, NewNotification};
use crate::domain::RoomId;
use crate::error::AppResult;

/// What the action was about, as ids for the notification to link to.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct About {
    pub show_id: Option<i64>,
    pub thread_id: Option<i64>,
    pub post_id: Option<i64>,
    pub episode_id: Option<i64>,
    pub party_id: Option<i64>,
}

impl About {
    pub(super) fn show(show_id: i64) -> About {
        About {
            show_id: Some(show_id),
            ..About::default()
        }
    }

    pub(super) fn thread(show_id: i64, thread_id: i64) -> About {
        About {
            thread_id: Some(thread_id),
            ..About::show(show_id)
        }
    }

    pub(super) fn post(show_id: i64, thread_id: i64, post_id: i64) -> About {
        About {
            post_id: Some(post_id),
            ..About::thread(show_id, thread_id)
        }
    }

    /// A chat message's room: an episode's or a party's.
    pub(super) fn room(show_id: i64, room: Option<RoomId>) -> About {
        let mut about = About::show(show_id);
        match room {
            Some(RoomId::Episode(id)) => about.episode_id = Some(id),
            Some(RoomId::Party(id)) => about.party_id = Some(id),
            None => {}
        }
        about
    }
}

impl Staged {
    /// Notifies `user` (the content's author, or the sanctioned user) of the action logged
    /// as `log_id`.
    pub(super) async fn tell(
        &mut self,
        actor: &Actor,
        log_id: i64,
        user: Option<i64>,
        about: About,
        reason: &str,
    ) -> AppResult<()> {
        let Some(user_id) = user else { return Ok(()) };
        let reason = reason.trim();
        let n = NewNotification {
            user_id,
            kind: "moderation",
            dedupe: format!("mod:{log_id}"),
            actor_id: Some(actor.id),
            show_id: about.show_id,
            thread_id: about.thread_id,
            post_id: about.post_id,
            episode_id: about.episode_id,
            party_id: about.party_id,
            reason: (!reason.is_empty()).then_some(reason),
        };
        if notifications::insert(&mut self.tx, &n).await? {
            self.after.notified.push(user_id);
        }
        Ok(())
    }
}
