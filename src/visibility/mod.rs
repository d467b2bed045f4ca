//! The one visibility gate. Every read path that shows content asks a `Gate`, built once per
//! request from the viewer, what this viewer may see: removed content (moderators see it
//! marked, others a notice), held content (its author and the show's moderators only),
//! deleted posts (a placeholder), and the spoiler shield (region or watch progress, "spoils
//! up to", and the "show anyway" choice), and the seal of predictions. Pages, lists, quotes, search, replay and chat
//! admission all go through here, so a new read path cannot forget a rule.
pub mod authored;
pub mod chat;
pub mod episodes;
mod gate;
pub mod posts;
pub mod predictions;
pub mod search;
pub mod threads;
pub mod watchers;

pub use gate::Gate;
pub use posts::PostView;
pub use threads::ThreadAccess;
