//! `/admin/accounts` (**Service accounts**), `/admin/people` (**People**)
//! and `/welcome/<token>` (a new person chooses their password).

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    check_welcome_link, people, service_accounts, AddAccount, AddPerson, ChangeAccount,
    CloseAccount, GiveRole, NewWelcomeLink, RemovePerson, SetAccess, TakeRole,
};
use crate::common::{outcome, ErrorMessage, LoadedList, Warning};
use crate::domain::roles::Role;
use crate::domain::running::{
    AccountView, OrganisationView, PersonView, WelcomeLink, WelcomeState, DEFAULT_TIME_ZONE,
};
use crate::error::AppError;
use crate::read_aloud::Said;
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

/// Counts changes that landed, so lists reload after them only (a refused
/// form keeps what was typed).
fn reload_after<T: Clone + Send + Sync + 'static>(
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
    let list = Resource::new(move || changed.get(), |_| service_accounts());
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
fn Organisation(
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
                    <span aria-hidden="true" class="icon">"➕"</span>
                    {strings::ADD_THIS_ACCOUNT}
                </button>
            </section>
        </section>
    }
}

/// Name, Help link and Time zone boxes.
#[component]
fn AccountFields(
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
fn Account(
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
                <span aria-hidden="true" class="icon">"✏️"</span>
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
                    <span aria-hidden="true" class="icon">"💾"</span>
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

/// A button that asks one question before it does something for good.
#[component]
fn Ask(
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
                    <span aria-hidden="true" class="icon">"⚠️"</span>
                    {button}
                </button>
            }
        >
            <div class="message error" role="alert">
                <span aria-hidden="true" class="icon">"❓"</span>
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
fn RoleChoice(group: String, role: RwSignal<Role>) -> impl IntoView {
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
fn AccountChoice(
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
fn GiveLink(link: WelcomeLink) -> impl IntoView {
    let label = format!("{} {}", strings::GIVE_LINK_TO, link.display_name);
    let id = format!("link-{}", link.person_id);
    view! {
        <div class="message done link-box" role="status">
            <span aria-hidden="true" class="icon">"🔗"</span>
            <label for=id.clone()>{label}</label>
            <input id=id type="text" readonly prop:value=link.link/>
            <Said text=strings::LINK_WORKS_ONCE/>
        </div>
    }
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let add = ServerAction::<AddPerson>::new();
    let welcome = ServerAction::<NewWelcomeLink>::new();
    let give = ServerAction::<GiveRole>::new();
    let take = ServerAction::<TakeRole>::new();
    let access = ServerAction::<SetAccess>::new();
    let remove = ServerAction::<RemovePerson>::new();
    let changed = reload_after(&[
        Signal::derive(move || add.value().get().map(|r| r.map(|_| ()))),
        Signal::derive(move || give.value().get()),
        Signal::derive(move || take.value().get()),
        Signal::derive(move || access.value().get()),
        Signal::derive(move || remove.value().get()),
    ]);
    let list = Resource::new(move || changed.get(), |_| people());
    let last = RwSignal::new("");
    for (name, pending) in [
        ("add", add.pending()),
        ("welcome", welcome.pending()),
        ("give", give.pending()),
        ("take", take.pending()),
        ("access", access.pending()),
        ("remove", remove.pending()),
    ] {
        Effect::new(move |_| {
            if pending.get() {
                last.set(name);
            }
        });
    }
    let message = move || match last.get() {
        "add" => match add.value().get()? {
            Ok(link) => Some(view! { <GiveLink link/> }.into_any()),
            Err(error) => Some(view! { <ErrorMessage error/> }.into_any()),
        },
        "welcome" => match welcome.value().get()? {
            Ok(link) => Some(view! { <GiveLink link/> }.into_any()),
            Err(error) => Some(view! { <ErrorMessage error/> }.into_any()),
        },
        "give" => outcome(give.value().get().map(|r| r.map(|()| strings::ROLE_GIVEN))),
        "take" => outcome(take.value().get().map(|r| r.map(|()| strings::ROLE_TAKEN))),
        "access" => outcome(
            access
                .value()
                .get()
                .map(|r| r.map(|()| strings::ACCESS_STOPPED)),
        ),
        "remove" => outcome(
            remove
                .value()
                .get()
                .map(|r| r.map(|()| strings::PERSON_REMOVED)),
        ),
        _ => None,
    };
    let actions = PersonActions {
        welcome,
        give,
        take,
        access,
        remove,
    };
    view! {
        <leptos_meta::Title text=strings::PEOPLE_TITLE/>
        <h1>{strings::PEOPLE_TITLE}</h1>
        <Said text=strings::PEOPLE_INTRO/>
        {message}
        <Transition fallback=|| view! { <p>{strings::LOADING}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(view_of_people) => {
                        let accounts = view_of_people.accounts.clone();
                        view! {
                            <AddPersonForm accounts=view_of_people.accounts add/>
                            <ul class="plain-list">
                                {view_of_people
                                    .people
                                    .into_iter()
                                    .map(|person| {
                                        let accounts = accounts.clone();
                                        view! { <li><PersonCard person accounts actions/></li> }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AddPersonForm(accounts: Vec<AccountView>, add: ServerAction<AddPerson>) -> impl IntoView {
    let (name, user_name) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let account = RwSignal::new(String::new());
    let role = RwSignal::new(Role::CoProducer);
    view! {
        <section class="card" aria-labelledby="add-person">
            <h2 id="add-person">{strings::ADD_PERSON}</h2>
            <div class="stack">
                <label for="person-name">{strings::PERSON_NAME}</label>
                <input
                    id="person-name"
                    type="text"
                    autocomplete="off"
                    prop:value=name
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <label for="person-user-name">{strings::USER_NAME}</label>
                <input
                    id="person-user-name"
                    type="text"
                    autocapitalize="none"
                    autocomplete="off"
                    prop:value=user_name
                    on:input=move |ev| user_name.set(event_target_value(&ev))
                />
            </div>
            <AccountChoice group="add-account".to_string() accounts chosen=account/>
            <RoleChoice group="add-role".to_string() role/>
            <button
                type="button"
                class="primary"
                disabled=move || add.pending().get()
                on:click=move |_| {
                    add.dispatch(AddPerson {
                        name: name.get_untracked(),
                        user_name: user_name.get_untracked(),
                        account_id: account.get_untracked(),
                        role: role.get_untracked(),
                    });
                }
            >
                <span aria-hidden="true" class="icon">"➕"</span>
                {strings::ADD_THIS_PERSON}
            </button>
        </section>
    }
}

/// What can be done to a person on the People page.
#[derive(Clone, Copy)]
struct PersonActions {
    welcome: ServerAction<NewWelcomeLink>,
    give: ServerAction<GiveRole>,
    take: ServerAction<TakeRole>,
    access: ServerAction<SetAccess>,
    remove: ServerAction<RemovePerson>,
}

fn role_words(role: Role) -> &'static str {
    match role {
        Role::CoProducer => strings::ROLE_CO_PRODUCER,
        Role::Supporter => strings::ROLE_SUPPORTER,
        Role::Admin => strings::ROLE_ADMIN,
    }
}

#[component]
fn PersonCard(
    person: PersonView,
    accounts: Vec<AccountView>,
    actions: PersonActions,
) -> impl IntoView {
    let PersonActions {
        welcome,
        give,
        take,
        access,
        remove,
    } = actions;
    let person_id = StoredValue::new(person.person_id.clone());
    let heading = format!("person-{}", person.person_id);
    let labelled_by = heading.clone();
    let title = format!("{} ({})", person.display_name, person.user_name);
    let stopping = RwSignal::new(false);
    let removing = RwSignal::new(false);
    let give_account = RwSignal::new(String::new());
    let give_role_choice = RwSignal::new(Role::CoProducer);
    let data = format!("/admin/people/{}/data.zip", person.person_id);
    let data_label = format!("{} ({})", strings::GET_DATA, person.display_name);
    let roles = person
        .roles
        .iter()
        .map(|r| {
            let words = format!("{}: {}", r.account_name, role_words(r.role));
            let label = format!(
                "{} ({}, {})",
                strings::TAKE_ROLE,
                person.display_name,
                words
            );
            let account_id = r.account_id.clone();
            view! {
                <li>
                    <p>{words}</p>
                    <button
                        type="button"
                        aria-label=label
                        on:click=move |_| {
                            take.dispatch(TakeRole {
                                person_id: person_id.get_value(),
                                account_id: account_id.clone(),
                            });
                        }
                    >
                        {strings::TAKE_ROLE}
                    </button>
                </li>
            }
        })
        .collect_view();
    let stopped = person.stopped;
    let yourself = person.is_you;
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading>{title}</h2>
            {stopped.then(|| view! { <Said text=strings::ACCESS_IS_STOPPED/> })}
            {(!person.has_password && !stopped).then(|| view! { <Said text=strings::NO_PASSWORD_YET/> })}
            <ul class="roles">{roles}</ul>
            <details>
                <summary>{strings::GIVE_ROLE}</summary>
                <AccountChoice group=format!("give-account-{}", person.person_id) accounts chosen=give_account/>
                <RoleChoice group=format!("give-role-{}", person.person_id) role=give_role_choice/>
                <button
                    type="button"
                    on:click=move |_| {
                        give.dispatch(GiveRole {
                            person_id: person_id.get_value(),
                            account_id: give_account.get_untracked(),
                            role: give_role_choice.get_untracked(),
                        });
                    }
                >
                    {strings::GIVE_THIS_ROLE}
                </button>
            </details>
            <div class="actions">
                {(!stopped).then(|| view! {
                    <button
                        type="button"
                        on:click=move |_| {
                            welcome.dispatch(NewWelcomeLink { person_id: person_id.get_value() });
                        }
                    >
                        <span aria-hidden="true" class="icon">"🔗"</span>
                        {strings::NEW_WELCOME_LINK}
                    </button>
                })}
                <a class="button" href=data aria-label=data_label rel="external" download>
                    <span aria-hidden="true" class="icon">"📦"</span>
                    {strings::GET_DATA}
                </a>
            </div>
            {if yourself {
                view! { <span></span> }.into_any()
            } else if stopped {
                view! {
                    <button
                        type="button"
                        on:click=move |_| {
                            access.dispatch(SetAccess { person_id: person_id.get_value(), stop: false });
                        }
                    >
                        <span aria-hidden="true" class="icon">"🔓"</span>
                        {strings::GIVE_ACCESS_BACK}
                    </button>
                }
                    .into_any()
            } else {
                view! {
                    <Ask
                        open=stopping
                        button=strings::STOP_ACCESS
                        question=strings::STOP_ACCESS_ASK
                        yes=strings::YES_STOP
                        no=strings::NO_GO_BACK
                        on_yes=Callback::new(move |()| {
                            access.dispatch(SetAccess { person_id: person_id.get_value(), stop: true });
                        })
                    />
                }
                    .into_any()
            }}
            {(!yourself).then(|| view! { <Ask
                open=removing
                button=strings::REMOVE_PERSON
                question=strings::REMOVE_PERSON_ASK
                yes=strings::YES_REMOVE
                no=strings::NO_GO_BACK
                on_yes=Callback::new(move |()| {
                    remove.dispatch(RemovePerson { person_id: person_id.get_value() });
                })
            /> })}
        </section>
    }
}

#[component]
pub fn WelcomePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let state = Resource::new(token, check_welcome_link);
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
