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
/// Above this many notified users in one commit, every stream recounts instead (`n:*`);
/// with the threads' budget the payload still fits.
const MAX_USERS_PER_NOTICE: usize = 150;

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
    /// The user has new notifications: their open notification streams recount.
    Notified(i64),
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
        Change::Notified(user) => db.ring(Some(user)),
    }
}

pub use super::pool::Ring;

impl Db {
    /// Tells this process's notification streams; nobody listening is fine.
    fn ring(&self, user: Ring) {
        let _ = self.rings.send(user);
    }

    /// A receiver of every ring in this process from now on (see `Ring`).
    pub fn subscribe_rings(&self) -> tokio::sync::broadcast::Receiver<Ring> {
        self.rings.subscribe()
    }
}

/// `"{origin} t:1 t:2"` or `"{origin} c"`: the sender, so a node skips its own (it applied
/// them at commit), then the changes.
fn encode(origin: u64, changes: &[Change]) -> String {
    let threads = changes
        .iter()
        .filter(|c| matches!(c, Change::Thread(_)))
        .count();
    let users: Vec<i64> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Notified(u) => Some(*u),
            _ => None,
        })
        .collect();
    let mut out = format!("{origin:x}");
    if users.len() > MAX_USERS_PER_NOTICE {
        out.push_str(" n:*");
    } else {
        for u in &users {
            out.push_str(&format!(" n:{u}"));
        }
    }
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
fn decode(payload: &str) -> (Option<u64>, Vec<Change>, Vec<Ring>) {
    let mut words = payload.split_whitespace();
    let origin = words.next().and_then(|o| u64::from_str_radix(o, 16).ok());
    let mut rings = Vec::new();
    let mut changes: Vec<Change> = Vec::new();
    for w in words {
        if let Some(user) = w.strip_prefix("n:") {
            // An unreadable user is heard as "anyone": a recount too many costs one query.
            rings.push(user.parse::<i64>().ok());
            continue;
        }
        changes.push(match w.strip_prefix("t:").map(str::parse::<i64>) {
            Some(Ok(id)) => Change::Thread(id),
            _ => Change::Catalog,
        });
    }
    if origin.is_none() || (changes.is_empty() && rings.is_empty()) {
        changes = vec![Change::Catalog];
    }
    (origin, changes, rings)
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
                let (origin, changes, rings) = decode(notice.payload());
                if origin != Some(db.origin) {
                    for change in changes {
                        apply(db, change);
                    }
                    for ring in rings {
                        db.ring(ring);
                    }
                }
            }
            // Notifications sent while the connection was down are gone for good.
            Ok(None) => return "connection lost".into(),
            Err(e) => return e.to_string(),
        }
    }
}

/// On PostgreSQL: subscribes (waiting for the first attempt, so a healthy node starts with
/// its cache live), then hears other nodes' changes in a task: cached rows to drop, and
/// users with new notifications (so it runs with the page cache off too). While the
/// subscription is down the cache is cleared and bypassed, and the task reconnects with a
/// growing wait. Elsewhere there is nothing to hear.
pub async fn spawn_listener(db: &Db, url: String) {
    if db.backend != Backend::Postgres {
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
            (
                Some(0xabc),
                vec![Change::Thread(4), Change::Thread(17)],
                vec![]
            )
        );
        let catalog = encode(
            1,
            &[Change::Thread(4), Change::Catalog, Change::Notified(9)],
        );
        assert_eq!(
            decode(&catalog),
            (Some(1), vec![Change::Catalog], vec![Some(9)])
        );
        let rung = encode(2, &[Change::Notified(3), Change::Notified(5)]);
        assert_eq!(decode(&rung), (Some(2), vec![], vec![Some(3), Some(5)]));
    }

    #[test]
    fn many_threads_become_one_catalogue_change_that_fits_a_notice() {
        let many: Vec<Change> = (0..5000).map(Change::Thread).collect();
        let sent = encode(u64::MAX, &many);
        assert!(sent.len() < 8000);
        assert_eq!(decode(&sent).1, vec![Change::Catalog]);
        let mut most: Vec<Change> = (i64::MAX - 200..i64::MAX).map(Change::Thread).collect();
        most.extend((i64::MAX - 150..i64::MAX).map(Change::Notified));
        assert!(encode(u64::MAX, &most).len() < 8000);
        let crowd: Vec<Change> = (0..1000).map(Change::Notified).collect();
        assert_eq!(decode(&encode(1, &crowd)).2, vec![None]);
    }

    #[test]
    fn an_unreadable_payload_drops_everything() {
        assert_eq!(decode("").1, vec![Change::Catalog]);
        assert_eq!(decode("zz t:1").1, vec![Change::Catalog]);
        assert_eq!(decode("1f t:x").1, vec![Change::Catalog]);
        assert_eq!(decode("1f").1, vec![Change::Catalog]);
    }
}
