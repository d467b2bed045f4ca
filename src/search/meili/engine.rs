//! The client itself: URL and key checks, the per-request timeout, and the set of shows
//! whose index is known to be set up.
use std::collections::HashSet;
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use meilisearch_sdk::client::Client;
use meilisearch_sdk::errors::Error as MeiliError;

use super::errors::map_err;
use crate::search::SearchError;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// Meilisearch through meilisearch-sdk: one index per show, multi-search across shows.
pub struct MeiliEngine {
    pub(super) client: Client,
    timeout: Duration,
    /// Shows whose index this process has created (or found) and configured.
    pub(super) ready: Mutex<HashSet<i64>>,
}

impl MeiliEngine {
    /// A client for `url` (e.g. `http://127.0.0.1:7700`). Sends nothing: the server may be
    /// down now and come up later.
    pub fn new(url: &str, api_key: Option<&str>) -> Result<MeiliEngine, SearchError> {
        let parsed = url::Url::parse(url).map_err(|e| {
            SearchError::Other(anyhow::anyhow!(
                "MEILI_URL {:?} is not a valid URL: {e}",
                crate::domain::redact_url(url)
            ))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
            return Err(SearchError::Other(anyhow::anyhow!(
                "MEILI_URL must be an http:// or https:// URL"
            )));
        }
        if let Some(key) = api_key {
            // The SDK puts the key in a header and panics on bytes a header cannot hold.
            if key.bytes().any(|b| (b < 32 && b != b'\t') || b == 127) {
                return Err(SearchError::Other(anyhow::anyhow!(
                    "MEILI_MASTER_KEY contains control characters"
                )));
            }
        }
        let client = Client::new(url.trim_end_matches('/'), api_key).map_err(|e| {
            SearchError::Other(anyhow::Error::new(e).context("cannot build the Meilisearch client"))
        })?;
        Ok(MeiliEngine {
            client,
            timeout: DEFAULT_TIMEOUT,
            ready: Mutex::new(HashSet::new()),
        })
    }

    /// Per-request timeout (default 5 s); a request that takes longer is `Unavailable`.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Asks `GET /health`: for startup logging and readiness checks.
    pub async fn check(&self) -> Result<(), SearchError> {
        self.call(self.client.health())
            .await
            .map(|_| ())
            .map_err(map_err)
    }

    /// Runs one SDK call under the timeout.
    pub(super) async fn call<T>(
        &self,
        fut: impl Future<Output = Result<T, MeiliError>>,
    ) -> Result<T, MeiliError> {
        match tokio::time::timeout(self.timeout, fut).await {
            Ok(result) => result,
            Err(_) => Err(MeiliError::Timeout),
        }
    }
}
