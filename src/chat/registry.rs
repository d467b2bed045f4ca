//! The hub's task: a registry that starts room tasks on first join and lets them stop when
//! empty, routes other nodes' events to the rooms running here, and keeps the presence of
//! every room across nodes.
//!
//! A room task that ends without being told to (a panic, an abort) is noticed through its
//! `JoinHandle`: the hub logs the room and the cause and forgets it, and the next join starts
//! a fresh room from the database. Its members' queues close with it; their sessions close
//! 1012 and the clients resume from the last id they have.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::mpsc;
use tokio::task::{AbortHandle, JoinHandle};

use super::bus::event::{BusEvent, NodeId};
use super::bus::Bus;
use super::commands::{HubCmd, HubReports, RoomCmd};
use super::presence::{RemotePresence, BEAT};
use super::room::{self, RoomDeps};
use crate::domain::RoomId;

struct RoomEntry {
    tx: mpsc::Sender<RoomCmd>,
    joins_forwarded: u64,
    /// Clients on this node.
    online: usize,
    generation: u64,
    task: AbortHandle,
}

struct Hub {
    rooms: HashMap<RoomId, RoomEntry>,
    deps: RoomDeps,
    bus: Arc<dyn Bus>,
    remote: RemotePresence,
    next_generation: u64,
}

impl Hub {
    fn start_room(&mut self, room: RoomId) {
        self.next_generation += 1;
        let generation = self.next_generation;
        let (tx, task) = room::spawn(room, self.deps.clone());
        let abort = task.abort_handle();
        tokio::spawn(watch(task, room, generation, self.deps.hub.clone()));
        let remote = self.remote.total(room, Instant::now());
        if remote > 0 {
            let _ = tx.try_send(RoomCmd::RemoteOnline(remote));
        }
        self.rooms.insert(
            room,
            RoomEntry {
                tx,
                joins_forwarded: 0,
                online: 0,
                generation,
                task: abort,
            },
        );
    }

    async fn join(&mut self, room: RoomId, mut join: RoomCmd) -> Option<mpsc::Sender<RoomCmd>> {
        // A room that ended without its watcher's report arriving yet has a closed channel:
        // start a fresh one, once.
        for _ in 0..2 {
            if self.rooms.get(&room).is_none_or(|e| e.tx.is_closed()) {
                self.start_room(room);
            }
            let entry = self.rooms.get_mut(&room)?;
            entry.joins_forwarded += 1;
            let room_tx = entry.tx.clone();
            match room_tx.send(join).await {
                Ok(()) => return Some(room_tx),
                Err(mpsc::error::SendError(back)) => {
                    self.rooms.remove(&room);
                    join = back;
                }
            }
        }
        None
    }

    async fn to_room(&self, room: RoomId, cmd: RoomCmd) {
        if let Some(e) = self.rooms.get(&room) {
            let _ = e.tx.send(cmd).await;
        }
    }

    async fn to_all(&self, cmd: impl Fn() -> RoomCmd) {
        for e in self.rooms.values() {
            let _ = e.tx.send(cmd()).await;
        }
    }

    fn online(&self, room: RoomId) -> usize {
        let local = self.rooms.get(&room).map_or(0, |e| e.online);
        local + self.remote.total(room, Instant::now())
    }

    fn push_remote_online(&self, room: RoomId) {
        if let Some(e) = self.rooms.get(&room) {
            let n = self.remote.total(room, Instant::now());
            // Best effort: the next change or beat corrects a dropped count.
            let _ = e.tx.try_send(RoomCmd::RemoteOnline(n));
        }
    }

    fn beat(&mut self) {
        for (room, e) in &self.rooms {
            if e.online > 0 {
                self.bus.publish(BusEvent::Presence {
                    room: room.to_string(),
                    online: e.online,
                });
            }
        }
        for room in self.remote.expire(Instant::now()) {
            self.push_remote_online(room);
        }
    }

