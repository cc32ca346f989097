//! The Our Voice server: configuration, storage, sign-in, symbols, the
//! public feed and the HTTP stack around the Leptos app.

pub mod auth;
pub mod backup;
pub mod blobs;
pub mod card;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod export;
pub mod feed;
pub mod files;
pub mod headers;
pub mod http;
pub mod mail;
pub mod media;
pub mod metrics;
pub mod publish;
pub mod reply;
pub mod speech;
pub mod storage;
pub mod symbols;

pub use config::Config;
pub use http::Server;
