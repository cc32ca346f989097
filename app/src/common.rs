//! Small pieces every page uses.

use leptos::prelude::*;

use crate::accounts::{may_open, Need};
use crate::error::AppError;
use crate::posts::ReadAloudButton;
use crate::read_aloud::SpokenWords;

/// An error, said plainly, with a button to hear it.
#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    let text = error.to_string();
    view! {
        <div class="message error" role="alert">
            <span aria-hidden="true" class="icon">"⚠️"</span>
            <p><SpokenWords text=text.clone()/></p>
            <ReadAloudButton text/>
        </div>
    }
}

/// A message that something worked, with a button to hear it.
#[component]
pub fn DoneMessage(#[prop(into)] text: String) -> impl IntoView {
    view! {
        <div class="message done" role="status">
            <span aria-hidden="true" class="icon">"✅"</span>
            <p><SpokenWords text=text.clone()/></p>
            <ReadAloudButton text/>
        </div>
    }
}

/// Shows its children only to people who may open the page; others see
/// why not (and the page answers 401 or 403).
#[component]
pub fn Gate(need: Need, children: ChildrenFn) -> impl IntoView {
    let allowed = Resource::new(move || need, may_open);
    view! {
        <Suspense fallback=|| view! { <p>{crate::strings::LOADING}</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match allowed.await {
                        Ok(()) => children().into_any(),
                        Err(error) => view! { <ErrorMessage error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
