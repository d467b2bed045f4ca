//! How Meilisearch errors map onto [`SearchError`].
use meilisearch_sdk::errors::{Error as MeiliError, ErrorCode, ErrorType};

use crate::search::SearchError;

/// Connection errors, timeouts and 5xx mean "unavailable"; anything else is a bug or a
/// misconfiguration.
pub(super) fn map_err(e: MeiliError) -> SearchError {
    match e {
        MeiliError::HttpError(err) if !err.is_builder() => {
            SearchError::Unavailable(format!("cannot reach Meilisearch: {err}"))
        }
        MeiliError::Timeout => {
            SearchError::Unavailable("Meilisearch did not answer in time".into())
        }
        MeiliError::MeilisearchCommunication(c) if c.status_code >= 500 => {
            SearchError::Unavailable(format!("Meilisearch answered HTTP {}", c.status_code))
        }
        MeiliError::Meilisearch(m)
            if matches!(m.error_type, ErrorType::Internal | ErrorType::Unknown) =>
        {
            SearchError::Unavailable(format!("Meilisearch error: {}", m.error_message))
        }
        other => {
            SearchError::Other(anyhow::Error::new(other).context("Meilisearch request failed"))
        }
    }
}

pub(super) fn is_index_not_found(e: &MeiliError) -> bool {
    matches!(e, MeiliError::Meilisearch(m) if m.error_code == ErrorCode::IndexNotFound)
}

/// The first error, preferring `Unavailable` (so the caller backs off and retries).
pub(super) fn first_error(results: Vec<Result<(), SearchError>>) -> Result<(), SearchError> {
    let mut other = None;
    for r in results {
        match r {
            Ok(()) => {}
            Err(e @ SearchError::Unavailable(_)) => return Err(e),
            Err(e) => other = other.or(Some(e)),
        }
    }
    other.map_or(Ok(()), Err)
}
