//! The embedded engine: one tantivy index per show, in `show_{id}/` under the engine's dir,
//! as the Meilisearch engine keeps one `show_{id}` index per show. A show's search reads its
//! own index only, so typo and prefix matching walk that show's words rather than the whole
//! site's. Site-wide search runs the query on every show's index in parallel, each with that
//! show's synonyms (expanded when the query is built), and merges the results by score or by
//! date. Typo tolerance, prefix on the last word and quoted phrases follow Meilisearch's
//! behaviour. A document never changes show (threads move between boards of one show only),
//! so its show's index is the only place it can be.
mod errors;
mod schema;
mod shows;
#[cfg(test)]
mod tests;

use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::Value;
use tantivy::{DocAddress, IndexWriter, Order, Searcher, TantivyDocument, Term};

use self::errors::{lock, other};
use self::schema::{Fields, CREATED_AT};
use self::shows::Shows;
use super::query::ParsedQuery;
use super::{
    by_show, Hit, SearchDoc, SearchEngine, SearchError, SearchQuery, SearchResults, Sort, Synonyms,
};

pub use self::shows::MAX_OPEN_WRITERS;

pub struct EmbeddedEngine {
    shows: Arc<Shows>,
    f: Fields,
    /// How many shows a site-wide search queries at once.
    parallelism: usize,
}

/// Runs `work` on every item, on up to `threads` blocking threads that take the next item as
/// they finish one: shows differ a lot in size, so fixed shares would leave a thread idle.
/// Results come in no particular order.
async fn on_threads<T, R>(
    items: Vec<T>,
    threads: usize,
    work: impl Fn(T) -> R + Send + Sync + 'static,
) -> Result<Vec<R>, SearchError>
where
    T: Send + 'static,
    R: Send + 'static,
{
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let threads = threads.clamp(1, items.len());
    let queue = Arc::new(Mutex::new(items.into_iter()));
    let work = Arc::new(work);
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (queue, work) = (queue.clone(), work.clone());
            tokio::task::spawn_blocking(move || {
                let mut out = Vec::new();
                loop {
                    let next = lock(&queue).next();
                    let Some(item) = next else { break };
                    out.push(work(item));
                }
                out
            })
        })
        .collect();
    let mut out = Vec::new();
    for h in handles {
        out.extend(h.await.map_err(other)?);
    }
    Ok(out)
}

type WriteJob = Box<dyn FnOnce(&mut IndexWriter) -> Result<(), SearchError> + Send>;

/// One hit before its document is loaded.
#[derive(Clone, Copy)]
struct Candidate {
    score: f32,
    created_at: i64,
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

/// One show's share of a search: its best `offset + limit` hits and how many matched.
struct ShowTop {
    searcher: Searcher,
    hits: Vec<Candidate>,
    count: usize,
}

/// What every show's part of one search needs.
struct Lookup {
    q: SearchQuery,
    parsed: ParsedQuery,
    synonyms: HashMap<i64, Synonyms>,
    shows: Arc<Shows>,
    f: Fields,
}

impl Lookup {
    fn window(&self) -> usize {
        self.q.offset.saturating_add(self.q.limit.max(1))
    }

    /// `None` for a show without an index or documents, or a query without words.
    fn top(&self, show: i64) -> Result<Option<ShowTop>, SearchError> {
        let Some(idx) = self.shows.get(show, false)? else {
            return Ok(None);
        };
        let searcher = idx.reader.searcher();
        if searcher.num_docs() == 0 {
            return Ok(None);
        }
        let none = Synonyms::new();
        let synonyms = self.synonyms.get(&show).unwrap_or(&none);
        let Some(query) = self.f.build_query(&self.q, &self.parsed, synonyms) else {
            return Ok(None);
        };
        let top = TopDocs::with_limit(self.window());
        let (hits, count) = match self.q.sort {
            Sort::Relevance => {
                let (v, n) = searcher
                    .search(&query, &(top.order_by_score(), Count))
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
                let (v, n) = searcher.search(&query, &(newest, Count)).map_err(other)?;
                let hits = v.into_iter().map(|(at, addr)| Candidate {
                    score: 0.0,
                    created_at: at.unwrap_or(i64::MIN),
                    show,
                    addr,
                });
                (hits.collect(), n)
            }
        };
        Ok(Some(ShowTop {
            searcher,
            hits,
            count,
        }))
    }

