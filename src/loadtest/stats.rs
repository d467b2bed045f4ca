//! Latency samples (microseconds) → percentiles.

#[derive(Debug, Clone, Copy, Default)]
pub struct Latency {
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

/// Nearest-rank percentiles of the samples.
pub fn summarize(mut micros: Vec<u64>) -> Latency {
    if micros.is_empty() {
        return Latency::default();
    }
    micros.sort_unstable();
    let n = micros.len();
    let at = |p: f64| {
        let rank = ((p / 100.0) * n as f64).ceil() as usize;
        micros[rank.clamp(1, n) - 1] as f64 / 1000.0
    };
    Latency {
        p50_ms: at(50.0),
        p90_ms: at(90.0),
        p99_ms: at(99.0),
        max_ms: micros[n - 1] as f64 / 1000.0,
    }
}

/// Rounds to 3 decimals for printing and JSON.
pub fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let l = summarize((1..=100).map(|i| i * 1000).collect());
        assert_eq!(l.p50_ms, 50.0);
        assert_eq!(l.p99_ms, 99.0);
        assert_eq!(l.max_ms, 100.0);
        assert_eq!(summarize(vec![]).max_ms, 0.0);
        assert_eq!(summarize(vec![2500]).p99_ms, 2.5);
    }
}
