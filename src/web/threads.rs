//! Thread pages and replies.
use crate::i18n::Msg;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, Viewer};
use crate::db::catalog::Board;
use crate::db::forum::ThreadSummary;
use crate::error::{AppError, AppResult};
use crate::forum::posting;
use crate::forum::view::{self, PageRequest, ThreadPage};
use crate::visibility::{Gate, PostView};
use crate::web::layout::Layout;
use crate::web::rejection::{rejected, status};
use crate::web::AppState;
use crate::web::{render, see_other, PageQuery};

#[derive(Template)]
#[template(path = "thread.html")]
struct ThreadTemplate {
    layout: Layout,
    thread: ThreadSummary,
    posts: Vec<PostView>,
    page: i64,
    pages: i64,
    reply_body: String,
    /// The reply form's language select ("" detects).
    reply_lang: String,
    languages: &'static [(&'static str, &'static str)],
    error: Option<String>,
    /// The viewer moderates this show: sees removed content and the tools.
    is_mod: bool,
    /// Set for everyone but moderators when the thread was removed.
    removed_notice: Option<String>,
    boards: Vec<Board>,
    /// Each report reason: its form value and its label in the page's language.
    report_reasons: Vec<(&'static str, String)>,
    reactions: crate::forum::reactions::ReactionBars,
    poll: Option<crate::forum::polls::PollView>,
    prediction: Option<crate::forum::predictions::PredictionView>,
    /// The opening post is a locked prediction: no edit link on it.
    prediction_locked: bool,
    follow: Option<crate::web::follows::FollowButton>,
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

#[derive(Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    lang: String,
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

/// A form shown again: what was typed, what is wrong, and the status that says why.
struct Retry {
    body: String,
    lang: String,
    error: String,
    status: StatusCode,
}

/// The report form's reasons; an unknown one (added without a label) shows its value.
fn report_reasons(viewer: &Viewer) -> Vec<(&'static str, String)> {
    let tr = viewer.tr();
    crate::moderation::reports::REASONS
        .iter()
        .map(|&r| {
            let label = match r {
                "spam" => tr.t("forum-report-spam"),
                "harassment" => tr.t("forum-report-harassment"),
                "spoiler" => tr.t("forum-report-spoiler"),
                "off-topic" => tr.t("forum-report-off-topic"),
                "other" => tr.t("forum-report-other"),
                _ => r.to_string(),
            };
            (r, label)
        })
        .collect()
}

async fn show_thread(
    state: &AppState,
    viewer: &Viewer,
    gate: &Gate,
    id: i64,
    req: &PageRequest,
    retry: Option<Retry>,
) -> AppResult<HttpResponse> {
    match view::thread_page(&state.db, gate, id, req).await? {
        ThreadPage::Missing => Err(AppError::NotFound(Msg::new("err-thread-does-not-exist"))),
        ThreadPage::Shielded {
            label,
            reveal,
            back,
        } => render(
            StatusCode::OK,
            &ShieldedPage {
                layout: Layout::new(label.clone(), viewer),
                label,
                reveal,
                back,
            },
        ),
        ThreadPage::Sealed { label, back } => render(
            StatusCode::OK,
            &crate::web::predictions::SealedPage {
                layout: Layout::new(label.clone(), viewer),
                label,
                back,
            },
        ),
        ThreadPage::Shown(shown) => {
            let s = *shown;
            let title = match &s.removed_notice {
                Some(_) => viewer.tr().t("forum-removed-thread"),
                None => format!("{} · {}", s.thread.title, s.thread.show_title),
            };
            let (reply_body, reply_lang, error, code) = match retry {
                Some(r) => (r.body, r.lang, Some(r.error), r.status),
                None => (s.quote, String::new(), None, StatusCode::OK),
            };
            let follow = crate::web::follows::button(
                state,
                viewer,
                crate::notify::follows::Target::Thread(id),
                format!("/threads/{id}/follow"),
                format!("/threads/{id}?page={}", s.page),
            )
            .await?;
            let page = ThreadTemplate {
                follow,
                layout: Layout::new(title, viewer).with_feed(crate::web::feeds::link(
                    &format!("/threads/{id}"),
                    &viewer.region,
                )),
                thread: s.thread,
                posts: s.posts,
                page: s.page,
                pages: s.pages,
                reply_body,
                reply_lang,
                languages: &crate::domain::CONTENT_LANGUAGES,
                error,
                is_mod: s.moderator,
                removed_notice: s.removed_notice,
                boards: s.boards,
                report_reasons: report_reasons(viewer),
                reactions: s.reactions,
                poll: s.poll,
                prediction_locked: s.prediction.as_ref().is_some_and(|p| p.locked),
                prediction: s.prediction,
            };
            render(code, &page)
        }
    }
}

#[tracing::instrument(skip(state, viewer, q))]
pub async fn view(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<i64>,
    q: web::Query<ThreadQuery>,
) -> AppResult<HttpResponse> {
    let gate = Gate::load(&state.db, &viewer).await?;
    let req = PageRequest {
        page: PageQuery {
            page: q.page.clone(),
        }
        .number(),
        reveal: q.reveal.is_some(),
        quote: q.quote.as_deref().and_then(|p| p.parse().ok()),
    };
    show_thread(&state, &viewer, &gate, *path, &req, None).await
}

#[tracing::instrument(skip(state, csrf))]
pub async fn reply(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<ReplyForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?.clone();
    let gate = Gate::load(&state.db, &viewer).await?;
    let limits = &state.config.new_accounts;
    match posting::reply(
        &state.db, limits, &gate, &user, *path, &form.body, &form.lang,
    )
    .await
    {
        Ok((post_id, page)) => Ok(see_other(&format!(
            "/threads/{}?page={page}#post-{post_id}",
            *path
        ))),
        Err(e) => {
            let r = rejected(e)?;
            // The author was reading the thread: show its last page with the form kept.
            let req = PageRequest {
                page: i64::MAX,
                reveal: true,
                quote: None,
            };
            let retry = Retry {
                body: form.body,
                lang: form.lang,
                error: r.message().in_lang(&viewer.tr()),
                status: status(&r),
            };
            show_thread(&state, &viewer, &gate, *path, &req, Some(retry)).await
        }
    }
}
