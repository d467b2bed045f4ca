//! The Meilisearch engine (`MEILI_URL`, `MEILI_MASTER_KEY`), for the scale-out shape.
//!
//! # Indexes
//!
//! One index per show: uid `show_{id}`, primary key `id`. An index is created, with its
//! settings, the first time this process touches the show (`upsert` or `set_synonyms`):
//! `GET /indexes/show_{id}`, and on 404 `POST /indexes {"uid","primaryKey":"id"}`, then
//! `PATCH /indexes/show_{id}/settings`. Shows already set up are remembered in memory, so the
//! hot path is one request per show per batch. Meilisearch runs the tasks of an index in the
//! order they were enqueued, so nothing waits for the creation or settings task to finish.
//!
//! Settings (see [`base_settings`]):
//! - `searchableAttributes`: `title`, `body`, `episode_code`, `author` (in that order of weight)
//! - `filterableAttributes`: `kind`, `season`, `episode_code`, `board`, `author_lc`, `show_id`
//! - `sortableAttributes`: `created_at`
//! - `rankingRules`: `sort` first, then Meilisearch's defaults, so "newest first" really sorts
//!   by date (the `sort` rule does nothing when a query has no `sort`)
//! - `synonyms` (only from `set_synonyms`, which sends every setting each time): each group
//!   expanded so that every member maps to all the others (see [`expand_synonyms`]).
//!
//! Typo tolerance (1 typo from 5 letters, 2 from 9), prefix search on the last word and
//! `"phrase search"` are Meilisearch's own defaults: the query text is passed through as typed.
//!
//! # Documents
//!
//! A [`SearchDoc`] serialized as JSON, plus `author_lc` (the author, lowercased, for the
//! author filter):
//!
//! ```json
//! {"id":"post-12","kind":"post","show_id":1,"show_slug":"lighthouse","show_title":"Lighthouse",
//!  "season":1,"episode_code":"s01e02","board":"general","author":"Nora","title":"…",
//!  "body":"…","url":"/threads/3?page=1#post-12","created_at":1767225600000,"author_lc":"nora"}
//! ```
//!
//! # Writes are accepted, not applied
//!
//! `upsert`, `delete`, `set_synonyms` and `clear` return `Ok` once Meilisearch has enqueued
//! the task (HTTP 202): from then on Meilisearch owns the change and applies it within
//! milliseconds, in order. They never poll the task. A task that later fails inside
//! Meilisearch (which the documents built here do not cause) is only visible in its task list.
//!
//! # Errors
//!
//! Connection failures, timeouts and HTTP 5xx (Meilisearch `internal`/`system` errors, or a
//! proxy's 5xx page) are [`SearchError::Unavailable`]; everything else is
//! [`SearchError::Other`]. Every request has a timeout (5 s unless [`MeiliEngine::with_timeout`]).
use std::collections::{BTreeMap, HashMap, HashSet};
use std::future::Future;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use futures_util::future::join_all;
use meilisearch_sdk::client::Client;
use meilisearch_sdk::errors::{Error as MeiliError, ErrorCode, ErrorType};
use meilisearch_sdk::indexes::{Index, IndexesQuery};
use meilisearch_sdk::search::{SearchQuery as MeiliQuery, SearchResults as MeiliResults};
use meilisearch_sdk::settings::Settings;
use serde::Serialize;

use super::{
    by_show, Hit, SearchDoc, SearchEngine, SearchError, SearchQuery, SearchResults, Sort, Synonyms,
};

/// Attributes searched, in order of weight.
pub const SEARCHABLE: [&str; 4] = ["title", "body", "episode_code", "author"];
/// Attributes the filter expressions use.
pub const FILTERABLE: [&str; 6] = [
    "kind",
    "season",
    "episode_code",
    "board",
    "author_lc",
    "show_id",
];
pub const SORTABLE: [&str; 1] = ["created_at"];
/// Meilisearch's default rules with `sort` first (it only acts when a query sorts).
pub const RANKING_RULES: [&str; 6] = [
    "sort",
    "words",
    "typo",
    "proximity",
    "attribute",
    "exactness",
];
const SORT_NEWEST: &[&str] = &["created_at:desc"];
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
/// Page size when listing indexes (`clear(None)`, and recovering from a missing index).
const LIST_PAGE: usize = 1000;

/// The Meilisearch index uid of a show.
pub fn index_uid(show_id: i64) -> String {
    format!("show_{show_id}")
}

