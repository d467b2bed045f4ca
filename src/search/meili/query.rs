//! Queries: the filter expression, one index's search, and the site-wide multi-search
//! merged across show indexes.
use std::collections::HashSet;

use meilisearch_sdk::errors::Error as MeiliError;
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::{SearchQuery as MeiliQuery, SearchResults as MeiliResults};

use super::engine::MeiliEngine;
use super::errors::{is_index_not_found, map_err};
use super::settings::index_uid;
use crate::search::{Hit, SearchDoc, SearchError, SearchQuery, SearchResults, Sort};

const SORT_NEWEST: &[&str] = &["created_at:desc"];

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
/// `kind = "post" AND season = 2 AND episode_code = "s02e01" AND board = "general" AND author_lc = "nora" AND lang = "fr"`.
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
    if let Some(lang) = &q.lang {
        parts.push(format!("lang = {}", quote_filter_value(lang)));
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(" AND "))
    }
}

impl MeiliEngine {
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

    pub(super) async fn search_one(
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
    pub(super) async fn search_all(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let q = SearchQuery {
            lang: Some("fr".into()),
            ..Default::default()
        };
        assert_eq!(filter_expression(&q).as_deref(), Some(r#"lang = "fr""#));
        assert_eq!(filter_expression(&SearchQuery::default()), None);
    }
}
