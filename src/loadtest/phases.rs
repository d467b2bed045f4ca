//! The measured request loops of `loadtest pages`: closed loop (peak rate) and open loop
//! (latency at a fixed rate, from each request's scheduled time), with the CPU time the
//! server, the generator and the machine spent meanwhile.
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::bail;

use super::http::{get_request, Conn, Target};
use super::procfs::{cpu_secs, MachineCpu};
use super::stats::{summarize, Latency};

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
pub(super) struct Phase {
    /// Responses completed inside the measured window.
    pub(super) ok: usize,
    pub(super) errors: usize,
    pub(super) rps: f64,
    /// Closed loop: send → response. Open loop: scheduled time → response.
    pub(super) latency: Latency,
    /// Open loop only: send → response (service time without schedule lag).
    pub(super) service: Latency,
    /// Open loop only: largest delay between a scheduled time and the actual send, in ms.
    pub(super) max_send_lag_ms: f64,
    /// Open loop only: the same, counting only sends whose connection was idle at the due
    /// time, so the delay is the load generator's own (timer or scheduling), not the server's.
    pub(super) max_generator_lag_ms: f64,
    /// CPU µs per completed request over the whole phase (warm-up included).
    pub(super) server_cpu_us: Option<f64>,
    pub(super) generator_cpu_us: Option<f64>,
    /// CPU time the hypervisor took from this machine during the phase, in ms.
    pub(super) steal_ms: Option<f64>,
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
pub(super) async fn closed_loop(
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
pub(super) async fn open_loop(
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
pub(super) async fn with_cpu(
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
pub(super) async fn wait_for_server(target: &Target, patience: Duration) -> anyhow::Result<()> {
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

pub(super) fn line(name: &str, p: &Phase) {
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
