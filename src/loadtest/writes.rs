//! `cliffhanger loadtest writes`: N signed-in writers (each its own fresh account) reply to
//! threads as fast as the server acknowledges (closed loop, one reply in flight each);
//! replies/s, latency and errors. Then, in the same run, the floor any durable reply has to
//! pay: a raw SQLite loop inserting post rows one transaction each with the server's
//! durability (WAL, synchronous=FULL) on the same machine (`writes_raw`). Prints HTTP/raw.
//!
//! Fresh accounts meet the server's abuse limits: start the server under test with
//! `--signups-per-ip` at least N and `--new-account-hours 0` (or a large
//! `--new-account-posts-per-hour`), else sign-ups or replies answer 429.
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use clap::Args;
use reqwest::StatusCode;
use serde_json::json;

use super::http::loopback_target;
use super::seed::{self, Author};
use super::stats::{r3, summarize};

#[derive(Args, Debug)]
pub struct WritesArgs {
    /// Base URL of a running server (loopback only) with at least one thread.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// Concurrent writers, each with its own account and one reply in flight.
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub writers: u64,
    /// Measured seconds of each phase (HTTP replies, then raw inserts); up to an hour for a
    /// soak.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub duration_secs: u64,
    /// Skip the raw SQLite loop (a soak wants the replies only).
    #[arg(long)]
    pub no_raw: bool,
    /// Unmeasured replies before the HTTP phase, in seconds.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(0..=60))]
    pub warmup_secs: u64,
    /// Threads to reply to (repeat the flag); without it, those linked from the home page.
    /// Writer k starts at the k-th and moves to the next after each reply.
    #[arg(long = "thread")]
    pub threads: Vec<i64>,
    /// Per-request timeout in milliseconds (a timeout counts as an error).
    #[arg(long, default_value_t = 10_000)]
    pub timeout_ms: u64,
    /// Where the raw SQLite loop's temporary database goes: put it on the file system of
    /// the server's database, so both pay the same fsync. Default: the temp dir.
    #[arg(long)]
    pub raw_dir: Option<PathBuf>,
    /// PID of the server process (same machine): report its CPU time per reply, and the
    /// load generator's, read from /proc.
    #[arg(long)]
    pub server_pid: Option<u32>,
}

