//! Load generators. `loadtest pages` seeds a 30-post thread and measures the hello-world
//! route and the thread page in one run; it prints a JSON summary as its last line.
mod baseline;
mod chat;
mod http;
mod pages;
mod procfs;
mod seed;
mod stats;

use clap::Subcommand;

pub use chat::ChatArgs;
pub use pages::PagesArgs;

#[derive(Subcommand, Debug)]
pub enum LoadtestKind {
    /// HTTP pages: peak req/s of GET /healthz and of a 30-post thread page (closed loop),
    /// then latency of the thread page at half its peak rate (open loop).
    Pages(PagesArgs),
    /// Live chat: N WebSocket clients in one room, K signed-in senders at R messages/s in
    /// total (open loop); deliveries/s, send→receive latency and errors, optionally against
    /// a bare broadcast server first (--baseline).
    Chat(ChatArgs),
}

pub async fn run(kind: LoadtestKind) -> anyhow::Result<()> {
    match kind {
        LoadtestKind::Pages(args) => pages::run(args).await,
        LoadtestKind::Chat(args) => chat::run(args).await,
    }
}
