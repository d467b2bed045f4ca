//! Polls in a thread's first post: written with the thread, voted on until they close,
//! results shown once the viewer has voted or the poll has closed. A poll is part of the
//! first post, so it is shown (and voted on) only where the visibility gate shows that post.
use crate::i18n::Msg;
use std::collections::HashSet;

use super::rejected::{PostingError, Rejected};
use crate::auth::SessionUser;
use crate::db::polls::{NewPoll, Poll, VoteOutcome};
use crate::db::{self, Db, Tx};
use crate::moderation::filters::{self, Outcome};
use crate::moderation::sanctions;
use crate::spoilers::region::air_instant;
use crate::time_util::{iso_ms, now_ms};
use crate::visibility::{Gate, PostView, ThreadAccess};

pub const MIN_OPTIONS: usize = 2;
pub const MAX_OPTIONS: usize = 10;
pub const QUESTION_MAX_CHARS: usize = 300;
pub const OPTION_MAX_CHARS: usize = 200;

/// The poll fields of the new-thread form, as typed.
#[derive(Default)]
pub struct PollInput<'a> {
    pub question: &'a str,
    /// One option per line.
    pub options: &'a str,
    pub multiple: bool,
    /// "" (never), "at" (at `closes_at`) or "episode" (when the thread's episode airs in
    /// the author's region).
    pub close: &'a str,
    /// `YYYY-MM-DDTHH:MM` in UTC, from a datetime-local input.
    pub closes_at: &'a str,
}

/// A poll that passed every check, ready to write with its thread.
pub struct PollDraft {
    pub question: String,
    pub options: Vec<String>,
    pub multiple: bool,
    pub closes_at: Option<i64>,
    /// A show's word filter asked for review: the thread is held with it.
    pub held: bool,
}

fn invalid(msg: Msg) -> PostingError {
    Rejected::Invalid(msg).into()
}

/// The options, one per line, blank lines dropped.
fn option_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Checks the poll part of a new-thread form; `None` when the author asked for no poll.
pub async fn parse(
    db: &Db,
    show_id: i64,
    input: &PollInput<'_>,
    episode_id: Option<i64>,
    region: &str,
) -> Result<Option<PollDraft>, PostingError> {
    let question = input.question.trim();
    let options = option_lines(input.options);
    if question.is_empty() && options.is_empty() {
        return Ok(None);
    }
    if question.is_empty() {
        return Err(invalid(Msg::new("err-poll-no-question")));
    }
    if question.chars().count() > QUESTION_MAX_CHARS {
        return Err(invalid(
            Msg::new("err-poll-question-long").arg("limit", QUESTION_MAX_CHARS),
        ));
    }
    if options.len() < MIN_OPTIONS || options.len() > MAX_OPTIONS {
        return Err(invalid(
            Msg::new("err-poll-options-count")
                .arg("min", MIN_OPTIONS)
                .arg("max", MAX_OPTIONS)
                .arg("count", options.len()),
        ));
    }
    let mut seen = HashSet::new();
    for o in &options {
        if o.chars().count() > OPTION_MAX_CHARS {
            return Err(invalid(
                Msg::new("err-poll-option-long").arg("limit", OPTION_MAX_CHARS),
            ));
        }
        if !seen.insert(o.to_lowercase()) {
            return Err(invalid(Msg::new("err-poll-option-twice").arg("option", o)));
        }
    }
    let closes_at = closing(db, input, episode_id, region).await?;
    let (question, mut held) = filtered(db, show_id, question).await?;
    let mut checked = Vec::with_capacity(options.len());
    for o in &options {
        let (text, hold) = filtered(db, show_id, o).await?;
        held |= hold;
        checked.push(text);
    }
    Ok(Some(PollDraft {
        question,
        options: checked,
        multiple: input.multiple,
        closes_at,
        held,
    }))
}

/// The show's word filters apply to poll text as to posts (it is shown beside them).
async fn filtered(db: &Db, show_id: i64, text: &str) -> Result<(String, bool), PostingError> {
    match filters::apply(text, &filters::list(db, show_id).await?) {
        Outcome::Allow(t) => Ok((t, false)),
        Outcome::Hold(t) => Ok((t, true)),
        Outcome::Block(word) => Err(invalid(Msg::new("err-poll-blocked-word").arg("word", word))),
    }
}

