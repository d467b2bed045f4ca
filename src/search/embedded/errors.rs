//! How the embedded engine turns tantivy's and the threads' failures into its own.
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::super::SearchError;

pub(super) fn other(e: impl std::fmt::Display) -> SearchError {
    SearchError::Other(anyhow::anyhow!("search index: {e}"))
}

/// Locks data that a panic cannot leave half-changed, so it is still good after one.
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
