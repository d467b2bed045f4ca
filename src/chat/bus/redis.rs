//! The Redis bus: one pub/sub channel per site for events, a publisher task that pipelines
//! what queued up, and a subscriber task that reconnects and resubscribes on its own.
//!
//! The subscriber's connection is what says whether Redis is up: it logs once when Redis goes
//! away and once when it is back, and on return tells the hub, whose rooms then read what they
//! missed from the database (their messages, moderation state, ended sessions and bans).
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use futures_util::StreamExt;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use tokio::sync::mpsc;

use super::api::{Bus, BusHealth, SocketCaps, SocketSnapshot};
use super::event::{decode, encode};
use super::event::{BusEvent, NodeId};
use super::shared::Shared;
use crate::chat::commands::HubCmd;
use crate::chat::sockets::SocketRefusal;

/// Events waiting for the publisher; past this a node sending faster than Redis takes them
/// drops events (the other nodes fill the gap from the database).
const OUT_QUEUE: usize = 16 * 1024;
/// Most events in one pipeline.
const OUT_BATCH: usize = 512;
/// How long one connection attempt or command may take before Redis counts as down.
const TIMEOUT: Duration = Duration::from_secs(1);
const RETRY_MIN: Duration = Duration::from_millis(50);
const RETRY_MAX: Duration = Duration::from_secs(1);

pub struct RedisBus {
    node: NodeId,
    up: Arc<AtomicBool>,
    out: mpsc::Sender<String>,
    shared: Shared,
}

impl RedisBus {
    pub fn start(
        url: &str,
        cluster_id: &str,
        node: NodeId,
        hub: mpsc::Sender<HubCmd>,
    ) -> anyhow::Result<Arc<RedisBus>> {
        let client = redis::Client::open(url)
            .map_err(|e| anyhow::anyhow!("REDIS_URL is not a Redis URL: {e}"))?;
        let prefix = format!("cliffhanger:{cluster_id}:");
        let channel = format!("{prefix}chat");
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(TIMEOUT))
            .set_response_timeout(Some(TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(RETRY_MAX);
        let conn = ConnectionManager::new_lazy_with_config(client.clone(), config)?;
        let up = Arc::new(AtomicBool::new(false));
        let (out, rx) = mpsc::channel(OUT_QUEUE);
        tokio::spawn(subscribe(client, channel.clone(), node, up.clone(), hub));
        tokio::spawn(publish(conn.clone(), channel, rx));
        Ok(Arc::new(RedisBus {
            node,
            shared: Shared::new(conn, prefix, node),
            up,
            out,
        }))
    }

    fn is_up(&self) -> bool {
        self.up.load(Ordering::Relaxed)
    }
}

#[async_trait]
impl Bus for RedisBus {
    fn publish(&self, event: BusEvent) {
        let _ = self.out.try_send(encode(self.node, &event));
    }

    fn health(&self) -> BusHealth {
        if self.is_up() {
            BusHealth::Up
        } else {
            BusHealth::Down
        }
    }

    async fn take_send(
        &self,
        user: i64,
        count: usize,
        window: Duration,
    ) -> Option<Result<(), Duration>> {
        if !self.is_up() {
            return None;
        }
        self.shared.take_send(user, count, window).await
    }

    async fn admit_socket(
        &self,
        ip: Option<IpAddr>,
        user: Option<i64>,
        caps: SocketCaps,
    ) -> Option<Result<(), SocketRefusal>> {
        if !self.is_up() {
            return None;
        }
        self.shared.admit_socket(ip, user, caps).await
    }

    fn release_socket(&self, ip: Option<IpAddr>, user: Option<i64>) {
        if self.is_up() {
            self.shared.release_socket(ip, user);
        }
    }

    async fn refresh_sockets(&self, snapshot: SocketSnapshot) {
        if self.is_up() {
            self.shared.refresh_sockets(snapshot).await;
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Starting,
    Up,
    Down,
}

/// Subscribes, forwards other nodes' events to the hub until the connection ends, and
/// starts over; the transitions are logged once each.
async fn subscribe(
    client: redis::Client,
    channel: String,
    node: NodeId,
    up: Arc<AtomicBool>,
    hub: mpsc::Sender<HubCmd>,
) {
    let mut state = State::Starting;
    let mut retry = RETRY_MIN;
    loop {
        match connect(&client, &channel).await {
            Ok(pubsub) => {
                up.store(true, Ordering::Relaxed);
                if state == State::Down {
                    tracing::info!("Redis is back: chat reaches every node again; rooms catch up from the database");
                    if hub.send(HubCmd::BusBack).await.is_err() {
                        return;
                    }
                }
                state = State::Up;
                retry = RETRY_MIN;
                let mut messages = pubsub.into_on_message();
                while let Some(msg) = messages.next().await {
                    let Some((from, event)) = decode(msg.get_payload_bytes()) else {
                        tracing::debug!("skipped an unreadable chat bus event");
                        continue;
                    };
                    if from != node && hub.send(HubCmd::FromBus(from, event)).await.is_err() {
                        return;
                    }
                }
            }
            Err(e) => {
                if state != State::Down {
                    tracing::warn!(error = %e, "Redis is down: chat serves this node's clients only, and limits count this node alone");
                }
                state = State::Down;
            }
        }
        if state == State::Up {
            tracing::warn!("Redis connection lost: chat serves this node's clients only, and limits count this node alone");
            state = State::Down;
        }
        up.store(false, Ordering::Relaxed);
        if hub.is_closed() {
            return;
        }
        tokio::time::sleep(retry).await;
        retry = (retry * 2).min(RETRY_MAX);
    }
}

async fn connect(client: &redis::Client, channel: &str) -> anyhow::Result<redis::aio::PubSub> {
    let mut pubsub = tokio::time::timeout(TIMEOUT, client.get_async_pubsub())
        .await
        .map_err(|_| anyhow::anyhow!("connecting timed out"))??;
    tokio::time::timeout(TIMEOUT, pubsub.subscribe(channel))
        .await
        .map_err(|_| anyhow::anyhow!("subscribing timed out"))??;
    Ok(pubsub)
}

/// Publishes queued events, many per round trip. A batch that fails is tried again (Redis
/// may be restarting) until newer events fill the queue, so a short outage loses nothing.
async fn publish(mut conn: ConnectionManager, channel: String, mut rx: mpsc::Receiver<String>) {
    let mut batch: Vec<String> = Vec::with_capacity(OUT_BATCH);
    let mut retry = RETRY_MIN;
    loop {
        if batch.is_empty() {
            match rx.recv().await {
                Some(first) => batch.push(first),
                None => return,
            }
        }
        while batch.len() < OUT_BATCH {
            match rx.try_recv() {
                Ok(e) => batch.push(e),
                Err(_) => break,
            }
        }
        let mut pipe = redis::pipe();
        for payload in &batch {
            pipe.publish(&channel, payload).ignore();
        }
        match pipe.query_async::<()>(&mut conn).await {
            Ok(()) => {
                batch.clear();
                retry = RETRY_MIN;
            }
            Err(e) => {
                tracing::debug!(error = %e, events = batch.len(), "publishing chat events failed; retrying");
                if rx.capacity() == 0 {
                    // The queue is full behind this batch: give it up rather than everything newer.
                    batch.clear();
                }
                tokio::time::sleep(retry).await;
                retry = (retry * 2).min(RETRY_MAX);
            }
        }
    }
}
