//! The spoiler shield on pages: labels instead of shielded threads, watch progress, region.
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, Viewer};
use crate::db::catalog::{Season, Show};
use crate::db::forum::ThreadSummary;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::spoilers::region::{self, REGION_COOKIE};
use crate::spoilers::shield::thread_episodes;
use crate::spoilers::Shield;
use crate::web::browse::{find_episode, find_show};
use crate::web::layout::Layout;
use crate::web::AppState;
use crate::web::{render, see_other};

pub async fn shield_for(db: &Db, viewer: &Viewer) -> AppResult<Shield> {
    Ok(Shield::load(db, viewer.user.as_ref().map(|u| u.id), &viewer.region).await?)
}

/// Puts the shield's label on every thread this viewer must not see yet.
pub async fn shield_threads(
    db: &Db,
    shield: &Shield,
    threads: &mut [ThreadSummary],
) -> AppResult<()> {
    let episodes: Vec<i64> = threads
        .iter()
        .flat_map(|t| thread_episodes(t.episode_id, t.spoils_up_to))
        .collect();
    let hidden = shield.hidden(db, &episodes).await?;
    for t in threads.iter_mut() {
        // The later episode names the label ("spoils up to" wins over the tag).
        let hit = [t.spoils_up_to, t.episode_id]
            .into_iter()
            .flatten()
            .find_map(|e| hidden.get(&e));
        if let Some(code) = hit {
            let what = if t.episode_id.is_some() && t.spoils_up_to.is_none() {
                "discussion"
            } else {
                "spoilers"
            };
            t.shield = Some(shield.label(code, what));
        }
    }
    Ok(())
}

#[derive(Deserialize, Default)]
pub struct WatchForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    back: String,
}

/// Marks an episode watched, unwatched, or everything up to it watched.
#[tracing::instrument(skip(state, csrf))]
pub async fn watched(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    csrf: CsrfForm<WatchForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let user = viewer.require_user()?;
    let (slug, code) = path.into_inner();
    let show = find_show(&state.db, &slug).await?;
    let episode = find_episode(&state.db, &show, &code).await?;
    match form.action.as_str() {
        "watch" => db::watched::mark(&state.db, user.id, &[episode.id]).await?,
        "unwatch" => db::watched::unmark(&state.db, user.id, episode.id).await?,
        "up_to" => {
            let ids: Vec<i64> = db::catalog::seasons(&state.db, show.id)
                .await?
                .into_iter()
                .flat_map(|s| s.episodes)
                .filter(|e| (e.season, e.number) <= (episode.season, episode.number))
                .map(|e| e.id)
                .collect();
            db::watched::mark(&state.db, user.id, &ids).await?
        }
        other => return Err(AppError::BadRequest(format!("Unknown action {other:?}."))),
    }
    let back = form.back.trim();
    if back.starts_with('/') && !back.starts_with("//") {
        Ok(see_other(back))
    } else {
        Ok(see_other(&format!("/shows/{}/progress", show.slug)))
    }
}

pub struct ProgressRow {
    pub code: String,
    pub title: String,
    pub watched: bool,
}

#[derive(Template)]
#[template(path = "progress.html")]
struct ProgressPage {
    layout: Layout,
    show: Show,
    seasons: Vec<(i64, Vec<ProgressRow>)>,
    watched: usize,
    total: usize,
}

