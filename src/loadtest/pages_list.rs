//! `loadtest pages --page PATH …` / `--pages-file FILE`: measures each listed page's peak
//! req/s and latency (closed loop, anonymous) beside GET /healthz in the same run, on a site
//! that already holds them (e.g. after `loadtest seed`); nothing is seeded.
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context};
use serde_json::json;

use super::http::{get_request, Conn, Target};
use super::phases::{closed_loop, line, with_cpu};
use super::stats::r3;

/// The paths of a pages file: one per line (`#` comments and blank lines skipped), or JSON
/// lines with a `"pages"` array such as the last line `loadtest seed` prints.
pub fn parse_pages_file(text: &str) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let l = raw.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if l.starts_with('{') {
            let v: serde_json::Value =
                serde_json::from_str(l).with_context(|| format!("line {}: bad JSON", n + 1))?;
            let pages = v
                .get("pages")
                .and_then(|p| p.as_array())
                .with_context(|| format!("line {}: JSON without a \"pages\" array", n + 1))?;
            for p in pages {
                let p = p
                    .as_str()
                    .with_context(|| format!("line {}: a page that is not a string", n + 1))?;
                out.push(checked(p).with_context(|| format!("line {}", n + 1))?);
            }
        } else {
            out.push(checked(l).with_context(|| format!("line {}", n + 1))?);
        }
    }
    Ok(out)
}

/// A page must be a path on the target (`/…`), without spaces or control characters.
pub fn checked(path: &str) -> anyhow::Result<String> {
    if !path.starts_with('/') || path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        bail!("{path:?} is not a path starting with /");
    }
    Ok(path.to_string())
}

/// Status and size of one anonymous GET, so a page that is not 200 is refused up front.
async fn probe(target: &Target, path: &str) -> anyhow::Result<usize> {
    let mut conn = Conn::connect(target.addr).await?;
    let reply = tokio::time::timeout(
        Duration::from_secs(30),
        conn.send(&get_request(target, path)),
    )
    .await
    .with_context(|| format!("GET {path} timed out"))??;
    if reply.status != 200 {
        bail!("GET {path} answered {}, not 200", reply.status);
    }
    Ok(reply.body_len)
}

/// How `run` measures (from `loadtest pages`' flags).
pub struct ListOptions {
    pub concurrency: u64,
    pub duration_secs: u64,
    pub warmup_secs: u64,
    pub timeout_ms: u64,
    pub server_pid: Option<u32>,
}

pub async fn run(args: &ListOptions, target: &Target, paths: &[String]) -> anyhow::Result<()> {
    let conns = args.concurrency as usize;
    let duration = Duration::from_secs(args.duration_secs);
    let warmup = Duration::from_secs(args.warmup_secs);
    let timeout = Duration::from_millis(args.timeout_ms.max(1));
    let mut sizes = Vec::with_capacity(paths.len());
    for p in paths {
        sizes.push(probe(target, p).await?);
    }
    println!(
        "{} page(s), {}s each, {conns} keep-alive connections, {}s warm-up",
        paths.len(),
        args.duration_secs,
        args.warmup_secs
    );
    let pid = args.server_pid;
    let phase = |path: &str| {
        let req = Arc::new(get_request(target, path));
        with_cpu(
            pid,
            closed_loop(target, req, conns, warmup, duration, timeout),
        )
    };
    let hello = phase("/healthz").await;
    line("GET /healthz (closed loop)", &hello);
    let mut rows = Vec::new();
    let mut errors = hello.errors;
    for (path, bytes) in paths.iter().zip(sizes) {
        let p = phase(path).await;
        line(&format!("GET {path}"), &p);
        errors += p.errors;
        rows.push(json!({
            "path": path,
            "bytes": bytes,
            "rps": r3(p.rps),
            "p50_ms": r3(p.latency.p50_ms),
            "p99_ms": r3(p.latency.p99_ms),
            "max_ms": r3(p.latency.max_ms),
            "ok": p.ok,
            "errors": p.errors,
            "ratio_to_hello": r3(if hello.rps > 0.0 { p.rps / hello.rps } else { 0.0 }),
            "server_cpu_us": p.server_cpu_us.map(r3),
        }));
    }
    let summary = json!({
        "hello_rps": r3(hello.rps),
        "hello_p50_ms": r3(hello.latency.p50_ms),
        "hello_p99_ms": r3(hello.latency.p99_ms),
        "pages": rows,
        "errors": errors,
        "concurrency": conns,
        "duration_secs": args.duration_secs,
    });
    println!("{summary}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_files_take_paths_and_seed_json() {
        let text = "# measured\n/\n\n/threads/3?page=2\n{\"seconds\":1,\"pages\":[\"/shows/x\",\"/search?q=a\"]}\n";
        assert_eq!(
            parse_pages_file(text).unwrap(),
            vec!["/", "/threads/3?page=2", "/shows/x", "/search?q=a"]
        );
        assert!(parse_pages_file("threads/3").is_err());
        assert!(parse_pages_file("/a b").is_err());
        assert!(parse_pages_file("{\"urls\":[]}").is_err());
        assert!(parse_pages_file("{\"pages\":[3]}").is_err());
    }
}
