//! The hub: the cloneable `ChatHub` handle through which everything reaches the rooms of
//! this node (`registry` is its task), and through the bus the rooms of every other node.
use std::net::IpAddr;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot, watch};

use super::bus::event::{BusEvent, NodeId};
use super::bus::{self, Bus, BusHealth, SocketCaps, SocketSnapshot};
pub use super::commands::HubCmd;
use super::commands::{ConnId, FromDb, HubReports, Joining, RoomCmd};
use super::kick::{Kick, CLOSE_BANNED, CLOSE_SIGNED_OUT};
use super::limits::ChatLimits;
use super::protocol::{Frame, Message};
use super::rate::SendRate;
use super::room::RoomDeps;
use super::sockets::{SocketPermit, SocketRefusal, Sockets};
use super::{history, persist, registry};
use crate::auth::expiry::SessionLimits;
use crate::db::{self, Db};
use crate::domain::RoomId;
use crate::metrics::Metrics;
use crate::moderation::guard::NewAccountLimits;

/// How often a node rewrites its shared socket counts (well within their expiry).
const SOCKETS_REFRESH: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(Clone)]
pub struct ChatHub {
    tx: mpsc::Sender<HubCmd>,
    db: Db,
    sockets: Arc<Sockets>,
    metrics: Arc<Metrics>,
    bus: Arc<dyn Bus>,
    caps: SocketCaps,
    /// Ticks once per ping interval for every session of this node (`ping_sweep`).
    ping: watch::Receiver<u64>,
}

/// What the hub needs besides the database.
pub struct HubOptions {
    pub limits: ChatLimits,
    pub new_accounts: NewAccountLimits,
    pub sessions: SessionLimits,
    /// Redis for a site of several nodes; `None`: this node is the site.
    pub redis_url: Option<String>,
    /// The series the hub, its rooms and its sessions count into.
    pub metrics: Arc<Metrics>,
}

/// A joined room: its channel for this connection's frames, and, when the join's `after`
/// reaches past what the room keeps in memory, where the session must read the database.
pub struct Joined {
    pub room: mpsc::Sender<RoomCmd>,
    pub from_db: oneshot::Receiver<FromDb>,
}

impl ChatHub {
    /// Starts the hub, its writer and its bus. A bad `redis_url` is an error; Redis being
    /// unreachable is not (the node serves its own clients until it answers).
    pub async fn start(db: Db, opts: HubOptions) -> anyhow::Result<ChatHub> {
        let (tx, rx) = mpsc::channel(4096);
        let node: NodeId = rand::random();
        let cluster_id = match &opts.redis_url {
            Some(_) => db::settings::secret(&db, "cluster_id").await?,
            None => String::new(),
        };
        let bus = bus::start(opts.redis_url.as_deref(), &cluster_id, node, tx.clone())?;
        let limits = opts.limits;
        let deps = RoomDeps {
            persister: persist::spawn(db.clone(), bus.clone()),
            hub: HubReports::new(tx.clone()),
            rate: Arc::new(SendRate::new(limits.rate_count, limits.rate_window)),
            db: db.clone(),
            new_accounts: opts.new_accounts,
            limits: limits.clone(),
            metrics: opts.metrics.clone(),
            bus: bus.clone(),
            sessions: opts.sessions,
        };
        tokio::spawn(registry::run(rx, deps, bus.clone()));
        let (ping_tx, ping) = watch::channel(0);
        tokio::spawn(ping_sweep(ping_tx, limits.ping_interval));
        let sockets = Sockets::new(limits.sockets);
        if opts.redis_url.is_some() {
            tokio::spawn(refresh_sockets(sockets.clone(), bus.clone(), tx.clone()));
        }
        Ok(ChatHub {
            tx,
            db,
            sockets,
            bus,
            metrics: opts.metrics,
            caps: SocketCaps {
                per_ip: limits.sockets.per_ip,
                per_user: limits.sockets.per_user,
            },
            ping,
        })
    }

