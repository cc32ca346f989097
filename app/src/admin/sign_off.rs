//! `/admin/sign-off` (**End-of-day sign-off**): an admin writes the
//! account's closing words once as a post (a supporter approves it like any
//! other) and sets the time it goes out on days the account posted.

use leptos::prelude::*;

use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::common::{DoneMessage, ErrorMessage, Icon, LoadedList};
use crate::error::AppError;
use crate::read_aloud::Said;
use crate::strings;

/// One account's sign-off, for its admins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOffView {
    pub account_id: String,
    pub account_name: String,
    /// When it goes out, "17:00" on the account's clock.
    pub time: String,
    /// The page of the newest sign-off written, if it still waits for a
    /// yes: the composer while a draft, its own page once sent.
    pub waiting_page: Option<String>,
    /// The approved words that go out.
    pub words: Option<String>,
}

#[server(endpoint = "sign-off/list", input = Json)]
pub async fn sign_offs() -> Result<Vec<SignOffView>, AppError> {
    crate::ports::answer(flows::list().await)
}

/// Starts a new sign-off post; answers its id (to open in the composer).
#[server(endpoint = "sign-off/start", input = Json)]
pub async fn start_sign_off(account_id: String) -> Result<String, AppError> {
    crate::ports::answer(flows::start(account_id).await)
}

/// Sets the time ("17:30", on the account's clock) the account's sign-off goes out.
#[server(endpoint = "sign-off/time", input = Json)]
pub async fn set_sign_off_time(account_id: String, time: String) -> Result<(), AppError> {
    crate::ports::answer(flows::set_time(account_id, time).await)
}

#[cfg(feature = "ssr")]
mod flows {
    use super::SignOffView;
    use crate::domain::lifecycle::Status;
    use crate::domain::post::post_text;
    use crate::domain::roles::Role;
    use crate::domain::sign_off::{parse_time, time_text};
    use crate::error::AppError;
    use crate::ports;
    use crate::strings;

    pub async fn list() -> Result<Vec<SignOffView>, AppError> {
        let person = ports::signed_in().await?;
        let store = ports::services()?.store;
        let mut out = Vec::new();
        for membership in person.memberships.iter().filter(|m| m.role == Role::Admin) {
            let record = store.sign_off(&membership.account_id).await?;
            out.push(SignOffView {
                account_id: membership.account_id.clone(),
                account_name: membership.account_name.clone(),
                time: time_text(record.minute),
                // The newest written, unless it is the approved one.
                waiting_page: record
                    .newest
                    .filter(|p| p.status != Status::Approved)
                    .map(|p| crate::posts::post_href(&p.post_id, p.status)),
                words: record.approved.map(|p| post_text(&p.tiles)),
            });
        }
        if out.is_empty() {
            return Err(AppError::NotAllowed);
        }
        Ok(out)
    }

    pub async fn start(account_id: String) -> Result<String, AppError> {
        let person = ports::signed_in().await?;
        person.admin_of(&account_id)?;
        Ok(ports::services()?
            .store
            .start_sign_off(&account_id, &person.person_id)
            .await?)
    }

    pub async fn set_time(account_id: String, time: String) -> Result<(), AppError> {
        let person = ports::signed_in().await?;
        person.admin_of(&account_id)?;
        let minute = parse_time(&time)
            .ok_or_else(|| AppError::BadInput(strings::SIGN_OFF_BAD_TIME.into()))?;
        Ok(ports::services()?
            .store
            .set_sign_off_minute(&account_id, minute, &person.person_id)
            .await?)
    }
}

#[component]
pub fn SignOffPage() -> impl IntoView {
    let start = ServerAction::<StartSignOff>::new();
    let time = ServerAction::<SetSignOffTime>::new();
    // Only a saved time reloads the list: a refused one keeps what was typed.
    let saved = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some(Ok(())) = time.value().get() {
            saved.update(|n| *n += 1);
        }
    });
    let list = crate::common::load(move || saved.get(), |_| sign_offs());
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(post_id)) = start.value().get() {
            navigate(&format!("/posts/{post_id}"), Default::default());
        }
    });
    let message = move || match (start.value().get(), time.value().get()) {
        (Some(Err(error)), _) | (_, Some(Err(error))) => {
            Some(view! { <ErrorMessage error/> }.into_any())
        }
        (_, Some(Ok(()))) => {
            Some(view! { <DoneMessage text=strings::SIGN_OFF_TIME_SAVED/> }.into_any())
        }
        _ => None,
    };
    view! {
        <leptos_meta::Title text=strings::SIGN_OFF_TITLE/>
        <h1>{strings::SIGN_OFF_TITLE}</h1>
        <Said text=strings::SIGN_OFF_INTRO/>
        {message}
        <LoadedList list=list row=move |view| view! { <AccountSignOff view start time/> }/>
    }
}

#[component]
fn AccountSignOff(
    view: SignOffView,
    start: ServerAction<StartSignOff>,
    time: ServerAction<SetSignOffTime>,
) -> impl IntoView {
    let heading = format!("sign-off-{}", view.account_id);
    let labelled_by = heading.clone();
    let field = format!("sign-off-time-{}", view.account_id);
    let account_id = StoredValue::new(view.account_id.clone());
    let chosen = RwSignal::new(view.time.clone());
    let words = match view.words {
        Some(words) => view! {
            <Said text=strings::SIGN_OFF_WORDS/>
            <blockquote><Said text=words/></blockquote>
            <Said text=format!("{} {} {}", strings::SIGN_OFF_GOES_AT, view.time, strings::SIGN_OFF_ON_DAYS)/>
        }
        .into_any(),
        None => view! { <Said text=strings::SIGN_OFF_NONE/> }.into_any(),
    };
    let waiting = view.waiting_page.map(|href| {
        view! {
            <p>
                <Icon emoji="⏳"/>
                <a href=href>{strings::SIGN_OFF_WAITING}</a>
            </p>
        }
    });
    let save_time = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        time.dispatch(SetSignOffTime {
            account_id: account_id.get_value(),
            time: chosen.get_untracked(),
        });
    };
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading>{view.account_name}</h2>
            {words}
            {waiting}
            <button
                type="button"
                class="primary"
                disabled=move || start.pending().get()
                on:click=move |_| {
                    start.dispatch(StartSignOff { account_id: account_id.get_value() });
                }
            >
                <Icon emoji="✍️"/>
                {strings::SIGN_OFF_WRITE}
            </button>
            <form class="stack" aria-label=strings::SIGN_OFF_SAVE_TIME on:submit=save_time>
                <label for=field.clone()>{strings::SIGN_OFF_TIME}</label>
                <input id=field type="time" required bind:value=chosen/>
                <button type="submit" disabled=move || time.pending().get()>
                    <Icon emoji="🕔"/>
                    {strings::SIGN_OFF_SAVE_TIME}
                </button>
            </form>
        </section>
    }
}
