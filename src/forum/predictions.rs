//! Predictions: threads on a show's Predictions board, each about one episode. The opening
//! post can be edited (or deleted) until the episode first airs anywhere; from then on it is
//! locked, and its author or a moderator of the show marks how it turned out. Replies stay
//! open, and are sealed with the prediction (the gate seals the whole thread). Who may read
//! a prediction is the gate's rule (`visibility::predictions`).
use crate::auth::SessionUser;
use crate::db::forum::ThreadSummary;
use crate::db::posts::Post;
use crate::db::predictions::LeaderRow;
use crate::db::{self, Db};
use crate::i18n::Msg;
use crate::visibility::predictions::prediction_episode;
use crate::visibility::{Gate, ThreadAccess};

pub use super::rejected::{PostingError, Rejected};

/// How many authors the leaderboard lists.
pub const LEADERBOARD_SIZE: i64 = 100;

/// How a prediction turned out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Right,
    Wrong,
    Partly,
}

impl Outcome {
    pub fn parse(s: &str) -> Option<Outcome> {
        match s.trim() {
            "right" => Some(Outcome::Right),
            "wrong" => Some(Outcome::Wrong),
            "partly" => Some(Outcome::Partly),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Right => "right",
            Outcome::Wrong => "wrong",
            Outcome::Partly => "partly",
        }
    }
}

/// When the prediction's episode first airs anywhere (unix ms), read with the thread.
fn first_airing(t: &ThreadSummary, episode: i64) -> Option<i64> {
    t.air
        .iter()
        .find(|(id, _)| *id == episode)
        .and_then(|(_, air)| crate::spoilers::shield::first_airing(air))
}

/// A prediction is locked once its episode has first aired somewhere.
fn locked_at(t: &ThreadSummary, now: i64) -> Option<bool> {
    let episode = prediction_episode(t)?;
    Some(first_airing(t, episode).is_some_and(|at| at <= now))
}

/// A new thread on the Predictions board must name its episode.
fn needs_episode(board_slug: &str, episode_id: Option<i64>) -> Result<Option<i64>, Rejected> {
    match (board_slug == db::catalog::PREDICTIONS_BOARD, episode_id) {
        (false, _) => Ok(None),
        (true, None) => Err(Rejected::Invalid(Msg::new("prediction-needs-episode"))),
        (true, Some(e)) => Ok(Some(e)),
    }
}

/// A new prediction names an episode that has not aired anywhere yet: a guess written after
/// the airing would be no guess, and could be marked right on the leaderboard.
pub async fn check_new(
    db: &Db,
    board_slug: &str,
    episode_id: Option<i64>,
) -> Result<(), PostingError> {
    let Some(episode) = needs_episode(board_slug, episode_id)? else {
        return Ok(());
    };
    let first = crate::spoilers::shield::first_airing_of(db, episode).await?;
    if first.is_some_and(|at| at <= crate::time_util::now_ms()) {
        return Err(Rejected::Invalid(Msg::new("prediction-episode-aired")).into());
    }
    Ok(())
}

/// The opening post of a locked prediction can no longer be edited or deleted: the guess
/// stands as it was when the episode aired. Other posts are not concerned.
pub fn check_changeable(thread: &ThreadSummary, post: &Post) -> Result<(), Rejected> {
    if post.position != 1 {
        return Ok(());
    }
    match locked_at(thread, crate::time_util::now_ms()) {
        Some(true) => Err(Rejected::Conflict(Msg::new("prediction-locked-no-edit"))),
        _ => Ok(()),
    }
}

/// What the thread page says about a prediction.
#[derive(Debug, Clone)]
pub struct PredictionView {
    /// The episode's code, upper case.
    pub code: String,
    /// Its episode has first aired somewhere: no more edits; outcomes can be marked.
    pub locked: bool,
    /// When it locks (in the viewer's zone), while it is not locked and an air date is known.
    pub locks_at: Option<String>,
    /// `right`, `wrong` or `partly`, once marked.
    pub outcome: Option<String>,
    /// The viewer may mark it (its author, or a moderator of the show), now that it aired.
    pub may_mark: bool,
}

