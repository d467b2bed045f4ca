//! The Meilisearch engine (`MEILI_URL`, `MEILI_MASTER_KEY`), for the scale-out shape.
//!
//! # Indexes
//!
//! One index per show: uid `show_{id}`, primary key `id`. An index is created, with its
//! settings, the first time this process touches the show (`upsert` or `set_synonyms`):
//! `GET /indexes` (paged; a missing index is not asked for, so it is no 404), and when absent `POST /indexes {"uid","primaryKey":"id"}`, then
//! `PATCH /indexes/show_{id}/settings`. Shows already set up are remembered in memory, so the
//! hot path is one request per show per batch. Meilisearch runs the tasks of an index in the
//! order they were enqueued, so nothing waits for the creation or settings task to finish.
//!
//! Settings (see [`base_settings`]):
//! - `searchableAttributes`: `title`, `body`, `episode_code`, `author` (in that order of weight)
//! - `filterableAttributes`: `kind`, `season`, `episode_code`, `board`, `author_lc`, `show_id`,
//!   `lang` (an index set up by an older version gets `lang` the first time this process
//!   touches the show, or from `reindex`, which also fills `lang` in the documents)
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
//!  "body":"…","url":"/threads/3?page=1#post-12","created_at":1767225600000,"lang":"en",
//!  "author_lc":"nora"}
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
mod documents;
mod engine;
mod errors;
mod query;
mod settings;

use std::collections::HashMap;

use async_trait::async_trait;
use futures_util::future::join_all;

use super::{by_show, SearchDoc, SearchEngine, SearchError, SearchQuery, SearchResults, Synonyms};
use documents::MeiliDoc;
use errors::{first_error, is_index_not_found, map_err};

pub use documents::document_json;
pub use engine::MeiliEngine;
pub use query::{filter_expression, merge_order, quote_filter_value};
pub use settings::{
    base_settings, expand_synonyms, index_uid, FILTERABLE, RANKING_RULES, SEARCHABLE, SORTABLE,
};

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
