//! Read-only catalogue pages: home, show, episode.
use crate::i18n::Msg;
use std::collections::HashMap;

use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;

use crate::auth::Viewer;
use crate::catalog::lookup;
use crate::db::catalog::{AirDate, Board, Episode, Season, Show};
use crate::db::forum::ThreadSummary;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::forum::view;
use crate::spoilers::calendar::{self, AirMark};
use crate::time_util::{format_local, iso_ms, now_ms};
use crate::visibility::{Gate, PostView};
use crate::watchers::ratings::{self, Average, RatingView};
use crate::watchers::timeline::{self, Timeline};
use crate::web::layout::Layout;
use crate::web::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    layout: Layout,
    home: crate::home::Home,
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
    signed_in: bool,
    /// Episodes the signed-in viewer has watched.
    watched: Vec<i64>,
    /// Each episode's air date in the viewer's region.
    air: HashMap<i64, AirMark>,
    region_name: String,
    time_zone: String,
    follow: Option<crate::web::follows::FollowButton>,
    /// Average ratings of the episodes this viewer watched.
    ratings: HashMap<i64, Average>,
}

impl ShowPage {
    fn air_of(&self, episode_id: &i64) -> AirMark {
        self.air.get(episode_id).cloned().unwrap_or_default()
    }

    /// An air time in the viewer's zone.
    fn local(&self, at: &i64) -> String {
        format_local(*at, &self.time_zone, self.layout.lang())
    }
}

/// One region's air date on the episode page; with a time of day, that instant in the
/// viewer's zone too.
pub struct AirRow {
    region: String,
    date: String,
    /// (ISO 8601 UTC, local time with the zone named)
    local: Option<(String, String)>,
}

impl AirRow {
    fn new(d: &AirDate, viewer: &Viewer) -> AirRow {
        AirRow {
            region: d.region.clone(),
            date: d.date.clone(),
            local: d.at.map(|at| {
                (
                    iso_ms(at),
                    format_local(at, &viewer.time_zone, viewer.lang.code()),
                )
            }),
        }
    }
}