#[tracing::instrument(skip(state, viewer))]
pub async fn progress(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    viewer.require_user()?;
    let show = find_show(&state.db, &path).await?;
    let shield = shield_for(&state.db, &viewer).await?;
    let seasons: Vec<Season> = db::catalog::seasons(&state.db, show.id).await?;
    let ids: Vec<i64> = seasons
        .iter()
        .flat_map(|s| s.episodes.iter().map(|e| e.id))
        .collect();
    let hidden = shield.hidden(&state.db, &ids).await?;
    let rows: Vec<(i64, Vec<ProgressRow>)> = seasons
        .into_iter()
        .map(|s| {
            let eps = s
                .episodes
                .into_iter()
                .map(|e| ProgressRow {
                    watched: !hidden.contains_key(&e.id),
                    code: e.code,
                    title: e.title,
                })
                .collect();
            (s.number, eps)
        })
        .collect();
    let page = ProgressPage {
        layout: Layout::new(format!("Your progress · {}", show.title), &viewer),
        watched: ids.len() - hidden.len(),
        total: ids.len(),
        seasons: rows,
        show,
    };
    render(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    layout: Layout,
    regions: &'static [(&'static str, &'static str)],
    current: String,
}

#[tracing::instrument(skip_all)]
pub async fn settings(viewer: Viewer) -> AppResult<HttpResponse> {
    let page = SettingsPage {
        layout: Layout::new("Settings", &viewer),
        regions: &region::COMMON,
        current: viewer.region.clone(),
    };
    render(StatusCode::OK, &page)
}

#[derive(Deserialize, Default)]
pub struct RegionForm {
    #[serde(default)]
    region: String,
    #[serde(default)]
    back: String,
}

/// Saves the region: on the account when signed in, in a cookie otherwise.
#[tracing::instrument(skip(state, csrf))]
pub async fn set_region(
    state: web::Data<AppState>,
    csrf: CsrfForm<RegionForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let code =
        crate::catalog::parse_region(&form.region).map_err(|e| AppError::Unprocessable(e.0))?;
    let back = form.back.trim();
    let target = if back.starts_with('/') && !back.starts_with("//") {
        back.to_string()
    } else {
        "/settings".to_string()
    };
    let mut resp = see_other(&target);
    match &viewer.user {
        Some(u) => db::watched::set_region(&state.db, u.id, &code).await?,
        None => {
            let cookie = Cookie::build(REGION_COOKIE, code)
                .path("/")
                .same_site(SameSite::Lax)
                .http_only(true)
                .max_age(actix_web::cookie::time::Duration::days(365))
                .finish();
            resp.add_cookie(&cookie)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
        }
    }
    Ok(resp)
}

pub struct Airing {
    pub show_slug: String,
    pub show_title: String,
    pub code: String,
    pub title: String,
}

/// Episodes whose air date in `region` is today: their rooms are live.
pub async fn airing_today(db: &Db, region: &str) -> AppResult<Vec<Airing>> {
    use sqlx::Row;
    let rows = sqlx::query(
        "SELECT sh.slug, sh.title, e.code, e.title FROM episode_air_dates d JOIN episodes e ON e.id = d.episode_id \
         JOIN shows sh ON sh.id = e.show_id WHERE d.region = $1 AND d.air_date = $2 ORDER BY sh.title, e.code",
    )
    .bind(region)
    .bind(crate::spoilers::shield::today())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Airing {
                show_slug: r.try_get(0)?,
                show_title: r.try_get(1)?,
                code: r.try_get(2)?,
                title: r.try_get(3)?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Into::into)
}

/// "airing now in {country}" when the episode airs today in the viewer's region.
pub async fn airing_in(db: &Db, episode_id: i64, region: &str) -> AppResult<Option<String>> {
    let today = crate::spoilers::shield::today();
    let airs = db::catalog::air_dates(db, episode_id)
        .await?
        .into_iter()
        .any(|d| d.region == region && d.date == today);
    Ok(airs.then(|| region::name(region)))
}

/// Drops the hits this viewer's shield hides (hits tied to an episode they may not see).
pub async fn unshielded_hits(
    db: &Db,
    shield: &Shield,
    hits: Vec<crate::search::Hit>,
) -> AppResult<Vec<crate::search::Hit>> {
    use sqlx::Row;
    let mut keys: Vec<(i64, String)> = hits
        .iter()
        .filter_map(|h| {
            h.doc
                .episode_code
                .clone()
                .map(|c| (h.doc.show_id, c.to_lowercase()))
        })
        .collect();
    keys.sort();
    keys.dedup();
    let mut ids = std::collections::HashMap::new();
    for (show, code) in &keys {
        let row = sqlx::query("SELECT id FROM episodes WHERE show_id = $1 AND code = $2")
            .bind(show)
            .bind(code)
            .fetch_optional(&db.pool)
            .await?;
        if let Some(r) = row {
            ids.insert((*show, code.clone()), r.try_get::<i64, _>(0)?);
        }
    }
    // Threads and posts also carry their thread's "spoils up to" episode.
    let thread_of = |h: &crate::search::Hit| {
        h.doc
            .url
            .strip_prefix("/threads/")
            .and_then(|r| r.split(['?', '#']).next())
            .and_then(|t| t.parse::<i64>().ok())
    };
    let mut spoils: std::collections::HashMap<i64, Option<i64>> = std::collections::HashMap::new();
    for tid in hits.iter().filter_map(thread_of) {
        if let std::collections::hash_map::Entry::Vacant(slot) = spoils.entry(tid) {
            let row = sqlx::query("SELECT spoils_up_to FROM threads WHERE id = $1")
                .bind(tid)
                .fetch_optional(&db.pool)
                .await?;
            slot.insert(
                row.and_then(|r| r.try_get::<Option<i64>, _>(0).ok())
                    .flatten(),
            );
        }
    }
    let mut episodes: Vec<i64> = ids.values().copied().collect();
    episodes.extend(spoils.values().flatten());
    let hidden = shield.hidden(db, &episodes).await?;
    Ok(hits
        .into_iter()
        .filter(|h| {
            let tagged = h
                .doc
                .episode_code
                .as_ref()
                .and_then(|c| ids.get(&(h.doc.show_id, c.to_lowercase())).copied());
            let spoiled = thread_of(h).and_then(|t| spoils.get(&t).copied().flatten());
            tagged
                .into_iter()
                .chain(spoiled)
                .all(|id| !hidden.contains_key(&id))
        })
        .collect())
}