/// A document as stored in Meilisearch: the [`SearchDoc`] fields plus `author_lc`.
#[derive(Serialize)]
struct MeiliDoc<'a> {
    #[serde(flatten)]
    doc: &'a SearchDoc,
    author_lc: Option<String>,
}

impl<'a> MeiliDoc<'a> {
    fn new(doc: &'a SearchDoc) -> Self {
        MeiliDoc {
            doc,
            author_lc: doc.author.as_ref().map(|a| a.to_lowercase()),
        }
    }
}

/// The JSON document sent to Meilisearch for `doc` (see the module docs for its shape).
pub fn document_json(doc: &SearchDoc) -> serde_json::Value {
    serde_json::to_value(MeiliDoc::new(doc)).unwrap_or(serde_json::Value::Null)
}

/// Settings every show index gets (synonyms aside).
pub fn base_settings() -> Settings {
    Settings::new()
        .with_searchable_attributes(SEARCHABLE)
        .with_filterable_attributes(FILTERABLE)
        .with_sortable_attributes(SORTABLE)
        .with_ranking_rules(RANKING_RULES)
}

/// Meilisearch synonyms are one-way (word → words): each group becomes a map in which every
/// member lists all the other members. A word in several groups gets the union.
pub fn expand_synonyms(groups: &Synonyms) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for group in groups {
        for word in group {
            let entry = map.entry(word.clone()).or_default();
            for other in group {
                if other != word && !entry.contains(other) {
                    entry.push(other.clone());
                }
            }
        }
    }
    map.retain(|_, others| !others.is_empty());
    map
}

/// A quoted filter value: `"` and `\` escaped with a backslash.
pub fn quote_filter_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The Meilisearch filter expression for the query's filters, e.g.
/// `kind = "post" AND season = 2 AND episode_code = "s02e01" AND board = "general" AND author_lc = "nora"`.
/// `None` without filters. String values are always quoted and escaped.
pub fn filter_expression(q: &SearchQuery) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(kind) = q.kind {
        parts.push(format!("kind = {}", quote_filter_value(kind.as_str())));
    }
    if let Some(season) = q.season {
        parts.push(format!("season = {season}"));
    }
    if let Some(episode) = &q.episode {
        parts.push(format!("episode_code = {}", quote_filter_value(episode)));
    }
    if let Some(board) = &q.board {
        parts.push(format!("board = {}", quote_filter_value(board)));
    }
    if let Some(author) = &q.author {
        parts.push(format!(
            "author_lc = {}",
            quote_filter_value(&author.to_lowercase())
        ));
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(" AND "))
    }
}

/// Connection errors, timeouts and 5xx mean "unavailable"; anything else is a bug or a
/// misconfiguration.
fn map_err(e: MeiliError) -> SearchError {
    match e {
        MeiliError::HttpError(err) if !err.is_builder() => {
            SearchError::Unavailable(format!("cannot reach Meilisearch: {err}"))
        }
        MeiliError::Timeout => {
            SearchError::Unavailable("Meilisearch did not answer in time".into())
        }
        MeiliError::MeilisearchCommunication(c) if c.status_code >= 500 => {
            SearchError::Unavailable(format!("Meilisearch answered HTTP {}", c.status_code))
        }
        MeiliError::Meilisearch(m)
            if matches!(m.error_type, ErrorType::Internal | ErrorType::Unknown) =>
        {
            SearchError::Unavailable(format!("Meilisearch error: {}", m.error_message))
        }
        other => {
            SearchError::Other(anyhow::Error::new(other).context("Meilisearch request failed"))
        }
    }
}

fn is_index_not_found(e: &MeiliError) -> bool {
    matches!(e, MeiliError::Meilisearch(m) if m.error_code == ErrorCode::IndexNotFound)
}

/// Meilisearch through meilisearch-sdk: one index per show, multi-search across shows.
pub struct MeiliEngine {
    client: Client,
    timeout: Duration,
    /// Shows whose index this process has created (or found) and configured.
    ready: Mutex<HashSet<i64>>,
}

