//! Documents as Meilisearch stores them, and the per-show writes and deletes.
use serde::Serialize;

use super::engine::MeiliEngine;
use super::errors::map_err;
use super::settings::index_uid;
use crate::search::{SearchDoc, SearchError};

/// A document as stored in Meilisearch: the [`SearchDoc`] fields plus `author_lc`.
#[derive(Serialize)]
pub(super) struct MeiliDoc<'a> {
    #[serde(flatten)]
    doc: &'a SearchDoc,
    author_lc: Option<String>,
}

impl<'a> MeiliDoc<'a> {
    pub(super) fn new(doc: &'a SearchDoc) -> Self {
        MeiliDoc {
            doc,
            author_lc: doc.author.as_ref().map(|a| a.to_lowercase()),
        }
    }
}

/// The JSON document sent to Meilisearch for `doc` (see the module docs for its shape).
pub fn document_json(doc: &SearchDoc) -> serde_json::Value {
    serde_json::to_value(MeiliDoc::new(doc)).unwrap_or(serde_json::Value::Null)
}

impl MeiliEngine {
    pub(super) async fn upsert_show(
        &self,
        show_id: i64,
        docs: Vec<MeiliDoc<'_>>,
    ) -> Result<(), SearchError> {
        self.ensure_index(show_id).await?;
        let index = self.client.index(index_uid(show_id));
        self.call(index.add_or_replace(&docs, Some("id")))
            .await
            .map_err(map_err)?;
        Ok(())
    }

    pub(super) async fn delete_show(
        &self,
        show_id: i64,
        ids: Vec<&str>,
    ) -> Result<(), SearchError> {
        let index = self.client.index(index_uid(show_id));
        self.call(index.delete_documents(&ids))
            .await
            .map_err(map_err)?;
        Ok(())
    }
}
