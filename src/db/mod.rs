//! One SQL code path over sqlx `Any` for SQLite and PostgreSQL; each backend has its own
//! migrations. Queries use `$N` placeholders, i64 ids/flags and unix-ms times.
pub mod cache;
pub mod catalog;
pub mod chat;
pub mod filters;
pub mod forum;
pub mod mod_log;
pub mod moderation;
pub mod reports;
pub mod roles;
pub mod sanctions;
pub mod search;
pub mod sessions;
pub mod settings;
pub mod users;
pub mod watched;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

use crate::config::Config;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
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
    pub backend: Backend,
    /// Rows of the most-read pages; writers announce changes to it after committing.
    pub cache: std::sync::Arc<cache::ReadCache>,
}

pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

impl Db {
    /// Connects (creating the SQLite file and data dir if needed) and runs migrations.
    pub async fn connect(config: &Config) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let url = config.database_url();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            std::fs::create_dir_all(&config.data_dir)
                .with_context(|| format!("cannot create data dir {}", config.data_dir.display()))?;
            Backend::Sqlite
        } else {
            anyhow::bail!("DATABASE_URL must start with postgres:// or sqlite:");
        };
        let options = AnyConnectOptions::from_str(&url).context("invalid database URL")?;
        let pool = match backend {
            Backend::Sqlite => {
                // WAL + synchronous=FULL: an acknowledged write survives power loss or kill -9.
                AnyPoolOptions::new()
                    .max_connections(8)
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
                    .connect_with(options)
                    .await
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await
            }
        }
        .with_context(|| format!("cannot connect to {} database", backend.name()))?;
        let cache = cache::ReadCache::new(config.page_cache_threads(backend));
        let db = Db {
            pool,
            backend,
            cache,
        };
        db.migrate().await?;
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
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Commits a change to shows, seasons, episodes, air dates or boards, which cached
    /// thread rows and air dates copy.
    pub async fn commit_catalog(&self, tx: Tx) -> Result<(), sqlx::Error> {
        tx.commit().await?;
        self.cache.catalog_changed();
        Ok(())
    }
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