impl MeiliEngine {
    /// A client for `url` (e.g. `http://127.0.0.1:7700`). Sends nothing: the server may be
    /// down now and come up later.
    pub fn new(url: &str, api_key: Option<&str>) -> Result<MeiliEngine, SearchError> {
        let parsed = url::Url::parse(url).map_err(|e| {
            SearchError::Other(anyhow::anyhow!(
                "MEILI_URL {:?} is not a valid URL: {e}",
                crate::config::redact_url(url)
            ))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
            return Err(SearchError::Other(anyhow::anyhow!(
                "MEILI_URL must be an http:// or https:// URL"
            )));
        }
        if let Some(key) = api_key {
            // The SDK puts the key in a header and panics on bytes a header cannot hold.
            if key.bytes().any(|b| (b < 32 && b != b'\t') || b == 127) {
                return Err(SearchError::Other(anyhow::anyhow!(
                    "MEILI_MASTER_KEY contains control characters"
                )));
            }
        }
        let client = Client::new(url.trim_end_matches('/'), api_key).map_err(|e| {
            SearchError::Other(anyhow::Error::new(e).context("cannot build the Meilisearch client"))
        })?;
        Ok(MeiliEngine {
            client,
            timeout: DEFAULT_TIMEOUT,
            ready: Mutex::new(HashSet::new()),
        })
    }

    /// Per-request timeout (default 5 s); a request that takes longer is `Unavailable`.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Asks `GET /health`: for startup logging and readiness checks.
    pub async fn check(&self) -> Result<(), SearchError> {
        self.call(self.client.health())
            .await
            .map(|_| ())
            .map_err(map_err)
    }

    /// Runs one SDK call under the timeout.
    async fn call<T>(
        &self,
        fut: impl Future<Output = Result<T, MeiliError>>,
    ) -> Result<T, MeiliError> {
        match tokio::time::timeout(self.timeout, fut).await {
            Ok(result) => result,
            Err(_) => Err(MeiliError::Timeout),
        }
    }

    fn is_ready(&self, show_id: i64) -> bool {
        self.ready
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&show_id)
    }

    fn set_ready(&self, show_id: i64, ready: bool) {
        let mut set = self.ready.lock().unwrap_or_else(PoisonError::into_inner);
        if ready {
            set.insert(show_id);
        } else {
            set.remove(&show_id);
        }
    }

    /// Creates the show's index if it does not exist, then applies `settings`.
    async fn set_up(&self, show_id: i64, settings: &Settings) -> Result<(), SearchError> {
        let uid = index_uid(show_id);
        if !self.is_ready(show_id) {
            match self.call(self.client.get_raw_index(&uid)).await {
                Ok(_) => {}
                Err(e) if is_index_not_found(&e) => {
                    self.call(self.client.create_index(&uid, Some("id")))
                        .await
                        .map_err(map_err)?;
                }
                Err(e) => return Err(map_err(e)),
            }
        }
        self.call(self.client.index(&uid).set_settings(settings))
            .await
            .map_err(map_err)?;
        self.set_ready(show_id, true);
        Ok(())
    }

    /// The lazy set-up of the hot path: nothing once the show is known.
    async fn ensure_index(&self, show_id: i64) -> Result<(), SearchError> {
        if self.is_ready(show_id) {
            return Ok(());
        }
        self.set_up(show_id, &base_settings()).await
    }

    async fn upsert_show(&self, show_id: i64, docs: Vec<MeiliDoc<'_>>) -> Result<(), SearchError> {
        self.ensure_index(show_id).await?;
        let index = self.client.index(index_uid(show_id));
        self.call(index.add_or_replace(&docs, Some("id")))
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn delete_show(&self, show_id: i64, ids: Vec<&str>) -> Result<(), SearchError> {
        let index = self.client.index(index_uid(show_id));
        self.call(index.delete_documents(&ids))
            .await
            .map_err(map_err)?;
        Ok(())
    }

    /// Every index uid on the server (paged).
    async fn index_uids(&self) -> Result<Vec<String>, SearchError> {
        let mut uids = Vec::new();
        let mut offset = 0;
        loop {
            let mut query = IndexesQuery::new(&self.client);
            query.with_offset(offset).with_limit(LIST_PAGE);
            let page = self
                .call(self.client.list_all_indexes_raw_with(&query))
                .await
                .map_err(map_err)?;
            let results = page
                .get("results")
                .and_then(|r| r.as_array())
                .ok_or_else(|| {
                    SearchError::Other(anyhow::anyhow!("Meilisearch index list without `results`"))
                })?;
            uids.extend(
                results
                    .iter()
                    .filter_map(|i| i.get("uid")?.as_str().map(str::to_owned)),
            );
            let total = page.get("total").and_then(|t| t.as_u64()).unwrap_or(0) as usize;
            offset += results.len();
            if results.is_empty() || offset >= total {
                return Ok(uids);
            }
        }
    }

    /// Fills in a search query for one index.
    fn configure<'a>(
        query: &mut MeiliQuery<'a, meilisearch_sdk::DefaultHttpClient>,
        q: &'a SearchQuery,
        filter: &'a Option<String>,
        offset: usize,
        limit: usize,
    ) {
        query
            .with_query(&q.text)
            .with_offset(offset)
            .with_limit(limit)
            .with_show_ranking_score(true);
        if let Some(filter) = filter {
            query.with_filter(filter);
        }
        if q.sort == Sort::Newest {
            query.with_sort(SORT_NEWEST);
        }
    }

