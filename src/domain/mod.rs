//! The bottom layer, importing nothing of the crate: parsed input types (a value of one
//! of these has already passed validation), and the plain records and pure text rules
//! that the database and the use-cases share.
mod air_time;
mod chat_message;
mod client;
mod content_lang;
mod episode_code;
mod invalid;
mod live_reaction;
mod local_path;
mod mention;
mod metrics_token;
mod reaction;
mod redact;
mod region;
mod room_id;
mod score;
mod search;
pub mod spoiler_markup;
mod text;
mod token;
mod username;

pub use air_time::{AirDate, AirTime};
pub use chat_message::ChatMessage;
pub use client::{Cidr, Client};
pub use content_lang::{ContentLang, LangChoice, PostLang, CONTENT_LANGUAGES};
pub use episode_code::EpisodeCode;
pub use invalid::Invalid;
pub use live_reaction::LiveReaction;
pub use local_path::LocalPath;
pub use mention::mention_spans;
pub use metrics_token::{MetricsToken, METRICS_TOKEN_MIN_CHARS};
pub use reaction::Reaction;
pub use redact::redact_url;
pub use region::parse_region;
pub use room_id::RoomId;
pub use score::Score;
pub use search::{DocKind, Synonyms};
pub use text::{BodyError, PostBody, Slug, ThreadTitle, POST_MAX_CHARS};
pub use token::new_token;
pub use username::{Password, Username};
