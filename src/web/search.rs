//! Search pages: site-wide and per show, with filters, and the show's synonym settings.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, Viewer};
use crate::catalog::lookup;
use crate::db::catalog::Show;
use crate::error::AppResult;
use crate::search::highlight::{snippet, Matcher};
use crate::search::query::{ParsedQuery, MAX_QUERY_CHARS};
use crate::search::{format_synonyms, parse_synonyms, DocKind, SearchError, SearchQuery, Sort};
use crate::visibility::search::GatedHit;
use crate::visibility::Gate;
use crate::web::browse::find_show;
use crate::web::layout::Layout;
use crate::web::AppState;
use crate::web::{render, see_other};

const PER_PAGE: usize = 20;
/// Results read per query when the spoiler shield filters them (deeper pages read more).
const SHIELD_WINDOW: usize = 500;

#[derive(Deserialize, Default, Clone)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub show: String,
    #[serde(default)]
    pub season: String,
    #[serde(default)]
    pub episode: String,
    #[serde(default)]
    pub board: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub kind: String,
    /// A content language code: only threads and replies written in it.
    #[serde(default)]
    pub lang: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: String,
    /// "show": include results behind the spoiler shield.
    #[serde(default)]
    pub spoilers: String,
}

pub struct HitView {
    pub url: String,
    pub title: String,
    /// What the hit is (thread, reply, episode, chat), in the page's language.
    pub kind: String,
    pub show_title: String,
    pub show_slug: String,
    pub episode_code: Option<String>,
    pub author: Option<String>,
    pub snippet_html: String,
    pub when: String,
    /// For the hit's `lang` attribute; None (unknown, episodes, chat) leaves it out.
    pub lang: Option<String>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    action: String,
    show: Option<Show>,
    shows: Vec<Show>,
    p: SearchParams,
    hits: Vec<HitView>,
    total: usize,
    took_ms: u128,
    page: usize,
    has_next: bool,
    searched: bool,
    message: Option<String>,
    next_url: String,
    prev_url: String,
    /// Results this viewer's spoiler shield hid, and the link that shows them.
    hidden: usize,
    reveal_url: String,
    languages: &'static [(&'static str, &'static str)],
}

fn page_url(action: &str, p: &SearchParams, page: usize) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("q", &p.q),
        ("show", &p.show),
        ("season", &p.season),
        ("episode", &p.episode),
        ("board", &p.board),
        ("author", &p.author),
        ("kind", &p.kind),
        ("lang", &p.lang),
        ("sort", &p.sort),
        ("spoilers", &p.spoilers),
    ] {
        if !v.is_empty() {
            q.append_pair(k, v);
        }
    }
    q.append_pair("page", &page.to_string());
    format!("{action}?{}", q.finish())
}

/// A hit's kind as its tag shows it.
fn kind_label(viewer: &Viewer, kind: DocKind) -> String {
    let tr = viewer.tr();
    match kind {
        DocKind::Thread => tr.t("search-hit-thread"),
        DocKind::Post => tr.t("search-hit-post"),
        DocKind::Episode => tr.t("search-hit-episode"),
        DocKind::Chat => tr.t("search-hit-chat"),
    }
}

fn settings_title(viewer: &Viewer, show: &Show) -> String {
    format!("{} · {}", viewer.tr().t("search-settings"), show.title)
}

