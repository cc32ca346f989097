//! `/welcome/<token>` (a new person chooses their password), and the form
//! pieces the admin pages for accounts and people share: asking before a
//! change that cannot be undone, choosing a role or an account, giving a
//! welcome link, and reloading a list after a change lands.

use leptos::prelude::*;

use leptos_router::hooks::{use_params_map, use_query_map};

use super::check_welcome_link;
use crate::common::{ErrorMessage, Icon, Warning};
use crate::domain::roles::Role;
use crate::domain::running::{AccountView, WelcomeLink, WelcomeState};
use crate::error::AppError;
use crate::read_aloud::Said;
use crate::strings;

/// Counts changes that landed, so lists reload after them only (a refused
/// form keeps what was typed).
pub(crate) fn reload_after<T: Clone + Send + Sync + 'static>(
    results: &[Signal<Option<Result<T, AppError>>>],
) -> RwSignal<u32> {
    let changed = RwSignal::new(0u32);
    let results = results.to_vec();
    Effect::new(move |_| {
        if results.iter().any(|r| matches!(r.get(), Some(Ok(_)))) {
            changed.update(|n| *n += 1);
        }
    });
    changed
}

/// A button that asks one question before it does something for good.
#[component]
pub(crate) fn Ask(
    open: RwSignal<bool>,
    button: &'static str,
    question: &'static str,
    yes: &'static str,
    no: &'static str,
    on_yes: Callback<()>,
) -> impl IntoView {
    view! {
        <Show
            when=move || open.get()
            fallback=move || view! {
                <button type="button" on:click=move |_| open.set(true)>
                    <Icon emoji="⚠️"/>
                    {button}
                </button>
            }
        >
            <div class="message error" role="alert">
                <Icon emoji="❓"/>
                <Said text=question/>
                <button
                    type="button"
                    class="primary"
                    on:click=move |_| {
                        open.set(false);
                        on_yes.run(());
                    }
                >
                    {yes}
                </button>
                <button type="button" on:click=move |_| open.set(false)>{no}</button>
            </div>
        </Show>
    }
}

/// The role choices, as big radio buttons.
#[component]
pub(crate) fn RoleChoice(group: String, role: RwSignal<Role>) -> impl IntoView {
    let roles = [
        (Role::CoProducer, strings::ROLE_CO_PRODUCER),
        (Role::Supporter, strings::ROLE_SUPPORTER),
        (Role::Admin, strings::ROLE_ADMIN),
    ];
    let legend = strings::ROLE;
    view! {
        <fieldset class="choices">
            <legend>{legend}</legend>
            {roles
                .into_iter()
                .map(|(value, words)| {
                    let group = group.clone();
                    view! {
                        <label class="choice">
                            <input
                                type="radio"
                                name=group
                                prop:checked=move || role.get() == value
                                on:change=move |_| role.set(value)
                            />
                            {words}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// The accounts an admin runs, as big radio buttons.
#[component]
pub(crate) fn AccountChoice(
    group: String,
    accounts: Vec<AccountView>,
    chosen: RwSignal<String>,
) -> impl IntoView {
    if chosen.get_untracked().is_empty() {
        if let Some(first) = accounts.iter().find(|a| !a.closed) {
            chosen.set(first.account_id.clone());
        }
    }
    view! {
        <fieldset class="choices">
            <legend>{strings::ACCOUNT}</legend>
            {accounts
                .into_iter()
                .filter(|a| !a.closed)
                .map(|account| {
                    let group = group.clone();
                    let id = account.account_id.clone();
                    let pick = id.clone();
                    view! {
                        <label class="choice">
                            <input
                                type="radio"
                                name=group
                                prop:checked=move || chosen.with(|c| *c == id)
                                on:change=move |_| chosen.set(pick.clone())
                            />
                            {account.name}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// A welcome link to hand over: shown once.
#[component]
pub(crate) fn GiveLink(link: WelcomeLink) -> impl IntoView {
    let label = format!("{} {}", strings::GIVE_LINK_TO, link.display_name);
    let id = format!("link-{}", link.person_id);
    view! {
        <div class="message done link-box" role="status">
            <Icon emoji="🔗"/>
            <label for=id.clone()>{label}</label>
            <input id=id type="text" readonly prop:value=link.link/>
            <Said text=strings::LINK_WORKS_ONCE/>
        </div>
    }
}

#[component]
pub fn WelcomePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let state = crate::common::load(token, check_welcome_link);
    let problem = move || match query.read().get("problem").as_deref() {
        Some("short") => Some(strings::PASSWORD_TOO_SHORT),
        Some("long") => Some(strings::PASSWORD_TOO_LONG),
        _ => None,
    };
    view! {
        <leptos_meta::Title text=strings::WELCOME_TITLE/>
        <h1>{strings::WELCOME_TITLE}</h1>
        {move || problem().map(|text| view! { <Warning icon="⚠️" text/> })}
        <Suspense fallback=|| view! { <p>{strings::LOADING}</p> }>
            {move || Suspend::new(async move {
                match state.await {
                    Ok(WelcomeState::Ready { display_name }) => view! {
                        <p>{format!("{} {display_name}.", strings::WELCOME_HELLO)}</p>
                        <Said text=strings::WELCOME_INTRO/>
                        <form method="post" action="/welcome" class="stack">
                            <input type="hidden" name="token" value=token()/>
                            <label for="new-password">{strings::NEW_PASSWORD}</label>
                            <input
                                id="new-password"
                                name="password"
                                type="password"
                                autocomplete="new-password"
                                minlength="10"
                                required
                            />
                            <button type="submit" class="primary">{strings::SAVE_PASSWORD}</button>
                        </form>
                    }
                        .into_any(),
                    Ok(WelcomeState::Used) => view! { <Warning icon="🔑" text=strings::WELCOME_USED/> }.into_any(),
                    Ok(WelcomeState::Expired) => view! { <Warning icon="⏳" text=strings::WELCOME_EXPIRED/> }.into_any(),
                    Ok(WelcomeState::Unknown) => view! { <Warning icon="⚠️" text=strings::WELCOME_UNKNOWN/> }.into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
