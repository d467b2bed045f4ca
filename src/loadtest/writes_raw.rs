//! The raw baseline of `loadtest writes`: one SQLite connection inserting post rows (the
//! server's `posts` columns and indexes, a reply-sized body and its HTML) one transaction
//! each, with the server's durability (WAL, synchronous=FULL), into a fresh file that is
//! removed afterwards.
use std::path::Path;
use std::str::FromStr;
use std::time::{Duration, Instant};

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection};

use super::stats::{summarize, Latency};

pub struct Raw {
    pub rows: usize,
    pub rps: f64,
    pub latency: Latency,
}

const SCHEMA: &str = "CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id INTEGER NOT NULL,
    author_id INTEGER,
    position INTEGER NOT NULL,
    body_src TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    edited_at INTEGER,
    deleted INTEGER NOT NULL DEFAULT 0,
    removed_reason TEXT,
    held INTEGER NOT NULL DEFAULT 0,
    lang TEXT,
    lang_chosen INTEGER NOT NULL DEFAULT 0,
    UNIQUE (thread_id, position)
);
CREATE INDEX posts_author ON posts(author_id);";

pub async fn run(dir: &Path, duration: Duration) -> anyhow::Result<Raw> {
    let tmp = dir.join(format!("cliffhanger-raw-{:016x}", rand::random::<u64>()));
    std::fs::create_dir(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let result = measure(&tmp, duration).await;
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

async fn measure(tmp: &Path, duration: Duration) -> anyhow::Result<Raw> {
    let file = tmp.join("raw.db");
    let mut conn = SqliteConnectOptions::from_str(&format!("sqlite://{}", file.display()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .connect()
        .await?;
    sqlx::raw_sql(SCHEMA).execute(&mut conn).await?;
    let src = super::seed::post_body(1);
    let html = crate::forum::markdown::render(&src, crate::forum::markdown::RemoteImages::Link);
    let end = Instant::now() + duration;
    let mut micros = Vec::new();
    let mut n: i64 = 0;
    while Instant::now() < end {
        let sent = Instant::now();
        let mut tx = conn.begin().await?;
        sqlx::query(
            "INSERT INTO posts (thread_id, author_id, position, body_src, body_html, created_at, lang) \
             VALUES ($1, $2, $3, $4, $5, $6, 'en')",
        )
        .bind(1 + n % 32)
        .bind(1 + n % 1000)
        .bind(1 + n / 32)
        .bind(&src)
        .bind(&html)
        .bind(crate::time_util::now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        micros.push(sent.elapsed().as_micros() as u64);
        n += 1;
    }
    conn.close().await?;
    Ok(Raw {
        rows: micros.len(),
        rps: micros.len() as f64 / duration.as_secs_f64(),
        latency: summarize(micros),
    })
}
