//! Editing and deleting one's own posts.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, Viewer};
use crate::db::{self, forum::Post};
use crate::domain::{BodyError, PostBody};
use crate::error::{AppError, AppResult};
use crate::forum;
use crate::moderation::guard;
use crate::web::layout::Layout;
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
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    body: String,
}

#[derive(Deserialize)]
pub struct Empty {}

/// The post, if it exists, is not deleted and belongs to the viewer.
async fn own_post(state: &AppState, viewer: &Viewer, id: i64) -> AppResult<Post> {
    let user = viewer.require_user()?;
    let post = db::forum::post(&state.db, id)
        .await?
        .filter(|p| !p.deleted)
        .ok_or_else(|| AppError::NotFound("That post does not exist.".into()))?;
    if post.author_id != Some(user.id) {
        return Err(AppError::Forbidden(
            "You can only change your own posts.".into(),
        ));
    }
    Ok(post)
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
        layout: Layout::new("Edit post", &viewer),
        post_id: post.id,
        thread_id: post.thread_id,
        body: post.body_src,
        error: None,
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
    match PostBody::try_from(form.body.as_str()) {
        Ok(body) => {
            let user = viewer.require_user()?;
            let show_id = db::forum::thread(&state.db, post.thread_id)
                .await?
                .map(|t| t.show_id)
                .unwrap_or(0);
            match guard::check(
                &state.db,
                &state.config.new_accounts,
                user,
                show_id,
                None,
                body.as_str(),
            )
            .await?
            {
                Ok(cleared) => {
                    let body = PostBody::try_from(cleared.body.as_str())
                        .map_err(|e| AppError::Unprocessable(e.message()))?;
                    forum::edit_post(&state.db, post.id, &body).await?;
                    Ok(see_other(&back_to(&post)))
                }
                Err(r) => {
                    let page = EditPage {
                        layout: Layout::new("Edit post", &viewer),
                        post_id: post.id,
                        thread_id: post.thread_id,
                        body: form.body,
                        error: Some(r.message),
                    };
                    render(
                        StatusCode::from_u16(r.status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY),
                        &page,
                    )
                }
            }
        }
        Err(e) => {
            let status = match e {
                BodyError::TooLong(_) => StatusCode::PAYLOAD_TOO_LARGE,
                BodyError::Empty => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let page = EditPage {
                layout: Layout::new("Edit post", &viewer),
                post_id: post.id,
                thread_id: post.thread_id,
                body: form.body,
                error: Some(e.message()),
            };
            render(status, &page)
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
    db::forum::delete_post(&state.db, post.id).await?;
    Ok(see_other(&back_to(&post)))
}
