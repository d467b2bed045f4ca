//! `cliffhanger loadtest pages`: seeds a 30-post thread, then in one run measures
//! (a) peak req/s of GET /healthz and (b) of the anonymous thread page, both closed loop
//! over N keep-alive connections, and (c) the thread page open loop at half its peak,
//! with latency counted from each request's scheduled time (no coordinated omission).
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::bail;
use clap::Args;
use serde_json::json;

use super::http::{get_request, loopback_target, Conn, Target};
use super::procfs::{cpu_secs, MachineCpu};
use super::seed;
use super::stats::{r3, summarize, Latency};

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
    /// PID of the server process (same machine): report its CPU time per request in each
    /// phase, read from /proc, next to the load generator's own.
    #[arg(long)]
    pub server_pid: Option<u32>,
}

/// CPU seconds used by the server (if known), by this process and by the machine.
#[derive(Clone, Copy)]
struct Cpu {
    server: Option<f64>,
    generator: Option<f64>,
    machine: Option<MachineCpu>,
}

impl Cpu {
    fn now(server_pid: Option<u32>) -> Cpu {
        Cpu {
            server: server_pid.and_then(|p| cpu_secs(&p.to_string())),
            generator: cpu_secs("self"),
            machine: MachineCpu::now(),
        }
    }

    /// (server µs/request, generator µs/request) between two samples.
    fn per_request(self, later: Cpu, requests: usize) -> (Option<f64>, Option<f64>) {
        let n = requests.max(1) as f64;
        let diff = |a: Option<f64>, b: Option<f64>| Some((b? - a?) * 1e6 / n);
        (
            diff(self.server, later.server),
            diff(self.generator, later.generator),
        )
    }
}

/// What one measured phase produced.
struct Phase {
    /// Responses completed inside the measured window.
    ok: usize,
    errors: usize,
    rps: f64,
    /// Closed loop: send → response. Open loop: scheduled time → response.
    latency: Latency,
    /// Open loop only: send → response (service time without schedule lag).
    service: Latency,
    /// Open loop only: largest delay between a scheduled time and the actual send, in ms.
    max_send_lag_ms: f64,
    /// Open loop only: the same, counting only sends whose connection was idle at the due
    /// time, so the delay is the load generator's own (timer or scheduling), not the server's.
    max_generator_lag_ms: f64,
    /// CPU µs per completed request over the whole phase (warm-up included).
    server_cpu_us: Option<f64>,
    generator_cpu_us: Option<f64>,
    /// CPU time the hypervisor took from this machine during the phase, in ms.
    steal_ms: Option<f64>,
}

#[derive(Default)]
struct TaskResult {
    ok: usize,
    errors: usize,
    micros: Vec<u64>,
    service_micros: Vec<u64>,
    max_lag: Duration,
    max_idle_lag: Duration,
}