    /// The node's ping clock: a session pings its client, and checks for the last pong,
    /// whenever it ticks. One timer for the node instead of one per connection.
    pub fn ping_clock(&self) -> watch::Receiver<u64> {
        let mut clock = self.ping.clone();
        clock.borrow_and_update();
        clock
    }

    /// The series this hub, its rooms and its sessions count into.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// WebSockets open in this process (each holds a permit).
    pub fn open_sockets(&self) -> usize {
        self.sockets.open()
    }

    /// A permit for one more WebSocket from `ip` (and `user`), or which limit refuses it.
    /// The per-IP and per-user limits count every node's sockets while the bus is up.
    pub async fn admit(
        &self,
        ip: Option<IpAddr>,
        user: Option<i64>,
    ) -> Result<SocketPermit, SocketRefusal> {
        let permit = self.sockets.admit(ip, user)?;
        match self.bus.admit_socket(ip, user, self.caps).await {
            Some(Err(refused)) => Err(refused),
            Some(Ok(())) => {
                let bus = self.bus.clone();
                Ok(permit.on_release(Box::new(move || bus.release_socket(ip, user))))
            }
            None => Ok(permit),
        }
    }

    /// Whether this node hears the others (`/healthz`).
    pub fn bus_health(&self) -> BusHealth {
        self.bus.health()
    }

    /// Joins a room; returns the room's command channel for this connection's frames.
    pub async fn join(
        &self,
        room: RoomId,
        conn: ConnId,
        who: Joining,
        tx: mpsc::Sender<Frame>,
        kick: Arc<Kick>,
    ) -> Option<Joined> {
        let Joining {
            user,
            after,
            tr,
            region,
            after_hello,
        } = who;
        let (reply, rx) = oneshot::channel();
        let (from_db_tx, from_db) = oneshot::channel();
        let join = RoomCmd::Join {
            conn,
            user,
            after,
            tx,
            kick,
            tr,
            region,
            after_hello,
            from_db: from_db_tx,
        };
        self.tx
            .send(HubCmd::Join { room, join, reply })
            .await
            .ok()?;
        Some(Joined {
            room: rx.await.ok()?,
            from_db,
        })
    }

    /// One resume page read from the database, outside every room task.
    /// Stores one reaction from a socket of `room` (`chat::reactions`).
    pub async fn react(
        &self,
        room: RoomId,
        who: super::reactions::Reactor<'_>,
        key: &str,
        per_minute: i64,
    ) -> Result<(crate::domain::LiveReaction, Option<i64>), super::reactions::Refused> {
        super::reactions::react(&self.db, room, who, key, per_minute).await
    }

    pub async fn resume_page(
        &self,
        room: RoomId,
        after: i64,
        from_db: FromDb,
        page: usize,
    ) -> Result<Vec<Message>, sqlx::Error> {
        history::page_after(&self.db, room, after, from_db.upto, page).await
    }

    /// The premiere relay of `room` for a viewer of `region` (None where there is none).
    pub async fn relay(
        &self,
        room: RoomId,
        region: &str,
        on: bool,
        page: usize,
    ) -> Result<Option<super::relay::Relay>, sqlx::Error> {
        super::relay::Relay::load(&self.db, room, region, on, page).await
    }

    /// To this node's room only.
    async fn to_room(&self, room: RoomId, cmd: RoomCmd) {
        self.handed_on(HubCmd::ToRoom { room, cmd }).await;
    }

    /// Sends `cmd` and waits until the hub has queued it with its rooms: the HTTP response
    /// that follows a moderation action must not race the change, or a message a client
    /// sends right after it could reach the room first.
    async fn handed_on(&self, cmd: HubCmd) {
        let (done, rx) = oneshot::channel();
        if self.tx.send(cmd).await.is_ok() && self.tx.send(HubCmd::Fence(done)).await.is_ok() {
            let _ = rx.await;
        }
    }

