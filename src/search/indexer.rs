//! Drains the search outbox into the engine. Rows leave the outbox only after the engine
//! accepted the change, so an engine outage or a crash loses nothing: the work waits.
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use super::{docs, SearchEngine, SearchError};
use crate::db::{self, Db};

pub const BATCH: i64 = 500;
const IDLE_POLL: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// Applies one batch from the outbox; returns how many outbox rows it handled.
pub async fn drain_once(db: &Db, engine: &dyn SearchEngine) -> Result<usize, SearchError> {
    let rows = db::search::pending(db, BATCH)
        .await
        .map_err(|e| SearchError::Other(e.into()))?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut seen = HashSet::new();
    let mut upserts = Vec::new();
    let mut deletes = Vec::new();
    for r in &rows {
        if !seen.insert(r.doc_id.as_str()) {
            continue;
        }
        match docs::load_doc(db, &r.doc_id)
            .await
            .map_err(|e| SearchError::Other(e.into()))?
        {
            Some(doc) => upserts.push(doc),
            None => deletes.push((r.show_id, r.doc_id.clone())),
        }
    }
    if !upserts.is_empty() {
        engine.upsert(&upserts).await?;
    }
    if !deletes.is_empty() {
        engine.delete(&deletes).await?;
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    db::search::done(db, &ids)
        .await
        .map_err(|e| SearchError::Other(e.into()))?;
    Ok(rows.len())
}

/// The background task: drain whenever there is work, poll when idle, back off on errors.
pub fn spawn(db: Db, engine: Arc<dyn SearchEngine>) {
    tokio::spawn(async move {
        let mut backoff = Duration::from_millis(250);
        loop {
            match drain_once(&db, engine.as_ref()).await {
                Ok(0) => tokio::time::sleep(IDLE_POLL).await,
                Ok(_) => backoff = Duration::from_millis(250),
                Err(e) => {
                    tracing::warn!(error = %e, retry_in = ?backoff, "search indexing paused; the outbox keeps the work");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
        }
    });
}
