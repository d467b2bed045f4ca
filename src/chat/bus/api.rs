//! The bus as the rest of chat uses it (the implementations are beside this file).
use std::net::IpAddr;
use std::time::Duration;

use async_trait::async_trait;

use super::event::BusEvent;
use crate::chat::sockets::SocketRefusal;

/// What `/healthz` and the logs say about the bus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BusHealth {
    /// No bus configured: this node is the whole site.
    SingleNode,
    Up,
    Down,
}

/// Per-IP and per-user WebSocket limits, checked across the cluster.
#[derive(Debug, Clone, Copy)]
pub struct SocketCaps {
    pub per_ip: usize,
    pub per_user: usize,
}

#[async_trait]
pub trait Bus: Send + Sync {
    /// Tells every other node. Never waits: what cannot be sent in time is dropped, and the
    /// other nodes' rooms read what they missed from the database.
    fn publish(&self, event: BusEvent);

    fn health(&self) -> BusHealth;

    /// Takes one of `user`'s chat sends in the cluster-wide window: `None` when there is no
    /// shared count right now (single node, or the bus is down), and the node counts alone.
    async fn take_send(
        &self,
        user: i64,
        count: usize,
        window: Duration,
    ) -> Option<Result<(), Duration>>;

    /// Counts one more socket for `ip` and `user` across the cluster if both are under
    /// `caps`: `None` when there is no shared count, and the node's own counts decide.
    async fn admit_socket(
        &self,
        ip: Option<IpAddr>,
        user: Option<i64>,
        caps: SocketCaps,
    ) -> Option<Result<(), SocketRefusal>>;

    /// Gives back a socket counted by `admit_socket`.
    fn release_socket(&self, ip: Option<IpAddr>, user: Option<i64>);

    /// Replaces this node's shared socket counts with `snapshot` and marks the node alive;
    /// called every few seconds, so the counts heal after an outage and a dead node's
    /// sockets stop counting once its entry expires.
    async fn refresh_sockets(&self, _snapshot: SocketSnapshot) {}
}

/// One node's open sockets, per IP and per user.
#[derive(Debug, Default, Clone)]
pub struct SocketSnapshot {
    pub ips: Vec<(IpAddr, usize)>,
    pub users: Vec<(i64, usize)>,
}
