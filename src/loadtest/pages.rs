//! `cliffhanger loadtest pages`: seeds a 30-post thread, then in one run measures
//! (a) peak req/s of GET /healthz and (b) of the anonymous thread page, both closed loop
//! over N keep-alive connections, and (c) the thread page open loop at half its peak,
//! with latency counted from each request's scheduled time (no coordinated omission).
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::Args;
use serde_json::json;

use super::http::{get_request, loopback_target};
use super::phases::{closed_loop, line, open_loop, wait_for_server, with_cpu};
use super::seed;
use super::stats::r3;

#[derive(Args, Debug)]
pub struct PagesArgs {
    /// Base URL of a running server (loopback only), started with --demo.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// Length of each measured phase in seconds (three phases run).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub duration_secs: u64,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub concurrency: u64,
    /// Unmeasured warm-up before each closed-loop phase, in seconds.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(0..=60))]
    pub warmup_secs: u64,
    /// Posts in the seeded thread.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=30))]
    pub posts: u64,
    /// Open-loop rate as a fraction of the thread page's measured peak.
    #[arg(long, default_value_t = 0.5)]
    pub load_fraction: f64,
    /// Per-request timeout in milliseconds (a timeout counts as an error).
    #[arg(long, default_value_t = 10_000)]
    pub timeout_ms: u64,
    /// A page to measure instead of the seeded thread (repeatable): a path such as
    /// `/threads/42?page=3`. With pages given (here or in --pages-file) nothing is seeded and
    /// each page is measured closed loop after GET /healthz.
    #[arg(long = "page", value_parser = super::pages_list::checked)]
    pub pages: Vec<String>,
    /// A file of pages to measure: one path per line, or the JSON line `loadtest seed` prints.
    #[arg(long)]
    pub pages_file: Option<std::path::PathBuf>,
    /// PID of the server process (same machine): report its CPU time per request in each
    /// phase, read from /proc, next to the load generator's own.
    #[arg(long)]
    pub server_pid: Option<u32>,
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "MISSED"
    }
}

