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
pub mod pieces;
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
    use leptos::prelude::*;

    console_error_panic_hook::set_once();
    // The same choice as the server's (`app::shell`): a composer opened
    // from its address starts without the router; every other page first
    // fetches its own piece and the router's.
    let path = window().location().pathname().unwrap_or_default();
    match app::composer_post_id(&path) {
        Some(post_id) => leptos::mount::hydrate_body(move || view! { <app::ComposerApp post_id/> }),
        None => wasm_bindgen_futures::spawn_local(async move {
            // The page's own piece first (the server named it, so it is
            // already on its way): if it or the router does not come, the
            // page stays as the server sent it and says so.
            if app::preload_page(&path).await.is_err() || app::start_router().await.is_err() {
                app::say_page_missing();
            }
        }),
    }
}

/// Room for the WASM split to lay the read-only data out again.
///
/// `cargo leptos build --split` moves each page's data into that page's
/// piece and pads every piece's share for alignment. If the padded layout
/// comes out longer than the data as linked, the split tool gives up and
/// puts *all* of it in the main WASM: then the composer downloads the words
/// of every page (about 29 KB more with brotli). Nothing uses these bytes,
/// so no piece carries them; they only make the linked data longer than
/// any padded layout. See docs/PERFORMANCE.md, "Where the split puts data".
#[cfg(all(feature = "hydrate", target_arch = "wasm32"))]
#[used]
static SPLIT_DATA_ROOM: [u8; 8192] = [0xA5; 8192];