/// The prediction box of a thread page; None when the thread is no prediction.
pub async fn view(
    db: &Db,
    gate: &Gate,
    thread: &ThreadSummary,
) -> Result<Option<PredictionView>, sqlx::Error> {
    let Some(episode) = prediction_episode(thread) else {
        return Ok(None);
    };
    let now = crate::time_util::now_ms();
    let first = first_airing(thread, episode);
    let locked = first.is_some_and(|at| at <= now);
    let own = gate.user_id().is_some() && gate.user_id() == thread.author_id;
    Ok(Some(PredictionView {
        code: thread
            .episode_code
            .clone()
            .unwrap_or_default()
            .to_uppercase(),
        locked,
        locks_at: first.filter(|_| !locked).map(|at| gate.when(at)),
        outcome: db::predictions::outcome(db, thread.id).await?,
        may_mark: locked && (own || gate.moderates(thread.show_id)),
    }))
}

/// Marks how a prediction turned out. Its author or a moderator of the show may, once the
/// episode has first aired; a moderator's mark of someone else's prediction is in the mod
/// log, committed with it.
pub async fn mark(
    db: &Db,
    gate: &Gate,
    user: &SessionUser,
    thread_id: i64,
    outcome: &str,
) -> Result<(), PostingError> {
    let thread = db::forum::thread(db, thread_id)
        .await?
        .ok_or(Rejected::NoThread)?;
    // Marking is not reading: the seal does not stop the author or a moderator.
    if let ThreadAccess::Missing = gate.thread(thread.clone(), true) {
        return Err(Rejected::NoThread.into());
    }
    let Some(locked) = locked_at(&thread, crate::time_util::now_ms()) else {
        return Err(Rejected::NoThread.into());
    };
    let outcome = Outcome::parse(outcome)
        .ok_or_else(|| Rejected::Invalid(Msg::new("prediction-outcome-choose")))?;
    let own = thread.author_id == Some(user.id);
    if !own && !gate.moderates(thread.show_id) {
        return Err(Rejected::Forbidden(Msg::new("prediction-mark-not-allowed")).into());
    }
    if !locked {
        return Err(Rejected::Conflict(Msg::new("prediction-mark-too-early")).into());
    }
    let now = crate::time_util::now_ms();
    let mut tx = db.begin().await?;
    db::predictions::set_outcome(&mut tx, thread.id, outcome.as_str(), user.id, now).await?;
    if !own {
        crate::moderation::log::record(
            &mut tx,
            crate::moderation::log::Entry {
                show_id: Some(thread.show_id),
                actor_id: user.id,
                action: "mark prediction",
                target: format!("thread #{}: {}", thread.id, outcome.as_str()),
                target_user_id: thread.author_id,
                reason: "",
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The show's leaderboard: authors by predictions marked right.
pub async fn leaderboard(db: &Db, show_id: i64) -> Result<Vec<LeaderRow>, sqlx::Error> {
    db::predictions::leaderboard(db, show_id, LEADERBOARD_SIZE).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_parse_from_the_form() {
        for o in [Outcome::Right, Outcome::Wrong, Outcome::Partly] {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
        }
        assert_eq!(Outcome::parse(" partly "), Some(Outcome::Partly));
        assert_eq!(Outcome::parse("maybe"), None);
        assert_eq!(Outcome::parse(""), None);
    }

    #[test]
    fn only_the_predictions_board_needs_an_episode() {
        assert!(needs_episode("predictions", None).is_err());
        assert_eq!(needs_episode("predictions", Some(3)), Ok(Some(3)));
        assert_eq!(needs_episode("general", None), Ok(None));
        assert_eq!(needs_episode("general", Some(3)), Ok(None));
    }
}
