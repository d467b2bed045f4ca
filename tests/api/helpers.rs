//! Starts the real server on port 0 with a fresh database: a SQLite file in a temp dir, or a
//! freshly created PostgreSQL database when `TEST_POSTGRES_URL` is set.
use std::sync::Arc;

use cliffhanger::config::Config;
use cliffhanger::db::Db;
use cliffhanger::startup::Application;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::redirect::Policy;
use sqlx::Row;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub data_dir: tempfile::TempDir,
    pub database_url: Option<String>,
    /// The running chat hub, for tests that reach a room directly.
    pub chat: cliffhanger::chat::ChatHub,
}

/// Where PostgreSQL tests create their databases; `None` skips the PostgreSQL variants
/// (`.ci/run` always sets it and fails when the server is unreachable).
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

async fn fresh_postgres_db(admin_url: &str) -> String {
    sqlx::any::install_default_drivers();
    let name = format!(
        "ch_test_{}",
        cliffhanger::auth::session::new_token()
            .get(..16)
            .unwrap_or("x")
    );
    let admin = sqlx::AnyPool::connect(admin_url)
        .await
        .expect("TEST_POSTGRES_URL must point at a reachable PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .expect("create test database");
    admin.close().await;
    let mut url = url::Url::parse(admin_url).expect("TEST_POSTGRES_URL is a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// A fresh PostgreSQL database (None without `TEST_POSTGRES_URL`).
pub async fn fresh_postgres_db_url() -> Option<String> {
    Some(fresh_postgres_db(&postgres_admin_url()?).await)
}

/// Returns None (test skipped) only for PostgreSQL without `TEST_POSTGRES_URL`.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |_| {}).await
}

/// Like `spawn_app`, with a chance to adjust the configuration first.
pub async fn spawn_app_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Option<TestApp> {
    let database_url = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => match postgres_admin_url() {
            Some(admin) => Some(fresh_postgres_db(&admin).await),
            None => {
                eprintln!("TEST_POSTGRES_URL not set: skipping the PostgreSQL variant");
                return None;
            }
        },
    };
    Some(spawn_node(database_url, tweak).await)
}

#[allow(dead_code)] // used by the cluster tests
/// The Redis that cluster tests share (`TEST_REDIS_URL`, default the machine's 127.0.0.1:6379).
pub fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "redis://127.0.0.1:6379".to_string())
}

#[allow(dead_code)] // used by the cluster tests
/// `nodes` servers of one site: each its own process state and data dir, all on one fresh
/// PostgreSQL database and on Redis (`redis_url()`), as nodes behind a load balancer are.
/// `tweak` gets the node's index and its configuration. None without `TEST_POSTGRES_URL`.
pub async fn spawn_cluster(
    nodes: usize,
    tweak: impl Fn(usize, &mut Config),
) -> Option<Vec<TestApp>> {
    let Some(admin) = postgres_admin_url() else {
        eprintln!("TEST_POSTGRES_URL not set: skipping the cluster test");
        return None;
    };
    let url = fresh_postgres_db(&admin).await;
    let redis = redis_url();
    let mut apps = Vec::with_capacity(nodes);
    for i in 0..nodes {
        apps.push(
            spawn_node(Some(url.clone()), |c| {
                c.redis_url = Some(redis.clone());
                tweak(i, c)
            })
            .await,
        );
    }
    Some(apps)
}

/// One server on `database_url` (None: SQLite in its own fresh data dir).
pub async fn spawn_node(database_url: Option<String>, tweak: impl FnOnce(&mut Config)) -> TestApp {
    cliffhanger::telemetry::init();
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::for_tests(data_dir.path().to_path_buf(), database_url.clone());
    // Most tests post far more than a day-old account may; the limit has its own test.
    config.new_accounts.min_age_ms = 0;
    tweak(&mut config);
    let app = Application::build(config)
        .await
        .expect("application builds");
    let base = format!("http://127.0.0.1:{}", app.port());
    let db = app.db();
    let chat = app.state().chat.clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        base,
        db,
        data_dir,
        database_url,
        chat,
    }
}

