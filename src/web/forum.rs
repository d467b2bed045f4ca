//! Thread lists (a show's forum and its boards) and the new-thread form.
use crate::i18n::Msg;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, Viewer};
use crate::catalog::lookup;
use crate::db::catalog::{Board, Episode, Show};
use crate::db::forum::{Scope, ThreadSummary};
use crate::db::Db;
use crate::domain::{ContentLang, CONTENT_LANGUAGES};
use crate::error::{AppError, AppResult};
use crate::forum::polls::PollInput;
use crate::forum::posting::{self, NewThreadInput};
use crate::forum::view;
use crate::visibility::Gate;
use crate::web::browse::{find_show, find_show_with_boards};
use crate::web::layout::Layout;
use crate::web::rejection::{rejected, status};
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
    follow: Option<crate::web::follows::FollowButton>,
    /// The language filter ("" for every language) and its choices.
    lang: &'static str,
    languages: &'static [(&'static str, &'static str)],
    /// `&lang=xx` for the pager links, or "".
    lang_param: String,
}

/// `?page=N&lang=xx` on a thread list.
#[derive(Deserialize, Default)]
pub struct ForumQuery {
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    lang: String,
}

impl ForumQuery {
    fn page(&self) -> i64 {
        PageQuery {
            page: self.page.clone(),
        }
        .number()
    }

    /// The language filter; an unknown code is a bad request, not a silently empty list.
    fn lang(&self) -> AppResult<Option<ContentLang>> {
        if self.lang.trim().is_empty() {
            return Ok(None);
        }
        ContentLang::parse(&self.lang).map(Some).ok_or_else(|| {
            AppError::BadRequest(
                crate::i18n::Msg::new("language-unknown").arg("code", self.lang.trim()),
            )
        })
    }
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
    languages: &'static [(&'static str, &'static str)],
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
    /// The optional poll: a question and one option per line.
    #[serde(default)]
    pub poll_question: String,
    #[serde(default)]
    pub poll_options: String,
    /// "1" for multiple choice.
    #[serde(default)]
    pub poll_multiple: String,
    /// "" (never), "at" or "episode".
    #[serde(default)]
    pub poll_close: String,
    #[serde(default)]
    pub poll_closes_at: String,
    /// "" detects the language.
    #[serde(default)]
    pub lang: String,
}

async fn forum_page(
    state: &AppState,
    viewer: &Viewer,
    (show, boards): (Show, Vec<Board>),
    board: Option<Board>,
    q: &ForumQuery,
) -> AppResult<HttpResponse> {
    let (page, lang) = (q.page(), q.lang()?);
    let scope = match &board {
        Some(b) => Scope::Board(b.id),
        None => Scope::Show(show.id),
    };
    let gate = Gate::load(&state.db, viewer).await?;
    let (threads, has_next) = view::forum_threads(&state.db, &gate, scope, lang, page).await?;
    let title = match &board {
        Some(b) => format!("{} · {}", show.title, b.name),
        None => format!("{} · {}", show.title, viewer.tr().t("forum-forum")),
    };
    // A board's own feed; the whole forum's is the show's.
    let feed = match &board {
        Some(b) => format!("/shows/{}/forum/{}", show.slug, b.slug),
        None => format!("/shows/{}", show.slug),
    };
    let follow = match &board {
        Some(b) => {
            let url = format!("/shows/{}/forum/{}", show.slug, b.slug);
            let target = crate::notify::follows::Target::Board(b.id);
            crate::web::follows::button(state, viewer, target, format!("{url}/follow"), url).await?
        }
        None => None,
    };
    let page = ForumPage {
        follow,
        layout: Layout::new(title, viewer)
            .with_feed(crate::web::feeds::link(&feed, &viewer.region)),
        boards,
        show,
        board,
        threads,
        page,
        has_next,
        lang: lang.map_or("", ContentLang::as_str),
        languages: &CONTENT_LANGUAGES,
        lang_param: lang.map_or(String::new(), |l| format!("&lang={}", l.as_str())),
    };
    render(StatusCode::OK, &page)
}

#[tracing::instrument(skip(state, viewer, q))]
pub async fn forum(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
    q: web::Query<ForumQuery>,
) -> AppResult<HttpResponse> {
    let show = find_show_with_boards(&state.db, &path).await?;
    forum_page(&state, &viewer, show, None, &q).await
}

#[tracing::instrument(skip(state, viewer, q))]
pub async fn board(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, String)>,
    q: web::Query<ForumQuery>,
) -> AppResult<HttpResponse> {
    let (slug, board_slug) = path.into_inner();
    let (show, boards) = find_show_with_boards(&state.db, &slug).await?;
    let board = boards
        .iter()
        .find(|b| b.slug == board_slug)
        .cloned()
        .ok_or_else(|| {
            AppError::NotFound(
                Msg::new("err-board-missing")
                    .arg("show", &show.title)
                    .arg("board", &board_slug),
            )
        })?;
    forum_page(&state, &viewer, (show, boards), Some(board), &q).await
}

async fn new_thread_page(
    db: &Db,
    viewer: &Viewer,
    show: Show,
    form: NewThreadForm,
    error: Option<String>,
) -> AppResult<NewThreadPage> {
    let episodes = lookup::episodes(db, show.id).await?;
    Ok(NewThreadPage {
        layout: Layout::new(
            format!("{} · {}", viewer.tr().t("forum-new-thread"), show.title),
            viewer,
        ),
        boards: lookup::boards(db, show.id).await?,
        episodes,
        show,
        form,
        error,
        languages: &CONTENT_LANGUAGES,
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
    let input = NewThreadInput {
        title: &form.title,
        body: &form.body,
        board: &form.board,
        episode: &form.episode,
        spoils: &form.spoils,
        poll: PollInput {
            question: &form.poll_question,
            options: &form.poll_options,
            multiple: form.poll_multiple == "1",
            close: &form.poll_close,
            closes_at: &form.poll_closes_at,
        },
        region: &viewer.region,
        lang: &form.lang,
        interface: viewer.lang,
    };
    let limits = &state.config.new_accounts;
    match posting::create_thread(&state.db, limits, &user, &show, &input).await {
        Ok(thread_id) => Ok(see_other(&format!("/threads/{thread_id}"))),
        Err(e) => {
            let r = rejected(e)?;
            let page = {
                let error = Some(r.message().in_lang(&viewer.tr()));
                new_thread_page(&state.db, &viewer, show, form, error).await?
            };
            render(status(&r), &page)
        }
    }
}
