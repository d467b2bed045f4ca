//! `cliffhanger loadtest chat`: N WebSocket clients (tokio-tungstenite) join one room; K of
//! them are freshly registered, signed-in users who send R messages per second in total on a
//! fixed schedule (open loop: message `seq` is due at t0 + seq/R whatever happened before).
//! Each message's text carries its scheduled send time, so every client that receives its
//! `message` frame records send→receive latency, counted from the schedule (no coordinated
//! omission). The run reports deliveries/s (message frames received by all clients), latency
//! percentiles, acks and every error (error frames, close codes, dropped connections).
//!
//! `--baseline` first runs the identical load against a bare tokio-tungstenite broadcast
//! server (baseline.rs) that this run starts as a child process on 127.0.0.1:0 and stops
//! afterwards, then against the real server, and prints the ratio of their deliveries/s.
//! (A child rather than a task of this process: 10,000 clients plus 10,000 server sockets
//! would not fit one process's open-file limit where it cannot be raised past 20,000, and a
//! separate process gets its own cores' share like the real server and can be measured the
//! same way.) `--idle` connects the clients, sends nothing and, with
//! `--server-pid`, reports the server's RSS growth per connection.
//!
//! The chat server allows 5 messages per 5 s per user, so R/K must stay at or below 1 (the
//! generator refuses more); at exactly 1 message/s per sender the sixth message reaches the
//! server exactly 5 s after the first and loopback jitter decides whether it is refused, so
//! use R/K ≤ 0.9 (e.g. 12 senders for 10 messages/s).
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use clap::Args;
use futures_util::{SinkExt, StreamExt};
use rand::Rng;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::{redirect, Client};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio::sync::{watch, Semaphore};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::baseline;
use super::http::{loopback_target, Target};
use super::procfs::{cpu_secs, rss_kib, MachineCpu};
use super::seed;
use super::stats::{r3, summarize, Latency};

#[derive(Args, Debug)]
pub struct ChatArgs {
    /// Base URL of a running server (loopback only), started with --demo.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// WebSocket clients in the room (senders included).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=30_000))]
    pub clients: u64,
    /// Signed-in clients that send (registered fresh for each run); the rest read anonymously.
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u64).range(0..=1000))]
    pub senders: u64,
    /// Messages per second across all senders (at most 1 per sender: the server's rate limit).
    #[arg(long, default_value_t = 10.0)]
    pub rate: f64,
    /// Seconds of sending (or, with --idle, of holding the connections open).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub duration: u64,
    /// Room to join, e.g. ep-1; default: the first show's s01e01 live room.
    #[arg(long)]
    pub room: Option<String>,
    /// First run the same load against a bare tokio-tungstenite broadcast server in this
    /// process, and report the chat server's deliveries/s as a ratio of it.
    #[arg(long)]
    pub baseline: bool,
    /// Connect the clients and hold them for --duration without sending (memory per
    /// connection, with --server-pid).
    #[arg(long)]
    pub idle: bool,
    /// Internal: run the bare baseline server (the child process `--baseline` starts).
    #[arg(long, hide = true)]
    pub baseline_server: bool,
    /// PID of the server process: its RSS and CPU time are read from /proc.
    #[arg(long)]
    pub server_pid: Option<u32>,
    /// Handshakes in flight at once while connecting.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..=5000))]
    pub connect_concurrency: u64,
    /// Time allowed for one connection's TCP connect, upgrade and hello, in milliseconds.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(100..=120_000))]
    pub connect_timeout_ms: u64,
    /// Pause after every client is connected, before sending and before reading the RSS.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(0..=120))]
    pub settle_secs: u64,
    /// Longest wait after the last send for deliveries still in flight.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(0..=120))]
    pub drain_secs: u64,
    /// Length of each message's text in characters (the timing tag included).
    #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u64).range(40..=500))]
    pub text_chars: u64,
    /// Nodes of one site to split the clients over, round robin (repeat the flag; senders
    /// are registered on the first). Default: `--url` alone.
    #[arg(long = "target")]
    pub targets: Vec<String>,
    /// With two or more `--target`s: first run the load with every client on the first node,
    /// then split over all of them, and report what the bus between the nodes costs.
    #[arg(long)]
    pub compare_nodes: bool,
}

/// Where one client connects: a node's room socket, and the Origin a browser there sends.
struct Endpoint {
    ws_url: String,
    origin: String,
}

/// The server's per-user limit (ChatLimits::default(): 5 messages per 5 s).
const MAX_RATE_PER_SENDER: f64 = 1.0;

