//! Writing to the forum. New threads, replies and edits run the same steps: parse the text,
//! guard it (sanctions, new-account limits, word filters including "hold"), write it with
//! its search job in one transaction, and drop cached rows after the commit. A refusal is a
//! typed `Rejected`; the web layer maps it to a status and shows the form again.
use crate::auth::SessionUser;
use crate::db::catalog::Show;
use crate::db::posts::Post;
use crate::db::{self, Db};
use crate::domain::{BodyError, EpisodeCode, LangChoice, PostBody, ThreadTitle};
use crate::i18n::Msg;
use crate::moderation::guard::{self, NewAccountLimits};
use crate::visibility::{Gate, ThreadAccess};

pub use super::rejected::{PostingError, Rejected};

/// The language select: empty detects, an unknown code is refused before anything is checked
/// or counted.
fn lang_choice(field: &str) -> Result<LangChoice, Rejected> {
    LangChoice::parse(field).map_err(Rejected::Invalid)
}

fn body_of(text: &str) -> Result<PostBody, Rejected> {
    PostBody::try_from(text).map_err(|e| match e {
        BodyError::TooLong(_) => Rejected::TooLong(e.message()),
        BodyError::Empty => Rejected::Invalid(e.message()),
    })
}

/// What the new-thread form carries.
pub struct NewThreadInput<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub board: &'a str,
    pub episode: &'a str,
    pub spoils: &'a str,
    /// An optional poll in the first post.
    pub poll: super::polls::PollInput<'a>,
    /// The author's region, whose air date closes an "until the episode airs" poll.
    pub region: &'a str,
    /// The language select: "" detects it.
    pub lang: &'a str,
    /// The author's interface language, for a text too short to tell.
    pub interface: crate::i18n::Lang,
}

/// An episode of the show by code; an empty field is no episode.
async fn episode_id(
    db: &Db,
    show: &Show,
    code: &str,
    missing: impl FnOnce() -> Msg,
) -> Result<Option<i64>, PostingError> {
    let code = code.trim();
    if code.is_empty() {
        return Ok(None);
    }
    let found = match EpisodeCode::try_from(code) {
        Ok(c) => db::catalog::episode_by_code(db, show.id, &c.to_string()).await?,
        Err(_) => None,
    };
    match found {
        Some(e) => Ok(Some(e.id)),
        None => Err(Rejected::Invalid(missing()).into()),
    }
}

/// Creates a thread; returns its id.
pub async fn create_thread(
    db: &Db,
    limits: &NewAccountLimits,
    user: &SessionUser,
    show: &Show,
    input: &NewThreadInput<'_>,
) -> Result<i64, PostingError> {
    let title = ThreadTitle::try_from(input.title).map_err(|e| Rejected::Invalid(e.0))?;
    let body = body_of(input.body)?;
    let choice = lang_choice(input.lang)?;
    let board = db::catalog::board_by_slug(db, show.id, input.board.trim())
        .await?
        .ok_or_else(|| Rejected::Invalid(Msg::new("err-choose-one-show-boards")))?;
    let episode_id = episode_id(db, show, input.episode, || {
        Msg::new("err-show-no-episode-named")
            .arg("show", &show.title)
            .arg("code", input.episode)
    })
    .await?;
    super::predictions::check_new(db, &board.slug, episode_id).await?;
    let spoils_up_to = episode_id_for_spoils(db, show, input.spoils).await?;
    let poll = super::polls::parse(db, show.id, &input.poll, episode_id, input.region).await?;
    let cleared = guard::check(
        db,
        limits,
        user,
        show.id,
        Some(title.as_str()),
        body.as_str(),
    )
    .await?
    .map_err(Rejected::from)?;
    // Replacements keep the length, so the cleared text is still within bounds.
    let title = ThreadTitle::try_from(cleared.title.as_deref().unwrap_or_default())
        .map_err(|e| Rejected::Invalid(e.0))?;
    let body = body_of(&cleared.body)?;
    let judged = format!("{}\n\n{}", title.as_str(), body.as_str());
    let lang = super::language::resolve(choice, input.interface, &judged);
    let draft = super::ThreadDraft {
        show_id: show.id,
        board_id: board.id,
        episode_id,
        author_id: Some(user.id),
        title: &title,
        body: &body,
        held: cleared.held || poll.as_ref().is_some_and(|p| p.held),
        spoils_up_to,
        lang,
    };
    // The thread, its first post and its poll commit together or not at all.
    let mut tx = db.begin().await?;
    let (thread_id, _) = super::create_thread_in(&mut tx, &draft).await?;
    if let Some(poll) = &poll {
        super::polls::insert_in(&mut tx, thread_id, poll).await?;
    }
    tx.commit().await?;
    Ok(thread_id)
}

