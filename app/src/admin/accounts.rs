//! `/admin/accounts` (**Service accounts**): an admin's organisations and
//! their accounts: add one, change its name, help link and time zone, or
//! close it.

use leptos::prelude::*;

use crate::common::{outcome, Icon, LoadedList};
use crate::domain::running::{AccountView, OrganisationView, DEFAULT_TIME_ZONE};
use crate::read_aloud::Said;
use crate::running::page::{reload_after, Ask};
use crate::running::{service_accounts, AddAccount, ChangeAccount, CloseAccount};
use crate::strings;

/// Time zones offered first (any IANA name may be typed).
const ZONES: [&str; 6] = [
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Atlantic/Reykjavik",
    "America/New_York",
    "Australia/Sydney",
];

#[component]
pub fn AccountsPage() -> impl IntoView {
    let add = ServerAction::<AddAccount>::new();
    let change = ServerAction::<ChangeAccount>::new();
    let close = ServerAction::<CloseAccount>::new();
    let added = Signal::derive(move || add.value().get().map(|r| r.map(|_| ())));
    let changed = reload_after(&[
        added,
        Signal::derive(move || change.value().get()),
        Signal::derive(move || close.value().get()),
    ]);
    let list = crate::common::load(move || changed.get(), |_| service_accounts());
    let last = RwSignal::new("");
    Effect::new(move |_| {
        if add.value().get().is_some() {
            last.set("add");
        }
    });
    Effect::new(move |_| {
        if change.value().get().is_some() {
            last.set("change");
        }
    });
    Effect::new(move |_| {
        if close.value().get().is_some() {
            last.set("close");
        }
    });
    let message = move || match last.get() {
        "add" => outcome(add.value().get().map(|r| r.map(|_| strings::ACCOUNT_ADDED))),
        "change" => outcome(
            change
                .value()
                .get()
                .map(|r| r.map(|()| strings::ACCOUNT_SAVED)),
        ),
        "close" => outcome(
            close
                .value()
                .get()
                .map(|r| r.map(|()| strings::ACCOUNT_CLOSED)),
        ),
        _ => None,
    };
    view! {
        <leptos_meta::Title text=strings::ACCOUNTS_TITLE/>
        <h1>{strings::ACCOUNTS_TITLE}</h1>
        <Said text=strings::ACCOUNTS_INTRO/>
        {message}
        <LoadedList list=list row=move |organisation| view! { <Organisation organisation add change close/> }/>
    }
}

#[component]
pub(super) fn Organisation(
    organisation: OrganisationView,
    add: ServerAction<AddAccount>,
    change: ServerAction<ChangeAccount>,
    close: ServerAction<CloseAccount>,
) -> impl IntoView {
    let organisation_id = StoredValue::new(organisation.organisation_id.clone());
    let id = |what: &str| format!("{what}-{}", organisation.organisation_id);
    let (name_id, help_id, zone_id) = (id("name"), id("help"), id("zone"));
    let heading = id("organisation");
    let labelled_by = heading.clone();
    let add_heading = id("add-account");
    let add_labelled_by = add_heading.clone();
    let (name, help, zone) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(DEFAULT_TIME_ZONE.to_string()),
    );
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading>{organisation.name}</h2>
            <ul class="plain-list">
                {organisation
                    .accounts
                    .into_iter()
                    .map(|account| view! { <li><Account account change close/></li> })
                    .collect_view()}
            </ul>
            <section aria-labelledby=add_labelled_by>
                <h3 id=add_heading>{strings::ADD_ACCOUNT}</h3>
                <AccountFields name help zone ids=(name_id, help_id, zone_id)/>
                <button
                    type="button"
                    class="primary"
                    disabled=move || add.pending().get()
                    on:click=move |_| {
                        add.dispatch(AddAccount {
                            organisation_id: organisation_id.get_value(),
                            name: name.get_untracked(),
                            help_url: help.get_untracked(),
                            time_zone: Some(zone.get_untracked()),
                        });
                    }
                >
                    <Icon emoji="➕"/>
                    {strings::ADD_THIS_ACCOUNT}
                </button>
            </section>
        </section>
    }
}

/// Name, Help link and Time zone boxes.
#[component]
pub(super) fn AccountFields(
    name: RwSignal<String>,
    help: RwSignal<String>,
    zone: RwSignal<String>,
    ids: (String, String, String),
) -> impl IntoView {
    let (name_id, help_id, zone_id) = ids;
    let zones_id = format!("{zone_id}-list");
    view! {
        <div class="stack">
            <label for=name_id.clone()>{strings::ACCOUNT_NAME}</label>
            <input id=name_id type="text" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
            <label for=help_id.clone()>{strings::HELP_LINK}</label>
            <input
                id=help_id
                type="url"
                inputmode="url"
                prop:value=help
                on:input=move |ev| help.set(event_target_value(&ev))
            />
            <label for=zone_id.clone()>{strings::TIME_ZONE}</label>
            <input
                id=zone_id
                type="text"
                list=zones_id.clone()
                prop:value=zone
                on:input=move |ev| zone.set(event_target_value(&ev))
            />
            <datalist id=zones_id>
                {ZONES.iter().map(|z| view! { <option value=*z></option> }).collect_view()}
            </datalist>
        </div>
    }
}

#[component]
pub(super) fn Account(
    account: AccountView,
    change: ServerAction<ChangeAccount>,
    close: ServerAction<CloseAccount>,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let asking = RwSignal::new(false);
    let account_id = StoredValue::new(account.account_id.clone());
    let id = |what: &str| format!("{what}-{}", account.account_id);
    let ids = (id("account-name"), id("account-help"), id("account-zone"));
    let (name, help, zone) = (
        RwSignal::new(account.name.clone()),
        RwSignal::new(account.help_url.clone()),
        RwSignal::new(account.time_zone.clone()),
    );
    let address = format!("{}: /feed/{}", strings::WEB_ADDRESS, account.slug);
    let details = format!(
        "{}: {}. {}: {}.",
        strings::HELP_LINK,
        account.help_url,
        strings::TIME_ZONE,
        account.time_zone
    );
    let can_change = account.mine && !account.closed;
    view! {
        <h3>{account.name.clone()}</h3>
        <p>{address}</p>
        <p>{details}</p>
        {account.closed.then(|| view! { <Said text=strings::ACCOUNT_CLOSED/> })}
        {can_change.then(move || view! {
            <button
                type="button"
                aria-expanded=move || editing.get().to_string()
                on:click=move |_| editing.update(|e| *e = !*e)
            >
                <Icon emoji="✏️"/>
                {strings::CHANGE_ACCOUNT}
            </button>
            <Show when=move || editing.get()>
                <AccountFields name help zone ids=ids.clone()/>
                <button
                    type="button"
                    class="primary"
                    disabled=move || change.pending().get()
                    on:click=move |_| {
                        change.dispatch(ChangeAccount {
                            account_id: account_id.get_value(),
                            name: name.get_untracked(),
                            help_url: help.get_untracked(),
                            time_zone: zone.get_untracked(),
                        });
                    }
                >
                    <Icon emoji="💾"/>
                    {strings::SAVE_ACCOUNT}
                </button>
            </Show>
            <Ask
                open=asking
                button=strings::CLOSE_ACCOUNT
                question=strings::CLOSE_ACCOUNT_ASK
                yes=strings::YES_CLOSE
                no=strings::NO_KEEP_OPEN
                on_yes=Callback::new(move |()| {
                    close.dispatch(CloseAccount { account_id: account_id.get_value() });
                })
            />
        })}
    }
}