/// One load, run against the baseline and then the real server.
struct Load {
    /// Run tag: only `message` frames carrying it are counted.
    run: u32,
    epoch: Instant,
    /// `Cookie` header of each sender (index = client index).
    cookies: Vec<String>,
    clients: usize,
    senders: usize,
    rate: f64,
    duration: Duration,
    idle: bool,
    connect_concurrency: usize,
    connect_timeout: Duration,
    settle: Duration,
    drain: Duration,
    text_chars: usize,
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Connecting,
    Run { t0: Instant, end: Instant },
    Stop,
}

#[derive(Default)]
struct Counters {
    ready: AtomicUsize,
    failed: AtomicUsize,
    gone: AtomicUsize,
    sent: AtomicU64,
    delivered: AtomicU64,
}

#[derive(Default)]
struct ClientResult {
    connected: bool,
    connect_error: Option<String>,
    /// Send → receive of this run's messages, microseconds.
    latencies: Vec<u64>,
    in_window: u64,
    foreign: u64,
    sent: u64,
    acks: u64,
    ack_latencies: Vec<u64>,
    max_send_lag: Duration,
    error_frames: BTreeMap<String, u64>,
    /// How the connection ended before the run was over: a close code or an error.
    dropped: Option<String>,
}

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

const TAG: &str = r#""text":"lt:"#;
const FILLER: &str = "load test message from cliffhanger: the quick brown fox jumps over the lazy dog while the credits roll and everyone keeps typing about the cliffhanger ";

impl Load {
    fn micros(&self, t: Instant) -> u64 {
        t.saturating_duration_since(self.epoch).as_micros() as u64
    }

    fn due(&self, t0: Instant, seq: u64) -> Instant {
        t0 + Duration::from_secs_f64(seq as f64 / self.rate)
    }

    fn in_schedule(&self, seq: u64) -> bool {
        (seq as f64 / self.rate) < self.duration.as_secs_f64()
    }

    fn messages(&self) -> u64 {
        (0..).take_while(|s| self.in_schedule(*s)).count() as u64
    }

    fn text(&self, seq: u64, due_us: u64) -> String {
        let mut t = format!("lt:{:08x}:{seq}:{due_us}: ", self.run);
        while t.len() < self.text_chars {
            t.push_str(FILLER);
        }
        t.truncate(self.text_chars);
        t.trim_end().to_string()
    }
}

/// (seq, scheduled µs) from a `message` frame of run `run`, if it is one.
fn parse_tag(frame: &str, run: u32) -> Option<(u64, u64)> {
    let rest = &frame[frame.find(TAG)? + TAG.len()..];
    let mut parts = rest.splitn(4, ':');
    let tag = u32::from_str_radix(parts.next()?, 16).ok()?;
    if tag != run {
        return None;
    }
    let seq = parts.next()?.parse().ok()?;
    let due = parts.next()?.parse().ok()?;
    Some((seq, due))
}

/// Scheduled µs from an ack's nonce `{run}-{seq}-{due_us}`.
fn parse_ack(rest: &str, run: u32) -> Option<u64> {
    let nonce = &rest[..rest.find('"')?];
    let mut parts = nonce.split('-');
    let tag = u32::from_str_radix(parts.next()?, 16).ok()?;
    if tag != run {
        return None;
    }
    parts.next()?;
    parts.next()?.parse().ok()
}

impl ClientResult {
    fn frame(&mut self, text: &str, load: &Load, step: Step, counters: &Counters) {
        let now = Instant::now();
        if text.starts_with(r#"{"type":"message""#) {
            let Some((_, due_us)) = parse_tag(text, load.run) else {
                self.foreign += 1;
                return;
            };
            self.latencies.push(load.micros(now).saturating_sub(due_us));
            counters.delivered.fetch_add(1, Ordering::Relaxed);
            if let Step::Run { end, .. } = step {
                if now < end {
                    self.in_window += 1;
                }
            }
        } else if let Some(rest) = text.strip_prefix(r#"{"type":"ack","nonce":""#) {
            if let Some(due_us) = parse_ack(rest, load.run) {
                self.acks += 1;
                self.ack_latencies
                    .push(load.micros(now).saturating_sub(due_us));
            }
        } else if let Some(rest) = text.strip_prefix(r#"{"type":"error","code":""#) {
            let code = rest.split('"').next().unwrap_or("?");
            *self.error_frames.entry(code.to_string()).or_default() += 1;
        }
    }
}

fn describe(e: &tokio_tungstenite::tungstenite::Error) -> String {
    use tokio_tungstenite::tungstenite::Error;
    match e {
        Error::Http(resp) => format!("http {}", resp.status().as_u16()),
        Error::Io(io) => format!("io {:?}", io.kind()),
        Error::ConnectionClosed | Error::AlreadyClosed => "closed".into(),
        Error::Protocol(p) => format!("protocol: {p}"),
        other => {
            let s = other.to_string();
            s.chars().take(60).collect()
        }
    }
}