pub async fn run(args: PagesArgs) -> anyhow::Result<()> {
    if !(args.load_fraction > 0.0 && args.load_fraction <= 1.0) {
        bail!("--load-fraction must be in (0, 1]");
    }
    let target = loopback_target(&args.url).await?;
    let conns = args.concurrency as usize;
    let duration = Duration::from_secs(args.duration_secs);
    let warmup = Duration::from_secs(args.warmup_secs);
    let timeout = Duration::from_millis(args.timeout_ms.max(1));

    println!("target {} ({})", target.base, target.addr);
    wait_for_server(&target, Duration::from_secs(30)).await?;
    let mut listed = args.pages.clone();
    if let Some(file) = &args.pages_file {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        listed.extend(super::pages_list::parse_pages_file(&text)?);
    }
    if !listed.is_empty() {
        let options = super::pages_list::ListOptions {
            concurrency: args.concurrency,
            duration_secs: args.duration_secs,
            warmup_secs: args.warmup_secs,
            timeout_ms: args.timeout_ms,
            server_pid: args.server_pid,
        };
        return super::pages_list::run(&options, &target, &listed).await;
    }
    let seeded = seed::seed(&target, args.posts as usize).await?;
    println!(
        "seeded: thread /threads/{} in show {} with {} posts by {} account(s), opened by {} ({} bytes as seen anonymously)",
        seeded.thread_id, seeded.show_slug, seeded.posts, seeded.authors, seeded.username, seeded.page_bytes
    );
    println!(
        "phases: {}s each, {} keep-alive connections, {}s warm-up before closed loops",
        args.duration_secs, conns, args.warmup_secs
    );

    let hello_req = Arc::new(get_request(&target, "/healthz"));
    let thread_path = format!("/threads/{}", seeded.thread_id);
    let thread_req = Arc::new(get_request(&target, &thread_path));

    let pid = args.server_pid;
    let hello = with_cpu(
        pid,
        closed_loop(&target, hello_req, conns, warmup, duration, timeout),
    )
    .await;
    line("GET /healthz (closed loop)", &hello);
    let thread = with_cpu(
        pid,
        closed_loop(
            &target,
            thread_req.clone(),
            conns,
            warmup,
            duration,
            timeout,
        ),
    )
    .await;
    line(&format!("GET {thread_path} (closed loop)"), &thread);

    let rate = thread.rps * args.load_fraction;
    if rate < 1.0 {
        bail!(
            "the thread page peaked at {:.1} req/s: too low for an open-loop phase",
            thread.rps
        );
    }
    let half = with_cpu(
        pid,
        open_loop(&target, thread_req, conns, rate, duration, timeout),
    )
    .await;
    line(
        &format!("GET {thread_path} (open loop {:.0}/s)", rate),
        &half,
    );
    println!(
        "  open loop: latency from scheduled time; service time (send → response) p50 {:.3} ms, p99 {:.3} ms; worst send lag {:.3} ms (on an idle connection, i.e. the generator's own: {:.3} ms)",
        half.service.p50_ms, half.service.p99_ms, half.max_send_lag_ms, half.max_generator_lag_ms
    );

    let ratio = if hello.rps > 0.0 {
        thread.rps / hello.rps
    } else {
        0.0
    };
    let errors = hello.errors + thread.errors + half.errors;
    let ratio_met = ratio >= 0.15;
    let p99_met = half.ok > 0 && half.latency.p99_ms < 10.0;
    println!(
        "thread/hello ratio {:.3} (target >= 0.15: {}); p99 at {:.0}% of peak {:.3} ms (target < 10 ms: {}); errors {}",
        ratio,
        verdict(ratio_met),
        args.load_fraction * 100.0,
        half.latency.p99_ms,
        verdict(p99_met),
        errors
    );
    let summary = json!({
        "hello_rps": r3(hello.rps),
        "hello_p50_ms": r3(hello.latency.p50_ms),
        "hello_p99_ms": r3(hello.latency.p99_ms),
        "hello_max_ms": r3(hello.latency.max_ms),
        "thread_rps": r3(thread.rps),
        "thread_p50_ms": r3(thread.latency.p50_ms),
        "thread_p99_ms": r3(thread.latency.p99_ms),
        "thread_max_ms": r3(thread.latency.max_ms),
        "ratio": r3(ratio),
        "half_load_target_rps": r3(rate),
        "half_load_rps": r3(half.rps),
        "half_load_p50_ms": r3(half.latency.p50_ms),
        "half_load_p99_ms": r3(half.latency.p99_ms),
        "half_load_max_ms": r3(half.latency.max_ms),
        "half_load_service_p99_ms": r3(half.service.p99_ms),
        "half_load_generator_lag_max_ms": r3(half.max_generator_lag_ms),
        "errors": errors,
        "hello_server_cpu_us": hello.server_cpu_us.map(r3),
        "thread_server_cpu_us": thread.server_cpu_us.map(r3),
        "half_load_server_cpu_us": half.server_cpu_us.map(r3),
        "hello_generator_cpu_us": hello.generator_cpu_us.map(r3),
        "thread_generator_cpu_us": thread.generator_cpu_us.map(r3),
        "hello_steal_ms": hello.steal_ms.map(r3),
        "thread_steal_ms": thread.steal_ms.map(r3),
        "half_load_steal_ms": half.steal_ms.map(r3),
        "ratio_target_met": ratio_met,
        "p99_target_met": p99_met,
        "thread_id": seeded.thread_id,
        "thread_posts": seeded.posts,
        "thread_page_bytes": seeded.page_bytes,
        "concurrency": conns,
        "duration_secs": args.duration_secs,
    });
    println!("{summary}");
    Ok(())
}
