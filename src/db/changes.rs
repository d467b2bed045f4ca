//! Tells every process that caches rows of this database (`ReadCache`) what a commit
//! changed. SQLite has one process, so there a commit only drops this process's rows. On
//! PostgreSQL, nodes share the database: the writer also sends `pg_notify` inside its
//! transaction (PostgreSQL delivers it only if, and right after, the transaction commits, so
//! a crash between commit and announcement cannot happen), and every node keeps one
//! `LISTEN` connection ([`spawn_listener`]) that applies what it hears to its cache. It works
//! with or without Redis.
use std::time::Duration;

use sqlx::postgres::PgListener;

use super::pool::{Backend, Db, Tx};

/// The PostgreSQL channel the announcements travel on.
pub const CHANNEL: &str = "cliffhanger_cache";

/// Above this many threads in one commit, one catalogue-wide change is announced instead
/// (a NOTIFY payload must stay under 8000 bytes).
const MAX_THREADS_PER_NOTICE: usize = 200;

/// The first reconnection wait after a lost listener, and the longest.
const RECONNECT_FIRST: Duration = Duration::from_millis(250);
const RECONNECT_MAX: Duration = Duration::from_secs(5);

/// What a committed transaction changed, as far as cached rows go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A thread or one of its posts.
    Thread(i64),
    /// Shows, seasons, episodes, air dates or boards: cached rows copy their names and
    /// dates, so every cached row goes.
    Catalog,
}

impl Db {
    /// Commits `tx` and announces `changes` to every process caching this database's rows,
    /// this one included.
    pub async fn commit_changes(&self, mut tx: Tx, changes: &[Change]) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Postgres && !changes.is_empty() {
            sqlx::query("SELECT pg_notify($1, $2)::text")
                .bind(CHANNEL)
                .bind(encode(self.origin, changes))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        for change in changes {
            apply(self, *change);
        }
        Ok(())
    }

    /// Commits a change to shows, seasons, episodes, air dates or boards, which cached
    /// thread rows and air dates copy.
    pub async fn commit_catalog(&self, tx: Tx) -> Result<(), sqlx::Error> {
        self.commit_changes(tx, &[Change::Catalog]).await
    }
}

fn apply(db: &Db, change: Change) {
    match change {
        Change::Thread(id) => db.cache.thread_changed(id),
        Change::Catalog => db.cache.catalog_changed(),
    }
}

/// `"{origin} t:1 t:2"` or `"{origin} c"`: the sender, so a node skips its own (it applied
/// them at commit), then the changes.
fn encode(origin: u64, changes: &[Change]) -> String {
    let threads = changes
        .iter()
        .filter(|c| matches!(c, Change::Thread(_)))
        .count();
    let mut out = format!("{origin:x}");
    if threads > MAX_THREADS_PER_NOTICE || changes.contains(&Change::Catalog) {
        out.push_str(" c");
        return out;
    }
    for change in changes {
        if let Change::Thread(id) = change {
            out.push_str(&format!(" t:{id}"));
        }
    }
    out
}

/// The sender and the changes of a payload. Anything unreadable counts as a catalogue-wide
/// change: dropping too much costs a few reads, keeping a stale page is wrong.
fn decode(payload: &str) -> (Option<u64>, Vec<Change>) {
    let mut words = payload.split_whitespace();
    let origin = words.next().and_then(|o| u64::from_str_radix(o, 16).ok());
    let mut changes: Vec<Change> = words
        .map(|w| match w.strip_prefix("t:").map(str::parse::<i64>) {
            Some(Ok(id)) => Change::Thread(id),
            _ => Change::Catalog,
        })
        .collect();
    if origin.is_none() || changes.is_empty() {
        changes = vec![Change::Catalog];
    }
    (origin, changes)
}

async fn subscribe(url: &str) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Applies announcements until the connection is lost; returns why.
async fn hear(db: &Db, listener: &mut PgListener) -> String {
    loop {
        match listener.try_recv().await {
            Ok(Some(notice)) => {
                let (origin, changes) = decode(notice.payload());
                if origin != Some(db.origin) {
                    for change in changes {
                        apply(db, change);
                    }
                }
            }
            // Notifications sent while the connection was down are gone for good.
            Ok(None) => return "connection lost".into(),
            Err(e) => return e.to_string(),
        }
    }
}

/// On PostgreSQL with the page cache on: subscribes (waiting for the first attempt, so a
/// healthy node starts with its cache live), then hears other nodes' changes in a task.
/// While the subscription is down the cache is cleared and bypassed, and the task
/// reconnects with a growing wait. Elsewhere there is nothing to hear.
pub async fn spawn_listener(db: &Db, url: String) {
    if db.backend != Backend::Postgres || !db.cache.enabled() {
        return;
    }
    let mut listener = match subscribe(&url).await {
        Ok(l) => {
            db.cache.listener_ready();
            Some(l)
        }
        Err(e) => {
            tracing::warn!(error = %e, "page cache bypassed: cannot listen for other nodes' changes yet");
            None
        }
    };
    let db = db.clone();
    tokio::spawn(async move {
        let mut wait = RECONNECT_FIRST;
        loop {
            if let Some(l) = listener.as_mut() {
                let why = hear(&db, l).await;
                db.cache.listener_lost();
                tracing::warn!(reason = %why, "page cache cleared and bypassed: lost the listener for other nodes' changes");
                listener = None;
                wait = RECONNECT_FIRST;
            }
            tokio::time::sleep(wait).await;
            match subscribe(&url).await {
                Ok(l) => {
                    db.cache.listener_ready();
                    tracing::info!("page cache live again: listening for other nodes' changes");
                    listener = Some(l);
                }
                Err(e) => {
                    wait = (wait * 2).min(RECONNECT_MAX);
                    tracing::debug!(error = %e, retry_in = ?wait, "cannot listen for other nodes' changes");
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_round_trip() {
        let sent = encode(0xabc, &[Change::Thread(4), Change::Thread(17)]);
        assert_eq!(
            decode(&sent),
            (Some(0xabc), vec![Change::Thread(4), Change::Thread(17)])
        );
        let catalog = encode(1, &[Change::Thread(4), Change::Catalog]);
        assert_eq!(decode(&catalog), (Some(1), vec![Change::Catalog]));
    }

    #[test]
    fn many_threads_become_one_catalogue_change_that_fits_a_notice() {
        let many: Vec<Change> = (0..5000).map(Change::Thread).collect();
        let sent = encode(u64::MAX, &many);
        assert!(sent.len() < 8000);
        assert_eq!(decode(&sent).1, vec![Change::Catalog]);
        let most: Vec<Change> = (i64::MAX - 200..i64::MAX).map(Change::Thread).collect();
        assert!(encode(u64::MAX, &most).len() < 8000);
    }

    #[test]
    fn an_unreadable_payload_drops_everything() {
        assert_eq!(decode("").1, vec![Change::Catalog]);
        assert_eq!(decode("zz t:1").1, vec![Change::Catalog]);
        assert_eq!(decode("1f t:x").1, vec![Change::Catalog]);
        assert_eq!(decode("1f").1, vec![Change::Catalog]);
    }
}
