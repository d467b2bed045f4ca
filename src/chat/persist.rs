//! Group commit: one writer task stores chat messages in batches. Whatever queued up while
//! the previous transaction was committing goes into the next one (up to 500), so a busy room
//! pays one commit per batch instead of one per message, and a quiet room waits for none.
use tokio::sync::mpsc;

pub use super::commands::PersistJob;
use super::commands::{RoomCmd, Stored};
use crate::db::chat::{insert_batch, NewMessage};
use crate::db::Db;

pub const MAX_BATCH: usize = 500;

pub fn spawn(db: Db) -> mpsc::Sender<PersistJob> {
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
            store(&db, std::mem::take(&mut batch)).await;
        }
    });
    tx
}

async fn store(db: &Db, jobs: Vec<PersistJob>) {
    let msgs: Vec<NewMessage> = jobs.iter().map(|j| j.msg.clone()).collect();
    let result = insert_batch(db, &msgs).await;
    // Results go back to each room in the order they were queued.
    let mut per_room: Vec<(mpsc::Sender<RoomCmd>, String, Vec<Stored>)> = Vec::new();
    match result {
        Ok(ids) => {
            for (job, (id, new)) in jobs.into_iter().zip(ids) {
                let stored = Stored {
                    conn: job.conn,
                    id,
                    new,
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
            for (tx, _, stored) in per_room {
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