async fn episode_id_for_spoils(
    db: &Db,
    show: &Show,
    code: &str,
) -> Result<Option<i64>, PostingError> {
    episode_id(db, show, code, || {
        Msg::new("err-show-no-episode-spoiled")
            .arg("show", &show.title)
            .arg("code", code)
    })
    .await
}

/// Appends a reply to a thread the author can see; returns (post id, page it is on).
pub async fn reply(
    db: &Db,
    limits: &NewAccountLimits,
    gate: &Gate,
    user: &SessionUser,
    thread_id: i64,
    text: &str,
    lang: &str,
) -> Result<(i64, i64), PostingError> {
    let thread = db::forum::thread(db, thread_id)
        .await?
        .ok_or(Rejected::NoThread)?;
    // Replying is not reading, so the spoiler shield does not stop it; a held thread of
    // someone else does not exist for this author.
    if let ThreadAccess::Missing = gate.thread(thread.clone(), true) {
        return Err(Rejected::NoThread.into());
    }
    if thread.locked {
        return Err(Rejected::Forbidden(Msg::new("err-thread-locked-no-new-replies")).into());
    }
    let body = body_of(text)?;
    let choice = lang_choice(lang)?;
    let cleared = guard::check(db, limits, user, thread.show_id, None, body.as_str())
        .await?
        .map_err(Rejected::from)?;
    let body = body_of(&cleared.body)?;
    let lang = super::language::resolve(choice, gate.lang(), body.as_str());
    let (post_id, position) =
        super::reply(db, thread.id, user.id, &body, cleared.held, &lang).await?;
    Ok((post_id, super::page_of(position)))
}

/// Edits the author's own post. A held word holds it again for review; an edit never
/// releases a held post. "Detect automatically" detects the language of the new text.
pub async fn edit(
    db: &Db,
    limits: &NewAccountLimits,
    user: &SessionUser,
    post: &Post,
    text: &str,
    lang: &str,
    interface: crate::i18n::Lang,
) -> Result<(), PostingError> {
    let body = body_of(text)?;
    let choice = lang_choice(lang)?;
    let thread = db::forum::thread(db, post.thread_id)
        .await?
        .ok_or(Rejected::NoThread)?;
    super::predictions::check_changeable(&thread, post)?;
    let cleared = guard::check(db, limits, user, thread.show_id, None, body.as_str())
        .await?
        .map_err(Rejected::from)?;
    let body = body_of(&cleared.body)?;
    // An opening post is judged with its thread's title, as when it was written.
    let judged = if post.position == 1 {
        format!("{}\n\n{}", thread.title_src, body.as_str())
    } else {
        body.as_str().to_string()
    };
    let lang = super::language::resolve(choice, interface, &judged);
    super::edit_post(db, post.id, &body, cleared.held, &lang).await?;
    Ok(())
}

/// The post, if it exists, is not deleted and belongs to `user`.
pub async fn own_post(db: &Db, user: &SessionUser, id: i64) -> Result<Option<Post>, PostingError> {
    let post = db::posts::post(db, id).await?.filter(|p| !p.deleted);
    match post {
        Some(p) if p.author_id != Some(user.id) => {
            Err(Rejected::Forbidden(Msg::new("err-only-change-own-posts")).into())
        }
        other => Ok(other),
    }
}

/// Soft-deletes the author's own post (not the opening post of a locked prediction).
pub async fn delete(db: &Db, post: &Post) -> Result<(), PostingError> {
    if let Some(thread) = db::forum::thread(db, post.thread_id).await? {
        super::predictions::check_changeable(&thread, post)?;
    }
    Ok(db::posts::delete_post(db, post.id).await?)
}
