//! One tantivy index on disk with its reader and a writer slot: each show's index and the
//! site-wide one are such an index. Every write is committed and made visible before it
//! returns, so nothing is left pending in a writer that may be closed next.
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use anyhow::Context;
use tantivy::directory::MmapDirectory;
use tantivy::indexer::IndexWriterOptions;
use tantivy::schema::Schema;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy};

use super::errors::other;
use super::schema::{analyzer, TOKENIZER};
use crate::search::SearchError;

pub struct OpenIndex {
    index: Index,
    pub reader: IndexReader,
    /// Held for the whole of a write and commit, so one index has one writer at a time.
    writer: Mutex<Option<IndexWriter>>,
}

/// A writer that was in use when a thread panicked may hold half a batch: drop it, which
/// discards what was not committed, and let the next write open a fresh one.
fn writer_slot(m: &Mutex<Option<IndexWriter>>) -> MutexGuard<'_, Option<IndexWriter>> {
    m.lock().unwrap_or_else(|poisoned| {
        let mut slot = poisoned.into_inner();
        *slot = None;
        slot
    })
}

/// An index an older version wrote with another schema (before the `lang` field, say)
/// cannot be opened with this one, and its documents lack what the new fields need: it is
/// removed, and the caller has it rebuilt from the database. Returns whether it was.
pub fn drop_if_outdated(path: &Path, schema: &Schema) -> anyhow::Result<bool> {
    if !path.join("meta.json").is_file() {
        return Ok(false);
    }
    let index = Index::open_in_dir(path)
        .with_context(|| format!("open search index {}", path.display()))?;
    if index.schema() == *schema {
        return Ok(false);
    }
    drop(index);
    std::fs::remove_dir_all(path).with_context(|| format!("remove {}", path.display()))?;
    Ok(true)
}

impl OpenIndex {
    /// Opens the index in `path`, creating the dir and an empty index if needed. A search
    /// reads its segments on `search_threads` threads.
    pub fn open(path: &Path, schema: &Schema, search_threads: usize) -> anyhow::Result<OpenIndex> {
        std::fs::create_dir_all(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mmap = MmapDirectory::open(path).context("open index dir")?;
        let mut index = Index::open_or_create(mmap, schema.clone())
            .with_context(|| format!("open search index {}", path.display()))?;
        if search_threads > 1 {
            index
                .set_multithread_executor(search_threads)
                .context("search threads")?;
        }
        index.tokenizers().register(TOKENIZER, analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .context("index reader")?;
        Ok(OpenIndex {
            index,
            reader,
            writer: Mutex::new(None),
        })
    }

    /// Runs `job` on the writer (opened with `threads` indexing threads of `heap` bytes each
    /// if none is open), commits and reloads the reader. Blocking.
    pub fn write(
        &self,
        threads: usize,
        heap: usize,
        job: impl FnOnce(&mut IndexWriter) -> Result<(), SearchError>,
    ) -> Result<(), SearchError> {
        let mut slot = writer_slot(&self.writer);
        let writer = match slot.take() {
            Some(w) => w,
            None => self
                .index
                .writer_with_options(
                    IndexWriterOptions::builder()
                        .num_worker_threads(threads.max(1))
                        .num_merge_threads(1)
                        .memory_budget_per_thread(heap)
                        .build(),
                )
                .map_err(other)?,
        };
        let writer = slot.insert(writer);
        let done = job(writer).and_then(|()| writer.commit().map(drop).map_err(other));
        if let Err(e) = done {
            // Dropping the writer discards the part of the batch it already took; the
            // caller retries the whole batch.
            *slot = None;
            return Err(e);
        }
        self.reader.reload().map_err(other)
    }

    /// Closes the writer once its background merges are done, so their work is kept
    /// (dropping a writer abandons them), and shows the merged segments to searches.
    pub fn close_writer(&self) -> Result<(), SearchError> {
        // The slot stays locked until the old writer is gone: a new writer for this index
        // cannot take the lock file before that.
        let mut slot = writer_slot(&self.writer);
        if let Some(writer) = slot.take() {
            writer.wait_merging_threads().map_err(other)?;
            self.reader.reload().map_err(other)?;
        }
        Ok(())
    }
}
