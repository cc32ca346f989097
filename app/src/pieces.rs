//! Parts of a page whose code the browser fetches when they are first
//! needed (the tips, the picture groups, a tile's tools, the card, the
//! photo upload, the take-down question), and the pages themselves (see
//! `lazy_pages!` in `app.rs`).
//!
//! Leptos's `#[lazy]` stops the whole page when such a download fails: a
//! failed download is a panic, and a panic ends the app in the browser.
//! So each piece is split with the split tool's `fallible` option, which
//! turns a failed download into [`PieceMissing`], and [`Piece`] shows what
//! did not come with **Try again**. Everything else on the page keeps
//! working, and nothing written is lost.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;

use crate::common::Icon;
use crate::read_aloud::Said;
use crate::strings;

/// The code of a piece did not arrive (most often, the internet dropped).
/// Asking again fetches it afresh: a failure is not remembered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PieceMissing;

impl From<leptos::wasm_split::SplitLoaderError> for PieceMissing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PieceMissing
    }
}

/// A piece's view, once its code is here.
pub type PieceView = Pin<Box<dyn Future<Output = Result<AnyView, PieceMissing>> + Send>>;

/// How to fetch and draw a piece; called again on **Try again**.
pub type LoadPiece = Arc<dyn Fn() -> PieceView + Send + Sync>;

/// Draws a piece when its code has come. If it does not come, says so in
/// easy read (`missing`: what did not come; then what to do, with a button
/// to hear it) with **Try again**. One component for every piece, so the
/// page carries this code once.
#[component]
pub fn Piece(
    load: LoadPiece,
    missing: &'static str,
    /// Say "Loading" while the code comes (for a piece someone waits on).
    #[prop(optional)]
    loading: bool,
) -> impl IntoView {
    let attempt = RwSignal::new(0u32);
    // Each attempt gets a Suspense of its own, so a new try never waits on
    // the state of the one before.
    move || {
        attempt.track();
        let load = load.clone();
        view! {
            <Suspense fallback=move || loading.then(|| view! { <p>{strings::LOADING}</p> })>
                {move || {
                    let view = load();
                    Suspend::new(async move {
                        match view.await {
                            Ok(view) => view,
                            Err(PieceMissing) => {
                                let again = Callback::new(move |()| attempt.update(|a| *a += 1));
                                view! { <Missing missing again/> }.into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        }
    }
}

/// A page whose code did not come when someone opened it: say so, and
/// load the page afresh on **Try again** (nothing on it was written yet).
#[component]
pub fn PageMissing() -> impl IntoView {
    let again = Callback::new(|()| {
        #[cfg(feature = "hydrate")]
        let _ = window().location().reload();
    });
    view! { <Missing missing=strings::PAGE_MISSING again/> }
}

/// What did not come, and **Try again**.
#[component]
fn Missing(missing: &'static str, again: Callback<()>) -> impl IntoView {
    view! {
        <div class="message error" role="alert">
            <Icon emoji="📶"/>
            <Said text=format!("{missing} {}", strings::CHECK_AND_TRY_AGAIN)/>
            <button type="button" on:click=move |_| again.run(())>
                <Icon emoji="🔄"/>
                {strings::TRY_AGAIN}
            </button>
        </div>
    }
}
