//! Thread lists, new threads, thread pages and replies.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, Viewer};
use crate::db::catalog::{Board, Episode, Show};
use crate::db::forum::{ThreadSummary, POSTS_PER_PAGE, THREADS_PER_PAGE};
use crate::db::{self, Db};
use crate::domain::{BodyError, PostBody, ThreadTitle};
use crate::error::{AppError, AppResult};
use crate::forum::{self, ThreadDraft};
use crate::moderation::guard;
use crate::web::browse::find_show;
use crate::web::layout::Layout;
use crate::web::AppState;
use crate::web::{render, see_other, PageQuery};

#[derive(Template)]
#[template(path = "forum.html")]
struct ForumPage {
    layout: Layout,
    show: Show,
    boards: Vec<Board>,
    board: Option<Board>,
    threads: Vec<ThreadSummary>,
    page: i64,
    has_next: bool,
}

#[derive(Template)]
#[template(path = "new_thread.html")]
struct NewThreadPage {
    layout: Layout,
    show: Show,
    boards: Vec<Board>,
    episodes: Vec<Episode>,
    form: NewThreadForm,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "thread.html")]
struct ThreadPage {
    layout: Layout,
    thread: ThreadSummary,
    posts: Vec<PostView>,
    page: i64,
    pages: i64,
    reply_body: String,
    error: Option<String>,
    /// The viewer moderates this show: sees removed content and the tools.
    is_mod: bool,
    /// Set for everyone but moderators when the thread was removed.
    removed_notice: Option<String>,
    boards: Vec<Board>,
    report_reasons: &'static [&'static str],
}

/// Stands in for shielded content: a neutral label and a "show anyway" link.
#[derive(Template)]
#[template(path = "shielded.html")]
pub struct ShieldedPage {
    pub layout: Layout,
    pub label: String,
    pub reveal: String,
    pub back: String,
}

pub struct PostView {
    pub id: i64,
    pub position: i64,
    pub author: String,
    pub own: bool,
    pub body_html: String,
    pub created: String,
    pub created_iso: String,
    pub edited: Option<String>,
    pub deleted: bool,
    /// Removal reason (moderators still see the body).
    pub removed: Option<String>,
    pub held: bool,
}

#[derive(Deserialize, Default, Clone)]
pub struct NewThreadForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub board: String,
    #[serde(default)]
    pub episode: String,
    /// Episode code this thread spoils up to (optional).
    #[serde(default)]
    pub spoils: String,
}

#[derive(Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    body: String,
}

#[derive(Deserialize, Default)]
pub struct ThreadQuery {
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    quote: Option<String>,
    /// "show anyway": this one item past the spoiler shield.
    #[serde(default)]
    reveal: Option<String>,
}

async fn forum_page(
    state: &AppState,
    viewer: &Viewer,
    show: Show,
    board: Option<Board>,
    page: i64,
) -> AppResult<HttpResponse> {
    let scope = match &board {
        Some(b) => db::forum::Scope::Board(b.id),
        None => db::forum::Scope::Show(show.id),
    };
    // One extra row tells whether a next page exists.
    let mut threads = db::forum::list_threads(&state.db, scope, page, THREADS_PER_PAGE + 1).await?;
    let has_next = threads.len() as i64 > THREADS_PER_PAGE;
    threads.truncate(THREADS_PER_PAGE as usize);
    let shield = crate::web::spoilers::shield_for(&state.db, viewer).await?;
    crate::web::spoilers::shield_threads(&state.db, &shield, &mut threads).await?;
    let title = match &board {
        Some(b) => format!("{} · {}", show.title, b.name),
        None => format!("{} · Forum", show.title),
    };
    let page = ForumPage {
        layout: Layout::new(title, viewer),
        boards: db::catalog::boards(&state.db, show.id).await?,
        show,
        board,
        threads,
        page,
        has_next,
    };
    render(StatusCode::OK, &page)
}

#[tracing::instrument(skip(state, viewer, q))]
pub async fn forum(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let show = find_show(&state.db, &path).await?;
    forum_page(&state, &viewer, show, None, q.number()).await
}

#[tracing::instrument(skip(state, viewer, q))]
pub async fn board(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, String)>,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let (slug, board_slug) = path.into_inner();
    let show = find_show(&state.db, &slug).await?;
    let board = db::catalog::board_by_slug(&state.db, show.id, &board_slug)
        .await?
        .ok_or_else(|| {
            AppError::NotFound(format!("{} has no board {board_slug:?}.", show.title))
        })?;
    forum_page(&state, &viewer, show, Some(board), q.number()).await
}

async fn new_thread_page(
    db: &Db,
    viewer: &Viewer,
    show: Show,
    form: NewThreadForm,
    error: Option<String>,
) -> AppResult<NewThreadPage> {
    let episodes = db::catalog::seasons(db, show.id)
        .await?
        .into_iter()
        .flat_map(|s| s.episodes)
        .collect();
    Ok(NewThreadPage {
        layout: Layout::new(format!("New thread · {}", show.title), viewer),
        boards: db::catalog::boards(db, show.id).await?,
        episodes,
        show,
        form,
        error,
    })
}

