//! What the web layer and the CLI use: the configured engine plus the database's settings.
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use super::embedded::EmbeddedEngine;
use super::{SearchEngine, SearchError, SearchQuery, SearchResults, Synonyms};
use crate::db::{self, Db};
use crate::domain::redact_url;

/// Where the engine lives: Meilisearch when `meili_url` is set, else the embedded index
/// under `data_dir`.
#[derive(Clone, Default)]
pub struct SearchOptions {
    pub data_dir: PathBuf,
    pub meili_url: Option<String>,
    pub meili_key: Option<String>,
}

impl fmt::Debug for SearchOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchOptions")
            .field("data_dir", &self.data_dir)
            .field("meili_url", &self.meili_url.as_deref().map(redact_url))
            .field("meili_key", &self.meili_key.as_ref().map(|_| "********"))
            .finish()
    }
}

#[derive(Clone)]
pub struct Search {
    pub engine: Arc<dyn SearchEngine>,
    db: Db,
}

impl Search {
    /// Meilisearch when `meili_url` is set, else the embedded index in the data dir.
    /// Where the embedded engine keeps its index; `None` with Meilisearch.
    pub fn embedded_dir(options: &SearchOptions) -> Option<std::path::PathBuf> {
        options
            .meili_url
            .is_none()
            .then(|| options.data_dir.join("search-index"))
    }

    pub fn open(options: &SearchOptions, db: Db) -> anyhow::Result<Search> {
        let engine: Arc<dyn SearchEngine> = match &options.meili_url {
            Some(url) => Arc::new(
                super::meili::MeiliEngine::new(url, options.meili_key.as_deref())
                    .map_err(|e| anyhow::anyhow!("{e}"))?,
            ),
            None => Arc::new(EmbeddedEngine::open(
                &options.data_dir.join("search-index"),
            )?),
        };
        Ok(Search { engine, db })
    }

    pub fn name(&self) -> &'static str {
        self.engine.name()
    }

    /// Runs a query; returns the results and how long the engine took.
    pub async fn search(&self, q: &SearchQuery) -> Result<(SearchResults, u128), SearchError> {
        let synonyms = match q.show_id {
            Some(id) => vec![(
                id,
                db::search::synonyms(&self.db, id)
                    .await
                    .map_err(|e| SearchError::Other(e.into()))?,
            )],
            None => db::search::all_synonyms(&self.db)
                .await
                .map_err(|e| SearchError::Other(e.into()))?,
        };
        let started = Instant::now();
        let res = self.engine.search(q, &synonyms).await?;
        Ok((res, started.elapsed().as_millis()))
    }

    pub async fn synonyms(&self, show_id: i64) -> Result<Synonyms, sqlx::Error> {
        db::search::synonyms(&self.db, show_id).await
    }

    /// Saves a show's synonyms and pushes them to the engine (best effort: the database copy
    /// is what the embedded engine reads, and `reindex` re-applies them).
    pub async fn set_synonyms(&self, show_id: i64, groups: &Synonyms) -> Result<(), sqlx::Error> {
        db::search::set_synonyms(&self.db, show_id, groups).await?;
        if let Err(e) = self.engine.set_synonyms(show_id, groups).await {
            tracing::warn!(error = %e, show_id, "could not push synonyms to the search engine");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_meilisearch_key() {
        let options = SearchOptions {
            data_dir: PathBuf::from("/srv/data"),
            meili_url: Some("http://admin:pw123@meili:7700".into()),
            meili_key: Some("master-key-123".into()),
        };
        let shown = format!("{options:?}");
        assert!(!shown.contains("master-key-123"), "{shown}");
        assert!(!shown.contains("pw123"), "{shown}");
    }
}
