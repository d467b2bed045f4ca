//! Runtime configuration: flags win over environment variables, which win over defaults
//! (clap's `env` fallback gives exactly that order).
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::db::DbOptions;
/// Kept here so existing `crate::config::redact_url` callers need not change.
pub use crate::domain::redact_url;
use crate::search::service::SearchOptions;

#[derive(Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    /// `None` means the embedded SQLite database in the data dir.
    pub database_url: Option<String>,
    pub demo: bool,
    /// Failed logins per IP and per account, sign-ups per IP.
    pub accounts: crate::auth::limits::AccountLimits,
    /// Parties and reports per user per hour.
    pub activity: crate::moderation::guard::ActivityLimits,
    pub chat: crate::chat::ChatLimits,
    /// Meilisearch instead of the embedded search index.
    pub meili_url: Option<String>,
    pub meili_key: Option<String>,
    /// Redis for chat fan-out and presence across nodes; `None` keeps chat in process.
    pub redis_url: Option<String>,
    /// Take part in draining the search outbox (one node at a time does; `--no-indexer`
    /// turns it off).
    pub indexer: bool,
    /// How often a standby node tries to become the indexer.
    pub indexer_retry: std::time::Duration,
    /// The least time between two search commits while new work keeps arriving.
    pub index_commit_gap: std::time::Duration,
    pub new_accounts: crate::moderation::guard::NewAccountLimits,
    /// Threads whose page rows are cached in process; `None` is the default
    /// (`DEFAULT_PAGE_CACHE_THREADS`), 0 turns the cache off.
    pub page_cache: Option<usize>,
    /// Peers whose `Forwarded` / `X-Forwarded-*` headers are believed (none by default).
    pub trusted_proxies: Vec<crate::domain::Cidr>,
    pub sessions: crate::auth::expiry::SessionLimits,
    /// Posts written while this is off show images from other sites as links.
    pub remote_images: bool,
    /// Lets scrapers off this machine read `/metrics` with `Authorization: Bearer …`;
    /// without it only loopback peers may.
    pub metrics_token: Option<crate::domain::MetricsToken>,
    /// Live notification streams (`/notifications/stream`): caps and keep-alive.
    pub notify_streams: crate::notify::stream::StreamLimits,
    /// Party-start and episode-airing notification sweeps.
    pub timed: crate::notify::timed::TimedOptions,
    /// Outgoing mail and the public address links in mail start with.
    pub mail: crate::mail::MailSettings,
    /// How often notification mail is sent and how long digests gather.
    pub notify_mail: crate::notify::email::MailNotifyOptions,
    /// JSON API requests per minute per token (or per client address without one).
    pub api_requests_per_minute: i64,
}

impl Config {
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => sqlite_url(&self.data_dir),
        }
    }

    /// What the search service needs: Meilisearch when `meili_url` is set, else the
    /// embedded index in the data dir.
    pub fn search_options(&self) -> SearchOptions {
        SearchOptions {
            data_dir: self.data_dir.clone(),
            meili_url: self.meili_url.clone(),
            meili_key: self.meili_key.clone(),
        }
    }

    /// A config for tests: port 0 on loopback, the given data dir and database.
    pub fn for_tests(data_dir: PathBuf, database_url: Option<String>) -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir,
            database_url,
            demo: false,
            // Most tests sign up many users from one address and create many parties and
            // reports; the limits have their own tests.
            accounts: crate::auth::limits::AccountLimits {
                signups_per_ip: 10_000,
                ..Default::default()
            },
            activity: crate::moderation::guard::ActivityLimits {
                parties_per_hour: 10_000,
                reports_per_hour: 10_000,
                reactions_per_minute: 10_000,
            },
            chat: crate::chat::ChatLimits::default(),
            meili_url: None,
            meili_key: None,
            redis_url: None,
            indexer: true,
            indexer_retry: crate::search::indexer::DEFAULT_RETRY,
            index_commit_gap: crate::search::indexer::DEFAULT_COMMIT_GAP,
            new_accounts: Default::default(),
            // On for both backends, so every test that changes a thread after viewing it
            // also checks that the change reaches the next view.
            page_cache: Some(64),
            trusted_proxies: Vec::new(),
            sessions: Default::default(),
            remote_images: false,
            metrics_token: None,
            notify_streams: Default::default(),
            timed: Default::default(),
            mail: Default::default(),
            notify_mail: Default::default(),
            // The API tests walk long lists; the limit has its own test.
            api_requests_per_minute: 100_000,
        }
    }

    /// On by default on both backends: on PostgreSQL every node hears the others' changes
    /// (`db::changes`), and bypasses its cache while it cannot.
    pub fn page_cache_threads(&self) -> usize {
        self.page_cache.unwrap_or(DEFAULT_PAGE_CACHE_THREADS)
    }

    pub fn db_options(&self) -> DbOptions {
        DbOptions {
            page_cache_threads: self.page_cache_threads(),
            url: self.database_url(),
            data_dir: self.data_dir.clone(),
        }
    }
}

/// The SQLite database of a data dir (created when missing), as `serve` opens it.
pub fn sqlite_url(data_dir: &std::path::Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("cliffhanger.db").display()
    )
}

impl From<&Config> for DbOptions {
    fn from(config: &Config) -> Self {
        config.db_options()
    }
}

pub const DEFAULT_PAGE_CACHE_THREADS: usize = 256;
pub const DEFAULT_API_REQUESTS_PER_MINUTE: i64 = 120;

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("data_dir", &self.data_dir)
            .field(
                "database_url",
                &self.database_url.as_deref().map(redact_url),
            )
            .field("demo", &self.demo)
            .field("meili_url", &self.meili_url)
            .field("meili_key", &self.meili_key.as_ref().map(|_| "********"))
            .field("redis_url", &self.redis_url.as_deref().map(redact_url))
            .field("metrics_token", &self.metrics_token)
            .field("smtp_url", &self.mail.smtp_url.as_deref().map(redact_url))
            .field("smtp_from", &self.mail.from)
            .field("public_url", &self.mail.public_url)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_redacts_database_password() {
        let mut c = Config::for_tests(PathBuf::from("/tmp/x"), None);
        c.database_url = Some("postgres://app:hunter2@db/cliff".into());
        let shown = format!("{c:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("********"));
        c.meili_key = Some("master-key-123".into());
        assert!(!format!("{c:?}").contains("master-key-123"));
        c.mail.smtp_url = Some("smtps://mailer:s3cret-pass@mail.example.org".into());
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cret-pass"), "{shown}");
        assert!(shown.contains("mail.example.org"), "{shown}");
    }

    #[test]
    fn default_database_is_sqlite_in_data_dir() {
        let c = Config::for_tests(PathBuf::from("/srv/data"), None);
        assert_eq!(
            c.database_url(),
            "sqlite:///srv/data/cliffhanger.db?mode=rwc"
        );
    }
}
