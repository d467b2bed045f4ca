//! Sealed predictions. A thread on a show's Predictions board names an episode; its title and
//! posts are sealed behind a neutral label for every viewer until that viewer has watched the
//! episode and it has aired in their region. Anonymous viewers cannot have watched anything,
//! so for them (and for feeds, which are read anonymously) a prediction stays sealed. Its
//! author always reads their own. Unlike the spoiler shield there is no "show anyway": the
//! point of a seal is that nobody reads the guess before they have seen the episode.
use super::gate::Gate;
use crate::db::catalog::PREDICTIONS_BOARD;
use crate::db::forum::ThreadSummary;
use crate::i18n::{Msg, Tr};

/// The episode a prediction is about, when `t` is one.
pub fn prediction_episode(t: &ThreadSummary) -> Option<i64> {
    if t.board_slug == PREDICTIONS_BOARD {
        t.episode_id
    } else {
        None
    }
}

impl Gate {
    /// The seal's label when this viewer may not read the prediction `t` yet; None when they
    /// may, or when `t` is no prediction. Judged from the air data read with the thread.
    pub fn seal_of(&self, t: &ThreadSummary) -> Option<String> {
        let episode = prediction_episode(t)?;
        if self.is_me(t.author_id) {
            return None;
        }
        let air = t
            .air
            .iter()
            .find(|(id, _)| *id == episode)
            .map(|(_, air)| &**air);
        let code = air
            .map(|a| a.code.as_str())
            .or(t.episode_code.as_deref())
            .unwrap_or_default()
            .to_uppercase();
        let aired_here = air.is_some_and(|a| self.shield.aired_in(a, self.region()));
        // A signed-in viewer is told what they wait for first: the airing in their region,
        // then their own watching. An anonymous one can only wait for the latter.
        let msg = if self.is_signed_in() && !aired_here {
            Msg::new("prediction-sealed-until-airs")
                .arg("code", code)
                .arg("country", crate::spoilers::region::name(self.region()))
        } else if !(aired_here && self.shield.has_watched(episode)) {
            Msg::new("prediction-sealed-until-watched").arg("code", code)
        } else {
            return None;
        };
        Some(msg.in_lang(&Tr::new(self.lang())))
    }
}