    async fn search_one(
        &self,
        show_id: i64,
        q: &SearchQuery,
    ) -> Result<SearchResults, SearchError> {
        let filter = filter_expression(q);
        let index = self.client.index(index_uid(show_id));
        let mut query = MeiliQuery::new(&index);
        Self::configure(&mut query, q, &filter, q.offset, q.limit);
        match self.call(index.execute_query::<RawDoc>(&query)).await {
            Ok(res) => Ok(SearchResults {
                total: res
                    .estimated_total_hits
                    .or(res.total_hits)
                    .unwrap_or(res.hits.len()),
                hits: to_hits(res),
            }),
            // Nothing was ever indexed for this show.
            Err(e) if is_index_not_found(&e) => Ok(SearchResults::default()),
            Err(e) => Err(map_err(e)),
        }
    }

    /// One multi-search request (`POST /multi-search`) with one query per show index.
    async fn multi_search(
        &self,
        shows: &[i64],
        q: &SearchQuery,
    ) -> Result<Vec<MeiliResults<RawDoc>>, MeiliError> {
        let filter = filter_expression(q);
        let indexes: Vec<Index> = shows
            .iter()
            .map(|&s| self.client.index(index_uid(s)))
            .collect();
        let mut multi = self.client.multi_search();
        let window = q.offset.saturating_add(q.limit);
        for index in &indexes {
            let mut query = MeiliQuery::new(index);
            Self::configure(&mut query, q, &filter, 0, window);
            multi.with_search_query(query);
        }
        Ok(self
            .call(self.client.execute_multi_search_query::<RawDoc>(&multi))
            .await?
            .results)
    }

    /// Site-wide: one multi-search across the shows' indexes, merged here by ranking score
    /// (or by date for "newest"), then `offset`/`limit` applied to the merged list.
    async fn search_all(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        let mut shows: Vec<i64> = q.all_shows.clone();
        shows.sort_unstable();
        shows.dedup();
        if shows.is_empty() {
            return Ok(SearchResults::default());
        }
        let results = match self.multi_search(&shows, q).await {
            Ok(results) => results,
            Err(e) if is_index_not_found(&e) => {
                // A show without an index yet (nothing indexed): search the others, and create
                // the missing ones so the next site-wide search is a single request again.
                let existing: HashSet<String> = self.index_uids().await?.into_iter().collect();
                let (present, missing): (Vec<i64>, Vec<i64>) = shows
                    .iter()
                    .partition(|&&s| existing.contains(&index_uid(s)));
                for show in missing {
                    self.set_ready(show, false);
                    if let Err(e) = self.ensure_index(show).await {
                        tracing::warn!(error = %e, show, "could not create the Meilisearch index");
                    }
                }
                if present.is_empty() {
                    return Ok(SearchResults::default());
                }
                self.multi_search(&present, q).await.map_err(map_err)?
            }
            Err(e) => return Err(map_err(e)),
        };
        let total = results
            .iter()
            .map(|r| {
                r.estimated_total_hits
                    .or(r.total_hits)
                    .unwrap_or(r.hits.len())
            })
            .sum();
        let mut hits: Vec<Hit> = results.into_iter().flat_map(to_hits).collect();
        merge_order(&mut hits, q.sort);
        let hits = hits.into_iter().skip(q.offset).take(q.limit).collect();
        Ok(SearchResults { total, hits })
    }
}

/// Hits are read as raw JSON first, so one document the current [`SearchDoc`] cannot read
/// (stored by an older version, until `reindex`) is skipped instead of failing the search.
type RawDoc = serde_json::Map<String, serde_json::Value>;

fn to_hits(res: MeiliResults<RawDoc>) -> Vec<Hit> {
    res.hits
        .into_iter()
        .filter_map(|h| {
            let score = h.ranking_score.unwrap_or(0.0) as f32;
            match serde_json::from_value::<SearchDoc>(serde_json::Value::Object(h.result)) {
                Ok(doc) => Some(Hit { doc, score }),
                Err(e) => {
                    tracing::warn!(error = %e, "skipping a Meilisearch hit that is not a search document");
                    None
                }
            }
        })
        .collect()
}

