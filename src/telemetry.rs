//! Logging setup: `RUST_LOG` filters, default `info`.
use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // A second init (tests) is harmless, so its error is ignored.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}