/// The countdown to the episode's air time in the viewer's region, while it is ahead.
fn airs_next(dates: &[AirDate], viewer: &Viewer) -> Option<(String, String, String)> {
    let d = dates.iter().find(|d| d.region == viewer.region)?;
    let at = d.at.filter(|at| *at > now_ms())?;
    Some((
        crate::spoilers::region::name(&d.region),
        iso_ms(at),
        format_local(at, &viewer.time_zone, viewer.lang.code()),
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "episode.html")]
pub struct EpisodePage {
    layout: Layout,
    show: Show,
    episode: Episode,
    air_dates: Vec<AirRow>,
    /// The viewer's region's air time while still ahead: (region name, ISO, local time).
    airs_next: Option<(String, String, String)>,
    first_posts: Vec<PostView>,
    threads: Vec<ThreadSummary>,
    /// The shield's label when this viewer must not see the episode's discussion yet.
    shielded: Option<String>,
    signed_in: bool,
    watched: bool,
    airing_in: Option<String>,
    /// The episode's ratings, for those who watched it.
    rating: RatingView,
    /// Its reaction timeline, for those who watched it.
    timeline: Option<Timeline>,
}

pub async fn find_show(db: &Db, slug: &str) -> AppResult<Show> {
    lookup::show(db, slug)
        .await?
        .ok_or_else(|| AppError::NotFound(Msg::new("err-no-show").arg("slug", slug)))
}

/// A show and its boards, in one query.
pub async fn find_show_with_boards(db: &Db, slug: &str) -> AppResult<(Show, Vec<Board>)> {
    lookup::show_with_boards(db, slug)
        .await?
        .ok_or_else(|| AppError::NotFound(Msg::new("err-no-show").arg("slug", slug)))
}

pub async fn find_episode(db: &Db, show: &Show, code: &str) -> AppResult<Episode> {
    let not_found = || {
        AppError::NotFound(
            Msg::new("err-show-no-episode-named")
                .arg("show", &show.title)
                .arg("code", code),
        )
    };
    lookup::episode(db, show, code).await?.ok_or_else(not_found)
}

#[tracing::instrument(skip_all)]
pub async fn home(state: web::Data<AppState>, viewer: Viewer) -> AppResult<HomePage> {
    Ok(HomePage {
        home: crate::home::load(&state.db, &viewer).await?,
        layout: Layout::new("Cliffhanger", &viewer),
    })
}

#[tracing::instrument(skip(state, viewer))]
pub async fn show(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> AppResult<ShowPage> {
    let (show, boards) = find_show_with_boards(&state.db, &path).await?;
    let seasons = lookup::seasons(&state.db, show.id).await?;
    let gate = Gate::load(&state.db, &viewer).await?;
    let episodes: Vec<&Episode> = seasons.iter().flat_map(|s| s.episodes.iter()).collect();
    let air = calendar::marks_of(&episodes, &viewer.region);
    let region_name = crate::spoilers::region::name(&viewer.region);
    let watched = match &viewer.user {
        Some(_) => {
            let hidden = gate.hidden_of(episodes.iter().copied());
            episodes
                .iter()
                .map(|e| e.id)
                .filter(|id| !hidden.contains_key(id))
                .collect()
        }
        None => Vec::new(),
    };
    let ids: Vec<i64> = episodes.iter().map(|e| e.id).collect();
    let ratings = ratings::averages(&state.db, &gate, &ids).await?;
    let follow = crate::web::follows::button(
        &state,
        &viewer,
        crate::notify::follows::Target::Show(show.id),
        format!("/shows/{}/follow", show.slug),
        format!("/shows/{}", show.slug),
    )
    .await?;
    let page = ShowPage {
        ratings,
        follow,
        signed_in: viewer.user.is_some(),
        watched,
        air,
        region_name,
        time_zone: viewer.time_zone.clone(),
        layout: Layout::new(show.title.clone(), &viewer).with_feed(crate::web::feeds::link(
            &format!("/shows/{}", show.slug),
            &viewer.region,
        )),
        seasons,
        boards,
        recent: view::recent_threads(&state.db, &gate, Some(show.id), 10).await?,
        is_mod: gate.moderates(show.id),
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
    let (show, episode) = lookup::show_episode(&state.db, &slug, &code)
        .await?
        .ok_or_else(|| AppError::NotFound(Msg::new("err-no-show").arg("slug", &slug)))?;
    let episode = episode.ok_or_else(|| {
        AppError::NotFound(
            Msg::new("err-show-no-episode-named")
                .arg("show", &show.title)
                .arg("code", &code),
        )
    })?;
    let gate = Gate::load(&state.db, &viewer).await?;
    let threads = view::episode_threads(&state.db, &gate, episode.id, 20).await?;
    let shielded = gate.label_of(&episode, "discussion");
    let first_posts = match (episode.thread_id, &shielded) {
        (Some(t), None) => view::excerpt(&state.db, &gate, t, &threads, 5).await?,
        _ => Vec::new(),
    };
    let mut dates = episode.air.dates.clone();
    dates.sort_by(|a, b| (&a.date, &a.region).cmp(&(&b.date, &b.region)));
    let rating = ratings::panel(&state.db, &gate, episode.id).await?;
    let timeline = timeline::for_viewer(&state.db, &gate, episode.id, episode.runtime_min).await?;
    let page = EpisodePage {
        timeline,
        rating,
        signed_in: viewer.user.is_some(),
        watched: viewer.user.is_some() && shielded.is_none(),
        airing_in: crate::spoilers::airing::airing_in_of(&dates, &viewer.region),
        shielded,
        layout: Layout::new(
            format!(
                "{} {} · {}",
                show.title,
                episode.code.to_uppercase(),
                episode.title
            ),
            &viewer,
        ),
        airs_next: airs_next(&dates, &viewer),
        air_dates: dates.iter().map(|d| AirRow::new(d, &viewer)).collect(),
        first_posts,
        threads,
        show,
        episode,
    };
    Ok(page)
}