/// Opens a connection, retrying until `until`; failures count as errors.
async fn connect(target: &Target, until: Instant, errors: &mut usize) -> Option<Conn> {
    while Instant::now() < until {
        match Conn::connect(target.addr).await {
            Ok(c) => return Some(c),
            Err(_) => {
                *errors += 1;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
    None
}

/// One request on `conn`: Ok(true) for a good 200, Ok(false) for another status or an empty
/// body; Err when the connection is unusable (it must be dropped).
async fn one(conn: &mut Conn, request: &[u8], timeout: Duration) -> Result<(bool, bool), ()> {
    match tokio::time::timeout(timeout, conn.send(request)).await {
        Ok(Ok(reply)) => Ok((reply.status == 200 && reply.body_len > 0, reply.close)),
        _ => Err(()),
    }
}

/// Closed loop: each connection sends its next request as soon as the previous answer is in.
/// Counts the responses sent and received inside [start, end).
async fn closed_loop(
    target: &Target,
    request: Arc<Vec<u8>>,
    conns: usize,
    warmup: Duration,
    duration: Duration,
    timeout: Duration,
) -> Phase {
    let start = Instant::now() + warmup;
    let end = start + duration;
    let mut tasks = Vec::with_capacity(conns);
    for _ in 0..conns {
        let target = target.clone();
        let request = request.clone();
        tasks.push(tokio::spawn(async move {
            let mut r = TaskResult::default();
            let mut conn = None;
            while Instant::now() < end {
                let c = match conn.as_mut() {
                    Some(c) => c,
                    None => match connect(&target, end, &mut r.errors).await {
                        Some(c) => conn.insert(c),
                        None => break,
                    },
                };
                let sent = Instant::now();
                let outcome = one(c, &request, timeout).await;
                let done = Instant::now();
                match outcome {
                    Ok((good, close)) => {
                        if !good {
                            r.errors += 1;
                        } else if sent >= start && done <= end {
                            r.ok += 1;
                            r.micros.push((done - sent).as_micros() as u64);
                        }
                        if close {
                            conn = None;
                        }
                    }
                    Err(()) => {
                        r.errors += 1;
                        conn = None;
                    }
                }
            }
            r
        }));
    }
    finish(tasks, duration).await
}

/// Open loop: request i of the whole run is due at start + i/rate and goes out on
/// connection i mod conns. Latency runs from the due time, so a slow answer that delays
/// the next send on its connection is charged to that request too.
async fn open_loop(
    target: &Target,
    request: Arc<Vec<u8>>,
    conns: usize,
    rate: f64,
    duration: Duration,
    timeout: Duration,
) -> Phase {
    let start = Instant::now() + Duration::from_millis(500);
    let end = start + duration;
    let total = (rate * duration.as_secs_f64()).floor() as usize;
    let mut tasks = Vec::with_capacity(conns);
    for k in 0..conns {
        let target = target.clone();
        let request = request.clone();
        tasks.push(tokio::spawn(async move {
            let mut r = TaskResult::default();
            let mut conn = connect(&target, start, &mut r.errors).await;
            let mut i = k;
            let mut free_at = start;
            while i < total {
                let due = start + Duration::from_secs_f64(i as f64 / rate);
                i += conns;
                tokio::time::sleep_until(due.into()).await;
                let c = match conn.as_mut() {
                    Some(c) => c,
                    None => match connect(&target, end + timeout, &mut r.errors).await {
                        Some(c) => conn.insert(c),
                        None => break,
                    },
                };
                let sent = Instant::now();
                r.max_lag = r.max_lag.max(sent - due);
                if free_at <= due {
                    r.max_idle_lag = r.max_idle_lag.max(sent - due);
                }
                let outcome = one(c, &request, timeout).await;
                let done = Instant::now();
                free_at = done;
                match outcome {
                    Ok((good, close)) => {
                        if good {
                            r.ok += 1;
                            r.micros.push((done - due).as_micros() as u64);
                            r.service_micros.push((done - sent).as_micros() as u64);
                        } else {
                            r.errors += 1;
                        }
                        if close {
                            conn = None;
                        }
                    }
                    Err(()) => {
                        r.errors += 1;
                        conn = None;
                    }
                }
            }
            r
        }));
    }
    finish(tasks, duration).await
}

async fn finish(tasks: Vec<tokio::task::JoinHandle<TaskResult>>, duration: Duration) -> Phase {
    let mut all = TaskResult::default();
    for t in tasks {
        match t.await {
            Ok(r) => {
                all.ok += r.ok;
                all.errors += r.errors;
                all.micros.extend(r.micros);
                all.service_micros.extend(r.service_micros);
                all.max_lag = all.max_lag.max(r.max_lag);
                all.max_idle_lag = all.max_idle_lag.max(r.max_idle_lag);
            }
            Err(_) => all.errors += 1,
        }
    }
    Phase {
        ok: all.ok,
        errors: all.errors,
        rps: all.ok as f64 / duration.as_secs_f64(),
        latency: summarize(all.micros),
        service: summarize(all.service_micros),
        max_send_lag_ms: all.max_lag.as_secs_f64() * 1000.0,
        max_generator_lag_ms: all.max_idle_lag.as_secs_f64() * 1000.0,
        server_cpu_us: None,
        generator_cpu_us: None,
        steal_ms: None,
    }
}

/// Runs a phase between two CPU samples and attaches the CPU cost per request.
async fn with_cpu(
    server_pid: Option<u32>,
    phase: impl std::future::Future<Output = Phase>,
) -> Phase {
    let before = Cpu::now(server_pid);
    let mut p = phase.await;
    let after = Cpu::now(server_pid);
    let (server, generator) = before.per_request(after, p.ok + p.errors);
    p.server_cpu_us = server;
    p.generator_cpu_us = generator;
    p.steal_ms = before
        .machine
        .zip(after.machine)
        .map(|(a, b)| b.since(a).steal * 1000.0);
    p
}

/// Waits until GET /healthz answers 200, so the test can start right after the server.
async fn wait_for_server(target: &Target, patience: Duration) -> anyhow::Result<()> {
    let give_up = Instant::now() + patience;
    let request = get_request(target, "/healthz");
    loop {
        if let Ok(mut c) = Conn::connect(target.addr).await {
            if let Ok(Ok(reply)) =
                tokio::time::timeout(Duration::from_secs(5), c.send(&request)).await
            {
                if reply.status == 200 {
                    return Ok(());
                }
            }
        }
        if Instant::now() >= give_up {
            bail!(
                "{} did not answer GET /healthz with 200 within {patience:?}",
                target.base
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn line(name: &str, p: &Phase) {
    println!(
        "{name:<34} {:>9.1} req/s  p50 {:>7.3} ms  p90 {:>7.3} ms  p99 {:>7.3} ms  max {:>8.3} ms  ok {}  errors {}",
        p.rps, p.latency.p50_ms, p.latency.p90_ms, p.latency.p99_ms, p.latency.max_ms, p.ok, p.errors
    );
    let us = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{v:.1} µs"));
    println!(
        "  CPU per request: server {}, load generator {}; stolen by the hypervisor: {}",
        us(p.server_cpu_us),
        us(p.generator_cpu_us),
        p.steal_ms
            .map_or("n/a".to_string(), |v| format!("{v:.0} ms"))
    );
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
