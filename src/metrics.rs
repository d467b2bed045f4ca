//! The process's Prometheus series, served as text by `GET /metrics`.
//!
//! Each `Application` owns one `Metrics` with its own `prometheus::Registry` rather than a
//! global recorder: the tests start many servers in one process, and each must count only
//! its own traffic, so a test can assert exact values instead of deltas polluted by its
//! neighbours. The handle is passed to what counts (the HTTP middleware, the chat hub and
//! its rooms and sessions, the login handlers); gauges that need a query or a lock are set
//! by the `/metrics` handler just before it renders.
use std::sync::Arc;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};

/// Every series of the site; names follow Prometheus conventions (`_total` for counters,
/// base units such as seconds in the name).
pub struct Metrics {
    registry: Registry,
    /// Requests by method, route pattern (never the raw path) and status.
    pub http_requests: IntCounterVec,
    /// Request latency by method and route pattern.
    pub http_duration: HistogramVec,
    pub websockets_open: IntGauge,
    pub chat_rooms_running: IntGauge,
    /// Chat messages accepted: stored and broadcast.
    pub chat_messages_in: IntCounter,
    /// Text frames written to chat sockets (messages, acks, presence, errors, resume pages).
    pub chat_frames_out: IntCounter,
    /// Sockets closed 4008 because their client stopped reading.
    pub chat_slow_disconnects: IntCounter,
    pub search_outbox_rows: IntGauge,
    pub search_indexing_lag: prometheus::Gauge,
    /// 1 on the node that drains the search outbox now, else 0: one per cluster.
    pub search_indexer_active: IntGauge,
    /// Open database connections by state (`idle`, `in_use`).
    pub db_pool_connections: IntGaugeVec,
    pub db_pool_max: IntGauge,
    /// Logins answered 429 by the login limiter, by `reason` (`ip`, `account`).
    pub login_throttled: IntCounterVec,
    /// Sign-ups refused, by `reason` (`ip_limit`, `invalid`, `name_taken`).
    pub signups_refused: IntCounterVec,
}

/// Route label of a request that matched no route (the 404 page): one series for every
/// unknown path, so scanners cannot blow up the series count.
pub const UNMATCHED_ROUTE: &str = "unmatched";

fn counter(registry: &Registry, name: &str, help: &str) -> IntCounter {
    let c = IntCounter::new(name, help).expect("valid metric name");
    registry.register(Box::new(c.clone())).expect("unique name");
    c
}