async fn search_page(
    state: &AppState,
    viewer: &Viewer,
    show: Option<Show>,
    p: SearchParams,
) -> AppResult<HttpResponse> {
    let action = match &show {
        Some(s) => format!("/shows/{}/search", s.slug),
        None => "/search".to_string(),
    };
    let title = match &show {
        Some(s) => viewer.tr().t1("search-in-show", "show", &s.title),
        None => viewer.tr().t("search-search"),
    };
    let page_no = p
        .page
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=500).contains(n))
        .unwrap_or(1);
    let mut page = SearchPage {
        layout: Layout::new(title, viewer),
        prev_url: page_url(&action, &p, page_no.saturating_sub(1).max(1)),
        next_url: page_url(&action, &p, page_no + 1),
        action,
        shows: lookup::list_shows(&state.db).await?,
        show,
        hits: Vec::new(),
        total: 0,
        took_ms: 0,
        page: page_no,
        has_next: false,
        searched: false,
        message: None,
        hidden: 0,
        reveal_url: String::new(),
        languages: &crate::domain::CONTENT_LANGUAGES,
        p,
    };
    let lang = page.p.lang.trim().to_string();
    let lang = match crate::domain::ContentLang::parse(&lang) {
        Some(l) => Some(l.as_str().to_string()),
        None if lang.is_empty() => None,
        None => {
            page.message = Some(format!("Unknown language {lang:?}."));
            return render(StatusCode::BAD_REQUEST, &page);
        }
    };
    let text = page.p.q.trim().to_string();
    if text.is_empty() {
        return render(StatusCode::OK, &page);
    }
    if text.chars().count() > MAX_QUERY_CHARS {
        page.message = Some(viewer.tr().t1("search-too-long", "max", MAX_QUERY_CHARS));
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let parsed = ParsedQuery::parse(&text);
    if parsed.is_empty() {
        page.message = Some(viewer.tr().t("search-no-words"));
        return render(StatusCode::OK, &page);
    }
    // A show picked in the site-wide form narrows like the show's own search page.
    let show_id = match (&page.show, page.p.show.trim()) {
        (Some(s), _) => Some(s.id),
        (None, "") => None,
        (None, slug) => page.shows.iter().find(|s| s.slug == slug).map(|s| s.id),
    };
    let q = SearchQuery {
        text,
        show_id,
        all_shows: page.shows.iter().map(|s| s.id).collect(),
        season: page.p.season.trim().parse().ok(),
        episode: crate::domain::EpisodeCode::try_from(page.p.episode.as_str())
            .ok()
            .map(|c| c.to_string()),
        board: Some(page.p.board.trim().to_string()).filter(|b| !b.is_empty()),
        author: Some(page.p.author.trim().to_string()).filter(|a| !a.is_empty()),
        kind: DocKind::parse(page.p.kind.trim()),
        lang,
        sort: if page.p.sort == "newest" {
            Sort::Newest
        } else {
            Sort::Relevance
        },
        // The shield filters after the engine: fetch from the start so the hidden count and
        // the pages of visible results agree.
        offset: 0,
        limit: (page_no * PER_PAGE + 1).min(SHIELD_WINDOW),
    };
    page.searched = true;
    match state.search.search(&q).await {
        Ok((res, took)) => {
            let gate = Gate::load(&state.db, viewer).await?;
            let reveal = page.p.spoilers == "show";
            let mut gated = gate.search_hits(&state.db, res.hits, reveal).await?;
            if !reveal {
                page.hidden = gated.hidden;
                let mut shown = page.p.clone();
                shown.spoilers = "show".into();
                page.reveal_url = page_url(&page.action, &shown, 1);
            }
            gated
                .hits
                .drain(..((page_no - 1) * PER_PAGE).min(gated.hits.len()));
            page.has_next = gated.hits.len() > PER_PAGE;
            gated.hits.truncate(PER_PAGE);
            page.total = res.total.saturating_sub(page.hidden);
            page.took_ms = took;
            let synonyms = match show_id {
                Some(id) => state.search.synonyms(id).await?,
                None => Vec::new(),
            };
            let matcher = Matcher::new(&parsed, &synonyms);
            page.hits = gated
                .hits
                .into_iter()
                .map(|GatedHit { hit: h, air_date }| HitView {
                    snippet_html: snippet(&h.doc.body, &matcher),
                    // Episodes have no creation time worth showing: they air.
                    when: air_date.unwrap_or_else(|| gate.when(h.doc.created_at)),
                    url: h.doc.url,
                    title: h.doc.title,
                    kind: kind_label(viewer, h.doc.kind),
                    show_title: h.doc.show_title,
                    show_slug: h.doc.show_slug,
                    episode_code: h.doc.episode_code,
                    author: h.doc.author,
                    lang: h.doc.lang,
                })
                .collect();
            render(StatusCode::OK, &page)
        }
        Err(SearchError::Unavailable(e)) => {
            tracing::warn!(error = %e, "search engine unavailable");
            page.searched = false;
            page.message = Some(viewer.tr().t("search-unavailable"));
            render(StatusCode::SERVICE_UNAVAILABLE, &page)
        }
        Err(SearchError::Other(e)) => Err(e.into()),
    }
}

#[tracing::instrument(skip_all)]
pub async fn site(
    state: web::Data<AppState>,
    viewer: Viewer,
    q: web::Query<SearchParams>,
) -> AppResult<HttpResponse> {
    search_page(&state, &viewer, None, q.into_inner()).await
}

#[tracing::instrument(skip(state, viewer, q))]
pub async fn show(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
    q: web::Query<SearchParams>,
) -> AppResult<HttpResponse> {
    let show = find_show(&state.db, &path).await?;
    search_page(&state, &viewer, Some(show), q.into_inner()).await
}

#[derive(Template)]
#[template(path = "search_settings.html")]
struct SettingsPage {
    layout: Layout,
    show: Show,
    synonyms: String,
    error: Option<String>,
    saved: bool,
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    synonyms: String,
}

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

#[tracing::instrument(skip(state, viewer, q))]
pub async fn settings(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
    q: web::Query<SavedQuery>,
) -> AppResult<HttpResponse> {
    let show = find_show(&state.db, &path).await?;
    crate::moderation::require_mod(&state.db, viewer.user.as_ref(), show.id).await?;
    let page = SettingsPage {
        layout: Layout::new(settings_title(&viewer, &show), &viewer),
        synonyms: format_synonyms(&state.search.synonyms(show.id).await?),
        show,
        error: None,
        saved: q.saved.is_some(),
    };
    render(StatusCode::OK, &page)
}

#[tracing::instrument(skip(state, csrf))]
pub async fn save_settings(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfForm<SettingsForm>,
) -> AppResult<HttpResponse> {
    let CsrfForm { viewer, form } = csrf;
    let show = find_show(&state.db, &path).await?;
    crate::moderation::require_mod(&state.db, viewer.user.as_ref(), show.id).await?;
    match parse_synonyms(&form.synonyms) {
        Ok(groups) => {
            state.search.set_synonyms(show.id, &groups).await?;
            Ok(see_other(&format!(
                "/shows/{}/search/settings?saved=1",
                show.slug
            )))
        }
        Err(msg) => {
            let page = SettingsPage {
                layout: Layout::new(settings_title(&viewer, &show), &viewer),
                synonyms: form.synonyms,
                show,
                error: Some(msg),
                saved: false,
            };
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}