/// Thread ids linked from a page (`/threads/{id}`), in order, without repeats.
pub fn thread_links(html: &str) -> Vec<i64> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("href=\"/threads/") {
        rest = &rest[i + "href=\"/threads/".len()..];
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        if let Ok(id) = digits.parse::<i64>() {
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

#[derive(Default)]
struct WriterResult {
    ok: usize,
    /// Every answer, warm-up included (for CPU per reply).
    total: usize,
    micros: Vec<u64>,
    /// Refusals by status ("timeout" / "connection" for those without one).
    errors: BTreeMap<String, usize>,
}

async fn writer(
    author: Author,
    base: String,
    threads: Vec<i64>,
    k: usize,
    (start, end): (Instant, Instant),
    timeout: Duration,
) -> WriterResult {
    let mut r = WriterResult::default();
    let mut n = k;
    while Instant::now() < end {
        let thread = threads[n % threads.len()];
        let body = format!(
            "{}\n\n(reply {n} by {})",
            seed::post_body(n),
            author.username
        );
        n += 1;
        let url = format!("{base}/threads/{thread}/posts");
        let form = [
            ("body", body.as_str()),
            ("csrf_token", author.token.as_str()),
        ];
        let sent = Instant::now();
        let outcome =
            tokio::time::timeout(timeout, seed::try_post_form(&author.client, &url, &form)).await;
        let done = Instant::now();
        let counted = sent >= start && done <= end;
        r.total += 1;
        match outcome {
            Ok(Ok(seed::Posted::Redirect(_))) => {
                if counted {
                    r.ok += 1;
                    r.micros.push((done - sent).as_micros() as u64);
                }
            }
            Ok(Ok(seed::Posted::Refused(status, _))) => {
                *r.errors.entry(status.as_u16().to_string()).or_default() += 1;
                if status == StatusCode::TOO_MANY_REQUESTS {
                    // Limits do not lift within a run: stop hammering.
                    break;
                }
            }
            Ok(Err(_)) => *r.errors.entry("connection".into()).or_default() += 1,
            Err(_) => *r.errors.entry("timeout".into()).or_default() += 1,
        }
    }
    r
}

pub async fn run(args: WritesArgs) -> anyhow::Result<()> {
    let target = loopback_target(&args.url).await?;
    let base = target.base.clone();
    let timeout = Duration::from_millis(args.timeout_ms.max(1));
    println!("target {} ({})", target.base, target.addr);
    super::phases::wait_for_server(&target, Duration::from_secs(30)).await?;
    let threads = if args.threads.is_empty() {
        let anon = reqwest::Client::builder().timeout(timeout).build()?;
        thread_links(&seed::page(&anon, &format!("{base}/")).await?)
    } else {
        args.threads.clone()
    };
    if threads.is_empty() {
        bail!("no threads to reply to: pass --thread ID, or start the server with --demo or a seeded database");
    }
    let first = format!("/threads/{}", threads[0]);
    let mut signups = Vec::new();
    for _ in 0..args.writers {
        let (base, first) = (base.clone(), first.clone());
        signups.push(tokio::spawn(
            async move { seed::register(&base, &first).await },
        ));
    }
    let mut authors = Vec::new();
    for s in signups {
        authors.push(s.await.context("sign-up task")?.context(
            "signing up a writer (start the server with --signups-per-ip at least --writers)",
        )?);
    }
    println!(
        "{} writers signed up; replying to {} thread(s) for {}s (+{}s warm-up)",
        authors.len(),
        threads.len(),
        args.duration_secs,
        args.warmup_secs
    );
    let duration = Duration::from_secs(args.duration_secs);
    let start = Instant::now() + Duration::from_secs(args.warmup_secs);
    let end = start + duration;
    let mut tasks = Vec::new();
    for (k, a) in authors.into_iter().enumerate() {
        let (base, threads) = (base.clone(), threads.clone());
        tasks.push(tokio::spawn(writer(
            a,
            base,
            threads,
            k,
            (start, end),
            timeout,
        )));
    }
    let cpu = |pid: Option<u32>| pid.and_then(|p| super::procfs::cpu_secs(&p.to_string()));
    let (server0, self0) = (cpu(args.server_pid), super::procfs::cpu_secs("self"));
    let mut all = WriterResult::default();
    for t in tasks {
        let r = t.await.context("writer task")?;
        all.ok += r.ok;
        all.total += r.total;
        all.micros.extend(r.micros);
        for (k, v) in r.errors {
            *all.errors.entry(k).or_default() += v;
        }
    }
    // Warm-up included: CPU per reply over every reply sent.
    let sent = all.total.max(1) as f64;
    let per_reply = |a: Option<f64>, b: Option<f64>| Some((b? - a?) * 1e6 / sent);
    let server_us = per_reply(server0, cpu(args.server_pid));
    let generator_us = per_reply(self0, super::procfs::cpu_secs("self"));
    let http_rps = all.ok as f64 / duration.as_secs_f64();
    let http = summarize(all.micros);
    let errors: usize = all.errors.values().sum();
    println!(
        "HTTP replies ({} writers)        {:>8.1} replies/s  p50 {:>7.3} ms  p99 {:>7.3} ms  max {:>8.3} ms  ok {}  errors {} {:?}",
        args.writers, http_rps, http.p50_ms, http.p99_ms, http.max_ms, all.ok, errors, all.errors
    );
    let us = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{v:.0} µs"));
    println!(
        "  CPU per reply (measured ones and warm-up): server {}, load generator {}",
        us(server_us),
        us(generator_us)
    );
    if all.errors.contains_key("429") {
        println!("  429: the server's limits refused writers (serve --signups-per-ip N --new-account-hours 0)");
    }

    if args.no_raw {
        let summary = json!({
            "writers": args.writers,
            "http_replies_per_s": r3(http_rps),
            "http_p99_ms": r3(http.p99_ms),
            "http_ok": all.ok,
            "errors": errors,
            "errors_by_kind": all.errors,
            "server_cpu_us_per_reply": server_us.map(r3),
            "duration_secs": args.duration_secs,
        });
        println!("{summary}");
        return Ok(());
    }
    let dir = args.raw_dir.clone().unwrap_or_else(std::env::temp_dir);
    let raw = super::writes_raw::run(&dir, duration).await?;
    println!(
        "raw SQLite inserts (1 tx each)    {:>8.1} inserts/s  p50 {:>7.3} ms  p99 {:>7.3} ms  max {:>8.3} ms  ({} rows, in {})",
        raw.rps, raw.latency.p50_ms, raw.latency.p99_ms, raw.latency.max_ms, raw.rows, dir.display()
    );
    let ratio = if raw.rps > 0.0 {
        http_rps / raw.rps
    } else {
        0.0
    };
    let met = ratio >= 0.25;
    println!(
        "HTTP/raw ratio {ratio:.3} (target >= 0.25: {})",
        if met { "met" } else { "MISSED" }
    );
    let summary = json!({
        "writers": args.writers,
        "threads": threads.len(),
        "http_replies_per_s": r3(http_rps),
        "http_p50_ms": r3(http.p50_ms),
        "http_p99_ms": r3(http.p99_ms),
        "http_max_ms": r3(http.max_ms),
        "http_ok": all.ok,
        "errors": errors,
        "errors_by_kind": all.errors,
        "server_cpu_us_per_reply": server_us.map(r3),
        "generator_cpu_us_per_reply": generator_us.map(r3),
        "raw_inserts_per_s": r3(raw.rps),
        "raw_p50_ms": r3(raw.latency.p50_ms),
        "raw_p99_ms": r3(raw.latency.p99_ms),
        "ratio": r3(ratio),
        "ratio_target_met": met,
        "duration_secs": args.duration_secs,
    });
    println!("{summary}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: WritesArgs,
    }

    #[test]
    fn finds_thread_links_once() {
        let html = r#"<a href="/threads/12">a</a><a href="/threads/7?page=2">b</a>
            <a href="/threads/12#post-3">c</a><a href="/threads/x">d</a>"#;
        assert_eq!(thread_links(html), vec![12, 7]);
    }

    #[test]
    fn arguments_default_and_repeat() {
        let a = Cli::try_parse_from(["w"]).expect("parses").args;
        assert_eq!((a.writers, a.duration_secs, a.threads.len()), (32, 10, 0));
        let a = Cli::try_parse_from(["w", "--thread", "3", "--thread", "9", "--writers", "4"])
            .expect("parses")
            .args;
        assert_eq!((a.writers, a.threads), (4, vec![3, 9]));
        assert!(Cli::try_parse_from(["w", "--writers", "0"]).is_err());
    }
}