fn counter_vec(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> IntCounterVec {
    let c = IntCounterVec::new(Opts::new(name, help), labels).expect("valid metric name");
    registry.register(Box::new(c.clone())).expect("unique name");
    c
}

fn gauge(registry: &Registry, name: &str, help: &str) -> IntGauge {
    let g = IntGauge::new(name, help).expect("valid metric name");
    registry.register(Box::new(g.clone())).expect("unique name");
    g
}

impl Metrics {
    /// A fresh registry with every series registered. The names are constants, so the
    /// `expect`s can only fail on a programming error, which every test run would show.
    pub fn new() -> Arc<Metrics> {
        let r = Registry::new();
        let http_duration = HistogramVec::new(
            HistogramOpts::new(
                "cliffhanger_http_request_duration_seconds",
                "Time from a request's arrival to its response head, by method and route pattern.",
            ),
            &["method", "route"],
        )
        .expect("valid metric name");
        r.register(Box::new(http_duration.clone()))
            .expect("unique name");
        let search_indexing_lag = prometheus::Gauge::new(
            "cliffhanger_search_indexing_lag_seconds",
            "Age of the oldest row waiting in the search outbox (0 when it is empty).",
        )
        .expect("valid metric name");
        r.register(Box::new(search_indexing_lag.clone()))
            .expect("unique name");
        let m = Metrics {
            http_requests: counter_vec(
                &r,
                "cliffhanger_http_requests_total",
                "HTTP requests answered, by method, route pattern and status.",
                &["method", "route", "status"],
            ),
            http_duration,
            websockets_open: gauge(
                &r,
                "cliffhanger_websockets_open",
                "Chat WebSockets open in this process.",
            ),
            chat_rooms_running: gauge(
                &r,
                "cliffhanger_chat_rooms_running",
                "Live chat rooms with a running task in this process.",
            ),
            chat_messages_in: counter(
                &r,
                "cliffhanger_chat_messages_in_total",
                "Chat messages accepted (stored and broadcast).",
            ),
            chat_frames_out: counter(
                &r,
                "cliffhanger_chat_frames_out_total",
                "Text frames written to chat sockets.",
            ),
            chat_slow_disconnects: counter(
                &r,
                "cliffhanger_chat_slow_disconnects_total",
                "Chat sockets closed 4008 because the client stopped reading.",
            ),
            search_outbox_rows: gauge(
                &r,
                "cliffhanger_search_outbox_rows",
                "Rows waiting in the search outbox.",
            ),
            search_indexing_lag,
            search_indexer_active: gauge(
                &r,
                "cliffhanger_search_indexer_active",
                "1 while this node drains the search outbox (one node of a cluster at a time).",
            ),
            db_pool_connections: {
                let g = IntGaugeVec::new(
                    Opts::new(
                        "cliffhanger_db_pool_connections",
                        "Open database connections of this process, by state (idle, in_use).",
                    ),
                    &["state"],
                )
                .expect("valid metric name");
                r.register(Box::new(g.clone())).expect("unique name");
                g
            },
            db_pool_max: gauge(
                &r,
                "cliffhanger_db_pool_max_connections",
                "Most database connections the pool opens.",
            ),
            login_throttled: counter_vec(
                &r,
                "cliffhanger_login_throttled_total",
                "Logins answered 429 by the login limiter, by reason (ip, account).",
                &["reason"],
            ),
            signups_refused: counter_vec(
                &r,
                "cliffhanger_signups_refused_total",
                "Sign-ups refused, by reason (ip_limit, invalid, name_taken).",
                &["reason"],
            ),
            registry: r,
        };
        // Labelled series show from the first scrape, at 0, so a rate() over them has a
        // start and a dashboard tells "none yet" from "not exported".
        for reason in ["ip", "account"] {
            m.login_throttled.with_label_values(&[reason]);
        }
        for reason in ["ip_limit", "invalid", "name_taken"] {
            m.signups_refused.with_label_values(&[reason]);
        }
        for state in ["idle", "in_use"] {
            m.db_pool_connections.with_label_values(&[state]);
        }
        Arc::new(m)
    }

    /// Counts one answered request: `route` is the matched pattern or `UNMATCHED_ROUTE`.
    pub fn observe_request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let method = known_method(method);
        let status = status.to_string();
        self.http_requests
            .with_label_values(&[method, route, status.as_str()])
            .inc();
        self.http_duration
            .with_label_values(&[method, route])
            .observe(seconds);
    }

    /// The Prometheus text exposition (format 0.0.4) of every series.
    pub fn render(&self) -> Result<String, prometheus::Error> {
        let mut out = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut out)?;
        String::from_utf8(out).map_err(|e| prometheus::Error::Msg(e.to_string()))
    }
}

/// The content type of `render`'s output (`prometheus::TEXT_FORMAT` with its charset).
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// A method outside the standard set becomes `other`: clients may send any token there.
fn known_method(method: &str) -> &'static str {
    const KNOWN: [&str; 9] = [
        "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE",
    ];
    KNOWN.into_iter().find(|m| *m == method).unwrap_or("other")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_registry_counts_alone() {
        let a = Metrics::new();
        let b = Metrics::new();
        a.observe_request("GET", "/threads/{id}", 200, 0.01);
        let a_text = a.render().unwrap();
        let b_text = b.render().unwrap();
        assert!(
            a_text.contains(
                r#"cliffhanger_http_requests_total{method="GET",route="/threads/{id}",status="200"} 1"#
            ),
            "{a_text}"
        );
        assert!(!b_text.contains("/threads/{id}"), "{b_text}");
    }

    #[test]
    fn odd_methods_share_one_label() {
        let m = Metrics::new();
        m.observe_request("BREW", UNMATCHED_ROUTE, 404, 0.0);
        m.observe_request("PROPFIND", UNMATCHED_ROUTE, 404, 0.0);
        let text = m.render().unwrap();
        assert!(
            text.contains(
                r#"cliffhanger_http_requests_total{method="other",route="unmatched",status="404"} 2"#
            ),
            "{text}"
        );
        assert!(!text.contains("BREW"));
    }

    #[test]
    fn labelled_counters_start_at_zero() {
        let text = Metrics::new().render().unwrap();
        assert!(text.contains(r#"cliffhanger_login_throttled_total{reason="account"} 0"#));
        assert!(text.contains(r#"cliffhanger_signups_refused_total{reason="ip_limit"} 0"#));
    }
}