    /// A moderator deleted a message: every node's room drops it.
    pub async fn delete_message(&self, room: RoomId, id: i64) {
        let mut rooms = vec![room];
        // Parties that include the premiere relay may have relayed an episode room's message.
        if let RoomId::Episode(episode) = room {
            match db::chat::parties_for_episode(&self.db, episode).await {
                Ok(parties) => rooms.extend(
                    parties
                        .iter()
                        .filter(|p| p.relay)
                        .map(|p| RoomId::Party(p.id)),
                ),
                Err(e) => {
                    tracing::error!(%room, error = %e, "finding the parties that relay a room failed")
                }
            }
        }
        for room in rooms {
            self.to_room(room, RoomCmd::Delete(id)).await;
            self.bus.publish(BusEvent::Deleted {
                room: room.to_string(),
                id,
            });
        }
    }

    /// The room's settings, roles, sanctions or filters changed, on every node.
    pub async fn reload(&self, room: RoomId) {
        self.to_room(room, RoomCmd::Reload).await;
        self.bus.publish(BusEvent::Reload {
            room: Some(room.to_string()),
        });
    }

    /// Moderation state changed: every running room on every node picks it up before its
    /// next message.
    pub async fn reload_all(&self) {
        self.handed_on(HubCmd::ReloadAll).await;
        self.bus.publish(BusEvent::Reload { room: None });
    }

    /// The party's clock changed (pause, resume), on every node.
    pub async fn party_changed(&self, room: RoomId) {
        self.to_room(room, RoomCmd::PartyChanged).await;
        self.bus.publish(BusEvent::PartyChanged {
            room: room.to_string(),
        });
    }

    /// A ban: the user's sockets on every node close 4003 "banned".
    pub async fn kick_user(&self, user_id: i64) {
        self.close_user(user_id, CLOSE_BANNED).await;
    }

    /// Sign-out or a password change: every socket of the user on every node closes 4001
    /// "signed out", so a session that is no longer valid cannot go on sending.
    pub async fn sign_out(&self, user_id: i64) {
        self.close_user(user_id, CLOSE_SIGNED_OUT).await;
    }

    async fn close_user(&self, user: i64, code: u16) {
        self.handed_on(HubCmd::KickUser { user, code }).await;
        self.bus.publish(BusEvent::KickUser { user, code });
    }

    /// Clients in a room right now, on every node heard from (0 when it runs nowhere).
    pub async fn online(&self, room: RoomId) -> usize {
        let (reply, rx) = oneshot::channel();
        if self.tx.send(HubCmd::Online { room, reply }).await.is_err() {
            return 0;
        }
        rx.await.unwrap_or(0)
    }

    /// Ends a room's task the way a crash would, to test that rooms come back. Not for
    /// production use; nothing in the HTTP surface reaches it.
    #[doc(hidden)]
    pub async fn kill_room_for_tests(&self, room: RoomId) {
        let _ = self.tx.send(HubCmd::KillRoom(room)).await;
    }
}

/// Rewrites this node's shared socket counts every few seconds until the hub stops.
/// The one timer behind every session's pings: ticks the clock each `every` until the hub
/// (the last clock) is gone.
async fn ping_sweep(clock: watch::Sender<u64>, every: std::time::Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await;
    while !clock.is_closed() {
        tick.tick().await;
        clock.send_modify(|n| *n = n.wrapping_add(1));
    }
}

async fn refresh_sockets(sockets: Arc<Sockets>, bus: Arc<dyn Bus>, hub: mpsc::Sender<HubCmd>) {
    let mut every = tokio::time::interval(SOCKETS_REFRESH);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while !hub.is_closed() {
        every.tick().await;
        let (ips, users) = sockets.counts();
        bus.refresh_sockets(SocketSnapshot { ips, users }).await;
    }
}
