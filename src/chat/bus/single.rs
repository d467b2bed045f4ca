//! The bus of a site that is one node: there is nobody else to tell.
use std::net::IpAddr;
use std::time::Duration;

use async_trait::async_trait;

use super::api::{Bus, BusHealth, SocketCaps};
use super::event::BusEvent;
use crate::chat::sockets::SocketRefusal;

pub struct SingleNode;

#[async_trait]
impl Bus for SingleNode {
    fn publish(&self, _event: BusEvent) {}

    fn health(&self) -> BusHealth {
        BusHealth::SingleNode
    }

    async fn take_send(&self, _: i64, _: usize, _: Duration) -> Option<Result<(), Duration>> {
        None
    }

    async fn admit_socket(
        &self,
        _: Option<IpAddr>,
        _: Option<i64>,
        _: SocketCaps,
    ) -> Option<Result<(), SocketRefusal>> {
        None
    }

    fn release_socket(&self, _: Option<IpAddr>, _: Option<i64>) {}
}
