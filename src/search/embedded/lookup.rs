//! One search's reading of the indexes: the best hits of each index read (a show's, or the
//! site-wide one), merged, with only the requested page's documents loaded.
use std::cmp::Ordering;
use std::sync::Arc;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::Query;
use tantivy::schema::Value;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument};

use super::build::Scope;
use super::errors::other;
use super::index::OpenIndex;
use super::schema::{Fields, CREATED_AT};
use super::shows::Shows;
use crate::search::query::ParsedQuery;
use crate::search::{Hit, SearchDoc, SearchError, SearchQuery, SearchResults, Sort, Synonyms};

/// One hit before its document is loaded.
#[derive(Clone, Copy)]
struct Candidate {
    score: f32,
    created_at: i64,
    /// The show whose index it is in (0 in the site-wide index, the only index read then).
    show: i64,
    addr: DocAddress,
}

/// Best first. Ties go to the lower show id, then index order, so pages of a site-wide
/// search follow one fixed order and never repeat or skip a hit.
fn merge_order(sort: Sort, a: &Candidate, b: &Candidate) -> Ordering {
    match sort {
        Sort::Relevance => b.score.total_cmp(&a.score),
        Sort::Newest => b.created_at.cmp(&a.created_at),
    }
    .then(a.show.cmp(&b.show))
    .then(a.addr.cmp(&b.addr))
}

/// One index's share of a search: its best `offset + limit` hits and how many matched.
pub struct IndexTop {
    searcher: Searcher,
    hits: Vec<Candidate>,
    count: usize,
}

/// What every index's part of one search needs.
pub struct Lookup {
    pub q: SearchQuery,
    pub parsed: ParsedQuery,
    /// The synonym groups of the shows searched, by show id.
    pub synonyms: Vec<(i64, Synonyms)>,
    pub shows: Arc<Shows>,
    pub f: Fields,
}

impl Lookup {
    fn window(&self) -> usize {
        self.q.offset.saturating_add(self.q.limit.max(1))
    }

    fn top_of(
        &self,
        searcher: Searcher,
        query: &dyn Query,
        show: i64,
    ) -> Result<IndexTop, SearchError> {
        let top = TopDocs::with_limit(self.window());
        let (hits, count) = match self.q.sort {
            Sort::Relevance => {
                let (v, n) = searcher
                    .search(query, &(top.order_by_score(), Count))
                    .map_err(other)?;
                let hits = v.into_iter().map(|(score, addr)| Candidate {
                    score,
                    created_at: 0,
                    show,
                    addr,
                });
                (hits.collect(), n)
            }
            Sort::Newest => {
                let newest = top.order_by_fast_field::<i64>(CREATED_AT, Order::Desc);
                let (v, n) = searcher.search(query, &(newest, Count)).map_err(other)?;
                let hits = v.into_iter().map(|(at, addr)| Candidate {
                    score: 0.0,
                    created_at: at.unwrap_or(i64::MIN),
                    show,
                    addr,
                });
                (hits.collect(), n)
            }
        };
        Ok(IndexTop {
            searcher,
            hits,
            count,
        })
    }

    /// A show's part. `None` for a show without an index or documents, or a query without
    /// words.
    pub fn top(&self, show: i64) -> Result<Option<IndexTop>, SearchError> {
        let Some(idx) = self.shows.get(show, false)? else {
            return Ok(None);
        };
        let searcher = idx.reader.searcher();
        if searcher.num_docs() == 0 {
            return Ok(None);
        }
        let none = Synonyms::new();
        let synonyms = self
            .synonyms
            .iter()
            .find(|(s, _)| *s == show)
            .map_or(&none, |(_, g)| g);
        let Some(query) = self
            .f
            .build_query(&self.q, &self.parsed, Scope::Show(synonyms))
        else {
            return Ok(None);
        };
        self.top_of(searcher, query.as_ref(), show).map(Some)
    }

    /// Every show at once, from the site-wide index, leaving out the documents of the shows
    /// in `exclude`.
    pub fn site_top(
        &self,
        site: &OpenIndex,
        exclude: &[i64],
    ) -> Result<Option<IndexTop>, SearchError> {
        let scope = Scope::Site {
            synonyms: &self.synonyms,
            exclude,
        };
        let Some(query) = self.f.build_query(&self.q, &self.parsed, scope) else {
            return Ok(None);
        };
        self.top_of(site.reader.searcher(), query.as_ref(), 0)
            .map(Some)
    }

    /// Merges the indexes' hits, cuts the requested page and loads only its documents.
    pub fn page(&self, tops: Vec<IndexTop>) -> Result<SearchResults, SearchError> {
        let total = tops.iter().map(|t| t.count).sum();
        let mut all: Vec<(usize, Candidate)> = tops
            .iter()
            .enumerate()
            .flat_map(|(i, t)| t.hits.iter().map(move |c| (i, *c)))
            .collect();
        all.sort_by(|a, b| merge_order(self.q.sort, &a.1, &b.1));
        let mut hits = Vec::with_capacity(self.q.limit.max(1));
        for (i, c) in all
            .into_iter()
            .skip(self.q.offset)
            .take(self.q.limit.max(1))
        {
            let doc: TantivyDocument = tops[i].searcher.doc(c.addr).map_err(other)?;
            let Some(json) = doc.get_first(self.f.json).and_then(|v| v.as_str()) else {
                continue;
            };
            let doc: SearchDoc = serde_json::from_str(json).map_err(other)?;
            hits.push(Hit {
                doc,
                score: c.score,
            });
        }
        Ok(SearchResults { total, hits })
    }
}