    async fn bus_event(&mut self, node: NodeId, event: BusEvent) {
        let parse = |r: &str| RoomId::parse(r);
        match event {
            BusEvent::Stored { room, msgs } => {
                if let Some(room) = parse(&room) {
                    let msgs = msgs.into_iter().map(|m| m.message()).collect();
                    self.to_room(room, RoomCmd::Remote(msgs)).await;
                }
            }
            BusEvent::Deleted { room, id } => {
                if let Some(room) = parse(&room) {
                    self.to_room(room, RoomCmd::Delete(id)).await;
                }
            }
            BusEvent::Reload { room: Some(room) } => {
                if let Some(room) = parse(&room) {
                    self.to_room(room, RoomCmd::Reload).await;
                }
            }
            BusEvent::Reload { room: None } => self.to_all(|| RoomCmd::Reload).await,
            BusEvent::KickUser { user, code } => {
                self.to_all(|| RoomCmd::KickUser { user, code }).await
            }
            BusEvent::PartyChanged { room } => {
                if let Some(room) = parse(&room) {
                    self.to_room(room, RoomCmd::PartyChanged).await;
                }
            }
            BusEvent::Presence { room, online } => {
                if let Some(room) = parse(&room) {
                    if self.remote.set(room, node, online, Instant::now()) {
                        self.push_remote_online(room);
                    }
                }
            }
        }
    }
}

/// Waits for a room task and reports it to the hub if it ended any other way than running
/// out of commands.
async fn watch(task: JoinHandle<()>, room: RoomId, generation: u64, hub: HubReports) {
    if let Err(e) = task.await {
        let cause = if e.is_panic() {
            let payload = e.into_panic();
            payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .map(|s| format!("panic: {s}"))
                .unwrap_or_else(|| "panic".to_string())
        } else {
            "aborted".to_string()
        };
        hub.room_ended(room, generation, cause).await;
    }
}

pub async fn run(mut rx: mpsc::Receiver<HubCmd>, deps: RoomDeps, bus: Arc<dyn Bus>) {
    let mut hub = Hub {
        rooms: HashMap::new(),
        deps,
        bus,
        remote: RemotePresence::default(),
        next_generation: 0,
    };
    let mut beat = tokio::time::interval(BEAT);
    beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let cmd = tokio::select! {
            cmd = rx.recv() => match cmd {
                Some(cmd) => cmd,
                None => return,
            },
            _ = beat.tick() => {
                hub.beat();
                continue;
            }
        };
        handle(&mut hub, cmd).await;
        hub.deps
            .metrics
            .chat_rooms_running
            .set(i64::try_from(hub.rooms.len()).unwrap_or(i64::MAX));
    }
}

async fn handle(hub: &mut Hub, cmd: HubCmd) {
    match cmd {
        HubCmd::Join { room, join, reply } => {
            if let Some(room_tx) = hub.join(room, join).await {
                let _ = reply.send(room_tx);
            }
        }
        HubCmd::Idle { room, joins_seen } => {
            // A join forwarded after the room went idle keeps it alive.
            if hub
                .rooms
                .get(&room)
                .is_some_and(|e| e.joins_forwarded == joins_seen)
            {
                hub.rooms.remove(&room);
            }
        }
        HubCmd::ReloadAll => hub.to_all(|| RoomCmd::Reload).await,
        HubCmd::KickUser { user, code } => hub.to_all(|| RoomCmd::KickUser { user, code }).await,
        HubCmd::OnlineChanged { room, online } => {
            if let Some(e) = hub.rooms.get_mut(&room) {
                e.online = online;
            }
            hub.bus.publish(BusEvent::Presence {
                room: room.to_string(),
                online,
            });
        }
        HubCmd::ToRoom { room, cmd } => hub.to_room(room, cmd).await,
        HubCmd::Online { room, reply } => {
            let _ = reply.send(hub.online(room));
        }
        HubCmd::RoomEnded {
            room,
            generation,
            cause,
        } => {
            tracing::error!(%room, %cause, "room task ended; the next join starts it afresh");
            if hub
                .rooms
                .get(&room)
                .is_some_and(|e| e.generation == generation)
            {
                hub.rooms.remove(&room);
            }
        }
        HubCmd::KillRoom(room) => {
            if let Some(e) = hub.rooms.get(&room) {
                e.task.abort();
            }
        }
        HubCmd::FromBus(node, event) => hub.bus_event(node, event).await,
        HubCmd::BusBack => {
            hub.to_all(|| RoomCmd::CatchUp).await;
            hub.beat();
        }
        HubCmd::Fence(done) => {
            let _ = done.send(());
        }
    }
}
