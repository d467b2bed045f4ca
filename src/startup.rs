//! Builds the application: database, shared state, HTTP server bound to a port (0 in tests).
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use anyhow::Context;
use tracing_actix_web::TracingLogger;

use crate::auth::csrf::CsrfKey;
use crate::chat::{ChatHub, HubOptions};
use crate::config::Config;
use crate::db::{self, Db};
use crate::metrics::Metrics;
use crate::search::indexer::IndexerStatus;
use crate::search::service::Search;
use crate::web::AppState;

pub struct Application {
    addr: SocketAddr,
    server: Server,
    state: web::Data<AppState>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let db = Db::connect(config.db_options()).await?;
        db::changes::spawn_listener(&db, config.database_url()).await;
        if config.demo && crate::catalog::demo::load_if_empty(&db).await? {
            tracing::info!("loaded the demo catalogue");
        }
        crate::auth::expiry::spawn_purge(
            db.clone(),
            config.sessions,
            crate::auth::expiry::PURGE_EVERY,
        );
        crate::notify::timed::spawn(db.clone(), config.timed);
        crate::forum::set_remote_images(&db, config.remote_images).await?;
        let secret = db::settings::secret(&db, "csrf_secret").await?;
        let fresh_index =
            Search::embedded_dir(&config.search_options()).is_some_and(|d| !d.exists());
        let search = Search::open(&config.search_options(), db.clone())?;
        if fresh_index || search.engine.needs_rebuild() {
            crate::search::reindex::spawn_rebuild(db.clone(), search.clone());
        }
        if db.backend == crate::db::Backend::Postgres && config.meili_url.is_none() {
            // Only the node that drains the outbox fills its embedded index, so the other
            // nodes of a cluster would find nothing.
            tracing::warn!(
                "PostgreSQL with the embedded search index: every node keeps its own index; \
                 with several nodes, run Meilisearch (MEILI_URL)"
            );
        }
        let indexer = IndexerStatus::default();
        if config.indexer {
            crate::search::indexer::spawn(
                db.clone(),
                config.database_url(),
                search.engine.clone(),
                indexer.clone(),
                config.indexer_retry,
                config.index_commit_gap,
            );
        } else {
            tracing::info!(
                indexer = "off",
                "this node does not drain the search outbox (--no-indexer)"
            );
        }
        let metrics = Metrics::new();
        // Bound first: without --public-url, links in mail start with the bound address.
        let listener = TcpListener::bind(config.addr)
            .with_context(|| format!("cannot listen on {}", config.addr))?;
        let addr = listener.local_addr()?;
        let public_url = config
            .mail
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"));
        if config.mail.smtp_url.is_some() && config.mail.public_url.is_none() {
            tracing::warn!(
                %public_url,
                "mail is on without --public-url: links in mail use the listening address"
            );
        }
        let mail = crate::mail::Outbox::start(&db, &config.mail, public_url)?;
        crate::notify::email::spawn(db.clone(), mail.clone(), config.notify_mail);
        let state = web::Data::new(AppState {
            csrf: CsrfKey::new(secret.as_bytes()),
            chat: ChatHub::start(
                db.clone(),
                HubOptions {
                    limits: config.chat.clone(),
                    new_accounts: config.new_accounts.clone(),
                    sessions: config.sessions,
                    redis_url: config.redis_url.clone(),
                    metrics: metrics.clone(),
                },
            )
            .await?,
            search,
            indexer,
            db,
            notify_streams: crate::notify::stream::Streams::new(config.notify_streams),
            config: config.clone(),
            metrics,
            mail,
        });
        let data = state.clone();
        let server = HttpServer::new(move || {
            App::new()
                // Inside `set_anon_cookie`: identifying the viewer may mint their anonymous id.
                .wrap(actix_web::middleware::from_fn(
                    crate::web::middleware::localized_errors,
                ))
                .wrap(actix_web::middleware::from_fn(
                    crate::web::middleware::set_anon_cookie,
                ))
                .wrap(actix_web::middleware::from_fn(
                    crate::web::middleware::request_headers,
                ))
                .wrap(crate::web::middleware::security_headers(
                    data.config.remote_images,
                ))
                .wrap(actix_web::middleware::from_fn(
                    crate::web::client::resolve_client,
                ))
                .wrap(TracingLogger::default())
                // Outermost, so its time and status are what the client got.
                .wrap(actix_web::middleware::from_fn(
                    crate::web::metrics::count_requests,
                ))
                .app_data(data.clone())
                .configure(crate::web::routes::routes)
        })
        .listen(listener)?
        .run();
        Ok(Application {
            addr,
            server,
            state,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn backend_name(&self) -> &'static str {
        self.state.db.backend.name()
    }

    pub fn search_engine_name(&self) -> &'static str {
        self.state.search.name()
    }

    pub fn database_url(&self) -> String {
        self.state.config.database_url()
    }

    pub fn db(&self) -> Db {
        self.state.db.clone()
    }

    pub fn state(&self) -> Arc<AppState> {
        self.state.clone().into_inner()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
