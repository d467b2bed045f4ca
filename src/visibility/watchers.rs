//! What watchers say about an episode (ratings, the reaction timeline). Unlike the spoiler
//! shield, airing in the viewer's region is not enough and there is no "show anyway": only
//! a signed-in viewer who marked the episode watched sees them, since a score or a burst
//! of shocked reactions at minute 41 tells what happens.
use super::gate::Gate;

impl Gate {
    /// May this viewer see (and add to) what watchers say about the episode.
    pub fn has_watched(&self, episode_id: i64) -> bool {
        self.shield.has_watched(episode_id)
    }
}
