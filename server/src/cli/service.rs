//! The commands that run a service: start it, set it up, back it up and
//! restore it, and look after its outbox.

use std::path::Path;

use serde_json::json;

use super::tools::print_json;
use crate::{Config, Server};

pub(super) async fn storage() -> anyhow::Result<crate::storage::Storage> {
    let config = crate::config::Config::from_env()?;
    Ok(crate::storage::Storage::connect(&config.database_url)
        .await?
        .with_clock(server_clock(&config)))
}

/// The server's clock, moved as the running server's is.
pub(super) fn server_clock(
    config: &crate::config::Config,
) -> std::sync::Arc<dyn app::ports::Clock> {
    std::sync::Arc::new(crate::clock::ServerClock::new(config.clock_file.clone()))
}

pub(super) async fn publish_status(as_json: bool, limit: u32) -> anyhow::Result<()> {
    let lines = storage().await?.job_lines(limit).await?;
    if as_json {
        return print_json(&json!({ "jobs": lines }));
    }
    println!(
        "{:<36}  {:<36}  {:<8}  {:<7}  {:>5}  WHERE / LAST ERROR",
        "JOB", "POST", "NETWORK", "STATE", "TRIES"
    );
    for line in &lines {
        let detail = line
            .remote_url
            .as_deref()
            .or(line.last_error.as_deref())
            .unwrap_or("");
        println!(
            "{:<36}  {:<36}  {:<8}  {:<7}  {:>5}  {detail}",
            line.job_id, line.post_id, line.network, line.state, line.attempts
        );
    }
    let mut counts = std::collections::BTreeMap::new();
    for line in &lines {
        *counts.entry(line.state.as_str()).or_insert(0) += 1;
    }
    let summary: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {s}")).collect();
    println!("{} jobs: {}", lines.len(), summary.join(", "));
    Ok(())
}

pub(super) async fn retry(job: &str) -> anyhow::Result<()> {
    let retried = storage().await?.retry_job(job).await?;
    anyhow::ensure!(
        retried,
        "No waiting or failed job {job}. See `ourvoice publish-status`."
    );
    println!("Job {job} will be tried again now.");
    Ok(())
}

/// What `ourvoice init` was given.
pub(super) struct FirstStartArgs {
    pub(super) organisation: String,
    pub(super) account: String,
    pub(super) help_url: String,
    pub(super) admin: String,
    pub(super) admin_name: Option<String>,
    pub(super) time_zone: String,
}

pub(super) async fn init(args: FirstStartArgs) -> anyhow::Result<()> {
    use app::domain::running;
    use app::running::flows::{new_account, time_zone};
    let config = Config::from_env()?;
    let why =
        |refusal: running::Refusal| anyhow::anyhow!("{}", app::running::flows::refused(refusal));
    let organisation = running::name(&args.organisation).map_err(why)?;
    let account = new_account(&args.account, &args.help_url, &args.time_zone).map_err(why)?;
    time_zone(&args.time_zone).map_err(why)?;
    let admin_user_name = running::user_name(&args.admin).map_err(why)?;
    let admin_name =
        running::name(args.admin_name.as_deref().unwrap_or(&admin_user_name)).map_err(why)?;
    let clock = server_clock(&config);
    let storage = crate::storage::Storage::connect(&config.database_url)
        .await?
        .with_clock(clock.clone());
    let first = crate::storage::running::FirstStart {
        organisation: &organisation,
        account: &account,
        admin_user_name: &admin_user_name,
        admin_name: &admin_name,
    };
    let expires_at = clock.now_ms() + running::WELCOME_LINK_MS;
    let token = storage.first_start(&first, expires_at).await?;
    let base = match &config.public_url {
        Some(url) => url.clone(),
        None => format!("http://{}", config.addr),
    };
    println!(
        "Our Voice is set up for {organisation}, with the account \"{}\".",
        account.name
    );
    println!("Give this link to {admin_name} ({admin_user_name}). It works once, for 24 hours:");
    println!("{base}/welcome/{token}");
    if config.public_url.is_none() {
        eprintln!("Set OURVOICE_PUBLIC_URL to the address people use; this link uses {base}.");
    }
    Ok(())
}

pub(super) async fn backup(dir: &Path) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let copied = crate::backup::backup(&config, dir).await?;
    println!(
        "Backed up into {}: {} files, {} bytes. See SEALING-KEY.txt there.",
        dir.display(),
        copied.files,
        copied.bytes
    );
    Ok(())
}

pub(super) async fn restore(dir: &Path, replace: bool) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let copied = crate::backup::restore(&config, dir, replace).await?;
    println!(
        "Restored into {}: {} files, {} bytes. Start the server again.",
        config.data_dir.display(),
        copied.files,
        copied.bytes
    );
    Ok(())
}

pub(super) async fn serve(demo: bool) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    anyhow::ensure!(
        demo || config.public_url.is_some(),
        "Set OURVOICE_PUBLIC_URL to the address people use, like https://ourvoice.example.org \
         (only `serve --demo` runs without it). See docs/DEPLOY.md."
    );
    let server = Server::build(config, demo).await?;
    tracing::info!("Our Voice is listening on http://{}", server.local_addr());
    server.run_until(shutdown_signal()).await
}

/// Ctrl-C or SIGTERM.
pub(super) async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "Failed to listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "Failed to listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
