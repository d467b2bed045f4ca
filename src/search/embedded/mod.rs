//! The embedded engine: one tantivy index per show, in `show_{id}/` under the engine's dir,
//! as the Meilisearch engine keeps one `show_{id}` index per show, and one site-wide index
//! of every show's documents in `site/`. A show's search reads its own index only, so typo
//! and prefix matching walk that show's words rather than the whole site's. Site-wide search
//! reads the site-wide index once, with every show's synonyms tied to their show (see
//! `build`), instead of running the query on a hundred indexes: tantivy builds the typo and
//! prefix automata and walks a term dictionary per index, a cost that grew with the number
//! of shows. Typo tolerance, prefix on the last word and quoted phrases follow Meilisearch's
//! behaviour. A document never changes show (threads move between boards of one show only),
//! so its show's index is the only show index it can be in.
mod build;
mod errors;
mod index;
mod lookup;
mod schema;
mod shows;
mod site;
#[cfg(test)]
mod tests;

use std::path::Path;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, TantivyDocument, Term};

use self::errors::{lock, other};
use self::lookup::Lookup;
use self::schema::Fields;
use self::shows::Shows;
use self::site::Site;
use super::query::ParsedQuery;
use super::{by_show, SearchDoc, SearchEngine, SearchError, SearchQuery, SearchResults, Synonyms};

pub use self::shows::MAX_OPEN_WRITERS;

pub struct EmbeddedEngine {
    shows: Arc<Shows>,
    site: Arc<Site>,
    f: Fields,
    /// How many shows a site-wide search queries at once when it fans out.
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

impl EmbeddedEngine {
    /// Opens the indexes under `dir` (creating `dir` if needed).
    pub fn open(dir: &Path) -> anyhow::Result<EmbeddedEngine> {
        let schemas = schema::schemas();
        let shows = Shows::open(dir, schemas.show)?;
        let others = shows.stale() || !shows.known().is_empty();
        let site = Site::open(dir, schemas.site, others)?;
        if site.get().is_none() {
            tracing::warn!(
                "no site-wide search index beside the shows' indexes: site-wide search reads \
                 every show's index until the search index is rebuilt from the database"
            );
        }
        Ok(EmbeddedEngine {
            shows: Arc::new(shows),
            site: Arc::new(site),
            f: schemas.fields,
            parallelism: std::thread::available_parallelism().map_or(1, |n| n.get()),
        })
    }

    /// Closes every open index writer once its background merges are done, and lets
    /// searches see the merged segments (the benchmark calls this before it measures).
    pub async fn close_writers(&self) -> Result<(), SearchError> {
        let (shows, site) = (self.shows.clone(), self.site.clone());
        tokio::task::spawn_blocking(move || {
            shows.close_writers()?;
            site.close_writer()
        })
        .await
        .map_err(other)?
    }

    /// Each job runs on its show's writer and is committed before this returns. Up to
    /// [`MAX_OPEN_WRITERS`] shows at once, more than there are cores: a commit spends most of
    /// its time waiting for the disk (about 20 fsyncs), and those waits overlap. `site` runs
    /// on the site-wide index meanwhile; `shows` are the shows it writes documents of, whose
    /// indexes are made first, so every show in the site-wide index has its own.
    async fn write(
        &self,
        jobs: Vec<(i64, WriteJob)>,
        site: Option<WriteJob>,
        shows: Vec<i64>,
    ) -> Result<(), SearchError> {
        let (all, on_site) = (self.shows.clone(), self.site.clone());
        let site_write = tokio::task::spawn_blocking(move || {
            for show in shows {
                all.get(show, true)?;
            }
            site.map_or(Ok(()), |job| on_site.write(job))
        });
        let all = self.shows.clone();
        let show_writes = on_threads(jobs, MAX_OPEN_WRITERS, move |(show, job)| {
            all.write(show, job)
        });
        let (site_done, shows_done) = tokio::join!(site_write, show_writes);
        shows_done?.into_iter().collect::<Result<(), _>>()?;
        site_done.map_err(other)?
    }

    /// The shows the site-wide index holds that a search over `shows` must leave out.
    fn excluded(&self, q: &SearchQuery, shows: &[i64]) -> Vec<i64> {
        if q.all_shows.is_empty() {
            return Vec::new();
        }
        self.shows
            .known()
            .into_iter()
            .filter(|s| shows.binary_search(s).is_err())
            .collect()
    }
}

#[async_trait]
impl SearchEngine for EmbeddedEngine {
    fn name(&self) -> &'static str {
        "embedded (tantivy)"
    }

