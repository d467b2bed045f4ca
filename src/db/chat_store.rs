//! Storing chat messages: one transaction per batch (group commit), with each room's ids
//! handed out under a lock on the room's `chat_room_heads` row, so that every stored message
//! knows the previous id of its room (`prev`) whichever node stored either.
use std::collections::HashMap;

use sqlx::Row;

use super::chat::NewMessage;
use super::pool::{Db, Tx};

/// What became of one message of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inserted {
    pub id: i64,
    /// False when the same room/user/nonce was stored before (a resend).
    pub new: bool,
    /// The room's message before this one (0 for a room's first); meaningful when `new`.
    pub prev: i64,
}

/// Locks the room's head row (creating it on first use) and returns its last id. The row
/// lock is what serializes writers of one room across nodes; SQLite has one writer anyway.
async fn lock_head(tx: &mut Tx, room: &str) -> Result<i64, sqlx::Error> {
    // A room first seen here may hold messages written by other means (an import, a seed):
    // start from its newest.
    sqlx::query(
        "INSERT INTO chat_room_heads (room, last_id) \
         VALUES ($1, (SELECT COALESCE(MAX(id), 0) FROM chat_messages WHERE room = $1)) \
         ON CONFLICT (room) DO UPDATE SET last_id = chat_room_heads.last_id RETURNING last_id",
    )
    .bind(room)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

/// The newest id ever stored in a room (deleted messages included), 0 for none.
pub async fn room_head(db: &Db, room: &str) -> Result<i64, sqlx::Error> {
    Ok(
        sqlx::query("SELECT last_id FROM chat_room_heads WHERE room = $1")
            .bind(room)
            .fetch_optional(&db.pool)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?
            .unwrap_or(0),
    )
}

/// Stores a batch in one transaction. Returns, for each input in order, its id, whether it
/// was new and the id before it in its room.
pub async fn insert_batch(db: &Db, batch: &[NewMessage]) -> Result<Vec<Inserted>, sqlx::Error> {
    let mut tx = db.begin().await?;
    // Rooms are locked in sorted order, so two writers never wait on each other in a circle.
    let mut rooms: Vec<&str> = batch.iter().map(|m| m.room.as_str()).collect();
    rooms.sort_unstable();
    rooms.dedup();
    let mut heads: HashMap<String, i64> = HashMap::with_capacity(rooms.len());
    for room in rooms {
        let last = lock_head(&mut tx, room).await?;
        heads.insert(room.to_string(), last);
    }
    let mut out = Vec::with_capacity(batch.len());
    // Chunks keep the bind count well under SQLite's and PostgreSQL's limits.
    for chunk in batch.chunks(100) {
        insert_chunk(&mut tx, chunk, &mut out).await?;
    }
    chain(batch, &mut out, &mut heads);
    for (room, last) in &heads {
        sqlx::query("UPDATE chat_room_heads SET last_id = $2 WHERE room = $1 AND last_id < $2")
            .bind(room)
            .bind(*last)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(out)
}

/// Gives each new message the id before it in its room, in id order (ids from one insert
/// need not follow the order of its rows); leaves each room's newest id in `heads`.
fn chain(batch: &[NewMessage], out: &mut [Inserted], heads: &mut HashMap<String, i64>) {
    let mut order: Vec<usize> = (0..out.len()).filter(|&i| out[i].new).collect();
    order.sort_unstable_by_key(|&i| out[i].id);
    for i in order {
        if let Some(last) = heads.get_mut(&batch[i].room) {
            out[i].prev = *last;
            *last = out[i].id;
        }
    }
}

async fn insert_chunk(
    tx: &mut Tx,
    chunk: &[NewMessage],
    out: &mut Vec<Inserted>,
) -> Result<(), sqlx::Error> {
    const COLS: usize = 9;
    let mut sql = String::from(
        "INSERT INTO chat_messages (room, user_id, username, body, nonce, created_at, offset_ms, is_mod, sender_region) VALUES ",
    );
    for i in 0..chunk.len() {
        if i > 0 {
            sql.push(',');
        }
        let params: Vec<String> = (1..=COLS).map(|c| format!("${}", i * COLS + c)).collect();
        sql.push_str(&format!("({})", params.join(", ")));
    }
    sql.push_str(" ON CONFLICT (room, user_id, nonce) DO NOTHING RETURNING id, user_id, nonce");
    let mut q = sqlx::query(&sql);
    for m in chunk {
        q = q
            .bind(&m.room)
            .bind(m.user_id)
            .bind(&m.username)
            .bind(&m.text)
            .bind(&m.nonce)
            .bind(m.created_at)
            .bind(m.offset_ms)
            .bind(m.is_mod as i64)
            .bind(m.region.clone());
    }
    let rows = q.fetch_all(&mut **tx).await?;
    let mut inserted = HashMap::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get(0)?;
        let user: i64 = r.try_get(1)?;
        let nonce: String = r.try_get(2)?;
        inserted.insert((user, nonce), id);
    }
    for m in chunk {
        match inserted.remove(&(m.user_id, m.nonce.clone())) {
            Some(id) => {
                super::search::enqueue(tx, m.show_id, &format!("chat-{id}")).await?;
                out.push(Inserted {
                    id,
                    new: true,
                    prev: 0,
                })
            }
            None => {
                let id: i64 = sqlx::query(
                    "SELECT id FROM chat_messages WHERE room = $1 AND user_id = $2 AND nonce = $3",
                )
                .bind(&m.room)
                .bind(m.user_id)
                .bind(&m.nonce)
                .fetch_one(&mut **tx)
                .await?
                .try_get(0)?;
                out.push(Inserted {
                    id,
                    new: false,
                    prev: 0,
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(room: &str) -> NewMessage {
        NewMessage {
            room: room.into(),
            show_id: 1,
            user_id: 1,
            username: "u".into(),
            text: "t".into(),
            nonce: "n".into(),
            created_at: 0,
            offset_ms: None,
            is_mod: false,
            region: None,
        }
    }

    #[test]
    fn chain_links_each_room_in_id_order() {
        let batch = [msg("a"), msg("b"), msg("a"), msg("a")];
        let mut out = [
            Inserted {
                id: 12,
                new: true,
                prev: 0,
            },
            Inserted {
                id: 11,
                new: true,
                prev: 0,
            },
            Inserted {
                id: 10,
                new: true,
                prev: 0,
            },
            Inserted {
                id: 3,
                new: false,
                prev: 0,
            },
        ];
        let mut heads = HashMap::from([("a".to_string(), 7), ("b".to_string(), 9)]);
        chain(&batch, &mut out, &mut heads);
        assert_eq!(out[2].prev, 7, "a's first new id follows a's head");
        assert_eq!(out[0].prev, 10);
        assert_eq!(out[1].prev, 9);
        assert_eq!(out[3].prev, 0, "a resend links nothing");
        assert_eq!(heads["a"], 12);
        assert_eq!(heads["b"], 11);
    }
}
