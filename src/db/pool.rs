//! The connection pool of either backend, its migrations and its transactions.
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

use super::cache::ReadCache;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a database URL names, or None for a scheme neither backend takes.
    pub fn from_url(url: &str) -> Option<Backend> {
        if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Backend::Postgres)
        } else if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    /// Where write transactions (`begin`) run: on SQLite a pool of one connection, on
    /// PostgreSQL the same pool as reads.
    writer: AnyPool,
    pub backend: Backend,
    /// Rows of the most-read pages; writers announce changes to it after committing.
    pub cache: std::sync::Arc<ReadCache>,
    /// This process's tag on its change announcements, so its listener skips its own.
    pub(super) origin: u64,
    /// Users with new notifications, for this process's open streams (`changes::Ring`).
    pub(super) rings: tokio::sync::broadcast::Sender<Ring>,
}

/// What a notification stream hears: one user's count changed, or (`None`) maybe anyone's.
pub type Ring = Option<i64>;

pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// What opening the database needs; the configuration builds it. No `Debug`: the URL may
/// hold a password.
#[derive(Clone)]
pub struct DbOptions {
    pub url: String,
    /// Created if missing when the database is SQLite (its file lives there).
    pub data_dir: PathBuf,
    /// Threads whose page rows are cached in process; 0 turns the cache off.
    pub page_cache_threads: usize,
}

impl Db {
    /// Connects (creating the SQLite file and data dir if needed) and runs migrations.
    pub async fn connect(options: impl Into<DbOptions>) -> anyhow::Result<Db> {
        let db = Self::connect_unmigrated(options).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Connects without running migrations: for tools that read a database a running
    /// server owns (`backup`), which must not change its schema under that server.
    pub async fn connect_unmigrated(options: impl Into<DbOptions>) -> anyhow::Result<Db> {
        let DbOptions {
            url,
            data_dir,
            page_cache_threads,
        } = options.into();
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(&url)
            .context("DATABASE_URL must start with postgres:// or sqlite:")?;
        if backend == Backend::Sqlite {
            std::fs::create_dir_all(&data_dir)
                .with_context(|| format!("cannot create data dir {}", data_dir.display()))?;
        }
        let options = AnyConnectOptions::from_str(&url).context("invalid database URL")?;
        let (pool, writer) = match backend {
            Backend::Sqlite => {
                let readers = sqlite_pool(8).connect_with(options.clone()).await;
                // One connection for write transactions: SQLite takes one writer at a time
                // anyway, and queueing for it here is fair and wakes the next writer as
                // soon as the last one commits, where connections contending for the lock
                // sleep in SQLite's busy handler (up to 100 ms a try) and collapse under load.
                let writer = sqlite_pool(1).connect_with(options).await;
                readers.and_then(|r| writer.map(|w| (r, Some(w))))
            }
            Backend::Postgres => AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .map(|p| (p, None)),
        }
        .with_context(|| format!("cannot connect to {} database", backend.name()))?;
        // Other processes may write a PostgreSQL database: its cache waits for a listener.
        let cache = match backend {
            Backend::Sqlite => ReadCache::new(page_cache_threads),
            Backend::Postgres => ReadCache::awaiting_listener(page_cache_threads),
        };
        let db = Db {
            writer: writer.unwrap_or_else(|| pool.clone()),
            pool,
            backend,
            cache,
            origin: rand::random(),
            // A stream that lags this far behind recounts once (see `notify::stream`).
            rings: tokio::sync::broadcast::channel(1024).0,
        };
        Ok(db)
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&self.pool).await,
            Backend::Postgres => sqlx::migrate!("migrations/postgres").run(&self.pool).await,
        }
        .context("database migration failed")
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`): a deferred transaction that reads before it writes fails with
    /// SQLITE_BUSY, without waiting out busy_timeout, when another connection writes first.
    /// Where a single statement that writes runs outside a transaction. On SQLite that is the
    /// one writer connection, so it queues with the write transactions instead of sleeping
    /// in SQLite's busy handler (up to 100 ms a try) while one of them holds the lock. Never
    /// use it while holding a `Tx` from `begin`: the one connection is that transaction's.
    pub fn writes(&self) -> &AnyPool {
        &self.writer
    }

    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.writer.begin().await,
        }
    }

    /// The pool's connections right now, for `/metrics`: no query, only the pool's counters.
    pub fn pool_stats(&self) -> PoolStats {
        let open = i64::from(self.pool.size());
        let idle = i64::try_from(self.pool.num_idle()).unwrap_or(i64::MAX);
        PoolStats {
            idle,
            in_use: open.saturating_sub(idle).max(0),
            max: i64::from(self.pool.options().get_max_connections()),
        }
    }
}

/// A SQLite pool of up to `max` connections, each with the server's durability: WAL +
/// synchronous=FULL, so an acknowledged write survives power loss or kill -9.
fn sqlite_pool(max: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max)
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute(
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; \
                     PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
                )
                .await?;
                Ok(())
            })
        })
}

/// Connections of the pool: open ones are `idle` or `in_use`; `max` is its ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    pub idle: i64,
    pub in_use: i64,
    pub max: i64,
}

/// True when the error is a UNIQUE constraint violation (SQLite and PostgreSQL alike).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.kind() == sqlx::error::ErrorKind::UniqueViolation
                || db.code().as_deref() == Some("23505")
                || db.message().contains("UNIQUE constraint failed")
        }
        _ => false,
    }
}