    /// Merges the shows' hits, cuts the requested page and loads only its documents.
    fn page(&self, tops: Vec<ShowTop>) -> Result<SearchResults, SearchError> {
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

impl EmbeddedEngine {
    /// Opens the per-show indexes under `dir` (creating `dir` if needed).
    pub fn open(dir: &Path) -> anyhow::Result<EmbeddedEngine> {
        let (schema, f) = schema::schema();
        Ok(EmbeddedEngine {
            shows: Arc::new(Shows::open(dir, schema)?),
            f,
            parallelism: std::thread::available_parallelism().map_or(1, |n| n.get()),
        })
    }

    /// Closes every open index writer once its background merges are done, and lets
    /// searches see the merged segments (the benchmark calls this before it measures).
    pub async fn close_writers(&self) -> Result<(), SearchError> {
        let shows = self.shows.clone();
        tokio::task::spawn_blocking(move || shows.close_writers())
            .await
            .map_err(other)?
    }

    /// Each job runs on its show's writer and is committed before this returns. Up to
    /// [`MAX_OPEN_WRITERS`] shows at once, more than there are cores: a commit spends most of
    /// its time waiting for the disk (about 20 fsyncs), and those waits overlap.
    async fn write_shows(&self, jobs: Vec<(i64, WriteJob)>) -> Result<(), SearchError> {
        let shows = self.shows.clone();
        on_threads(jobs, MAX_OPEN_WRITERS, move |(show, job)| {
            shows.write(show, job)
        })
        .await?
        .into_iter()
        .collect()
    }
}

#[async_trait]
impl SearchEngine for EmbeddedEngine {
    fn name(&self) -> &'static str {
        "embedded (tantivy)"
    }

    fn needs_rebuild(&self) -> bool {
        self.shows.stale()
    }

    async fn upsert(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        let id_field = self.f.id;
        let prepared = docs
            .iter()
            .map(|d| Ok((d.show_id, (d.id.clone(), self.f.document(d)?))))
            .collect::<Result<Vec<_>, SearchError>>()?;
        let jobs = by_show(prepared)
            .into_iter()
            .map(|(show, docs)| {
                let job: WriteJob = Box::new(move |w| {
                    for (id, doc) in docs {
                        w.delete_term(Term::from_field_text(id_field, &id));
                        w.add_document(doc).map_err(other)?;
                    }
                    Ok(())
                });
                (show, job)
            })
            .collect();
        self.write_shows(jobs).await
    }

    async fn delete(&self, ids: &[(i64, String)]) -> Result<(), SearchError> {
        let id_field = self.f.id;
        let mut jobs = Vec::new();
        for (show, ids) in by_show(ids.iter().cloned()) {
            // A show without an index has nothing to delete: do not create one.
            if self.shows.get(show, false)?.is_none() {
                continue;
            }
            let job: WriteJob = Box::new(move |w| {
                for id in ids {
                    w.delete_term(Term::from_field_text(id_field, &id));
                }
                Ok(())
            });
            jobs.push((show, job));
        }
        self.write_shows(jobs).await
    }

    async fn search(
        &self,
        q: &SearchQuery,
        synonyms: &[(i64, Synonyms)],
    ) -> Result<SearchResults, SearchError> {
        let parsed = ParsedQuery::parse(&q.text);
        if parsed.is_empty() {
            return Ok(SearchResults::default());
        }
        let mut shows = match q.show_id {
            Some(show) => vec![show],
            // Without the caller's list of shows, every show that has an index.
            None if q.all_shows.is_empty() => self.shows.known(),
            None => q.all_shows.clone(),
        };
        shows.sort_unstable();
        shows.dedup();
        let lookup = Arc::new(Lookup {
            q: q.clone(),
            parsed,
            synonyms: synonyms
                .iter()
                .filter(|(s, _)| shows.binary_search(s).is_ok())
                .cloned()
                .collect(),
            shows: self.shows.clone(),
            f: self.f,
        });
        if let [show] = shows[..] {
            // One show: a single trip to the blocking pool.
            return tokio::task::spawn_blocking(move || {
                let top = lookup.top(show)?;
                lookup.page(Vec::from_iter(top))
            })
            .await
            .map_err(other)?;
        }
        let each = lookup.clone();
        let tops = on_threads(shows, self.parallelism, move |show| each.top(show))
            .await?
            .into_iter()
            .filter_map(Result::transpose)
            .collect::<Result<Vec<_>, _>>()?;
        tokio::task::spawn_blocking(move || lookup.page(tops))
            .await
            .map_err(other)?
    }

    async fn set_synonyms(&self, _show_id: i64, _synonyms: &Synonyms) -> Result<(), SearchError> {
        // Expanded at query time from the database's copy.
        Ok(())
    }

    async fn clear(&self, show_id: Option<i64>) -> Result<(), SearchError> {
        let targets = match show_id {
            Some(show) => vec![show],
            None => self.shows.known(),
        };
        let mut jobs = Vec::new();
        for show in targets {
            // A show that never had an index has nothing to clear: do not create one.
            if self.shows.get(show, false)?.is_some() {
                let job: WriteJob = Box::new(|w| w.delete_all_documents().map(drop).map_err(other));
                jobs.push((show, job));
            }
        }
        self.write_shows(jobs).await?;
        if show_id.is_none() {
            let shows = self.shows.clone();
            tokio::task::spawn_blocking(move || shows.remove_legacy_files())
                .await
                .map_err(other)??;
        }
        Ok(())
    }
}
