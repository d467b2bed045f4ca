//! What fans who watched an episode say about it: ratings, and the reaction timeline of its
//! live rooms and parties. Both are shown only to viewers who watched the episode
//! (`Gate::has_watched`), since either can tell what happens in it.
pub mod ratings;
pub mod timeline;
