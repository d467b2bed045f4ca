//! Command line: `serve`, `import`, `reindex`, `admin`, `migrate-data`, `backup`, `loadtest`.
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use crate::config::{redact_url, Config};
use crate::startup::Application;

#[derive(Parser, Debug)]
#[command(
    name = "cliffhanger",
    version,
    about = "Self-hosted fan community for TV series"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Abuse limits, counted in the database so they hold across nodes.
#[derive(Args, Debug, Clone)]
pub struct LimitArgs {
    /// Failed logins per client IP per minute; more answer 429.
    #[arg(long, env = "CLIFFHANGER_LOGIN_FAILURES_PER_IP", default_value_t = 6)]
    pub login_failures_per_ip: i64,
    /// Failed logins per account per hour before each further try must wait.
    #[arg(
        long,
        env = "CLIFFHANGER_LOGIN_FAILURES_PER_ACCOUNT",
        default_value_t = 20
    )]
    pub login_failures_per_account: i64,
    /// Seconds between tries on an account past its failed logins.
    #[arg(long, env = "CLIFFHANGER_LOGIN_RETRY_SECS", default_value_t = 30)]
    pub login_retry_secs: i64,
    /// New accounts per client IP per hour.
    #[arg(long, env = "CLIFFHANGER_SIGNUPS_PER_IP", default_value_t = 3)]
    pub signups_per_ip: i64,
    /// Hours an account counts as new after sign-up (0: none does). New accounts may post
    /// `--new-account-posts-per-hour` times an hour and no links; admins and moderators
    /// are never new.
    #[arg(long, env = "CLIFFHANGER_NEW_ACCOUNT_HOURS", default_value_t = 24, value_parser = clap::value_parser!(i64).range(0..=8760))]
    pub new_account_hours: i64,
    /// Posts (threads and replies) a new account may write per hour.
    #[arg(long, env = "CLIFFHANGER_NEW_ACCOUNT_POSTS_PER_HOUR", default_value_t = 5, value_parser = clap::value_parser!(i64).range(0..))]
    pub new_account_posts_per_hour: i64,
    /// Password-reset requests (`/password/forgot`) per client IP per hour.
    #[arg(long, env = "CLIFFHANGER_PASSWORD_RESETS_PER_IP", default_value_t = 5)]
    pub password_resets_per_ip: i64,
    /// Longest profile bio, in characters of Markdown.
    #[arg(long, env = "CLIFFHANGER_BIO_MAX_CHARS", default_value_t = 2000)]
    pub bio_max_chars: usize,
    /// Watch parties one user may schedule per hour.
    #[arg(long, env = "CLIFFHANGER_PARTIES_PER_HOUR", default_value_t = 3)]
    pub parties_per_hour: i64,
    /// Reports one user may file per hour.
    #[arg(long, env = "CLIFFHANGER_REPORTS_PER_HOUR", default_value_t = 20)]
    pub reports_per_hour: i64,
    /// Reactions one user may add or take back per minute.
    #[arg(long, env = "CLIFFHANGER_REACTIONS_PER_MINUTE", default_value_t = 30)]
    pub reactions_per_minute: i64,
    /// JSON API (`/api/v1`) requests per minute per token, or per client address without
    /// one; more answer 429 with `Retry-After`.
    #[arg(long, env = "CLIFFHANGER_API_REQUESTS_PER_MINUTE", default_value_t = crate::config::DEFAULT_API_REQUESTS_PER_MINUTE, value_parser = clap::value_parser!(i64).range(1..))]
    pub api_requests_per_minute: i64,
}

#[derive(Args, Debug, Clone)]
pub struct StorageArgs {
    /// Directory for the SQLite database and other local state.
    #[arg(
        long,
        env = "CLIFFHANGER_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL instead of the embedded SQLite file.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Meilisearch URL; without it search uses the embedded index in the data dir.
    #[arg(long, env = "MEILI_URL", global = true)]
    pub meili_url: Option<String>,
    #[arg(long, env = "MEILI_MASTER_KEY", global = true, hide_env_values = true)]
    pub meili_master_key: Option<String>,
    /// `redis://…` for live chat across several nodes; without it chat stays in process.
    #[arg(long, env = "REDIS_URL", global = true, hide_env_values = true)]
    pub redis_url: Option<String>,
}

