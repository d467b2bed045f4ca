//! An in-process cache of the rows behind the most-read pages: thread summaries, pages of
//! posts and episode air dates. A thread page otherwise costs three database round trips
//! and copies every column twice (sqlx `Any`), against a few microseconds from here.
//!
//! Writers call [`ReadCache::thread_changed`] or [`ReadCache::catalog_changed`] after their
//! transaction commits. A reader that missed takes a [`Ticket`] before it queries and may
//! store its rows only if no change was announced since: otherwise rows read just before a
//! commit could be stored just after the invalidation and stay stale.
//!
//! The cache only knows about writes made by this process, so it must stay off when several
//! nodes share one PostgreSQL database (see `Config::page_cache`). Entries also expire after
//! [`TTL`], which bounds how long a change made by another process (`cliffhanger import`
//! while the server runs) takes to show.
use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use lru::LruCache;

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

/// An episode's air dates as the spoiler shield needs them.
#[derive(Debug, Clone)]
pub struct EpisodeAir {
    pub code: String,
    /// (region, YYYY-MM-DD)
    pub dates: Vec<(String, String)>,
    pub show_delay_days: Option<i64>,
}

#[derive(Default)]
struct ThreadEntry {
    summary: Option<Fresh<ThreadSummary>>,
    /// First position of the page → its posts.
    pages: HashMap<i64, Fresh<Vec<Post>>>,
}

struct Inner {
    /// Bumped by every announced change.
    epoch: u64,
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
            .finish()
    }
}

impl ReadCache {
    /// Keeps the rows of up to `threads` threads (and as many episodes); 0 disables it.
    pub fn new(threads: usize) -> Arc<ReadCache> {
        let inner = NonZeroUsize::new(threads).map(|n| {
            Mutex::new(Inner {
                epoch: 0,
                threads: LruCache::new(n),
                air: LruCache::new(n),
            })
        });
        Arc::new(ReadCache { inner })
    }

    pub fn enabled(&self) -> bool {
        self.inner.is_some()
    }

    fn lock(&self) -> Option<MutexGuard<'_, Inner>> {
        // A panic while holding the lock cannot leave the maps half-updated in a way that
        // matters (each operation is one insert or removal), so a poisoned lock is reused.
        self.inner
            .as_ref()
            .map(|m| m.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn ticket(&self) -> Ticket {
        Ticket(self.lock().map(|i| i.epoch).unwrap_or(0))
    }

    pub fn thread(&self, id: i64) -> Option<Arc<ThreadSummary>> {
        self.lock()?.threads.get(&id)?.summary.as_ref()?.get()
    }

    /// Runs `store` only if no change was announced since `ticket` was taken.
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
        if let Some(mut inner) = self.lock() {
            inner.epoch += 1;
            inner.threads.pop(&thread_id);
        }
    }

    /// Shows, seasons, episodes, air dates or boards changed (committed): their names and
    /// dates are copied into thread summaries, so everything goes.
    pub fn catalog_changed(&self) {
        if let Some(mut inner) = self.lock() {
            inner.epoch += 1;
            inner.threads.clear();
            inner.air.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn air(code: &str) -> Arc<EpisodeAir> {
        Arc::new(EpisodeAir {
            code: code.into(),
            dates: vec![("US".into(), "2026-01-01".into())],
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
    fn disabled_cache_keeps_nothing() {
        let cache = ReadCache::new(0);
        assert!(!cache.enabled());
        cache.put_air(cache.ticket(), 7, air("s01e01"));
        assert!(cache.air(7).is_none());
    }
}
