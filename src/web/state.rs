//! The state every handler shares.
use crate::auth::csrf::CsrfKey;
use crate::chat::ChatHub;
use crate::config::Config;
use crate::db::Db;
use crate::metrics::Metrics;
use crate::search::indexer::IndexerStatus;
use crate::search::service::Search;

/// Shared per-process state, handed to handlers as `web::Data<AppState>`.
pub struct AppState {
    pub db: Db,
    pub csrf: CsrfKey,
    pub chat: ChatHub,
    pub search: Search,
    /// Whether this node drains the search outbox (shown on `/healthz`).
    pub indexer: IndexerStatus,
    pub config: Config,
    /// This application's own series (`/metrics`).
    pub metrics: std::sync::Arc<Metrics>,
    /// Open live notification streams and their caps.
    pub notify_streams: crate::notify::stream::Streams,
    /// Outgoing mail (off without `--smtp-url`).
    pub mail: crate::mail::Outbox,
}
