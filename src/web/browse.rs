//! Read-only catalogue pages: home, show, episode.
use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;

use crate::auth::Viewer;
use crate::db::catalog::{AirDate, Board, Episode, Season, Show};
use crate::db::forum::{Post, ThreadSummary};
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::startup::AppState;
use crate::web::layout::Layout;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    layout: Layout,
    shows: Vec<Show>,
    recent: Vec<ThreadSummary>,
}

#[derive(Template, WebTemplate)]
#[template(path = "show.html")]
pub struct ShowPage {
    layout: Layout,
    show: Show,
    seasons: Vec<Season>,
    boards: Vec<Board>,
    recent: Vec<ThreadSummary>,
    /// Moderator tools are linked for the show's moderators (and admins) only.
    is_mod: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "episode.html")]
pub struct EpisodePage {
    layout: Layout,
    show: Show,
    episode: Episode,
    air_dates: Vec<AirDate>,
    first_posts: Vec<Post>,
    threads: Vec<ThreadSummary>,
}

pub async fn find_show(db: &Db, slug: &str) -> AppResult<Show> {
    db::catalog::show_by_slug(db, slug)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no show called {slug:?}.")))
}

pub async fn find_episode(db: &Db, show: &Show, code: &str) -> AppResult<Episode> {
    let not_found = || AppError::NotFound(format!("{} has no episode {code:?}.", show.title));
    let code = crate::domain::EpisodeCode::try_from(code).map_err(|_| not_found())?;
    db::catalog::episode_by_code(db, show.id, &code.to_string())
        .await?
        .ok_or_else(not_found)
}

#[tracing::instrument(skip_all)]
pub async fn home(state: web::Data<AppState>, viewer: Viewer) -> AppResult<HomePage> {
    let page = HomePage {
        layout: Layout::new("Cliffhanger", &viewer),
        shows: db::catalog::list_shows(&state.db).await?,
        recent: db::forum::recent_threads(&state.db, None, 15).await?,
    };
    Ok(page)
}

#[tracing::instrument(skip(state, viewer))]
pub async fn show(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> AppResult<ShowPage> {
    let show = find_show(&state.db, &path).await?;
    let page = ShowPage {
        layout: Layout::new(show.title.clone(), &viewer),
        seasons: db::catalog::seasons(&state.db, show.id).await?,
        boards: db::catalog::boards(&state.db, show.id).await?,
        recent: db::forum::recent_threads(&state.db, Some(show.id), 10).await?,
        is_mod: crate::moderation::require_mod(&state.db, viewer.user.as_ref(), show.id)
            .await
            .is_ok(),
        show,
    };
    Ok(page)
}

#[tracing::instrument(skip(state, viewer))]
pub async fn episode(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, String)>,
) -> AppResult<EpisodePage> {
    let (slug, code) = path.into_inner();
    let show = find_show(&state.db, &slug).await?;
    let episode = find_episode(&state.db, &show, &code).await?;
    let first_posts = match episode.thread_id {
        Some(t) => db::forum::posts_in_range(&state.db, t, 1, 5).await?,
        None => Vec::new(),
    };
    let threads = db::forum::episode_threads(&state.db, episode.id, 20).await?;
    let page = EpisodePage {
        layout: Layout::new(
            format!(
                "{} {} · {}",
                show.title,
                episode.code.to_uppercase(),
                episode.title
            ),
            &viewer,
        ),
        air_dates: db::catalog::air_dates(&state.db, episode.id).await?,
        first_posts,
        threads,
        show,
        episode,
    };
    Ok(page)
}