/// What the site trusts at its edge: proxies, session lifetimes, remote images.
#[derive(Args, Debug, Clone)]
pub struct EdgeArgs {
    /// Address ranges of reverse proxies whose `Forwarded` / `X-Forwarded-*` headers are
    /// believed (repeat the flag or separate with commas). None by default.
    #[arg(
        long = "trusted-proxy",
        env = "CLIFFHANGER_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<crate::domain::Cidr>,
    /// A session ends after this many days without a request.
    #[arg(long, env = "CLIFFHANGER_SESSION_IDLE_DAYS", default_value_t = 14, value_parser = clap::value_parser!(i64).range(1..=3650))]
    pub session_idle_days: i64,
    /// A session ends this many days after sign-in, however active.
    #[arg(long, env = "CLIFFHANGER_SESSION_MAX_DAYS", default_value_t = 30, value_parser = clap::value_parser!(i64).range(1..=3650))]
    pub session_max_days: i64,
    /// Show images from other sites in posts written from now on (they can track readers);
    /// off, they are links and the CSP allows only this site's images.
    #[arg(long, env = "CLIFFHANGER_REMOTE_IMAGES")]
    pub remote_images: bool,
    /// Lets a scraper that is not on this machine read `/metrics` by sending
    /// `Authorization: Bearer TOKEN` (at least 16 characters). Without it only loopback
    /// peers may, and others get 403.
    #[arg(long, env = "CLIFFHANGER_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<crate::domain::MetricsToken>,
    /// Live notification streams (`/notifications/stream`) open at once for one user.
    #[arg(long, env = "CLIFFHANGER_SSE_PER_USER", default_value_t = crate::notify::stream::StreamLimits::default().per_user)]
    pub sse_per_user: usize,
    /// Live notification streams open at once from one client address.
    #[arg(long, env = "CLIFFHANGER_SSE_PER_IP", default_value_t = crate::notify::stream::StreamLimits::default().per_ip)]
    pub sse_per_ip: usize,
    /// Live notification streams open at once in this process.
    #[arg(long, env = "CLIFFHANGER_SSE_MAX", default_value_t = crate::notify::stream::StreamLimits::default().max)]
    pub sse_max: usize,
    /// Seconds between keep-alive comments (and recounts) on a notification stream.
    #[arg(long, env = "CLIFFHANGER_SSE_KEEPALIVE_SECS", default_value_t = 25, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub sse_keepalive_secs: u64,
}

impl EdgeArgs {
    fn apply(self, config: &mut Config) {
        config.trusted_proxies = self.trusted_proxies;
        config.sessions = crate::auth::expiry::SessionLimits {
            idle_days: self.session_idle_days,
            max_days: self.session_max_days,
        };
        config.remote_images = self.remote_images;
        config.metrics_token = self.metrics_token;
        config.notify_streams = crate::notify::stream::StreamLimits {
            per_user: self.sse_per_user,
            per_ip: self.sse_per_ip,
            max: self.sse_max,
            keepalive: std::time::Duration::from_secs(self.sse_keepalive_secs),
        };
    }
}

/// Outgoing mail (password resets, address confirmation) and the site's public address.
#[derive(Args, Debug, Clone)]
pub struct MailArgs {
    /// SMTP server for outgoing mail: `smtp://host:2525` (plain, a local relay),
    /// `smtps://user:pass@host` (TLS) or `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS). Without it no mail is sent and password resets go through an admin.
    #[arg(long, env = "CLIFFHANGER_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The From header of outgoing mail.
    #[arg(long, env = "CLIFFHANGER_SMTP_FROM", default_value = crate::mail::DEFAULT_FROM)]
    pub smtp_from: String,
    /// The address users reach the site at (`https://fans.example.org`); links in mail
    /// start with it. Without it they start with the listening address.
    #[arg(long, env = "CLIFFHANGER_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Longest wait, in seconds, before a notification set to "instant" email is mailed.
    #[arg(long, env = "CLIFFHANGER_NOTIFY_MAIL_SWEEP_SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub notify_mail_sweep_secs: u64,
    /// Hours a digest gathers notifications: it is mailed once the oldest is this old.
    #[arg(long, env = "CLIFFHANGER_DIGEST_HOURS", default_value_t = 24,
          value_parser = clap::value_parser!(u64).range(1..=168))]
    pub digest_hours: u64,
}

