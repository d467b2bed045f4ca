//! Thin binary: parse the command line and hand over to the library.
use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = cliffhanger::cli::Cli::parse();
    cliffhanger::telemetry::init();
    match cliffhanger::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
