//! Load generators and the community seeder. `loadtest pages` seeds a 30-post thread (or
//! takes a list of pages) and measures them beside the hello-world route in one run;
//! `loadtest writes` measures replies/s; `loadtest seed` fills a database in bulk. Each
//! prints a JSON summary as its last line.
mod baseline;
mod chat;
mod community;
mod http;
mod pages;
mod pages_list;
mod phases;
mod procfs;
mod seed;
mod stats;
mod writes;
mod writes_raw;

use clap::Subcommand;

pub use chat::ChatArgs;
pub use community::{seed as seed_community, SeedArgs, Seeded};
pub use pages::PagesArgs;
pub use writes::WritesArgs;

#[derive(Subcommand, Debug)]
pub enum LoadtestKind {
    /// HTTP pages: peak req/s of GET /healthz and of a 30-post thread page (closed loop),
    /// then latency of the thread page at half its peak rate (open loop).
    Pages(PagesArgs),
    /// Live chat: N WebSocket clients in one room, K signed-in senders at R messages/s in
    /// total (open loop); deliveries/s, send→receive latency and errors, optionally against
    /// a bare broadcast server first (--baseline).
    Chat(ChatArgs),
    /// Fill an empty database (the one `serve` would open: --data-dir or --database-url)
    /// with a big community in bulk; prints the pages worth measuring.
    Seed(SeedArgs),
    /// Replies/s of N signed-in writers over HTTP, against a raw SQLite insert loop with the
    /// same durability in the same run (ratio HTTP/raw).
    Writes(WritesArgs),
}

pub async fn run(kind: LoadtestKind) -> anyhow::Result<()> {
    match kind {
        LoadtestKind::Pages(args) => pages::run(args).await,
        LoadtestKind::Chat(args) => chat::run(args).await,
        LoadtestKind::Seed(args) => community::run(args).await,
        LoadtestKind::Writes(args) => writes::run(args).await,
    }
}