/// Polls `check` every 25 ms until it holds; fails the test with `what` after 20 s.
#[allow(dead_code)] // used by the cluster tests
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !check().await {
        assert!(std::time::Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

pub struct Resp {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

/// A browser-like client with its own cookie jar that does not follow redirects.
pub struct Browser {
    pub base: String,
    pub jar: Arc<Jar>,
    pub http: reqwest::Client,
}

impl TestApp {
    pub fn browser(&self) -> Browser {
        Browser::for_base(&self.base)
    }

    /// A browser whose connections come from 127.0.0.`n` (Linux routes all of 127/8 to
    /// loopback), to act as another client IP for the per-IP limits.
    pub fn browser_from(&self, n: u8) -> Browser {
        Browser::build(&self.base, |b| {
            b.local_address(std::net::IpAddr::from([127, 0, 0, n]))
        })
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&self.db.pool)
            .await
            .expect("count")
            .try_get(0)
            .expect("count value")
    }

    /// Imports the demo-sized sample catalogue through the library.
    pub async fn seed_catalogue(&self) {
        cliffhanger::catalog::import::import_json(&self.db, SAMPLE_CATALOGUE)
            .await
            .expect("sample catalogue imports");
    }
}

pub const SAMPLE_CATALOGUE: &str = r#"{"shows":[
 {"slug":"night-shift","title":"Night Shift","synopsis":"Paramedics on the late shift.",
  "seasons":[{"number":1,"title":"Season 1","episodes":[
    {"number":1,"title":"Pilot","synopsis":"First night.","runtime_min":45,"air_dates":{"US":"2024-01-05","GB":"2024-03-01"}},
    {"number":2,"title":"Double Back","runtime_min":44,"air_dates":{"US":"2024-01-12"}}]}]},
 {"slug":"far-shore","title":"Far Shore","seasons":[{"number":1,"episodes":[{"number":1,"title":"Arrival"}]}]}
]}"#;

/// `text` as the templates print it (askama's HTML escaping).
pub fn escaped(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

impl Browser {
    pub fn for_base(base: &str) -> Browser {
        Browser::build(base, |b| b)
    }

    /// A browser with its own cookie jar, not following redirects, adjusted by `tweak`.
    pub fn build(
        base: &str,
        tweak: impl FnOnce(reqwest::ClientBuilder) -> reqwest::ClientBuilder,
    ) -> Browser {
        let jar = Arc::new(Jar::default());
        let http = tweak(
            reqwest::Client::builder()
                .cookie_provider(jar.clone())
                .redirect(Policy::none()),
        )
        .build()
        .expect("http client");
        Browser {
            base: base.to_string(),
            jar,
            http,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    async fn wrap(resp: reqwest::Response) -> Resp {
        let status = resp.status().as_u16();
        let location = resp
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = resp.text().await.unwrap_or_default();
        Resp {
            status,
            location,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        Self::wrap(self.http.get(self.url(path)).send().await.expect("GET")).await
    }

    /// The CSRF token of this browser's current session, as its pages carry it.
    pub async fn csrf(&self) -> String {
        let page = self.get("/login").await;
        extract_csrf(&page.body).expect("login page carries a csrf token")
    }

    /// POSTs a form with no CSRF token added.
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        Self::wrap(
            self.http
                .post(self.url(path))
                .form(fields)
                .send()
                .await
                .expect("POST"),
        )
        .await
    }

    /// POSTs a form with this browser's CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.post_raw(path, &all).await
    }

    pub async fn register(&self, username: &str, password: &str) -> Resp {
        self.post(
            "/register",
            &[("username", username), ("password", password)],
        )
        .await
    }

    pub async fn login(&self, username: &str, password: &str) -> Resp {
        self.post("/login", &[("username", username), ("password", password)])
            .await
    }

    /// Registers and expects to be signed in.
    pub async fn signed_up(self, username: &str) -> Browser {
        let r = self.register(username, "correct horse battery").await;
        assert_eq!(r.status, 303, "register {username}: {}", r.body);
        self
    }

    pub fn session_cookie(&self) -> Option<String> {
        let url = reqwest::Url::parse(&self.base).ok()?;
        let header = self.jar.cookies(&url)?;
        let header = header.to_str().ok()?.to_string();
        header
            .split("; ")
            .find_map(|c| c.strip_prefix("ch_session=").map(str::to_string))
    }

    /// Creates a thread and returns its id.
    pub async fn new_thread(&self, show: &str, board: &str, title: &str, body: &str) -> i64 {
        let r = self
            .post(
                &format!("/shows/{show}/threads"),
                &[("title", title), ("body", body), ("board", board)],
            )
            .await;
        assert_eq!(r.status, 303, "create thread: {}", r.body);
        thread_id_from(r.location.as_deref().unwrap_or_default())
    }
}

pub fn thread_id_from(location: &str) -> i64 {
    location
        .strip_prefix("/threads/")
        .and_then(|rest| rest.split(['?', '#']).next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a thread location: {location}"))
}

/// `cliffhanger serve` as a child process (for SIGKILL tests); killed when dropped.
pub struct ChildServer {
    pub child: std::process::Child,
    pub base: String,
}

impl ChildServer {
    /// Starts the binary on port 0 and reads the URL from its first line of output.
    pub fn start(data_dir: &std::path::Path, database_url: &str, extra: &[&str]) -> ChildServer {
        use std::io::{BufRead, BufReader};
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cliffhanger"));
        cmd.args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .args(extra)
            .env("DATABASE_URL", database_url)
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null());
        let mut child = cmd.spawn().expect("start cliffhanger serve");
        let stdout = child.stdout.take().expect("stdout");
        // Warnings logged during start-up may come before the line that names the URL.
        let mut lines = BufReader::new(stdout).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("the server printed its URL before exiting")
                .expect("startup output");
            if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                break url.to_string();
            }
        };
        ChildServer { child, base }
    }

    /// SIGKILL: no shutdown hook, no flush.
    pub fn kill9(&mut self) {
        self.child.kill().expect("kill -9");
        self.child.wait().expect("reap");
    }
}