impl MailArgs {
    fn apply(self, config: &mut Config) {
        config.mail = crate::mail::MailSettings {
            smtp_url: self.smtp_url,
            from: self.smtp_from,
            public_url: self.public_url,
        };
        config.notify_mail = crate::notify::email::MailNotifyOptions {
            sweep: std::time::Duration::from_secs(self.notify_mail_sweep_secs),
            digest_every: std::time::Duration::from_secs(self.digest_hours * 3600),
        };
    }
}

/// Live-chat limits (flags win over environment variables, which win over these defaults).
#[derive(Args, Debug, Clone)]
pub struct ChatLimitArgs {
    /// WebSockets open at once from one client address (a watch party behind one address
    /// must fit).
    #[arg(long, env = "CLIFFHANGER_WS_PER_IP", default_value_t = crate::chat::SocketLimits::default().per_ip)]
    pub ws_per_ip: usize,
    /// WebSockets open at once for one signed-in user (tabs and devices).
    #[arg(long, env = "CLIFFHANGER_WS_PER_USER", default_value_t = crate::chat::SocketLimits::default().per_user)]
    pub ws_per_user: usize,
    /// WebSockets open at once in this process.
    #[arg(long, env = "CLIFFHANGER_WS_MAX", default_value_t = crate::chat::SocketLimits::default().max)]
    pub ws_max: usize,
    /// Chat messages one user may send per window, across all rooms.
    #[arg(long, env = "CLIFFHANGER_CHAT_MESSAGES", default_value_t = 5)]
    pub chat_messages: usize,
    /// The window of `--chat-messages`, in seconds.
    #[arg(long, env = "CLIFFHANGER_CHAT_WINDOW_SECS", default_value_t = 5)]
    pub chat_window_secs: u64,
    /// Most messages one resume (a `resume` frame or `?after=`) returns.
    #[arg(long, env = "CLIFFHANGER_CHAT_RESUME_PAGE", default_value_t = crate::chat::DEFAULT_RESUME_PAGE)]
    pub chat_resume_page: usize,
    /// `resume` frames one connection may send per minute.
    #[arg(long, env = "CLIFFHANGER_CHAT_RESUMES_PER_MINUTE", default_value_t = crate::chat::DEFAULT_RESUMES_PER_MINUTE)]
    pub chat_resumes_per_minute: usize,
    /// One-tap reactions (`react` frames) one user may send per minute, across all rooms and
    /// nodes; past it the frame gets a `rate_limited` error.
    #[arg(long, env = "CLIFFHANGER_CHAT_REACTIONS_PER_MINUTE", default_value_t = crate::chat::DEFAULT_REACTIONS_PER_MINUTE, value_parser = clap::value_parser!(i64).range(0..))]
    pub chat_reactions_per_minute: i64,
}

impl ChatLimitArgs {
    pub fn apply(&self, limits: &mut crate::chat::ChatLimits) {
        limits.sockets = crate::chat::SocketLimits {
            per_ip: self.ws_per_ip,
            per_user: self.ws_per_user,
            max: self.ws_max,
        };
        limits.rate_count = self.chat_messages;
        limits.rate_window = std::time::Duration::from_secs(self.chat_window_secs);
        limits.resume_page = self.chat_resume_page;
        limits.resumes_per_minute = self.chat_resumes_per_minute;
        limits.reactions_per_minute = self.chat_reactions_per_minute;
    }
}