    fn needs_rebuild(&self) -> bool {
        self.shows.stale() || self.site.get().is_none()
    }

    async fn upsert(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        if docs.is_empty() {
            return Ok(());
        }
        let (f, id_field) = (self.f, self.f.id);
        let prepared = docs
            .iter()
            .map(|d| Ok((d.show_id, (d.id.clone(), f.document(d)?))))
            .collect::<Result<Vec<(i64, (String, TantivyDocument))>, SearchError>>()?;
        let for_site: Vec<(String, TantivyDocument)> = prepared
            .iter()
            .map(|(show, (id, doc))| (id.clone(), f.site_document(doc, *show)))
            .collect();
        let groups = by_show(prepared);
        let shows = groups.iter().map(|(show, _)| *show).collect();
        let jobs = groups
            .into_iter()
            .map(|(show, docs)| (show, replace(id_field, docs)))
            .collect();
        self.write(jobs, Some(replace(id_field, for_site)), shows)
            .await
    }

    async fn delete(&self, ids: &[(i64, String)]) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        let id_field = self.f.id;
        let mut jobs = Vec::new();
        for (show, ids) in by_show(ids.iter().cloned()) {
            // A show without an index has nothing to delete: do not create one.
            if self.shows.get(show, false)?.is_none() {
                continue;
            }
            jobs.push((show, remove(id_field, ids)));
        }
        let site = remove_from_site(self.f, ids.to_vec());
        self.write(jobs, Some(site), Vec::new()).await
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
            // One show: its own index, in a single trip to the blocking pool.
            return tokio::task::spawn_blocking(move || {
                let top = lookup.top(show)?;
                lookup.page(Vec::from_iter(top))
            })
            .await
            .map_err(other)?;
        }
        if let Some(site) = self.site.get() {
            let exclude = self.excluded(q, &shows);
            return tokio::task::spawn_blocking(move || {
                let top = lookup.site_top(&site, &exclude)?;
                lookup.page(Vec::from_iter(top))
            })
            .await
            .map_err(other)?;
        }
        // No complete site-wide index yet: every show's index, merged.
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
        let show_field = self.f.show;
        // Without a show, the site-wide index is emptied below, once the shows' are.
        let site = show_id.map(|show| -> WriteJob {
            Box::new(move |w| {
                w.delete_term(Term::from_field_i64(show_field, show));
                Ok(())
            })
        });
        self.write(jobs, site, Vec::new()).await?;
        if show_id.is_none() {
            let (shows, site) = (self.shows.clone(), self.site.clone());
            tokio::task::spawn_blocking(move || {
                site.clear_all()?;
                shows.remove_legacy_files()
            })
            .await
            .map_err(other)??;
        }
        Ok(())
    }
}

/// Replaces each document (by id) with its new version.
fn replace(id_field: tantivy::schema::Field, docs: Vec<(String, TantivyDocument)>) -> WriteJob {
    Box::new(move |w| {
        for (id, doc) in docs {
            w.delete_term(Term::from_field_text(id_field, &id));
            w.add_document(doc).map_err(other)?;
        }
        Ok(())
    })
}

/// Removes documents (show, id) from the site-wide index: like a show's index, which has
/// nothing to remove when asked for another show's document, it removes a document only
/// from the show named, so both stay the same.
fn remove_from_site(f: Fields, ids: Vec<(i64, String)>) -> WriteJob {
    Box::new(move |w| {
        for (show, id) in ids {
            let must = |t: Term| -> (Occur, Box<dyn Query>) {
                (
                    Occur::Must,
                    Box::new(TermQuery::new(t, IndexRecordOption::Basic)),
                )
            };
            let query = BooleanQuery::new(vec![
                must(Term::from_field_text(f.id, &id)),
                must(Term::from_field_i64(f.show, show)),
            ]);
            w.delete_query(Box::new(query)).map_err(other)?;
        }
        Ok(())
    })
}

/// Removes documents by id.
fn remove(id_field: tantivy::schema::Field, ids: Vec<String>) -> WriteJob {
    Box::new(move |w| {
        for id in ids {
            w.delete_term(Term::from_field_text(id_field, &id));
        }
        Ok(())
    })
}
