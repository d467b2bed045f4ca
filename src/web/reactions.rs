//! Reactions on posts: one form per post, one button per reaction.
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::CsrfForm;
use crate::error::AppResult;
use crate::forum::reactions;
use crate::visibility::Gate;
use crate::web::see_other;
use crate::web::AppState;

#[derive(Deserialize)]
pub struct ReactForm {
    #[serde(default)]
    reaction: String,
}

#[derive(Serialize)]
struct Count {
    key: &'static str,
    count: i64,
    mine: bool,
}

/// The answer `static/reactions.js` asks for: the post's counts after the toggle.
#[derive(Serialize)]
struct Counts {
    post: i64,
    added: bool,
    reactions: Vec<Count>,
}

fn wants_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

#[tracing::instrument(skip(state, req, csrf))]
pub async fn toggle(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<i64>,
    csrf: CsrfForm<ReactForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?;
    let gate = Gate::load(&state.db, &viewer).await?;
    let per_minute = state.config.activity.reactions_per_minute;
    let done = reactions::toggle(&state.db, &gate, user, per_minute, *path, &form.reaction).await?;
    if wants_json(&req) {
        return Ok(HttpResponse::Ok().json(Counts {
            post: done.bar.post_id,
            added: done.added,
            reactions: done
                .bar
                .items
                .iter()
                .map(|i| Count {
                    key: i.key,
                    count: i.count,
                    mine: i.mine,
                })
                .collect(),
        }));
    }
    Ok(see_other(&done.location))
}
