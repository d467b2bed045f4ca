//! Group commit: one writer task stores chat messages in batches. Whatever queued up while
//! the previous transaction was committing goes into the next one (up to 500), so a busy room
//! pays one commit per batch instead of one per message, and a quiet room waits for none.
//!
//! After the commit each room gets its stored messages (with the id before each in the room),
//! and the bus carries the new ones to the other nodes.
use std::sync::Arc;

use tokio::sync::mpsc;

use super::bus::event::{BusEvent, WireMessage};
use super::bus::Bus;
pub use super::commands::PersistJob;
use super::commands::{RoomCmd, Stored};
use crate::db::chat::NewMessage;
use crate::db::chat_store::insert_batch;
use crate::db::Db;
use crate::domain::ChatMessage;

pub const MAX_BATCH: usize = 500;

pub fn spawn(db: Db, bus: Arc<dyn Bus>) -> mpsc::Sender<PersistJob> {
    let (tx, mut rx) = mpsc::channel::<PersistJob>(16 * MAX_BATCH);
    tokio::spawn(async move {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        while let Some(first) = rx.recv().await {
            batch.push(first);
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
            store(&db, &*bus, std::mem::take(&mut batch)).await;
        }
    });
    tx
}

/// The message as readers see it.
pub fn message_of(id: i64, m: &NewMessage) -> ChatMessage {
    ChatMessage {
        id,
        user: m.username.clone(),
        text: m.text.clone(),
        at: m.created_at,
        offset_ms: m.offset_ms,
        is_mod: m.is_mod,
        region: m.region.clone(),
    }
}

async fn store(db: &Db, bus: &dyn Bus, jobs: Vec<PersistJob>) {
    let msgs: Vec<NewMessage> = jobs.iter().map(|j| j.msg.clone()).collect();
    let result = insert_batch(db, &msgs).await;
    // Results go back to each room in the order they were queued.
    let mut per_room: Vec<(mpsc::Sender<RoomCmd>, String, Vec<Stored>)> = Vec::new();
    match result {
        Ok(ids) => {
            for (job, done) in jobs.into_iter().zip(ids) {
                let stored = Stored {
                    conn: job.conn,
                    id: done.id,
                    new: done.new,
                    prev: done.prev,
                    msg: job.msg,
                };
                match per_room
                    .iter_mut()
                    .find(|(_, room, _)| *room == stored.msg.room)
                {
                    Some((_, _, v)) => v.push(stored),
                    None => per_room.push((job.reply, stored.msg.room.clone(), vec![stored])),
                }
            }
            for (tx, room, stored) in per_room {
                let mut msgs: Vec<WireMessage> = stored
                    .iter()
                    .filter(|s| s.new)
                    .map(|s| WireMessage::of(&message_of(s.id, &s.msg), s.prev))
                    .collect();
                if !msgs.is_empty() {
                    msgs.sort_unstable_by_key(|m| m.id);
                    bus.publish(BusEvent::Stored { room, msgs });
                }
                let _ = tx.send(RoomCmd::Stored(stored)).await;
            }
        }
        Err(e) => {
            tracing::error!(error = %e, count = jobs.len(), "storing chat messages failed");
            for job in jobs {
                let _ = job
                    .reply
                    .send(RoomCmd::StoreFailed {
                        conn: job.conn,
                        msg: job.msg,
                    })
                    .await;
            }
        }
    }
}