impl Drop for ChildServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Id of an episode of the sample catalogue.
impl TestApp {
    /// The database URL another process can use to open this test's database.
    pub fn shared_database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.path().join("cliffhanger.db").display()
            ),
        }
    }

    pub async fn episode_id(&self, show: &str, code: &str) -> i64 {
        sqlx::query("SELECT e.id FROM episodes e JOIN shows s ON s.id = e.show_id WHERE s.slug = $1 AND e.code = $2")
            .bind(show)
            .bind(code)
            .fetch_one(&self.db.pool)
            .await
            .expect("episode exists")
            .try_get(0)
            .expect("id")
    }
}

/// Generates `mod sqlite` and `mod postgres` with one `#[tokio::test]` per scenario.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await.expect("sqlite app");
                    super::$name(app).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(app) = $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await {
                        super::$name(app).await;
                    }
                }
            )*
        }
    };
}

/// An instant (unix ms) as RFC 3339 in UTC, to the second, as the catalogue import takes
/// air times.
pub fn rfc3339(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)).expect("time");
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        t.month() as u8,
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A time `minutes` from now (negative: ago) as the party form's `YYYY-MM-DDTHH:MM` (UTC).
pub fn utc_form_time(minutes: i64) -> String {
    let t = time::OffsetDateTime::now_utc() + time::Duration::minutes(minutes);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        t.year(),
        t.month() as u8,
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// `watcher` marks Night Shift S01E01 watched and `author` starts a thread about S01E02
/// ("Double Back twist revealed" / "The twist is hidden text"), so that thread is behind
/// the watcher's spoiler shield. Returns the thread's id.
pub async fn thread_past_watching(watcher: &Browser, author: &Browser) -> i64 {
    let r = watcher
        .post(
            "/shows/night-shift/episodes/s01e01/watched",
            &[("action", "watch")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = author
        .post(
            "/shows/night-shift/threads",
            &[
                ("title", "Double Back twist revealed"),
                ("body", "The twist is hidden text"),
                ("board", "general"),
                ("episode", "s01e02"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    thread_id_from(r.location.as_deref().unwrap_or_default())
}