/// Orders hits from several indexes: by `_rankingScore` (ties: newer first), or for
/// [`Sort::Newest`] by date (ties: better score first).
pub fn merge_order(hits: &mut [Hit], sort: Sort) {
    match sort {
        Sort::Relevance => hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| b.doc.created_at.cmp(&a.doc.created_at))
        }),
        Sort::Newest => hits.sort_by(|a, b| {
            b.doc
                .created_at
                .cmp(&a.doc.created_at)
                .then_with(|| b.score.total_cmp(&a.score))
        }),
    }
}

/// The first error, preferring `Unavailable` (so the caller backs off and retries).
fn first_error(results: Vec<Result<(), SearchError>>) -> Result<(), SearchError> {
    let mut other = None;
    for r in results {
        match r {
            Ok(()) => {}
            Err(e @ SearchError::Unavailable(_)) => return Err(e),
            Err(e) => other = other.or(Some(e)),
        }
    }
    other.map_or(Ok(()), Err)
}

#[async_trait]
impl SearchEngine for MeiliEngine {
    fn name(&self) -> &'static str {
        "meilisearch"
    }

    /// `POST /indexes/show_{id}/documents?primaryKey=id` per show, concurrently.
    async fn upsert(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        let groups = by_show(docs.iter().map(|d| (d.show_id, MeiliDoc::new(d))));
        first_error(
            join_all(
                groups
                    .into_iter()
                    .map(|(show, docs)| self.upsert_show(show, docs)),
            )
            .await,
        )
    }

    /// `POST /indexes/show_{id}/documents/delete-batch` with the ids, per show, concurrently.
    async fn delete(&self, ids: &[(i64, String)]) -> Result<(), SearchError> {
        let groups = by_show(ids.iter().map(|(show, id)| (*show, id.as_str())));
        first_error(
            join_all(
                groups
                    .into_iter()
                    .map(|(show, ids)| self.delete_show(show, ids)),
            )
            .await,
        )
    }

    /// Synonyms live in the index settings, so the `synonyms` argument is not needed.
    async fn search(
        &self,
        q: &SearchQuery,
        _synonyms: &[(i64, Synonyms)],
    ) -> Result<SearchResults, SearchError> {
        match q.show_id {
            Some(show) => self.search_one(show, q).await,
            None => self.search_all(q).await,
        }
    }

    /// `PATCH /indexes/show_{id}/settings` with every setting and the expanded synonyms
    /// (creating the index first if needed).
    async fn set_synonyms(&self, show_id: i64, synonyms: &Synonyms) -> Result<(), SearchError> {
        let settings = base_settings().with_synonyms(
            expand_synonyms(synonyms)
                .into_iter()
                .collect::<HashMap<_, _>>(),
        );
        self.set_up(show_id, &settings).await
    }

    /// `DELETE /indexes/show_{id}/documents` (for `None`, on every `show_*` index). The indexes
    /// and their settings (synonyms) stay.
    async fn clear(&self, show_id: Option<i64>) -> Result<(), SearchError> {
        let uids = match show_id {
            Some(show) => vec![index_uid(show)],
            None => self
                .index_uids()
                .await?
                .into_iter()
                .filter(|u| u.starts_with("show_"))
                .collect(),
        };
        for uid in uids {
            match self
                .call(self.client.index(uid).delete_all_documents())
                .await
            {
                Ok(_) => {}
                Err(e) if is_index_not_found(&e) => {}
                Err(e) => return Err(map_err(e)),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonym_groups_expand_both_ways() {
        let groups = vec![
            vec![
                "dany".to_string(),
                "daenerys targaryen".into(),
                "khaleesi".into(),
            ],
            vec!["dany".into(), "d".into()],
        ];
        let map = expand_synonyms(&groups);
        assert_eq!(map["dany"], ["daenerys targaryen", "khaleesi", "d"]);
        assert_eq!(map["khaleesi"], ["dany", "daenerys targaryen"]);
        assert_eq!(map["d"], ["dany"]);
    }

    #[test]
    fn filters_are_quoted_and_escaped() {
        let q = SearchQuery {
            board: Some(r#"a"b\c"#.into()),
            season: Some(2),
            ..Default::default()
        };
        assert_eq!(
            filter_expression(&q).as_deref(),
            Some(r#"season = 2 AND board = "a\"b\\c""#)
        );
        assert_eq!(filter_expression(&SearchQuery::default()), None);
    }
}
