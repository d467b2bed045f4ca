//! Why a forum write was refused, typed: the web layer maps each case to a status and shows
//! the form again. Shared by posting and polls.
use crate::i18n::Msg;
use crate::moderation::guard::Refused;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejected {
    /// A field is missing or malformed.
    Invalid(Msg),
    /// The text is over the length limit.
    TooLong(Msg),
    /// The author may not post here (a sanction, a locked thread).
    Forbidden(Msg),
    /// A new account posted too often.
    TooMany(Msg),
    /// The state of what it names forbids it now (a prediction locked by its episode's airing).
    Conflict(Msg),
    /// The thread does not exist for this author.
    NoThread,
}

impl Rejected {
    /// Worded by the page, in its reader's language.
    pub fn message(&self) -> Msg {
        match self {
            Rejected::Invalid(m)
            | Rejected::TooLong(m)
            | Rejected::Forbidden(m)
            | Rejected::TooMany(m)
            | Rejected::Conflict(m) => m.clone(),
            Rejected::NoThread => Msg::new("err-thread-does-not-exist"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PostingError {
    #[error("{}", .0.message())]
    Rejected(Rejected),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<Rejected> for PostingError {
    fn from(r: Rejected) -> Self {
        PostingError::Rejected(r)
    }
}

impl From<Refused> for Rejected {
    fn from(r: Refused) -> Self {
        match r {
            Refused::Sanctioned(m) => Rejected::Forbidden(m),
            Refused::TooMany(m) => Rejected::TooMany(m),
            Refused::Disallowed(m) => Rejected::Invalid(m),
        }
    }
}
