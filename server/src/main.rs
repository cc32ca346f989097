//! `ourvoice`: the server and its command-line tools.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    ourvoice::cli::main().await
}
