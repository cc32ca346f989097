//! Our Voice, the Leptos app: pages, components and server functions,
//! with the pure domain rules in [`domain`].

pub mod accounts;
pub mod admin;
pub mod app;
pub mod approval;
pub mod boards;
pub mod common;
pub mod composer;
pub mod domain;
pub mod error;
pub mod feed;
pub mod hashtags;
pub mod home;
pub mod notifications;
#[cfg(feature = "ssr")]
pub mod ports;
pub mod posts;
pub mod publishing;
pub mod read_aloud;
pub mod records;
pub mod running;
pub mod signin;
pub mod strings;
pub mod symbols;

pub use app::{shell, App};

/// Starts the app in the browser over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(App);
}
