//! Load generators (filled in by the loadtest work).
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum LoadtestKind {}

pub async fn run(kind: LoadtestKind) -> anyhow::Result<()> {
    match kind {}
}
