//! Small pieces every page uses.

use leptos::prelude::*;

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