/// When followers hear that a party starts or an episode airs in their region.
#[derive(Args, Debug, Clone)]
pub struct TimedArgs {
    /// Longest wait, in milliseconds, between party-start sweeps (a node wakes sooner for
    /// the next start it knows of; this bounds how late it sees parties scheduled meanwhile).
    #[arg(long, env = "CLIFFHANGER_NOTIFY_SWEEP_MS", default_value_t = 5000,
          value_parser = clap::value_parser!(u64).range(10..=3_600_000))]
    pub notify_sweep_ms: u64,
    /// Seconds between episode-airing sweeps.
    #[arg(long, env = "CLIFFHANGER_EPISODE_SWEEP_SECS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub episode_sweep_secs: u64,
    /// A party that started longer ago than this many minutes is not announced.
    #[arg(long, env = "CLIFFHANGER_PARTY_NOTIFY_GRACE_MINS", default_value_t = 15,
          value_parser = clap::value_parser!(i64).range(1..=1440))]
    pub party_notify_grace_mins: i64,
    /// An episode that aired in a region longer ago than this many days is not announced.
    #[arg(long, env = "CLIFFHANGER_EPISODE_NOTIFY_GRACE_DAYS", default_value_t = 2,
          value_parser = clap::value_parser!(i64).range(1..=60))]
    pub episode_notify_grace_days: i64,
}