/// TCP connect, upgrade, and wait for the hello frame.
async fn connect(to: &Endpoint, cookie: Option<&str>) -> Result<Ws, String> {
    let mut req = to
        .ws_url
        .as_str()
        .into_client_request()
        .map_err(|e| format!("request: {e}"))?;
    let headers = req.headers_mut();
    headers.insert(
        "Origin",
        to.origin.parse().map_err(|_| "bad origin".to_string())?,
    );
    if let Some(c) = cookie {
        headers.insert("Cookie", c.parse().map_err(|_| "bad cookie".to_string())?);
    }
    let (mut ws, _) =
        tokio_tungstenite::connect_async_with_config(req, Some(baseline::ws_config()), true)
            .await
            .map_err(|e| describe(&e))?;
    loop {
        match ws.next().await {
            Some(Ok(WsMessage::Text(t))) if t.starts_with(r#"{"type":"hello""#) => return Ok(ws),
            Some(Ok(WsMessage::Close(c))) => {
                return Err(format!(
                    "closed {} before hello",
                    c.map(|c| u16::from(c.code)).unwrap_or(1005)
                ))
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(describe(&e)),
            None => return Err("ended before hello".into()),
        }
    }
}

async fn client(
    i: usize,
    load: Arc<Load>,
    endpoints: Arc<[Endpoint]>,
    counters: Arc<Counters>,
    gate: Arc<Semaphore>,
    mut state: watch::Receiver<Step>,
) -> ClientResult {
    let mut r = ClientResult::default();
    let cookie = load.cookies.get(i).map(String::as_str);
    let sender = i < load.senders && !load.idle;
    let connected = {
        let Ok(_permit) = gate.acquire().await else {
            return r;
        };
        let to = &endpoints[i % endpoints.len()];
        tokio::time::timeout(load.connect_timeout, connect(to, cookie)).await
    };
    let mut ws = match connected {
        Ok(Ok(ws)) => ws,
        Ok(Err(e)) => {
            r.connect_error = Some(e);
            counters.failed.fetch_add(1, Ordering::Relaxed);
            return r;
        }
        Err(_) => {
            r.connect_error = Some("timeout".into());
            counters.failed.fetch_add(1, Ordering::Relaxed);
            return r;
        }
    };
    r.connected = true;
    counters.ready.fetch_add(1, Ordering::Relaxed);
    if sender {
        let per_sender = load.messages().div_ceil(load.senders.max(1) as u64) as usize;
        r.ack_latencies.reserve(per_sender);
    }
    if !load.idle {
        r.latencies.reserve(load.messages() as usize);
    }

    let never = load.epoch + Duration::from_secs(365 * 86_400);
    let mut step = *state.borrow_and_update();
    let mut next_seq: Option<u64> = None;
    loop {
        let due = match (step, next_seq) {
            (Step::Run { t0, .. }, Some(seq)) => Some((t0, seq)),
            _ => None,
        };
        tokio::select! {
            frame = ws.next() => match frame {
                Some(Ok(WsMessage::Text(t))) => r.frame(&t, &load, step, &counters),
                Some(Ok(WsMessage::Close(c))) => {
                    let code = c.map(|c| u16::from(c.code)).unwrap_or(1005);
                    r.dropped = Some(format!("close {code}"));
                    break;
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    r.dropped = Some(describe(&e));
                    break;
                }
                None => {
                    r.dropped = Some("ended".into());
                    break;
                }
            },
            changed = state.changed() => {
                if changed.is_err() {
                    break;
                }
                step = *state.borrow_and_update();
                match step {
                    Step::Run { .. } if sender => {
                        let first = i as u64;
                        next_seq = load.in_schedule(first).then_some(first);
                    }
                    Step::Stop => break,
                    _ => {}
                }
            }
            _ = tokio::time::sleep_until(due.map(|(t0, seq)| load.due(t0, seq)).unwrap_or(never).into()), if due.is_some() => {
                let Some((t0, seq)) = due else { continue };
                let at = load.due(t0, seq);
                r.max_send_lag = r.max_send_lag.max(Instant::now().saturating_duration_since(at));
                let due_us = load.micros(at);
                let frame = json!({
                    "type": "send",
                    "text": load.text(seq, due_us),
                    "nonce": format!("{:08x}-{seq}-{due_us}", load.run),
                })
                .to_string();
                if let Err(e) = ws.send(WsMessage::text(frame)).await {
                    r.dropped = Some(describe(&e));
                    break;
                }
                r.sent += 1;
                counters.sent.fetch_add(1, Ordering::Relaxed);
                let next = seq + load.senders as u64;
                next_seq = load.in_schedule(next).then_some(next);
            }
        }
    }
    if r.dropped.is_some() {
        counters.gone.fetch_add(1, Ordering::Relaxed);
        return r;
    }
    // A polite close; the server has a second to answer it.
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        let _ = ws.close(None).await;
        while let Some(Ok(_)) = ws.next().await {}
    })
    .await;
    r
}

