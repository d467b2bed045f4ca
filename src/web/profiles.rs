//! `/users/{name}`: a member's profile.
use crate::i18n::Msg;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::profiles::{self, Profile, ProfilePost};
use crate::visibility::Gate;
use crate::web::layout::Layout;
use crate::web::{render, AppState, PageQuery};

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    layout: Layout,
    p: Profile,
    page: i64,
}

#[tracing::instrument(skip(state, viewer, query))]
pub async fn profile(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let gate = Gate::load(&state.db, &viewer).await?;
    let page = query.number();
    let Some(p) = profiles::load(&state.db, &gate, &path, page).await? else {
        return Err(AppError::NotFound(Msg::new("err-there-no-member-name")));
    };
    let page = ProfilePage {
        layout: Layout::new(p.username.clone(), &viewer).with_feed(crate::web::feeds::link(
            &format!("/users/{}", p.username),
            &viewer.region,
        )),
        p,
        page,
    };
    render(StatusCode::OK, &page)
}
