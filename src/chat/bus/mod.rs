//! How the nodes of one site tell each other about chat: stored messages, moderator events,
//! presence, and the counts behind the cluster-wide limits.
//!
//! A node always applies its own events directly (its rooms never wait on the bus); the bus
//! carries them to the other nodes. `SingleNode` is the default (there are none); `RedisBus`
//! is chosen by `REDIS_URL`. Every Redis channel and key is named after the site's cluster id
//! (a random value kept in the database), so sites sharing one Redis never hear each other.
mod api;
pub mod event;
mod redis;
mod shared;
mod single;

use std::sync::Arc;

use tokio::sync::mpsc;

use super::commands::HubCmd;
pub use api::{Bus, BusHealth, SocketCaps, SocketSnapshot};
pub use event::{BusEvent, NodeId, WireMessage};

/// The bus for this configuration: Redis when `redis_url` is set (a bad URL is an error;
/// an unreachable server is not: the node serves its own clients until Redis answers).
pub fn start(
    redis_url: Option<&str>,
    cluster_id: &str,
    node: NodeId,
    hub: mpsc::Sender<HubCmd>,
) -> anyhow::Result<Arc<dyn Bus>> {
    match redis_url {
        None => Ok(Arc::new(single::SingleNode)),
        Some(url) => Ok(redis::RedisBus::start(url, cluster_id, node, hub)?),
    }
}