#[derive(Deserialize, Default)]
pub struct NewThreadQuery {
    #[serde(default)]
    board: String,
    #[serde(default)]
    episode: String,
}

#[tracing::instrument(skip(state, viewer, q))]
pub async fn new_form(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
    q: web::Query<NewThreadQuery>,
) -> AppResult<HttpResponse> {
    viewer.require_user()?;
    let show = find_show(&state.db, &path).await?;
    let q = q.into_inner();
    let form = NewThreadForm {
        board: q.board,
        episode: q.episode,
        ..Default::default()
    };
    render(
        StatusCode::OK,
        &new_thread_page(&state.db, &viewer, show, form, None).await?,
    )
}

#[tracing::instrument(skip(state, csrf))]
pub async fn create(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<NewThreadForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?.clone();
    let show = find_show(&state.db, &path).await?;
    let reject = |status: StatusCode, msg: String, show: Show, form: NewThreadForm| {
        let viewer = viewer.clone();
        let db = state.db.clone();
        async move {
            render(
                status,
                &new_thread_page(&db, &viewer, show, form, Some(msg)).await?,
            )
        }
    };
    let title = match ThreadTitle::try_from(form.title.as_str()) {
        Ok(t) => t,
        Err(e) => return reject(StatusCode::UNPROCESSABLE_ENTITY, e.0, show, form).await,
    };
    let body = match PostBody::try_from(form.body.as_str()) {
        Ok(b) => b,
        Err(e @ BodyError::TooLong(_)) => {
            return reject(StatusCode::PAYLOAD_TOO_LARGE, e.message(), show, form).await
        }
        Err(e) => return reject(StatusCode::UNPROCESSABLE_ENTITY, e.message(), show, form).await,
    };
    let Some(board) = db::catalog::board_by_slug(&state.db, show.id, form.board.trim()).await?
    else {
        let msg = "Choose one of this show's boards.".to_string();
        return reject(StatusCode::UNPROCESSABLE_ENTITY, msg, show, form).await;
    };
    let episode_id = if form.episode.trim().is_empty() {
        None
    } else {
        let found = match crate::domain::EpisodeCode::try_from(form.episode.as_str()) {
            Ok(code) => db::catalog::episode_by_code(&state.db, show.id, &code.to_string()).await?,
            Err(_) => None,
        };
        match found {
            Some(e) => Some(e.id),
            None => {
                let msg = format!("{} has no episode {:?}.", show.title, form.episode);
                return reject(StatusCode::UNPROCESSABLE_ENTITY, msg, show, form).await;
            }
        }
    };
    let spoils_up_to = match form.spoils.trim() {
        "" => None,
        code => {
            let found = match crate::domain::EpisodeCode::try_from(code) {
                Ok(c) => db::catalog::episode_by_code(&state.db, show.id, &c.to_string()).await?,
                Err(_) => None,
            };
            match found {
                Some(e) => Some(e.id),
                None => {
                    let msg = format!(
                        "{} has no episode {:?} to mark as spoiled.",
                        show.title, form.spoils
                    );
                    return reject(StatusCode::UNPROCESSABLE_ENTITY, msg, show, form).await;
                }
            }
        }
    };
    let cleared = match guard::check(
        &state.db,
        &state.config.new_accounts,
        &user,
        show.id,
        Some(title.as_str()),
        body.as_str(),
    )
    .await?
    {
        Ok(c) => c,
        Err(r) => return reject(status_of(r.status), r.message, show, form).await,
    };
    // Replacements keep the length, so the cleared text is still within bounds.
    let title = ThreadTitle::try_from(cleared.title.as_deref().unwrap_or_default())
        .map_err(|e| AppError::Unprocessable(e.0))?;
    let body = PostBody::try_from(cleared.body.as_str())
        .map_err(|e| AppError::Unprocessable(e.message()))?;
    let draft = ThreadDraft {
        show_id: show.id,
        board_id: board.id,
        episode_id,
        author_id: Some(user.id),
        title: &title,
        body: &body,
        held: cleared.held,
        spoils_up_to,
    };
    let (thread_id, _) = forum::create_thread(&state.db, &draft).await?;
    Ok(see_other(&format!("/threads/{thread_id}")))
}

async fn find_thread(db: &Db, id: i64) -> AppResult<ThreadSummary> {
    db::forum::thread(db, id)
        .await?
        .ok_or_else(|| AppError::NotFound("That thread does not exist.".into()))
}