impl TimedArgs {
    fn options(&self) -> crate::notify::timed::TimedOptions {
        crate::notify::timed::TimedOptions {
            sweep: std::time::Duration::from_millis(self.notify_sweep_ms),
            episode_sweep: std::time::Duration::from_secs(self.episode_sweep_secs),
            party_grace_ms: self.party_notify_grace_mins * 60_000,
            episode_grace_days: self.episode_notify_grace_days,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create the data dir and database, run migrations, serve HTTP.
    Serve {
        #[arg(long, env = "CLIFFHANGER_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Fill an empty site with a demo catalogue and sample threads.
        #[arg(long)]
        demo: bool,
        /// Never drain the search outbox in this process. Without it, of the nodes on one
        /// database exactly one drains at a time (elected through the database).
        #[arg(long, env = "CLIFFHANGER_NO_INDEXER")]
        no_indexer: bool,
        /// How often, in seconds, a standby node tries to take over indexing.
        #[arg(long, env = "CLIFFHANGER_INDEXER_RETRY_SECS", default_value_t = 5,
              value_parser = clap::value_parser!(u64).range(1..=3600))]
        indexer_retry_secs: u64,
        /// While posts and chat keep arriving, the search index commits at most once per
        /// this many milliseconds (each commit has a fixed cost; fewer, larger ones keep it
        /// off the write path). After a quiet spell the next change is indexed within 0.2 s.
        #[arg(long, env = "CLIFFHANGER_INDEX_COMMIT_MS", default_value_t = 1000,
              value_parser = clap::value_parser!(u64).range(0..=60_000))]
        index_commit_ms: u64,
        /// Threads whose page rows are kept in memory (0 = off). On PostgreSQL each node
        /// hears the others' changes and bypasses its cache while it cannot.
        #[arg(long, env = "CLIFFHANGER_PAGE_CACHE")]
        page_cache: Option<usize>,
        #[command(flatten)]
        limits: Box<LimitArgs>,
        #[command(flatten)]
        chat: ChatLimitArgs,
        #[command(flatten)]
        edge: EdgeArgs,
        /// Boxed: `serve` has many flags, and the enum's other variants are small.
        #[command(flatten)]
        mail: Box<MailArgs>,
        #[command(flatten)]
        timed: Box<TimedArgs>,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Load a catalogue (shows, seasons, episodes, air dates) from a JSON file.
    Import {
        file: PathBuf,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Rebuild the search index from the database.
    Reindex {
        /// Only this show.
        #[arg(long)]
        show: Option<String>,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Administrative tasks.
    Admin {
        #[command(subcommand)]
        action: AdminAction,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Copy every table of one database into another (SQLite to PostgreSQL, or back), ids
    /// kept, then verify row counts and checksums. Stop the server first.
    MigrateData {
        /// The database to copy, e.g. sqlite://data/cliffhanger.db
        #[arg(long)]
        from: String,
        /// The database to fill, e.g. postgres://user:pass@host/cliffhanger (it must exist
        /// and be empty; it is migrated first).
        #[arg(long)]
        to: String,
        /// Delete every row of the target's tables first when it is not empty.
        #[arg(long)]
        force: bool,
        /// Rows per committed batch (an interrupted run resumes after the last one).
        #[arg(long, env = "CLIFFHANGER_MIGRATE_BATCH", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=100_000))]
        batch_size: u64,
        /// Stop after this many batches, as if interrupted (for testing resumption).
        #[arg(long, hide = true)]
        stop_after_batches: Option<u64>,
    },
    /// Write a consistent copy of the database to OUT (a new file) while the server runs.
    Backup {
        out: PathBuf,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Load generators; the last line printed is a JSON summary.
    Loadtest {
        #[command(subcommand)]
        kind: crate::loadtest::LoadtestKind,
    },
}

#[derive(Subcommand, Debug)]
pub enum AdminAction {
    /// Make USERNAME a site admin, or a moderator of one show (`moderator --show SLUG`).
    Grant {
        username: String,
        role: String,
        #[arg(long)]
        show: Option<String>,
    },
    /// Print a one-time link (good for a day) with which USERNAME sets a new password:
    /// for sites without mail, or users without a confirmed address.
    ResetPassword {
        username: String,
        /// The site's public address, so the link is complete; without it a path is printed.
        #[arg(long, env = "CLIFFHANGER_PUBLIC_URL")]
        public_url: Option<String>,
    },
}

fn config_from(storage: StorageArgs, addr: SocketAddr, demo: bool) -> Config {
    Config {
        addr,
        data_dir: storage.data_dir,
        database_url: storage.database_url,
        demo,
        accounts: Default::default(),
        activity: Default::default(),
        chat: crate::chat::ChatLimits::default(),
        meili_url: storage.meili_url,
        meili_key: storage.meili_master_key,
        redis_url: storage.redis_url,
        indexer: true,
        indexer_retry: crate::search::indexer::DEFAULT_RETRY,
        index_commit_gap: crate::search::indexer::DEFAULT_COMMIT_GAP,
        new_accounts: Default::default(),
        page_cache: None,
        trusted_proxies: Vec::new(),
        sessions: Default::default(),
        remote_images: false,
        metrics_token: None,
        notify_streams: Default::default(),
        timed: Default::default(),
        mail: Default::default(),
        notify_mail: Default::default(),
        api_requests_per_minute: crate::config::DEFAULT_API_REQUESTS_PER_MINUTE,
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve {
            addr,
            demo,
            no_indexer,
            indexer_retry_secs,
            index_commit_ms,
            page_cache,
            limits,
            chat,
            edge,
            timed,
            mail,
            storage,
        } => {
            let mut config = config_from(storage, addr, demo);
            edge.apply(&mut config);
            config.timed = timed.options();
            mail.apply(&mut config);
            config.indexer = !no_indexer;
            config.indexer_retry = std::time::Duration::from_secs(indexer_retry_secs);
            config.index_commit_gap = std::time::Duration::from_millis(index_commit_ms);
            config.page_cache = page_cache;
            config.accounts = crate::auth::limits::AccountLimits {
                login_failures_per_ip: limits.login_failures_per_ip,
                login_failures_per_account: limits.login_failures_per_account,
                account_retry_secs: limits.login_retry_secs,
                signups_per_ip: limits.signups_per_ip,
                resets_per_ip: limits.password_resets_per_ip,
                bio_max_chars: limits.bio_max_chars,
            };
            config.new_accounts = crate::moderation::guard::NewAccountLimits {
                min_age_ms: limits.new_account_hours * 3_600_000,
                posts_per_hour: limits.new_account_posts_per_hour,
                ..Default::default()
            };
            config.activity = crate::moderation::guard::ActivityLimits {
                parties_per_hour: limits.parties_per_hour,
                reports_per_hour: limits.reports_per_hour,
                reactions_per_minute: limits.reactions_per_minute,
            };
            config.api_requests_per_minute = limits.api_requests_per_minute;
            chat.apply(&mut config.chat);
            let app = Application::build(config).await?;
            println!(
                "Cliffhanger listening on http://{} (database: {}, {}; search: {})",
                app.addr(),
                app.backend_name(),
                redact_url(&app.database_url()),
                app.search_engine_name()
            );
            app.run_until_stopped().await?;
            Ok(())
        }
        Command::Import { file, storage } => {
            let config = config_from(storage, SocketAddr::from(([127, 0, 0, 1], 0)), false);
            let db = crate::db::Db::connect(config.db_options()).await?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let summary = crate::catalog::import::import_json(&db, &text).await?;
            println!("{summary}");
            Ok(())
        }
        Command::Reindex { show, storage } => {
            let config = config_from(storage, SocketAddr::from(([127, 0, 0, 1], 0)), false);
            let db = crate::db::Db::connect(config.db_options()).await?;
            let search =
                crate::search::service::Search::open(&config.search_options(), db.clone())?;
            let show_id = match show {
                Some(slug) => Some(
                    crate::db::catalog::show_by_slug(&db, &slug)
                        .await?
                        .with_context(|| format!("no show with slug {slug:?}"))?
                        .id,
                ),
                None => None,
            };
            println!("Reindexing into {} …", search.name());
            let summary = crate::search::reindex::run(&db, &search, show_id, true).await?;
            println!(
                "reindexed {} documents in {:.1} s ({:.0} docs/s)",
                summary.docs,
                summary.seconds,
                summary.docs as f64 / summary.seconds.max(0.001)
            );
            Ok(())
        }
        Command::Admin { action, storage } => {
            let config = config_from(storage, SocketAddr::from(([127, 0, 0, 1], 0)), false);
            let db = crate::db::Db::connect(config.db_options()).await?;
            match action {
                AdminAction::Grant {
                    username,
                    role,
                    show,
                } => {
                    match (role.as_str(), show) {
                        ("admin", None) => {
                            crate::db::users::set_admin(&db, &username, true)
                                .await?
                                .then_some(())
                                .with_context(|| format!("no user named {username}"))?;
                            println!("{username} is now a site admin");
                        }
                        ("admin", Some(_)) => {
                            anyhow::bail!("admin is a site-wide role; drop --show")
                        }
                        ("moderator", None) => {
                            anyhow::bail!("moderators are per show: add --show SLUG")
                        }
                        ("moderator", Some(slug)) => {
                            let show = crate::db::catalog::show_by_slug(&db, &slug)
                                .await?
                                .with_context(|| format!("no show with slug {slug:?}"))?;
                            let user = crate::moderation::roles::user_id(&db, &username)
                                .await?
                                .with_context(|| format!("no user named {username}"))?;
                            crate::moderation::roles::grant(&db, show.id, user, None).await?;
                            println!("{username} now moderates {}", show.title);
                        }
                        (other, _) => {
                            anyhow::bail!("unknown role {other:?}: use admin or moderator")
                        }
                    }
                    Ok(())
                }
                AdminAction::ResetPassword {
                    username,
                    public_url,
                } => {
                    let link =
                        crate::auth::reset::admin_link(&db, &username, public_url.as_deref())
                            .await?;
                    println!(
                        "Give {username} this link (it works once, for a day; using it ends \
                         their sessions):\n{link}"
                    );
                    Ok(())
                }
            }
        }
        Command::MigrateData {
            from,
            to,
            force,
            batch_size,
            stop_after_batches,
        } => {
            let options = crate::transfer::migrate::Options {
                batch_size: usize::try_from(batch_size).unwrap_or(1000),
                force,
                stop_after_batches,
            };
            migrate_data(&from, &to, &options).await
        }
        Command::Backup { out, storage } => {
            let config = config_from(storage, SocketAddr::from(([127, 0, 0, 1], 0)), false);
            let url = config.database_url();
            if config.database_url.is_none() {
                let file = config.data_dir.join("cliffhanger.db");
                anyhow::ensure!(
                    file.exists(),
                    "no database at {}: pass the server's --data-dir or DATABASE_URL",
                    file.display()
                );
            }
            let db = crate::db::Db::connect_unmigrated(config.db_options()).await?;
            let written = crate::transfer::backup::run(&db, &url, &out).await?;
            match written {
                crate::transfer::backup::Written::SqliteCopy => println!(
                    "backed up the SQLite database to {} (a complete database file). To \
                     restore: stop the server, remove cliffhanger.db-wal and cliffhanger.db-shm \
                     from the data dir, copy the file there as cliffhanger.db, remove the \
                     data dir's search-index directory and start the server (it rebuilds a \
                     missing search index from the database).",
                    out.display()
                ),
                crate::transfer::backup::Written::PgDump => println!(
                    "backed up the PostgreSQL database to {} (pg_dump custom format). To \
                     restore into an empty database: pg_restore --dbname \"$DATABASE_URL\" {}, \
                     then run `cliffhanger reindex`.",
                    out.display(),
                    out.display()
                ),
            }
            Ok(())
        }
        Command::Loadtest { kind } => crate::loadtest::run(kind).await,
    }
}

/// Opens a `migrate-data` side: SQLite files need no data dir of ours, and a new target
/// file may be created (`mode=rwc`) while a missing source is an error.
async fn open_side(url: &str, create: bool, what: &str) -> anyhow::Result<crate::db::Db> {
    use crate::db::{Backend, Db, DbOptions};
    let backend = Backend::from_url(url)
        .with_context(|| format!("--{what} must start with postgres:// or sqlite:"))?;
    let mut url = url.to_string();
    if backend == Backend::Sqlite && create && !url.contains("mode=") {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str("mode=rwc");
    }
    Db::connect(DbOptions {
        url,
        data_dir: PathBuf::from("."),
        page_cache_threads: 0,
    })
    .await
    .with_context(|| format!("cannot open the --{what} database"))
}

async fn migrate_data(
    from: &str,
    to: &str,
    options: &crate::transfer::migrate::Options,
) -> anyhow::Result<()> {
    anyhow::ensure!(from != to, "--from and --to name the same database");
    let source = open_side(from, false, "from").await?;
    let target = open_side(to, true, "to").await?;
    let shown_to = redact_url(to);
    let report =
        crate::transfer::migrate::run(&source, &target, &redact_url(from), options).await?;
    let rows: i64 = report.tables.iter().map(|t| t.sum.rows).sum();
    println!(
        "migrated {} tables ({rows} rows) to {shown_to}{}: row counts and checksums match on \
         every table",
        report.tables.len(),
        if report.resumed { ", resumed" } else { "" }
    );
    println!("Next steps:");
    println!(
        "  1. rebuild the search index, which is not copied: \
         DATABASE_URL='{shown_to}' cliffhanger reindex"
    );
    println!(
        "  2. point the server at the new database: DATABASE_URL='{shown_to}' cliffhanger serve \
         (or --database-url)"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_limit_flags_have_the_documented_defaults_and_override() {
        let cli = Cli::try_parse_from(["cliffhanger", "serve"]).expect("parses");
        let Command::Serve { chat, .. } = cli.command else {
            panic!("serve")
        };
        let mut limits = crate::chat::ChatLimits::default();
        chat.apply(&mut limits);
        assert_eq!(
            limits.sockets,
            crate::chat::SocketLimits {
                per_ip: 50,
                per_user: 8,
                max: 20_000
            }
        );
        assert_eq!((limits.rate_count, limits.rate_window.as_secs()), (5, 5));
        assert_eq!((limits.resume_page, limits.resumes_per_minute), (500, 10));
        assert_eq!(limits.reactions_per_minute, 30);
        let cli = Cli::try_parse_from([
            "cliffhanger",
            "serve",
            "--ws-per-ip",
            "20000",
            "--ws-per-user",
            "3",
            "--ws-max",
            "30000",
            "--chat-reactions-per-minute",
            "4",
        ])
        .expect("parses");
        let Command::Serve { chat, .. } = cli.command else {
            panic!("serve")
        };
        chat.apply(&mut limits);
        assert_eq!(
            (
                limits.sockets.per_ip,
                limits.sockets.per_user,
                limits.sockets.max
            ),
            (20_000, 3, 30_000)
        );
        assert_eq!(limits.reactions_per_minute, 4);
    }

    #[test]
    fn new_account_flags_default_and_override() {
        let parse = |extra: &[&str]| {
            let mut argv = vec!["cliffhanger", "serve"];
            argv.extend_from_slice(extra);
            match Cli::try_parse_from(argv).expect("parses").command {
                Command::Serve { limits, .. } => {
                    (limits.new_account_hours, limits.new_account_posts_per_hour)
                }
                _ => panic!("serve"),
            }
        };
        assert_eq!(parse(&[]), (24, 5));
        assert_eq!(
            parse(&[
                "--new-account-hours",
                "0",
                "--new-account-posts-per-hour",
                "100"
            ]),
            (0, 100)
        );
        assert!(
            Cli::try_parse_from(["cliffhanger", "serve", "--new-account-hours", "-1"]).is_err()
        );
    }
}