/// Raises this process's open-file limit to at least `want` (the hard limit too, which
/// works as root); returns the soft limit in force.
fn raise_nofile(want: u64) -> u64 {
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit read and write the plain struct passed to them.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) != 0 {
            return 0;
        }
        if rl.rlim_cur < want as libc::rlim_t {
            let raised = libc::rlimit {
                rlim_cur: want as libc::rlim_t,
                rlim_max: rl.rlim_max.max(want as libc::rlim_t),
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) != 0 {
                let soft = libc::rlimit {
                    rlim_cur: rl.rlim_max,
                    rlim_max: rl.rlim_max,
                };
                libc::setrlimit(libc::RLIMIT_NOFILE, &soft);
            }
            libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl);
        }
    }
    rl.rlim_cur
}

fn latency_json(l: &Latency) -> Value {
    json!({
        "p50_ms": r3(l.p50_ms),
        "p90_ms": r3(l.p90_ms),
        "p99_ms": r3(l.p99_ms),
        "max_ms": r3(l.max_ms),
    })
}

fn fmt_latency(l: &Latency) -> String {
    format!(
        "p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        l.p50_ms, l.p90_ms, l.p99_ms, l.max_ms
    )
}

/// Runs the load against one server; prints its lines and returns its JSON figures.
async fn run_phase(
    name: &str,
    load: Arc<Load>,
    endpoints: Vec<Endpoint>,
    server_pid: Option<String>,
) -> anyhow::Result<Value> {
    let counters = Arc::new(Counters::default());
    let gate = Arc::new(Semaphore::new(load.connect_concurrency));
    let (state_tx, state_rx) = watch::channel(Step::Connecting);
    let nodes = endpoints.len();
    let endpoints: Arc<[Endpoint]> = Arc::from(endpoints);
    let pid = server_pid.as_deref();
    let rss_before = pid.and_then(rss_kib);

    let started = Instant::now();
    let tasks: Vec<_> = (0..load.clients)
        .map(|i| {
            tokio::spawn(client(
                i,
                load.clone(),
                endpoints.clone(),
                counters.clone(),
                gate.clone(),
                state_rx.clone(),
            ))
        })
        .collect();
    // Every client either connects or fails within its timeout once it holds a permit.
    let batches = load.clients.div_ceil(load.connect_concurrency) as u32 + 1;
    let connect_deadline = started + load.connect_timeout * batches + Duration::from_secs(5);
    let mut last_print = Instant::now();
    loop {
        let ready = counters.ready.load(Ordering::Relaxed);
        let failed = counters.failed.load(Ordering::Relaxed);
        if ready + failed >= load.clients || Instant::now() > connect_deadline {
            break;
        }
        if last_print.elapsed() >= Duration::from_secs(5) {
            println!(
                "[{name}] connecting: {ready}/{} connected, {failed} failed",
                load.clients
            );
            last_print = Instant::now();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let connect_s = started.elapsed().as_secs_f64();
    let connected = counters.ready.load(Ordering::Relaxed);
    println!(
        "[{name}] connected {connected}/{} clients in {connect_s:.1} s ({} handshakes at a time, {} failed)",
        load.clients,
        load.connect_concurrency,
        counters.failed.load(Ordering::Relaxed)
    );
    tokio::time::sleep(load.settle).await;
    let rss_connected = pid.and_then(rss_kib);

    let cpu0 = pid.and_then(cpu_secs);
    let self_cpu0 = cpu_secs("self");
    let machine0 = MachineCpu::now();
    let window_start = Instant::now();
    if load.idle {
        tokio::time::sleep(load.duration).await;
    } else {
        let t0 = Instant::now() + Duration::from_millis(100);
        let end = t0 + load.duration;
        let _ = state_tx.send(Step::Run { t0, end });
        tokio::time::sleep_until(end.into()).await;
        let drain_until = Instant::now() + load.drain;
        loop {
            let alive = counters.ready.load(Ordering::Relaxed) as u64
                - counters.gone.load(Ordering::Relaxed) as u64;
            let expected = counters.sent.load(Ordering::Relaxed) * alive;
            if counters.delivered.load(Ordering::Relaxed) >= expected
                || Instant::now() >= drain_until
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    let cpu1 = pid.and_then(cpu_secs);
    let self_cpu1 = cpu_secs("self");
    let machine1 = MachineCpu::now();
    let measured_s = window_start.elapsed().as_secs_f64();
    let rss_end = pid.and_then(rss_kib);
    let alive_at_end = counters.ready.load(Ordering::Relaxed) as u64
        - counters.gone.load(Ordering::Relaxed) as u64;
    let _ = state_tx.send(Step::Stop);

    let mut results = Vec::with_capacity(tasks.len());
    for t in tasks {
        results.push(t.await.unwrap_or_default());
    }

    let mut latencies = Vec::new();
    let mut ack_latencies = Vec::new();
    let mut connect_errors: BTreeMap<String, u64> = BTreeMap::new();
    let mut error_frames: BTreeMap<String, u64> = BTreeMap::new();
    let mut dropped: BTreeMap<String, u64> = BTreeMap::new();
    let (mut in_window, mut foreign, mut sent, mut acks) = (0u64, 0u64, 0u64, 0u64);
    let mut max_lag = Duration::ZERO;
    for mut r in results {
        if let Some(e) = r.connect_error.take() {
            *connect_errors.entry(e).or_default() += 1;
        }
        latencies.append(&mut r.latencies);
        ack_latencies.append(&mut r.ack_latencies);
        for (code, n) in r.error_frames {
            *error_frames.entry(code).or_default() += n;
        }
        if let Some(d) = r.dropped {
            *dropped.entry(d).or_default() += 1;
        }
        in_window += r.in_window;
        foreign += r.foreign;
        sent += r.sent;
        acks += r.acks;
        max_lag = max_lag.max(r.max_send_lag);
    }
    let deliveries = latencies.len() as u64;
    let latency = summarize(latencies);
    let ack_latency = summarize(ack_latencies);
    let expected = sent * alive_at_end;
    let lost = expected.saturating_sub(deliveries);
    let per_s = in_window as f64 / load.duration.as_secs_f64();
    let disconnects: u64 = dropped.values().sum();

    if !load.idle {
        println!(
            "[{name}] sent {sent} messages in {} s ({:.1}/s from {} senders), {acks} acked (ack {}), max send lag {:.2} ms",
            load.duration.as_secs(),
            sent as f64 / load.duration.as_secs_f64(),
            load.senders,
            fmt_latency(&ack_latency),
            max_lag.as_secs_f64() * 1000.0,
        );
        println!(
            "[{name}] deliveries {deliveries} ({per_s:.0}/s inside the {} s window; expected {expected}, lost {lost})",
            load.duration.as_secs()
        );
        println!("[{name}] send→receive latency {}", fmt_latency(&latency));
    }
    println!(
        "[{name}] errors: connect {connect_errors:?}, error frames {error_frames:?}, disconnects {disconnects} {dropped:?}, foreign message frames {foreign}"
    );
    let kib_per_conn = |after: Option<u64>| match (rss_before, after) {
        (Some(b), Some(a)) if connected > 0 => Some(r3((a as f64 - b as f64) / connected as f64)),
        _ => None,
    };
    let server_cpu = match (cpu0, cpu1) {
        (Some(a), Some(b)) => Some(r3(b - a)),
        _ => None,
    };
    let self_cpu = match (self_cpu0, self_cpu1) {
        (Some(a), Some(b)) => Some(r3(b - a)),
        _ => None,
    };
    // CPU the rest of the machine used meanwhile (other processes, other benchmarks).
    let machine = machine0.zip(machine1).map(|(a, b)| b.since(a));
    let machine_busy = machine.map(|m| r3(m.busy));
    let machine_total = machine.map(|m| r3(m.total));
    let machine_steal = machine.map(|m| r3(m.steal));
    let others_cpu = machine_busy
        .map(|m| r3((m - server_cpu.unwrap_or(0.0) - self_cpu.unwrap_or(0.0)).max(0.0)));
    if let (Some(m), Some(t), Some(o)) = (machine_busy, machine_total, others_cpu) {
        println!(
            "[{name}] machine: {m:.2} s busy of {t:.2} s CPU ({:.0}%); other processes {o:.2} s ({:.0}% of a core)",
            100.0 * m / t.max(1e-9),
            100.0 * o / measured_s
        );
    }
    if let (Some(b), Some(c), Some(e)) = (rss_before, rss_connected, rss_end) {
        println!(
            "[{name}] server RSS {:.1} MiB before, {:.1} MiB connected ({:.2} KiB per connection), {:.1} MiB at the end ({:.2} KiB per connection)",
            b as f64 / 1024.0,
            c as f64 / 1024.0,
            kib_per_conn(rss_connected).unwrap_or(0.0),
            e as f64 / 1024.0,
            kib_per_conn(rss_end).unwrap_or(0.0),
        );
    }
    println!(
        "[{name}] CPU over the {measured_s:.1} s measured: server {}, load generator {}",
        server_cpu
            .map(|c| format!("{c:.2} s ({:.0}% of a core)", 100.0 * c / measured_s))
            .unwrap_or_else(|| "n/a (no --server-pid)".into()),
        self_cpu
            .map(|c| format!("{c:.2} s ({:.0}% of a core)", 100.0 * c / measured_s))
            .unwrap_or_else(|| "n/a".into()),
    );

    Ok(json!({
        "nodes": nodes,
        "clients": load.clients,
        "connected": connected,
        "connect_s": r3(connect_s),
        "connect_errors": connect_errors,
        "senders": load.senders,
        "rate": load.rate,
        "duration_s": load.duration.as_secs(),
        "sent": sent,
        "acks": acks,
        "ack_latency": latency_json(&ack_latency),
        "max_send_lag_ms": r3(max_lag.as_secs_f64() * 1000.0),
        "deliveries": deliveries,
        "deliveries_in_window": in_window,
        "deliveries_per_s": r3(per_s),
        "expected_deliveries": expected,
        "lost": lost,
        "latency": latency_json(&latency),
        "error_frames": error_frames,
        "disconnects": disconnects,
        "disconnect_reasons": dropped,
        "foreign_message_frames": foreign,
        "server_rss_kib": {
            "before": rss_before,
            "connected": rss_connected,
            "end": rss_end,
        },
        "server_kib_per_connection": kib_per_conn(rss_connected),
        "server_kib_per_connection_end": kib_per_conn(rss_end),
        "server_cpu_s": server_cpu,
        "loadgen_cpu_s": self_cpu,
        "machine_busy_cpu_s": machine_busy,
        "machine_total_cpu_s": machine_total,
        "machine_steal_cpu_s": machine_steal,
        "other_processes_cpu_s": others_cpu,
        "measured_s": r3(measured_s),
    }))
}

/// The same load on one node and split over several: deliveries/s ratio, ack p99 and what
/// the bus adds to send→receive latency.
fn compare_nodes(one: &Value, nodes: &Value) -> Value {
    let f = |v: &Value, path: &[&str]| path.iter().fold(v, |v, k| &v[*k]).as_f64();
    let pair = |path: &[&str]| json!({"one": f(one, path), "nodes": f(nodes, path)});
    let diff = |path: &[&str]| Some(r3(f(nodes, path)? - f(one, path)?));
    let ratio = match (
        f(nodes, &["deliveries_per_s"]),
        f(one, &["deliveries_per_s"]),
    ) {
        (Some(n), Some(o)) if o > 0.0 => Some(r3(n / o)),
        _ => None,
    };
    json!({
        "deliveries_ratio": ratio,
        "deliveries_per_s": pair(&["deliveries_per_s"]),
        "ack_p99_ms": pair(&["ack_latency", "p99_ms"]),
        "p50_ms": pair(&["latency", "p50_ms"]),
        "p99_ms": pair(&["latency", "p99_ms"]),
        "bus_added_p50_ms": diff(&["latency", "p50_ms"]),
        "bus_added_p99_ms": diff(&["latency", "p99_ms"]),
    })
}

/// The `data-room` of the first show's s01e01 live page.
async fn find_room(target: &Target) -> anyhow::Result<String> {
    let client = Client::builder()
        .redirect(redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()?;
    let home = seed::page(&client, &format!("{}/", target.base)).await?;
    let slug = seed::first_show_slug(&home)
        .context("no /shows/{slug} link on the home page (start the server with --demo)")?;
    let live = seed::page(
        &client,
        &format!("{}/shows/{slug}/episodes/s01e01/live", target.base),
    )
    .await?;
    const KEY: &str = r#"data-room=""#;
    let start = live.find(KEY).context("no data-room on the live page")? + KEY.len();
    let len = live[start..].find('"').context("unterminated data-room")?;
    Ok(live[start..start + len].to_string())
}

/// Registers a fresh user through the real form; returns its `Cookie` header.
async fn register(target: &Target, username: &str) -> anyhow::Result<String> {
    let base = &target.base;
    let jar = Arc::new(Jar::default());
    let client = Client::builder()
        .cookie_provider(jar.clone())
        .redirect(redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()?;
    let form = seed::page(&client, &format!("{base}/register")).await?;
    let token = seed::csrf_token(&form).context("no csrf_token on /register")?;
    let password = format!("pw-{:016x}", rand::thread_rng().gen::<u64>());
    seed::post_form(
        &client,
        &format!("{base}/register"),
        &[
            ("username", username),
            ("password", &password),
            ("csrf_token", &token),
        ],
    )
    .await
    .with_context(|| format!("registering {username}"))?;
    let url: url::Url = base.parse()?;
    let cookies = jar
        .cookies(&url)
        .and_then(|v| v.to_str().ok().map(str::to_string))
        .unwrap_or_default();
    if !cookies.contains("ch_session=") {
        bail!("registering {username} set no ch_session cookie (cookies: {cookies:?})");
    }
    Ok(cookies)
}

pub async fn run(args: ChatArgs) -> anyhow::Result<()> {
    if args.baseline_server {
        raise_nofile(65_536);
        return baseline::serve_until_stdin_closes().await;
    }
    let clients = args.clients as usize;
    let senders = if args.idle { 0 } else { args.senders as usize };
    if senders > clients {
        bail!("--senders ({senders}) cannot exceed --clients ({clients})");
    }
    if !args.idle {
        if senders == 0 {
            bail!("--senders must be at least 1 (or use --idle)");
        }
        if !(args.rate > 0.0 && args.rate <= 1000.0) {
            bail!("--rate must be in (0, 1000] messages/s");
        }
        if args.rate / senders as f64 > MAX_RATE_PER_SENDER {
            bail!(
                "--rate {} over {senders} senders is {:.2} messages/s each; the server allows 5 per 5 s per user, so use at least {} senders (R/K ≤ 0.9 leaves room for jitter)",
                args.rate,
                args.rate / senders as f64,
                (args.rate / 0.9).ceil()
            );
        }
    }
    if args.idle && args.baseline {
        bail!("--idle measures the chat server's memory; it has no baseline");
    }

    // One socket per client (the baseline server is a separate process with its own limit).
    let want = clients as u64 + 1024;
    let nofile = raise_nofile(want.max(65_536));
    println!("open-file limit {nofile} (need about {want})");
    if nofile < want {
        bail!("the open-file limit is {nofile} but {want} are needed: raise the hard limit first (`ulimit -n 65536` as root)");
    }

    let urls = if args.targets.is_empty() {
        vec![args.url.clone()]
    } else {
        args.targets.clone()
    };
    if args.compare_nodes && urls.len() < 2 {
        bail!("--compare-nodes needs at least two --target URLs");
    }
    let mut nodes = Vec::with_capacity(urls.len());
    for u in &urls {
        nodes.push(loopback_target(u).await?);
    }
    let target = &nodes[0];
    let room = match &args.room {
        Some(r) => r.clone(),
        None => find_room(target).await?,
    };
    let run: u32 = rand::thread_rng().gen();
    let mut cookies = Vec::with_capacity(senders);
    for i in 0..senders {
        cookies.push(register(target, &format!("chatlt-{run:08x}-{i}")).await?);
    }
    if args.idle {
        println!(
            "target {} room {room}: {clients} anonymous clients held open for {} s without sending",
            target.base, args.duration
        );
    } else {
        println!(
            "target {} room {room}: {clients} clients ({senders} signed-in senders at {} messages/s in total, {:.2}/s each), {} s",
            target.base,
            args.rate,
            args.rate / senders as f64,
            args.duration,
        );
    }

    let load = Arc::new(Load {
        run,
        epoch: Instant::now(),
        cookies,
        clients,
        senders,
        rate: args.rate,
        duration: Duration::from_secs(args.duration),
        idle: args.idle,
        connect_concurrency: args.connect_concurrency as usize,
        connect_timeout: Duration::from_millis(args.connect_timeout_ms),
        settle: Duration::from_secs(args.settle_secs),
        drain: Duration::from_secs(args.drain_secs),
        text_chars: args.text_chars as usize,
    });

    let baseline_figures = if args.baseline {
        let server = baseline::Child::spawn().await?;
        println!(
            "baseline: bare tokio-tungstenite broadcast server on {} (pid {})",
            server.addr, server.pid
        );
        let to = Endpoint {
            ws_url: format!("ws://{}/ws/rooms/{room}", server.addr),
            origin: target.base.clone(),
        };
        let figures = run_phase(
            "baseline",
            load.clone(),
            vec![to],
            Some(server.pid.to_string()),
        )
        .await;
        server.stop().await;
        // Let the closed sockets go before the next phase connects.
        tokio::time::sleep(Duration::from_secs(2)).await;
        Some(figures?)
    } else {
        None
    };

    let endpoint = |t: &Target| Endpoint {
        // As a browser past the spoiler shield joins (signed-in viewers are asked first).
        ws_url: format!(
            "{}/ws/rooms/{room}?reveal=1",
            t.base.replacen("http://", "ws://", 1)
        ),
        origin: t.base.clone(),
    };
    let pid = args.server_pid.map(|p| p.to_string());
    if let Some(p) = &pid {
        if rss_kib(p).is_none() {
            bail!("cannot read /proc/{p}/status: is --server-pid right?");
        }
    }
    let one_node = if args.compare_nodes {
        let figures = run_phase(
            "one node",
            load.clone(),
            vec![endpoint(target)],
            pid.clone(),
        )
        .await?;
        // Let the closed sockets go before the next phase connects.
        tokio::time::sleep(Duration::from_secs(2)).await;
        Some(figures)
    } else {
        None
    };
    let name = match nodes.len() {
        1 => "server".to_string(),
        n => format!("{n} nodes"),
    };
    let server = run_phase(
        &name,
        load.clone(),
        nodes.iter().map(endpoint).collect(),
        pid,
    )
    .await?;
    let bus = one_node.as_ref().map(|one| compare_nodes(one, &server));
    if let Some(b) = &bus {
        println!(
            "{name} / one node deliveries/s: {}; ack p99 {} vs {} ms; send→receive p50 {} vs {} ms: the bus adds {} ms at p50, {} ms at p99",
            b["deliveries_ratio"], b["ack_p99_ms"]["nodes"], b["ack_p99_ms"]["one"],
            b["p50_ms"]["nodes"], b["p50_ms"]["one"], b["bus_added_p50_ms"], b["bus_added_p99_ms"],
        );
    }
    let ratio = baseline_figures.as_ref().and_then(|b| {
        let base = b["deliveries_per_s"].as_f64()?;
        let ours = server["deliveries_per_s"].as_f64()?;
        (base > 0.0).then(|| r3(ours / base))
    });
    if let Some(ratio) = ratio {
        println!(
            "chat server / baseline deliveries/s: {ratio:.3} ({} vs {})",
            server["deliveries_per_s"],
            baseline_figures.as_ref().unwrap()["deliveries_per_s"]
        );
    }
    let summary = json!({
        "loadtest": "chat",
        "url": target.base,
        "room": room,
        "clients": clients,
        "senders": senders,
        "rate": args.rate,
        "duration_s": args.duration,
        "idle": args.idle,
        "text_chars": args.text_chars,
        "baseline": baseline_figures,
        "server": server,
        "deliveries_ratio": ratio,
        "targets": urls,
        "one_node": one_node,
        "bus": bus,
    });
    println!("{summary}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load() -> Load {
        Load {
            run: 0xabcdef01,
            epoch: Instant::now(),
            cookies: Vec::new(),
            clients: 1,
            senders: 12,
            rate: 10.0,
            duration: Duration::from_secs(20),
            idle: false,
            connect_concurrency: 1,
            connect_timeout: Duration::from_secs(1),
            settle: Duration::ZERO,
            drain: Duration::ZERO,
            text_chars: 80,
        }
    }

    #[test]
    fn tags_round_trip_through_the_server_framing() {
        let l = load();
        let text = l.text(42, 123_456);
        assert_eq!(text.chars().count(), 80);
        let m = crate::chat::protocol::Message {
            id: 9,
            user: "ann".into(),
            text,
            at: 1,
            offset_ms: None,
            is_mod: false,
            region: None,
        };
        let frame = crate::chat::protocol::message_json(&m);
        assert_eq!(parse_tag(&frame, l.run), Some((42, 123_456)));
        assert_eq!(parse_tag(&frame, 7), None);
        let ack = crate::chat::protocol::ServerMsg::Ack {
            nonce: "abcdef01-42-123456",
            id: 9,
        }
        .to_json();
        let rest = ack.strip_prefix(r#"{"type":"ack","nonce":""#).unwrap();
        assert_eq!(parse_ack(rest, l.run), Some(123_456));
    }

    #[test]
    fn schedule_covers_the_duration() {
        let l = load();
        assert_eq!(l.messages(), 200);
        let t0 = Instant::now();
        assert_eq!(l.due(t0, 10) - t0, Duration::from_secs(1));
    }

    #[test]
    fn frames_are_counted_by_kind() {
        let l = load();
        let c = Counters::default();
        let mut r = ClientResult::default();
        let err = crate::chat::protocol::error_json("rate_limited", "x", Some(5));
        r.frame(&err, &l, Step::Connecting, &c);
        r.frame(
            r#"{"type":"presence","online":3}"#,
            &l,
            Step::Connecting,
            &c,
        );
        r.frame(
            r#"{"type":"message","id":1,"user":"a","text":"hi","at":1,"offset_ms":null}"#,
            &l,
            Step::Connecting,
            &c,
        );
        assert_eq!(r.error_frames.get("rate_limited"), Some(&1));
        assert_eq!(r.foreign, 1);
        assert!(r.latencies.is_empty());
    }
}