async fn thread_page(
    db: &Db,
    viewer: &Viewer,
    thread: ThreadSummary,
    page: i64,
    reply_body: String,
    error: Option<String>,
) -> AppResult<ThreadPage> {
    let is_mod = match &viewer.user {
        Some(_) => crate::moderation::require_mod(db, viewer.user.as_ref(), thread.show_id)
            .await
            .is_ok(),
        None => false,
    };
    let me = viewer.user.as_ref().map(|u| u.id);
    if thread.held && !is_mod && (me.is_none() || thread.author_id != me) {
        return Err(AppError::NotFound("That thread does not exist.".into()));
    }
    let removed_notice = thread.removed_reason.clone().filter(|_| !is_mod);
    let pages = ((thread.post_count.max(1) - 1) / POSTS_PER_PAGE + 1).max(1);
    let page = page.min(pages);
    let first = (page - 1) * POSTS_PER_PAGE + 1;
    let posts = if removed_notice.is_some() {
        Default::default()
    } else {
        db::forum::thread_page_posts(db, thread.id, first).await?
    };
    let posts = posts
        .iter()
        // Held posts wait for review: only their author and moderators see them.
        .filter(|p| !p.held || is_mod || (me.is_some() && p.author_id == me))
        .map(|p| {
            let hide = p.removed_reason.is_some() && !is_mod;
            PostView {
                id: p.id,
                position: p.position,
                author: p.author.clone().unwrap_or_else(|| "Cliffhanger".into()),
                own: me.is_some() && p.author_id == me,
                body_html: if hide {
                    String::new()
                } else {
                    p.body_html.clone()
                },
                created: crate::time_util::format_ms(p.created_at),
                created_iso: crate::time_util::iso_ms(p.created_at),
                edited: p
                    .edited_at
                    .filter(|_| !p.deleted)
                    .map(crate::time_util::format_ms),
                deleted: p.deleted,
                removed: p.removed_reason.clone(),
                held: p.held,
            }
        })
        .collect();
    let title = match &removed_notice {
        Some(_) => "Removed thread".to_string(),
        None => format!("{} · {}", thread.title, thread.show_title),
    };
    Ok(ThreadPage {
        layout: Layout::new(title, viewer),
        boards: if is_mod {
            db::catalog::boards(db, thread.show_id).await?
        } else {
            Vec::new()
        },
        thread,
        posts,
        page,
        pages,
        reply_body,
        error,
        is_mod,
        removed_notice,
        report_reasons: &crate::moderation::reports::REASONS,
    })
}

#[tracing::instrument(skip(state, viewer, q))]
pub async fn view(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<i64>,
    q: web::Query<ThreadQuery>,
) -> AppResult<HttpResponse> {
    let mut thread = find_thread(&state.db, *path).await?;
    if q.reveal.is_none() {
        let shield = crate::web::spoilers::shield_for(&state.db, &viewer).await?;
        crate::web::spoilers::shield_threads(&state.db, &shield, std::slice::from_mut(&mut thread))
            .await?;
        if let Some(label) = thread.shield.take() {
            let page = ShieldedPage {
                layout: Layout::new(label.clone(), &viewer),
                reveal: format!("/threads/{}?reveal=1", thread.id),
                label,
                back: format!("/shows/{}", thread.show_slug),
            };
            return render(StatusCode::OK, &page);
        }
    }
    let page = PageQuery {
        page: q.page.clone(),
    }
    .number();
    let mut reply_body = String::new();
    if let Some(pid) = q.quote.as_deref().and_then(|p| p.parse::<i64>().ok()) {
        if let Some(p) = db::forum::post(&state.db, pid).await? {
            if p.thread_id == thread.id && !p.deleted {
                reply_body =
                    forum::quote(p.author.as_deref().unwrap_or("Cliffhanger"), &p.body_src);
            }
        }
    }
    render(
        StatusCode::OK,
        &thread_page(&state.db, &viewer, thread, page, reply_body, None).await?,
    )
}

#[tracing::instrument(skip(state, csrf))]
pub async fn reply(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<ReplyForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?.clone();
    let thread = find_thread(&state.db, *path).await?;
    if thread.locked {
        return Err(AppError::Forbidden(
            "This thread is locked: no new replies.".into(),
        ));
    }
    let body = match PostBody::try_from(form.body.as_str()) {
        Ok(b) => b,
        Err(e) => {
            let status = match e {
                BodyError::TooLong(_) => StatusCode::PAYLOAD_TOO_LARGE,
                BodyError::Empty => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let last = i64::MAX;
            let page = thread_page(
                &state.db,
                &viewer,
                thread,
                last,
                form.body,
                Some(e.message()),
            )
            .await?;
            return render(status, &page);
        }
    };
    let cleared = match guard::check(
        &state.db,
        &state.config.new_accounts,
        &user,
        thread.show_id,
        None,
        body.as_str(),
    )
    .await?
    {
        Ok(c) => c,
        Err(r) => {
            let page = thread_page(
                &state.db,
                &viewer,
                thread,
                i64::MAX,
                form.body,
                Some(r.message),
            )
            .await?;
            return render(status_of(r.status), &page);
        }
    };
    let body = PostBody::try_from(cleared.body.as_str())
        .map_err(|e| AppError::Unprocessable(e.message()))?;
    let (post_id, position) =
        forum::reply(&state.db, thread.id, user.id, &body, cleared.held).await?;
    Ok(see_other(&format!(
        "/threads/{}?page={}#post-{post_id}",
        thread.id,
        forum::page_of(position)
    )))
}

fn status_of(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY)
}