/// The instant the poll closes: a UTC time given, or the thread episode's air time in the
/// author's region, resolved now and stored as an instant.
async fn closing(
    db: &Db,
    input: &PollInput<'_>,
    episode_id: Option<i64>,
    region: &str,
) -> Result<Option<i64>, PostingError> {
    let now = now_ms();
    let at = match input.close.trim() {
        "" | "never" => return Ok(None),
        "at" => parse_utc(input.closes_at).ok_or_else(|| {
            invalid(Msg::new("err-poll-closing-time").arg("value", input.closes_at))
        })?,
        "episode" => {
            let Some(episode_id) = episode_id else {
                return Err(invalid(Msg::new("err-poll-close-needs-episode")));
            };
            let dates = db::catalog::air_dates(db, episode_id).await?;
            match air_instant(&dates, Some(region)) {
                Some((_, at)) => at,
                None => return Err(invalid(Msg::new("err-poll-episode-no-date"))),
            }
        }
        other => return Err(invalid(Msg::new("err-poll-close-way").arg("value", other))),
    };
    if at <= now {
        return Err(invalid(Msg::new(if input.close.trim() == "episode" {
            "err-poll-episode-aired"
        } else {
            "err-poll-closing-past"
        })));
    }
    Ok(Some(at))
}

fn parse_utc(s: &str) -> Option<i64> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let fmt_s = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let t = time::PrimitiveDateTime::parse(s.trim(), &fmt)
        .or_else(|_| time::PrimitiveDateTime::parse(s.trim(), &fmt_s))
        .ok()?;
    i64::try_from(t.assume_utc().unix_timestamp_nanos() / 1_000_000).ok()
}

/// Writes the poll in the thread's transaction.
pub async fn insert_in(tx: &mut Tx, thread_id: i64, d: &PollDraft) -> Result<(), sqlx::Error> {
    let poll = NewPoll {
        question: &d.question,
        options: &d.options,
        multiple: d.multiple,
        closes_at: d.closes_at,
    };
    db::polls::insert(tx, thread_id, &poll, now_ms()).await?;
    Ok(())
}

pub struct OptionView {
    pub id: i64,
    pub label: String,
    pub votes: i64,
    pub percent: i64,
    pub mine: bool,
}

/// A poll as one viewer sees it.
pub struct PollView {
    pub thread_id: i64,
    pub question: String,
    pub multiple: bool,
    pub options: Vec<OptionView>,
    pub voters: i64,
    pub closed: bool,
    /// "2026-05-01 20:00 UTC" when a closing time is set.
    pub closes: Option<String>,
    pub closes_iso: String,
    pub voted: bool,
    /// Tallies are shown once the viewer has voted or the poll has closed.
    pub results: bool,
    /// The page was opened past the spoiler shield: the vote form says so too.
    pub reveal: bool,
}

/// The poll of a thread page, when its first post is on this page and readable: at most
/// two queries (the poll with its tallies, the viewer's own votes).
pub async fn view(
    db: &Db,
    gate: &Gate,
    thread_id: i64,
    posts: &[PostView],
    moderator: bool,
    reveal: bool,
) -> Result<Option<PollView>, sqlx::Error> {
    let first_readable = posts
        .first()
        .is_some_and(|p| p.position == 1 && !p.deleted && (p.removed.is_none() || moderator));
    if !first_readable {
        return Ok(None);
    }
    let viewer = gate.user_id().unwrap_or(0);
    let Some(mut poll) = db::polls::for_thread(db, thread_id, viewer).await? else {
        return Ok(None);
    };
    let mine = std::mem::take(&mut poll.mine);
    Ok(Some(shape(poll, &mine, reveal, &|t| gate.when(t))))
}

/// `when` prints the closing time as the viewer reads it.
fn shape(poll: Poll, mine: &[i64], reveal: bool, when: &dyn Fn(i64) -> String) -> PollView {
    let closed = poll.closes_at.is_some_and(|c| c <= now_ms());
    let voted = !mine.is_empty();
    let voters = poll.voters;
    PollView {
        thread_id: poll.thread_id,
        question: poll.question,
        multiple: poll.multiple,
        options: poll
            .options
            .into_iter()
            .map(|o| OptionView {
                percent: if voters > 0 {
                    (o.votes * 100 + voters / 2) / voters
                } else {
                    0
                },
                mine: mine.contains(&o.id),
                id: o.id,
                label: o.label,
                votes: o.votes,
            })
            .collect(),
        voters,
        closed,
        closes: poll.closes_at.map(when),
        closes_iso: poll.closes_at.map(iso_ms).unwrap_or_default(),
        voted,
        results: voted || closed,
        reveal,
    }
}

