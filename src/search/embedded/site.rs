//! The site-wide index, `{dir}/site/`: every show's documents again, with their show, so a
//! site-wide search reads one index instead of one per show. Every write to a show's index
//! goes here too, in the same call, and `reindex` rebuilds both.
//!
//! It is only searched once it holds what the shows' indexes hold. An engine that finds the
//! shows' indexes but no site-wide one (made by a version without it, or removed) leaves it
//! absent, fans site-wide searches out over the shows' indexes as before, and asks for a
//! rebuild; the rebuild's full clear creates it empty beside the emptied shows' indexes, and
//! from then on both receive the same writes. Until then writes skip it: an index created
//! half-filled would look complete after a restart.
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};

use tantivy::schema::Schema;
use tantivy::IndexWriter;

use super::index::{drop_if_outdated, OpenIndex};
use crate::search::SearchError;

/// Each indexing thread's budget; a rebuild's writes of up to 200,000 documents fill it a
/// few times over, each time one segment.
const WRITER_HEAP: usize = 64 * 1024 * 1024;

/// Threads for indexing and for reading segments: one per core. The site-wide index takes
/// every document, so its write is the longest part of each batch; with one thread, the
/// other core idled once the shows' indexes were written. A search reads its (few, large)
/// segments at once.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

pub struct Site {
    path: PathBuf,
    schema: Schema,
    /// `None` while it is absent and not yet complete.
    index: RwLock<Option<Arc<OpenIndex>>>,
}

impl Site {
    /// `other_indexes`: the shows' indexes hold documents (or held some an outdated schema
    /// made the engine drop), which a new site-wide index would lack.
    pub fn open(dir: &Path, schema: Schema, other_indexes: bool) -> anyhow::Result<Site> {
        let path = dir.join("site");
        let outdated = drop_if_outdated(&path, &schema)?;
        if outdated {
            tracing::warn!(
                "the site-wide search index was built by an older version with other fields: \
                 it was removed and is rebuilt from the database"
            );
        }
        let usable = path.join("meta.json").is_file() || !other_indexes;
        let index = if usable {
            Some(Arc::new(OpenIndex::open(&path, &schema, threads())?))
        } else {
            None
        };
        Ok(Site {
            path,
            schema,
            index: RwLock::new(index),
        })
    }

    /// The index, if it is complete.
    pub fn get(&self) -> Option<Arc<OpenIndex>> {
        self.index
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Writes to the index, if there is one (see the module's doc). Blocking.
    pub fn write(
        &self,
        job: impl FnOnce(&mut IndexWriter) -> Result<(), SearchError>,
    ) -> Result<(), SearchError> {
        match self.get() {
            Some(idx) => idx.write(threads(), WRITER_HEAP, job),
            None => Ok(()),
        }
    }

    /// Empties the index, creating it if absent: the shows' indexes are being emptied too,
    /// so from here on it holds what they hold. Blocking.
    pub fn clear_all(&self) -> Result<(), SearchError> {
        let mut slot = self.index.write().unwrap_or_else(PoisonError::into_inner);
        let idx = match &*slot {
            Some(idx) => idx.clone(),
            None => Arc::new(OpenIndex::open(&self.path, &self.schema, threads())?),
        };
        idx.write(threads(), WRITER_HEAP, |w| {
            w.delete_all_documents()
                .map(drop)
                .map_err(super::errors::other)
        })?;
        *slot = Some(idx);
        Ok(())
    }

    /// Closes the writer after its merges. Blocking.
    pub fn close_writer(&self) -> Result<(), SearchError> {
        self.get().map_or(Ok(()), |idx| idx.close_writer())
    }
}
