//! Drains the search outbox into the engine. Rows leave the outbox only after the engine
//! accepted the change, so an engine outage or a crash loses nothing: the work waits.
//!
//! Of several nodes on one database exactly one drains at a time, without configuration:
//! the one holding the indexer's `NodeLock` (a PostgreSQL advisory lock, freed when its
//! node dies). The others stand by and try for it every `retry`. The drainer re-checks its
//! lock before every batch (one `SELECT 1`), so if its session ends, at most the batch in
//! hand overlaps with the next drainer's (harmless: applying a document twice gives the
//! same index).
use std::collections::HashSet;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::{docs, SearchEngine, SearchError};
use crate::db::node_lock::NodeLock;
use crate::db::{self, Db};

pub const BATCH: i64 = 500;
const IDLE_POLL: Duration = Duration::from_millis(200);
/// The least time between two commits while work keeps arriving (`--index-commit-ms`).
pub const DEFAULT_COMMIT_GAP: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(10);
/// The advisory lock key of the indexer (any fixed number; locks are per database).
const LOCK_KEY: i64 = 0x6368_5f69_6478; // "ch_idx"
/// How often a standby node tries for the lock unless configured otherwise.
pub const DEFAULT_RETRY: Duration = Duration::from_secs(5);

/// This node's part in indexing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `--no-indexer`: never drains.
    Off,
    /// Another node holds the lock (or the database is unreachable); retrying.
    Standby,
    /// Drains the outbox.
    Active,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Off => "off",
            Role::Standby => "standby",
            Role::Active => "active",
        }
    }
}

/// The role, shared between the indexer task and whoever reports it (`/healthz`).
#[derive(Debug, Clone, Default)]
pub struct IndexerStatus(Arc<AtomicU8>);

impl IndexerStatus {
    pub fn role(&self) -> Role {
        match self.0.load(Ordering::Relaxed) {
            2 => Role::Active,
            1 => Role::Standby,
            _ => Role::Off,
        }
    }

    /// Sets the role, logging a change.
    fn set(&self, role: Role) {
        let code = match role {
            Role::Off => 0,
            Role::Standby => 1,
            Role::Active => 2,
        };
        if self.0.swap(code, Ordering::Relaxed) != code {
            match role {
                Role::Active => tracing::info!(
                    indexer = role.as_str(),
                    "this node now drains the search outbox"
                ),
                _ => tracing::info!(
                    indexer = role.as_str(),
                    "this node does not drain the search outbox; another node does"
                ),
            }
        }
    }
}

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

/// The background task: stand by until this node holds the indexer lock, then drain
/// whenever there is work, poll when idle, back off on errors, and stand by again if the
/// lock is lost.
pub fn spawn(
    db: Db,
    database_url: String,
    engine: Arc<dyn SearchEngine>,
    status: IndexerStatus,
    retry: Duration,
    commit_gap: Duration,
) {
    let mut lock = NodeLock::new(&db, database_url, LOCK_KEY);
    tokio::spawn(async move {
        loop {
            if lock.hold().await {
                status.set(Role::Active);
                drain_while_held(&db, engine.as_ref(), &mut lock, commit_gap).await;
            }
            status.set(Role::Standby);
            tokio::time::sleep(retry).await;
        }
    });
}

/// Drains until the lock is found lost. A batch that did not fill up means the writers are
/// keeping pace with us: wait `commit_gap` so the next commit takes what arrives meanwhile
/// in one go (a commit's cost is mostly fixed: new segment files, fresh indexing buffers,
/// reopening the reader), instead of committing a few rows at a time as fast as we can.
async fn drain_while_held(
    db: &Db,
    engine: &dyn SearchEngine,
    lock: &mut NodeLock,
    commit_gap: Duration,
) {
    let mut backoff = Duration::from_millis(250);
    loop {
        if !lock.hold().await {
            return;
        }
        match drain_once(db, engine).await {
            Ok(0) => tokio::time::sleep(IDLE_POLL).await,
            Ok(n) => {
                backoff = Duration::from_millis(250);
                if n < BATCH as usize {
                    tokio::time::sleep(commit_gap).await;
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, retry_in = ?backoff, "search indexing paused; the outbox keeps the work");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}