/// Why a vote was refused.
#[derive(Debug, thiserror::Error)]
pub enum VoteError {
    /// No such thread or poll for this viewer (held, shielded, removed).
    #[error("{0}")]
    Missing(Msg),
    #[error("{0}")]
    Closed(Msg),
    #[error("{0}")]
    Forbidden(Msg),
    #[error("{0}")]
    Invalid(Msg),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Records the user's choice, replacing an earlier one; returns the thread's URL.
pub async fn vote(
    db: &Db,
    gate: &Gate,
    user: &SessionUser,
    thread_id: i64,
    choices: &[String],
    reveal: bool,
) -> Result<String, VoteError> {
    let missing = || VoteError::Missing(Msg::new("err-thread-has-no-poll-vote"));
    let thread = db::forum::thread(db, thread_id)
        .await?
        .ok_or_else(missing)?;
    let thread = match gate.thread(thread, reveal) {
        ThreadAccess::Open { thread, .. } => thread,
        _ => return Err(missing()),
    };
    let first = db::posts::posts_in_range(db, thread.id, 1, 1).await?;
    let first = gate.posts(&thread, &first);
    if !first
        .first()
        .is_some_and(|p| !p.deleted && p.removed.is_none())
    {
        return Err(missing());
    }
    let poll = db::polls::for_thread(db, thread.id, user.id)
        .await?
        .ok_or_else(missing)?;
    if poll.closes_at.is_some_and(|c| c <= now_ms()) {
        return Err(VoteError::Closed(Msg::new("err-poll-closed")));
    }
    if thread.locked {
        return Err(VoteError::Closed(Msg::new(
            "err-thread-locked-its-poll-takes",
        )));
    }
    if let Some(s) = sanctions::posting_block(db, user.id, thread.show_id).await? {
        return Err(VoteError::Forbidden(
            Msg::new("err-sanctioned-vote").nest("sanction", s.describe()),
        ));
    }
    let mut picked: Vec<i64> = Vec::new();
    for c in choices {
        let id = c.trim().parse::<i64>().ok();
        match id.filter(|id| poll.options.iter().any(|o| o.id == *id)) {
            Some(id) if !picked.contains(&id) => picked.push(id),
            Some(_) => {}
            None => return Err(VoteError::Invalid(Msg::new("err-not-option-poll"))),
        }
    }
    if picked.is_empty() {
        return Err(VoteError::Invalid(Msg::new("err-choose-option-vote")));
    }
    if picked.len() > 1 && !poll.multiple {
        return Err(VoteError::Invalid(Msg::new(
            "err-poll-takes-one-choice-only",
        )));
    }
    match db::polls::replace_votes(db, poll.id, user.id, &picked, now_ms()).await? {
        VoteOutcome::Recorded => Ok(format!("/threads/{}#poll", thread.id)),
        VoteOutcome::Closed => Err(VoteError::Closed(Msg::new("err-poll-closed"))),
    }
}

impl From<VoteError> for crate::error::AppError {
    fn from(e: VoteError) -> Self {
        use crate::error::AppError;
        match e {
            VoteError::Missing(m) => AppError::NotFound(m),
            VoteError::Closed(m) => AppError::Conflict(m),
            VoteError::Forbidden(m) => AppError::Forbidden(m),
            VoteError::Invalid(m) => AppError::Unprocessable(m),
            VoteError::Db(e) => e.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_lines_without_blanks() {
        assert_eq!(option_lines(" a \n\n b\r\n  \n"), vec!["a", "b"]);
    }

    #[test]
    fn closing_times_parse_as_utc() {
        assert_eq!(parse_utc("1970-01-02T00:00"), Some(86_400_000));
        assert_eq!(parse_utc("1970-01-01T00:00:01"), Some(1000));
        assert_eq!(parse_utc("tomorrow"), None);
    }

    #[test]
    fn results_wait_for_a_vote_or_the_close() {
        let poll = Poll {
            id: 1,
            thread_id: 2,
            question: "q".into(),
            multiple: false,
            closes_at: None,
            voters: 3,
            options: vec![
                db::polls::PollOption {
                    id: 10,
                    label: "a".into(),
                    votes: 2,
                },
                db::polls::PollOption {
                    id: 11,
                    label: "b".into(),
                    votes: 1,
                },
            ],
            mine: Vec::new(),
        };
        let before = shape(poll.clone(), &[], false, &crate::time_util::format_ms);
        assert!(!before.results && !before.voted);
        let after = shape(poll.clone(), &[11], false, &crate::time_util::format_ms);
        assert!(after.results);
        assert_eq!(
            after.options.iter().map(|o| o.percent).collect::<Vec<_>>(),
            [67, 33]
        );
        let closed = shape(
            Poll {
                closes_at: Some(1),
                ..poll
            },
            &[],
            false,
            &crate::time_util::format_ms,
        );
        assert!(closed.closed && closed.results);
    }
}
