//! Editing and deleting one's own posts.
use crate::i18n::Msg;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, Viewer};
use crate::db::posts::Post;
use crate::domain::CONTENT_LANGUAGES;
use crate::error::{AppError, AppResult};
use crate::forum::{self, posting};
use crate::web::layout::Layout;
use crate::web::rejection::{rejected, status};
use crate::web::AppState;
use crate::web::{render, see_other};

#[derive(Template)]
#[template(path = "edit_post.html")]
struct EditPage {
    layout: Layout,
    post_id: i64,
    thread_id: i64,
    body: String,
    error: Option<String>,
    /// The language select: the author's chosen language, or "" (detect).
    lang: String,
    languages: &'static [(&'static str, &'static str)],
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    lang: String,
}

#[derive(Deserialize)]
pub struct Empty {}

/// The post, if it exists, is not deleted and belongs to the viewer.
async fn own_post(state: &AppState, viewer: &Viewer, id: i64) -> AppResult<Post> {
    let user = viewer.require_user()?;
    match posting::own_post(&state.db, user, id).await {
        Ok(Some(post)) => Ok(post),
        Ok(None) => Err(AppError::NotFound(Msg::new("err-post-does-not-exist"))),
        Err(e) => Err(AppError::Forbidden(rejected(e)?.message())),
    }
}

fn back_to(post: &Post) -> String {
    format!(
        "/threads/{}?page={}#post-{}",
        post.thread_id,
        forum::page_of(post.position),
        post.id
    )
}

#[tracing::instrument(skip(state, viewer))]
pub async fn edit_form(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let post = own_post(&state, &viewer, *path).await?;
    let page = EditPage {
        layout: Layout::new(viewer.tr().t("forum-edit-post"), &viewer),
        post_id: post.id,
        thread_id: post.thread_id,
        // A detected language is detected again from the edited text; a chosen one stays.
        lang: post.lang.filter(|_| post.lang_chosen).unwrap_or_default(),
        body: post.body_src,
        error: None,
        languages: &CONTENT_LANGUAGES,
    };
    render(StatusCode::OK, &page)
}

#[tracing::instrument(skip(state, csrf))]
pub async fn edit(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<EditForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let post = own_post(&state, &viewer, *path).await?;
    let user = viewer.require_user()?;
    let limits = &state.config.new_accounts;
    match posting::edit(
        &state.db,
        limits,
        user,
        &post,
        &form.body,
        &form.lang,
        viewer.lang,
    )
    .await
    {
        Ok(()) => Ok(see_other(&back_to(&post))),
        Err(e) => {
            let r = rejected(e)?;
            let page = EditPage {
                layout: Layout::new(viewer.tr().t("forum-edit-post"), &viewer),
                post_id: post.id,
                thread_id: post.thread_id,
                body: form.body,
                error: Some(r.message().in_lang(&viewer.tr())),
                lang: form.lang,
                languages: &CONTENT_LANGUAGES,
            };
            render(status(&r), &page)
        }
    }
}

#[tracing::instrument(skip(state, csrf))]
pub async fn delete(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    csrf: CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let post = own_post(&state, &csrf.viewer, *path).await?;
    if let Err(e) = posting::delete(&state.db, &post).await {
        return Err(crate::web::rejection::error(rejected(e)?));
    }
    Ok(see_other(&back_to(&post)))
}
