//! A lock at most one process holds at a time, for work exactly one node of a cluster may do
//! (draining the search outbox). On PostgreSQL it is a session-level advisory lock on a
//! connection of its own: PostgreSQL frees it when that session ends, so a node that dies
//! or loses the database hands it on without anyone configuring anything. SQLite has one
//! process, which always holds it.
use std::time::Duration;

use sqlx::{AnyConnection, Connection, Row};

use super::pool::{Backend, Db};

/// How long one lock query may take before the connection is given up (and with it the
/// lock, which PostgreSQL frees when it notices the session is gone).
const QUERY_TIMEOUT: Duration = Duration::from_secs(5);

pub struct NodeLock {
    backend: Backend,
    url: String,
    key: i64,
    conn: Option<AnyConnection>,
    held: bool,
}

impl NodeLock {
    /// The lock named `key` in `db`'s database, reached at `url` (not yet tried).
    pub fn new(db: &Db, url: String, key: i64) -> NodeLock {
        NodeLock {
            backend: db.backend,
            url,
            key,
            conn: None,
            held: false,
        }
    }

    /// Takes the lock if it is free, or checks that this process still holds it. True while
    /// this process holds it; false when another does or the database cannot be reached.
    pub async fn hold(&mut self) -> bool {
        if self.backend == Backend::Sqlite {
            return true;
        }
        match tokio::time::timeout(QUERY_TIMEOUT, self.try_hold()).await {
            Ok(Ok(held)) => {
                self.held = held;
                held
            }
            Ok(Err(e)) => self.give_up(&e.to_string()),
            Err(_) => self.give_up("timed out"),
        }
    }

    async fn try_hold(&mut self) -> Result<bool, sqlx::Error> {
        let conn = match &mut self.conn {
            Some(c) => c,
            None => self.conn.insert(AnyConnection::connect(&self.url).await?),
        };
        if self.held {
            // The session that took the lock is alive, so the lock is still ours.
            sqlx::query("SELECT 1").execute(&mut *conn).await?;
            return Ok(true);
        }
        sqlx::query("SELECT pg_try_advisory_lock($1)")
            .bind(self.key)
            .fetch_one(&mut *conn)
            .await?
            .try_get::<bool, _>(0)
    }

    /// Drops the connection: if it held the lock, its session ends and frees it.
    fn give_up(&mut self, why: &str) -> bool {
        if self.conn.take().is_some() {
            tracing::debug!(reason = why, key = self.key, "node lock connection dropped");
        }
        self.held = false;
        false
    }
}
