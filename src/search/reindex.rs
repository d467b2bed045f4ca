//! `cliffhanger reindex [--show SLUG]`: rebuild the engine from the database.
use std::collections::HashMap;

use indicatif::{ProgressBar, ProgressStyle};

use super::service::Search;
use super::{docs, DocKind, SearchDoc};
use crate::db::{self, Db};

const PAGE: i64 = 2_000;
/// A show's documents are written once this many wait...
pub const PER_SHOW: usize = 20_000;
/// ...or, when this many wait in all, those of the shows with the most, until half remain.
/// Each show in a write costs a commit of its index (about 30 ms), so the bigger the
/// batches, the faster a rebuild: at 50,000 a 1M-post rebuild made ~2,000 commits and ran
/// at 18,000 docs/s, at 200,000 about 32,000 docs/s. The price is memory: about 700 bytes
/// per waiting document, so up to ~140 MB during a rebuild.
pub const MAX_PENDING: usize = 200_000;

/// Collects documents by show so that each write carries many documents of few shows: both
/// engines keep one index per show, and each show in a write costs the embedded engine a
/// commit (about 20 fsyncs). Pages from the database mix every show.
pub struct ShowBatches {
    per_show: usize,
    max_pending: usize,
    pending: HashMap<i64, Vec<SearchDoc>>,
    len: usize,
}

impl ShowBatches {
    pub fn new(per_show: usize, max_pending: usize) -> ShowBatches {
        ShowBatches {
            per_show: per_show.max(1),
            max_pending: max_pending.max(1),
            pending: HashMap::new(),
            len: 0,
        }
    }

    /// Adds documents; returns those due to be written now (often none).
    pub fn add(&mut self, docs: impl IntoIterator<Item = SearchDoc>) -> Vec<SearchDoc> {
        let mut due = Vec::new();
        for d in docs {
            let show = d.show_id;
            let waiting = self.pending.entry(show).or_default();
            waiting.push(d);
            self.len += 1;
            if waiting.len() >= self.per_show {
                due.append(waiting);
            }
        }
        if self.len - due.len() >= self.max_pending {
            let mut fullest: Vec<(usize, i64)> =
                self.pending.iter().map(|(s, v)| (v.len(), *s)).collect();
            fullest.sort_unstable_by(|a, b| b.cmp(a));
            for (_, show) in fullest {
                if self.len - due.len() <= self.max_pending / 2 {
                    break;
                }
                if let Some(v) = self.pending.get_mut(&show) {
                    due.append(v);
                }
            }
        }
        self.len -= due.len();
        self.pending.retain(|_, v| !v.is_empty());
        due
    }

    /// Everything still waiting.
    pub fn finish(&mut self) -> Vec<SearchDoc> {
        self.len = 0;
        self.pending.drain().flat_map(|(_, v)| v).collect()
    }
}

pub struct Summary {
    pub docs: u64,
    pub seconds: f64,
}

async fn write(search: &Search, bar: &ProgressBar, due: Vec<SearchDoc>) -> anyhow::Result<u64> {
    if !due.is_empty() {
        search
            .engine
            .upsert(&due)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        bar.inc(due.len() as u64);
    }
    Ok(due.len() as u64)
}

/// Rebuilds the whole index in the background when this node starts without one (a
/// restored backup, a new node's embedded index, a deleted index directory) and the database
/// has content, so that a restore needs no separate `reindex`. Outbox jobs applied meanwhile
/// are upserts and deletes of the same documents, so the two may interleave.
pub fn spawn_rebuild(db: Db, search: Search) {
    tokio::spawn(async move {
        match db::search::count_docs(&db, None).await {
            Ok(0) => {}
            Ok(docs) => {
                tracing::info!(
                    docs,
                    "no search index here yet: rebuilding it from the database"
                );
                match run(&db, &search, None, false).await {
                    Ok(s) => tracing::info!(docs = s.docs, "search index rebuilt"),
                    Err(e) => {
                        tracing::error!(error = %e, "rebuilding the search index failed; run `cliffhanger reindex`")
                    }
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot count what to index; run `cliffhanger reindex`")
            }
        }
    });
}

pub async fn run(
    db: &Db,
    search: &Search,
    show: Option<i64>,
    progress: bool,
) -> anyhow::Result<Summary> {
    let started = std::time::Instant::now();
    let total = db::search::count_docs(db, show).await?;
    let bar = if progress {
        let b = ProgressBar::new(total.max(0) as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} docs ({per_sec}, eta {eta}) {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    search
        .engine
        .clear(show)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let shows = match show {
        Some(id) => vec![id],
        None => db::catalog::list_shows(db)
            .await?
            .iter()
            .map(|s| s.id)
            .collect(),
    };
    for id in &shows {
        let groups = db::search::synonyms(db, *id).await?;
        search
            .engine
            .set_synonyms(*id, &groups)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let mut docs = 0u64;
    let mut batches = ShowBatches::new(PER_SHOW, MAX_PENDING);
    for kind in [
        DocKind::Episode,
        DocKind::Thread,
        DocKind::Post,
        DocKind::Chat,
    ] {
        bar.set_message(kind.as_str());
        let mut after = 0i64;
        loop {
            let page = docs::docs_page(db, kind, show, after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last
                .id
                .rsplit('-')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(i64::MAX);
            docs += write(search, &bar, batches.add(page)).await?;
        }
    }
    docs += write(search, &bar, batches.finish()).await?;
    bar.finish_and_clear();
    Ok(Summary {
        docs,
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(n: usize, show: i64) -> SearchDoc {
        SearchDoc {
            id: format!("post-{n}"),
            kind: DocKind::Post,
            show_id: show,
            show_slug: String::new(),
            show_title: String::new(),
            season: None,
            episode_code: None,
            board: None,
            author: None,
            title: String::new(),
            body: String::new(),
            url: String::new(),
            created_at: 0,
            lang: None,
        }
    }

    #[test]
    fn batches_fill_per_show_and_never_hold_too_many() {
        let mut b = ShowBatches::new(3, 6);
        assert!(b.add([doc(1, 1), doc(2, 2), doc(3, 1)]).is_empty());
        let due = b.add([doc(4, 1)]);
        assert_eq!(
            due.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ["post-1", "post-3", "post-4"]
        );
        // Shows 2-5 reach 6 waiting: the fullest go until half remain.
        let due = b.add([doc(5, 2), doc(6, 3), doc(7, 4), doc(8, 5), doc(9, 3)]);
        assert_eq!(due.len(), 4);
        assert!(due.iter().all(|d| d.show_id == 2 || d.show_id == 3));
        let rest = b.finish();
        assert_eq!(rest.len(), 2);
        assert!(b.finish().is_empty());
    }
}
