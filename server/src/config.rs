//! Settings, from the environment.
//!
//! - `OURVOICE_ADDR`: where to listen (default `127.0.0.1:3000`)
//! - `OURVOICE_DATA`: the data folder: SQLite database, media (default `./data`)
//! - `DATABASE_URL`: overrides the database (default SQLite in the data folder)
//! - `OURVOICE_SYMBOLS`: the symbol sets folder (default `assets/symbols`)
//! - `OURVOICE_DEMO_PASSWORD`: the demo users' password (default `try-our-voice`)
//! - `OURVOICE_PUBLIC_URL`: the address people use, for feed links (optional)
//! - `OURVOICE_SECURE_COOKIES`: `true` behind HTTPS (always, when the
//!   public address starts with `https://`)
//! - `OURVOICE_SMTP` (`host:port`) and `OURVOICE_MAIL_FROM`: email
//!   notifications (optional)
//! - `OURVOICE_SECRET_KEY`: 64 hex digits, the key that seals networks'
//!   tokens at rest (default: `secret.key` in the data folder, made with
//!   mode 0600 on first start)
//! - `OURVOICE_PUBLISH_LEASE_SECONDS`: how long a publishing worker holds
//!   a job before another may take it (default 60)
//! - `OURVOICE_TRUSTED_PROXIES`: reverse proxies whose `X-Forwarded-For`
//!   is believed, as addresses or networks (`127.0.0.1, 10.0.0.0/8`;
//!   default none)
//! - `OURVOICE_CLOCK_FILE`: a file of milliseconds to add to the clock
//!   (tests move time forward with it; unset in real use)
//! - `LEPTOS_SITE_ROOT` (default `target/site`), `LEPTOS_HASH_FILES`

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use leptos::config::LeptosOptions;

use crate::storage::Storage;

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub symbols_dir: PathBuf,
    pub demo_password: String,
    pub public_url: Option<String>,
    pub secure_cookies: bool,
    pub leptos: LeptosOptions,
    /// Email for notifications, when set.
    pub mail: Option<crate::mail::MailConfig>,
    /// The key that seals secrets (`OURVOICE_SECRET_KEY`); `None` uses the
    /// key file in the data folder.
    pub secret_key: Option<String>,
    /// How the outbox runs.
    pub publish: crate::publish::PublishConfig,
    /// A file of milliseconds to add to the clock (`OURVOICE_CLOCK_FILE`,
    /// for tests).
    pub clock_file: Option<PathBuf>,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: crate::auth::TrustedProxies,
    /// Where Prometheus metrics are served (`OURVOICE_METRICS_ADDR`); none
    /// when unset. Keep it off the public network.
    pub metrics_addr: Option<SocketAddr>,
    /// Where photos, cards and speech are kept (`OURVOICE_MEDIA`).
    pub media: crate::blobs::MediaSetting,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Config {
    /// Reads the environment.
    pub fn from_env() -> anyhow::Result<Config> {
        let addr: SocketAddr = var("OURVOICE_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .context("OURVOICE_ADDR must look like 127.0.0.1:3000")?;
        let data_dir = PathBuf::from(var("OURVOICE_DATA").unwrap_or_else(|| "./data".into()));
        let database_url = match var("DATABASE_URL") {
            Some(url) => url,
            None => Storage::sqlite_url(&data_dir)?,
        };
        let site_root = var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into());
        let hash_files = var("LEPTOS_HASH_FILES").is_some_and(|v| v == "true");
        Ok(Config {
            addr,
            data_dir,
            database_url,
            symbols_dir: PathBuf::from(
                var("OURVOICE_SYMBOLS").unwrap_or_else(|| "assets/symbols".into()),
            ),
            demo_password: var("OURVOICE_DEMO_PASSWORD").unwrap_or_else(|| "try-our-voice".into()),
            // Cookies go over https only whenever people reach the server
            // through https.
            secure_cookies: var("OURVOICE_SECURE_COOKIES").is_some_and(|v| v == "true")
                || var("OURVOICE_PUBLIC_URL").is_some_and(|url| url.starts_with("https://")),
            public_url: var("OURVOICE_PUBLIC_URL").map(|url| url.trim_end_matches('/').to_string()),
            leptos: leptos_options(&site_root, addr, hash_files),
            mail: crate::mail::MailConfig::from_env()?,
            secret_key: var("OURVOICE_SECRET_KEY"),
            publish: crate::publish::PublishConfig::from_env()?,
            clock_file: var("OURVOICE_CLOCK_FILE").map(PathBuf::from),
            trusted_proxies: crate::auth::TrustedProxies::parse(
                &var("OURVOICE_TRUSTED_PROXIES").unwrap_or_default(),
            )?,
            metrics_addr: var("OURVOICE_METRICS_ADDR")
                .map(|addr| addr.parse())
                .transpose()
                .context("OURVOICE_METRICS_ADDR must look like 127.0.0.1:9100")?,
            media: crate::blobs::MediaSetting::parse(var("OURVOICE_MEDIA").as_deref())?,
        })
    }
}

impl Config {
    /// Servers that share a Postgres database must seal networks' tokens
    /// with one key: a key each kept in its own data folder would leave
    /// every server unable to open what the others sealed.
    pub fn check_shared_key(&self) -> anyhow::Result<()> {
        let postgres = crate::storage::Backend::of(&self.database_url)
            .is_ok_and(|backend| backend == crate::storage::Backend::Postgres);
        anyhow::ensure!(
            !postgres || self.secret_key.is_some(),
            "Our Voice on Postgres needs OURVOICE_SECRET_KEY: 64 hex digits, the same on \
             every server that shares the database, so each server can open the network \
             tokens the others sealed. Make one with: openssl rand -hex 32"
        );
        Ok(())
    }
}

/// Leptos settings for a site folder built by cargo-leptos.
pub fn leptos_options(site_root: &str, addr: SocketAddr, hash_files: bool) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("ourvoice")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .hash_files(hash_files)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(database_url: &str, secret_key: Option<&str>) -> Config {
        let addr: SocketAddr = "127.0.0.1:0".parse().expect("address");
        Config {
            addr,
            data_dir: PathBuf::from("data"),
            database_url: database_url.into(),
            symbols_dir: PathBuf::from("assets/symbols"),
            demo_password: String::new(),
            secure_cookies: false,
            public_url: None,
            leptos: leptos_options("target/site", addr, false),
            mail: None,
            secret_key: secret_key.map(str::to_string),
            publish: crate::publish::PublishConfig::default(),
            clock_file: None,
            trusted_proxies: crate::auth::TrustedProxies::default(),
            metrics_addr: None,
            media: crate::blobs::MediaSetting::Folder,
        }
    }

    #[test]
    fn postgres_needs_the_shared_key_and_sqlite_does_not() {
        let key = "ab".repeat(32);
        let refused = config("postgres://db/ourvoice", None)
            .check_shared_key()
            .expect_err("refused");
        assert!(
            refused.to_string().contains("OURVOICE_SECRET_KEY"),
            "{refused}"
        );
        assert!(config("postgres://db/ourvoice", Some(&key))
            .check_shared_key()
            .is_ok());
        assert!(config("sqlite://data/ourvoice.db", None)
            .check_shared_key()
            .is_ok());
    }
}
