//! Thin binary: parse the command line and hand over to the library.
use clap::Parser;

fn main() -> std::process::ExitCode {
    cliffhanger::memory::limit_malloc_arenas();
    let cli = cliffhanger::cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        cliffhanger::telemetry::init();
        match cliffhanger::cli::run(cli).await {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                std::process::ExitCode::FAILURE
            }
        }
    })
}
