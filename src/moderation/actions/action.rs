//! The typed moderator actions, with the rows they act on.
use crate::db::catalog::Show;
use crate::db::forum::ThreadSummary;
use crate::db::moderation::ThreadFlag;
use crate::db::posts::Post;
use crate::domain::{EpisodeCode, RoomId, ThreadTitle};
use crate::moderation::filters::FilterAction;
use crate::moderation::reports::Target;
use crate::moderation::rooms::ChatMessage;
use crate::moderation::sanctions::Kind;

/// A post, thread or chat message, named by kind and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub target: Target,
    pub id: i64,
}

/// A show sanction: warning, chat timeout or suspension, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Penalty {
    pub kind: Kind,
    /// None: a warning, or a permanent suspension.
    pub duration_ms: Option<i64>,
}

#[derive(Debug, Clone)]
pub enum PostOp {
    Remove { reason: String },
    Restore { note: String },
    Approve { note: String },
}

#[derive(Debug, Clone)]
pub enum ThreadOp {
    Remove {
        reason: String,
    },
    Restore {
        note: String,
    },
    Flag {
        flag: ThreadFlag,
        on: bool,
        note: String,
    },
    Move {
        board: String,
        note: String,
    },
    Edit {
        title: ThreadTitle,
        episode: Option<EpisodeCode>,
        spoils: Option<EpisodeCode>,
        note: String,
    },
}

#[derive(Debug, Clone)]
pub enum ChatOp {
    Delete { note: String },
    Timeout { minutes_ms: i64, reason: String },
}

#[derive(Debug, Clone)]
pub enum Resolution {
    Dismiss {
        note: String,
    },
    /// Remove the item, and sanction its author when `then` says so.
    Remove {
        reason: String,
        then: Option<Penalty>,
    },
}

/// One moderator action (or a report), with the rows it acts on.
#[derive(Debug, Clone)]
pub enum Action {
    Post {
        post: Post,
        thread: ThreadSummary,
        op: PostOp,
    },
    Thread {
        thread: ThreadSummary,
        op: ThreadOp,
    },
    Chat {
        message: ChatMessage,
        op: ChatOp,
    },
    Resolve {
        show: Show,
        item: Item,
        how: Resolution,
    },
    Sanction {
        show: Show,
        username: String,
        penalty: Penalty,
        reason: String,
    },
    /// Site-wide; admins only.
    Ban {
        username: String,
        reason: String,
        duration_ms: Option<i64>,
    },
    RoomSettings {
        show: Show,
        room: RoomId,
        slow_mode_s: i64,
        mods_only: bool,
        note: String,
    },
    AddFilter {
        show: Show,
        pattern: String,
        action: FilterAction,
    },
    RemoveFilter {
        show: Show,
        filter_id: i64,
    },
    /// Admins only.
    SetModerator {
        show: Show,
        username: String,
        grant: bool,
    },
    /// Admins only.
    PublicModlog {
        show: Show,
        public: bool,
    },
    /// Any signed-in user.
    Report {
        item: Item,
        reason: String,
        details: String,
    },
}

/// A request with what its URL names found: the form is read against this.
#[derive(Debug, Clone)]
pub enum Subject {
    Post { post: Post, thread: ThreadSummary },
    Thread(ThreadSummary),
    ChatMessage(ChatMessage),
    Report,
    Resolve(Show),
    Sanction(Show),
    Ban,
    RoomSettings(Show),
    AddFilter(Show),
    RemoveFilter(Show, i64),
    Team(Show),
    ModlogSetting(Show),
}
