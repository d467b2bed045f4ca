//! An in-process cache of the rows behind the most-read pages: thread summaries, pages of
//! posts and episode air dates. A thread page otherwise costs three database round trips
//! and copies every column twice (sqlx `Any`), against a few microseconds from here.
//!
//! Writers call [`ReadCache::thread_changed`] or [`ReadCache::catalog_changed`] after their
//! transaction commits. A reader that missed takes a [`Ticket`] before it queries and may
//! store its rows only if no change was announced since: otherwise rows read just before a
//! commit could be stored just after the invalidation and stay stale.
//!
//! Other processes on the same database: on PostgreSQL every writer also announces its
//! change on a channel inside its transaction, and each node's listener (`db::changes`)
//! applies it here through the same two methods, so a page changed on one node is dropped
//! on all. A node that is not listening cannot know what it missed, so such a cache starts
//! *bypassed* (no reads, no stores) and is cleared and bypassed again whenever its listener
//! is lost ([`ReadCache::listener_lost`]) until it is back ([`ReadCache::listener_ready`]).
//! Entries also expire after [`TTL`], which bounds how long a change made by a process that
//! cannot announce (`cliffhanger import` on SQLite while the server runs) takes to show.
use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use lru::LruCache;

pub use super::rows::EpisodeAir;
use super::rows::{Post, ThreadSummary};

/// Pages of one thread kept at most; later pages of long threads are read each time.
const PAGES_PER_THREAD: usize = 4;

pub const TTL: Duration = Duration::from_secs(60);

/// A cached value and when it was read from the database.
struct Fresh<T>(Instant, Arc<T>);

impl<T> Fresh<T> {
    fn new(v: Arc<T>) -> Self {
        Fresh(Instant::now(), v)
    }

    fn get(&self) -> Option<Arc<T>> {
        (self.0.elapsed() < TTL).then(|| self.1.clone())
    }
}

#[derive(Default)]
struct ThreadEntry {
    summary: Option<Fresh<ThreadSummary>>,
    /// First position of the page → its posts.
    pages: HashMap<i64, Fresh<Vec<Post>>>,
}

struct Inner {
    /// Bumped by every announced change, and when the listener is lost or back.
    epoch: u64,
    /// False while changes from other processes could go unheard: nothing is read or stored.
    live: bool,
    threads: LruCache<i64, ThreadEntry>,
    air: LruCache<i64, Fresh<EpisodeAir>>,
}

/// Taken before a database read whose rows will be offered to the cache.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

pub struct ReadCache {
    /// `None` when disabled.
    inner: Option<Mutex<Inner>>,
}

impl std::fmt::Debug for ReadCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadCache")
            .field("enabled", &self.inner.is_some())
            .field("live", &self.is_live())
            .finish()
    }
}

impl ReadCache {
    /// Keeps the rows of up to `threads` threads (and as many episodes); 0 disables it.
    /// For a database only this process writes (SQLite): live at once.
    pub fn new(threads: usize) -> Arc<ReadCache> {
        Self::build(threads, true)
    }

    /// For a database other processes may write (PostgreSQL): bypassed until a listener
    /// for their announcements calls [`ReadCache::listener_ready`].
    pub fn awaiting_listener(threads: usize) -> Arc<ReadCache> {
        Self::build(threads, false)
    }

    fn build(threads: usize, live: bool) -> Arc<ReadCache> {
        let inner = NonZeroUsize::new(threads).map(|n| {
            Mutex::new(Inner {
                epoch: 0,
                live,
                threads: LruCache::new(n),
                air: LruCache::new(n),
            })
        });
        Arc::new(ReadCache { inner })
    }

    pub fn enabled(&self) -> bool {
        self.inner.is_some()
    }

    /// Enabled and serving: not waiting for a lost listener.
    pub fn is_live(&self) -> bool {
        self.all().is_some_and(|i| i.live)
    }

    /// The whole state, live or not (for changes and the listener's state).
    fn all(&self) -> Option<MutexGuard<'_, Inner>> {
        // A panic while holding the lock cannot leave the maps half-updated in a way that
        // matters (each operation is one insert or removal), so a poisoned lock is reused.
        self.inner
            .as_ref()
            .map(|m| m.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// The state for reads and stores: none while bypassed.
    fn lock(&self) -> Option<MutexGuard<'_, Inner>> {
        self.all().filter(|i| i.live)
    }

    pub fn ticket(&self) -> Ticket {
        Ticket(self.all().map(|i| i.epoch).unwrap_or(0))
    }

    pub fn thread(&self, id: i64) -> Option<Arc<ThreadSummary>> {
        self.lock()?.threads.get(&id)?.summary.as_ref()?.get()
    }

    /// Runs `store` only if live and no change was announced since `ticket` was taken.
    fn store_if_current(&self, ticket: Ticket, store: impl FnOnce(&mut Inner)) {
        if let Some(mut inner) = self.lock() {
            if inner.epoch == ticket.0 {
                store(&mut inner);
            }
        }
    }

    pub fn put_thread(&self, ticket: Ticket, summary: Arc<ThreadSummary>) {
        self.store_if_current(ticket, |inner| {
            let id = summary.id;
            inner
                .threads
                .get_or_insert_mut(id, ThreadEntry::default)
                .summary = Some(Fresh::new(summary));
        });
    }

    pub fn page(&self, thread_id: i64, first: i64) -> Option<Arc<Vec<Post>>> {
        self.lock()?
            .threads
            .get(&thread_id)?
            .pages
            .get(&first)?
            .get()
    }

