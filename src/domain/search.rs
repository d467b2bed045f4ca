//! What search shares with the database below it: the kinds of indexed document and the
//! synonym groups stored per show.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Thread,
    Post,
    Episode,
    Chat,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Thread => "thread",
            DocKind::Post => "post",
            DocKind::Episode => "episode",
            DocKind::Chat => "chat",
        }
    }

    pub fn parse(s: &str) -> Option<DocKind> {
        match s {
            "thread" => Some(DocKind::Thread),
            "post" => Some(DocKind::Post),
            "episode" => Some(DocKind::Episode),
            "chat" => Some(DocKind::Chat),
            _ => None,
        }
    }
}

/// Equivalence groups: every word or phrase in a group finds the others.
pub type Synonyms = Vec<Vec<String>>;
