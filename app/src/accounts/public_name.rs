//! The name an author chooses to show on the public feed. With none, the
//! feed says "A member of <account>".

use leptos::prelude::*;

use leptos::server_fn::codec::Json;

use crate::common::{DoneMessage, ErrorMessage, Icon};
use crate::error::AppError;
use crate::read_aloud::Said;
use crate::strings;

/// The signed-in person's public name, if they chose one.
#[server(endpoint = "me/public-name", input = Json)]
pub async fn my_public_name() -> Result<Option<String>, AppError> {
    crate::ports::answer(
        async {
            let me = crate::ports::signed_in().await?;
            Ok(crate::ports::services()?
                .store
                .public_name(&me.person_id)
                .await?)
        }
        .await,
    )
}

/// Sets the signed-in person's public name; empty words show no name.
/// Only the person themself chooses it.
#[server(endpoint = "me/set-public-name", input = Json)]
pub async fn set_my_public_name(name: String) -> Result<Option<String>, AppError> {
    crate::ports::answer(
        async move {
            use crate::domain::running::{public_name, Refusal};
            let me = crate::ports::signed_in().await?;
            let name = public_name(&name).map_err(|refusal| {
                AppError::BadInput(
                    match refusal {
                        Refusal::NameTooLong => strings::PUBLIC_NAME_TOO_LONG,
                        _ => strings::PUBLIC_NAME_PRIVATE,
                    }
                    .into(),
                )
            })?;
            crate::ports::services()?
                .store
                .set_public_name(&me.person_id, name.as_deref())
                .await?;
            tracing::info!(person = %me.person_id, shown = name.is_some(), "public name set");
            Ok(name)
        }
        .await,
    )
}

/// "My name on the feed": what the feed shows now, a box for a name, and
/// **Show this name** or **Show no name**.
#[component]
pub fn PublicNameCard(account_name: String) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let save = Action::new(move |name: &String| set_my_public_name(name.clone()));
    let current = LocalResource::new(move || {
        save.version().get();
        my_public_name()
    });
    Effect::new(move |_| {
        if let Some(Ok(name)) = current.get() {
            typed.set(name.unwrap_or_default());
        }
    });
    let account = StoredValue::new(account_name);
    let shown = move || match current.get() {
        Some(Ok(name)) => {
            let words = if name.is_some() {
                strings::PUBLIC_NAME_SHOWN
            } else {
                strings::PUBLIC_NAME_NONE
            };
            let byline = account.with_value(|a| crate::feed::byline(a, name.as_deref()));
            Some(view! { <p>{words} " " <strong>{byline}</strong></p> })
        }
        _ => None,
    };
    view! {
        <section class="card" aria-labelledby="public-name">
            <h2 id="public-name">
                <Icon emoji="🏷️"/>
                " "
                {strings::PUBLIC_NAME_TITLE}
            </h2>
            <Said text=strings::PUBLIC_NAME_INTRO/>
            {shown}
            <label for="public-name-box">{strings::PUBLIC_NAME_LABEL}</label>
            <input
                id="public-name-box"
                type="text"
                maxlength=crate::domain::running::MAX_PUBLIC_NAME_CHARS
                autocomplete="nickname"
                prop:value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev))
            />
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    disabled=move || save.pending().get() || typed.with(|t| t.trim().is_empty())
                    on:click=move |_| { save.dispatch(typed.get_untracked()); }
                >
                    {strings::SAVE_PUBLIC_NAME}
                </button>
                <button
                    type="button"
                    disabled=move || save.pending().get()
                    on:click=move |_| {
                        typed.set(String::new());
                        save.dispatch(String::new());
                    }
                >
                    {strings::NO_PUBLIC_NAME}
                </button>
            </div>
            {move || match save.value().get() {
                Some(Ok(_)) => Some(view! { <DoneMessage text=strings::PUBLIC_NAME_SAVED/> }.into_any()),
                Some(Err(error)) => Some(view! { <ErrorMessage error/> }.into_any()),
                None => None,
            }}
        </section>
    }
}
