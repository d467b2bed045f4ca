//! The shows' indexes on disk, `{dir}/show_{id}/`. Each keeps its reader open; writers are
//! opened when a show is written to, and only the few most recently used stay open, because
//! each one holds threads and the index's lock file.
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use anyhow::Context;
use tantivy::schema::Schema;
use tantivy::IndexWriter;

use super::errors::{lock, other};
use super::index::{drop_if_outdated, OpenIndex};
use crate::search::SearchError;

/// Open writers at most (plus any being written to right now).
pub const MAX_OPEN_WRITERS: usize = 8;
/// Per writer. Every batch is committed at once, so a show's batch rarely comes near it.
const WRITER_HEAP: usize = 32 * 1024 * 1024;

pub struct Shows {
    dir: PathBuf,
    schema: Schema,
    open: RwLock<HashMap<i64, Arc<OpenIndex>>>,
    /// Shows whose writer may be open, least recently written first.
    recent: Mutex<VecDeque<i64>>,
    /// An index written with an older schema was dropped at start-up: the engine is missing
    /// documents until it is rebuilt from the database.
    stale: AtomicBool,
}

fn show_dir_name(show: i64) -> String {
    format!("show_{show}")
}

/// Files an index of the one-index layout left directly in the engine's dir: its metadata and
/// segment files, named after a 32-hex-digit segment id.
fn is_legacy_index_file(name: &str) -> bool {
    name == "meta.json"
        || name == ".managed.json"
        || name
            .split_once('.')
            .is_some_and(|(id, _)| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()))
}

impl Shows {
    /// Opens every `show_*` index already in `dir`.
    pub fn open(dir: &Path, schema: Schema) -> anyhow::Result<Shows> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        if dir.join("meta.json").is_file() {
            tracing::warn!(
                dir = %dir.display(),
                "this search index was built by an older version as one index for all shows, \
                 which is no longer read: search finds nothing until `cliffhanger reindex` \
                 rebuilds it with one index per show (stop the server first)"
            );
        }
        let mut open = HashMap::new();
        let mut stale = false;
        for entry in std::fs::read_dir(dir).with_context(|| format!("read {}", dir.display()))? {
            let entry = entry.with_context(|| format!("read {}", dir.display()))?;
            let name = entry.file_name();
            let Some(show) = name
                .to_str()
                .and_then(|n| n.strip_prefix("show_"))
                .and_then(|id| id.parse::<i64>().ok())
            else {
                continue;
            };
            if drop_if_outdated(&entry.path(), &schema)? {
                tracing::warn!(
                    show,
                    "this show's search index was built by an older version with other fields: \
                     it was removed and is rebuilt from the database"
                );
                stale = true;
                continue;
            }
            if entry.path().join("meta.json").is_file() {
                open.insert(show, Arc::new(OpenIndex::open(&entry.path(), &schema, 1)?));
            }
        }
        Ok(Shows {
            dir: dir.to_path_buf(),
            schema,
            open: RwLock::new(open),
            recent: Mutex::new(VecDeque::new()),
            stale: AtomicBool::new(stale),
        })
    }

    /// Whether an outdated index was dropped when the engine opened.
    pub fn stale(&self) -> bool {
        self.stale.load(Ordering::Relaxed)
    }

    /// Every show that has an index, in id order.
    pub fn known(&self) -> Vec<i64> {
        let open = self.open.read().unwrap_or_else(PoisonError::into_inner);
        let mut ids: Vec<i64> = open.keys().copied().collect();
        ids.sort_unstable();
        ids
    }

    /// A show's index; one made on disk since the engine opened (e.g. by `reindex` in another
    /// process) is opened now. `None` if the show has none and `create` is false.
    pub fn get(&self, show: i64, create: bool) -> Result<Option<Arc<OpenIndex>>, SearchError> {
        if let Some(idx) = self
            .open
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&show)
        {
            return Ok(Some(idx.clone()));
        }
        let path = self.dir.join(show_dir_name(show));
        if !create && !path.join("meta.json").is_file() {
            return Ok(None);
        }
        let mut open = self.open.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(idx) = open.get(&show) {
            return Ok(Some(idx.clone()));
        }
        let idx = Arc::new(OpenIndex::open(&path, &self.schema, 1).map_err(SearchError::Other)?);
        open.insert(show, idx.clone());
        Ok(Some(idx))
    }

    /// Runs `job` on the show's writer, commits and reloads the reader, so nothing is left
    /// pending in a writer that may be closed next. Blocking.
    pub fn write(
        &self,
        show: i64,
        job: impl FnOnce(&mut IndexWriter) -> Result<(), SearchError>,
    ) -> Result<(), SearchError> {
        let idx = self
            .get(show, true)?
            .ok_or_else(|| other(format!("no index for show {show}")))?;
        idx.write(1, WRITER_HEAP, job)?;
        self.close_least_recent(show);
        Ok(())
    }

    /// Marks `show` as just written and closes the writers beyond [`MAX_OPEN_WRITERS`].
    fn close_least_recent(&self, show: i64) {
        let stale: Vec<i64> = {
            let mut recent = lock(&self.recent);
            recent.retain(|&s| s != show);
            recent.push_back(show);
            let extra = recent.len().saturating_sub(MAX_OPEN_WRITERS);
            recent.drain(..extra).collect()
        };
        for s in stale {
            if let Err(e) = self.close_writer(s) {
                tracing::warn!(error = %e, show = s, "closing a search index writer");
            }
        }
    }

    /// Closes a show's writer once its background merges are done, so their work is kept
    /// (dropping a writer abandons them), and shows the merged segments to searches.
    fn close_writer(&self, show: i64) -> Result<(), SearchError> {
        let Some(idx) = self.get(show, false)? else {
            return Ok(());
        };
        idx.close_writer()
    }

    /// Closes every open writer (after its merges). Blocking.
    pub fn close_writers(&self) -> Result<(), SearchError> {
        let shows: Vec<i64> = lock(&self.recent).drain(..).collect();
        for s in shows {
            self.close_writer(s)?;
        }
        Ok(())
    }

    /// Removes what the one-index layout left directly in the dir. Blocking.
    pub fn remove_legacy_files(&self) -> Result<(), SearchError> {
        let entries = std::fs::read_dir(&self.dir).map_err(other)?;
        for entry in entries {
            let entry = entry.map_err(other)?;
            let is_file = entry.file_type().map_err(other)?.is_file();
            if is_file && entry.file_name().to_str().is_some_and(is_legacy_index_file) {
                std::fs::remove_file(entry.path()).map_err(other)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::is_legacy_index_file;

    #[test]
    fn recognises_old_layout_files() {
        assert!(is_legacy_index_file("meta.json"));
        assert!(is_legacy_index_file("0123456789abcdef0123456789abcdef.idx"));
        assert!(is_legacy_index_file(
            "0123456789abcdef0123456789abcdef.12.del"
        ));
        assert!(!is_legacy_index_file("show_1"));
        assert!(!is_legacy_index_file("notes.txt"));
        assert!(!is_legacy_index_file(".tantivy-writer.lock"));
    }
}