    pub fn put_page(&self, ticket: Ticket, thread_id: i64, first: i64, posts: Arc<Vec<Post>>) {
        self.store_if_current(ticket, |inner| {
            let entry = inner
                .threads
                .get_or_insert_mut(thread_id, ThreadEntry::default);
            if entry.pages.len() < PAGES_PER_THREAD || entry.pages.contains_key(&first) {
                entry.pages.insert(first, Fresh::new(posts));
            }
        });
    }

    pub fn air(&self, episode_id: i64) -> Option<Arc<EpisodeAir>> {
        self.lock()?.air.get(&episode_id)?.get()
    }

    pub fn put_air(&self, ticket: Ticket, episode_id: i64, air: Arc<EpisodeAir>) {
        self.store_if_current(ticket, |inner| {
            inner.air.put(episode_id, Fresh::new(air));
        });
    }

    /// A thread or one of its posts changed (committed).
    pub fn thread_changed(&self, thread_id: i64) {
        if let Some(mut inner) = self.all() {
            inner.epoch += 1;
            inner.threads.pop(&thread_id);
        }
    }

    /// Shows, seasons, episodes, air dates or boards changed (committed): their names and
    /// dates are copied into thread summaries, so everything goes.
    pub fn catalog_changed(&self) {
        if let Some(mut inner) = self.all() {
            Self::clear(&mut inner);
        }
    }

    fn clear(inner: &mut Inner) {
        inner.epoch += 1;
        inner.threads.clear();
        inner.air.clear();
    }

    /// The listener for other processes' changes is gone: whatever they change from now on
    /// goes unheard, so nothing cached can be trusted and nothing is cached until it is back.
    pub fn listener_lost(&self) {
        if let Some(mut inner) = self.all() {
            Self::clear(&mut inner);
            inner.live = false;
        }
    }

    /// The listener is (again) subscribed: changes from now on are heard. Cleared once more,
    /// so that rows read while it was away (their tickets predate this) are never stored.
    pub fn listener_ready(&self) {
        if let Some(mut inner) = self.all() {
            Self::clear(&mut inner);
            inner.live = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn air(code: &str) -> Arc<EpisodeAir> {
        Arc::new(EpisodeAir {
            code: code.into(),
            dates: vec![crate::domain::AirDate {
                region: "US".into(),
                date: "2026-01-01".into(),
                at: None,
                zone: None,
            }],
            show_delay_days: None,
        })
    }

    #[test]
    fn rows_read_before_a_change_are_not_stored_after_it() {
        let cache = ReadCache::new(10);
        let before = cache.ticket();
        cache.thread_changed(1);
        cache.put_air(before, 7, air("s01e01"));
        assert!(cache.air(7).is_none(), "stale rows were stored");

        let after = cache.ticket();
        cache.put_air(after, 7, air("s01e01"));
        assert_eq!(
            cache.air(7).map(|a| a.code.clone()).as_deref(),
            Some("s01e01")
        );
    }

    #[test]
    fn a_change_drops_that_threads_pages_only() {
        let cache = ReadCache::new(10);
        let t = cache.ticket();
        cache.put_page(t, 1, 1, Arc::new(Vec::new()));
        cache.put_page(t, 2, 1, Arc::new(Vec::new()));
        cache.thread_changed(1);
        assert!(cache.page(1, 1).is_none());
        assert!(cache.page(2, 1).is_some());
        cache.catalog_changed();
        assert!(cache.page(2, 1).is_none());
    }

    #[test]
    fn long_threads_keep_a_bounded_number_of_pages() {
        let cache = ReadCache::new(10);
        let t = cache.ticket();
        for page in 0..20 {
            cache.put_page(t, 1, page * 30 + 1, Arc::new(Vec::new()));
        }
        let kept = (0..20)
            .filter(|p| cache.page(1, p * 30 + 1).is_some())
            .count();
        assert_eq!(kept, PAGES_PER_THREAD);
    }

    #[test]
    fn a_lost_listener_clears_the_cache_and_bypasses_it_until_back() {
        let cache = ReadCache::awaiting_listener(10);
        cache.put_air(cache.ticket(), 7, air("s01e01"));
        assert!(cache.air(7).is_none(), "stored before anyone listened");

        cache.listener_ready();
        cache.put_air(cache.ticket(), 7, air("s01e01"));
        assert!(cache.air(7).is_some() && cache.is_live());

        // A reader starts, the listener drops, the reader finishes.
        let reading = cache.ticket();
        cache.listener_lost();
        assert!(!cache.is_live());
        assert!(
            cache.air(7).is_none(),
            "a lost listener must clear the cache"
        );
        cache.put_air(cache.ticket(), 8, air("s01e02"));
        assert!(cache.air(8).is_none(), "stored while bypassed");

        cache.listener_ready();
        cache.put_air(reading, 9, air("s01e03"));
        assert!(
            cache.air(9).is_none(),
            "rows read before the listener came back were stored"
        );
        cache.put_air(cache.ticket(), 9, air("s01e03"));
        assert!(
            cache.air(9).is_some(),
            "live again once the listener is back"
        );
    }

    #[test]
    fn disabled_cache_keeps_nothing() {
        let cache = ReadCache::new(0);
        assert!(!cache.enabled());
        cache.put_air(cache.ticket(), 7, air("s01e01"));
        assert!(cache.air(7).is_none());
    }
}
