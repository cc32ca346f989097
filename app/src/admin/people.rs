//! `/admin/people` (**People**): everyone on the accounts an admin runs:
//! add a person, give or take a role, send a welcome link, stop access or
//! remove a person.

use leptos::prelude::*;

use crate::common::{outcome, ErrorMessage, Icon};
use crate::domain::roles::Role;
use crate::domain::running::{AccountView, PersonView};
use crate::read_aloud::Said;
use crate::running::page::{reload_after, AccountChoice, Ask, GiveLink, RoleChoice};
use crate::running::{
    people, AddPerson, GiveRole, NewWelcomeLink, RemovePerson, SetAccess, TakeRole,
};
use crate::strings;

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
    let list = crate::common::load(move || changed.get(), |_| people());
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
pub(super) fn AddPersonForm(
    accounts: Vec<AccountView>,
    add: ServerAction<AddPerson>,
) -> impl IntoView {
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
                <Icon emoji="➕"/>
                {strings::ADD_THIS_PERSON}
            </button>
        </section>
    }
}

/// What can be done to a person on the People page.
#[derive(Clone, Copy)]
pub(super) struct PersonActions {
    pub(super) welcome: ServerAction<NewWelcomeLink>,
    pub(super) give: ServerAction<GiveRole>,
    pub(super) take: ServerAction<TakeRole>,
    pub(super) access: ServerAction<SetAccess>,
    pub(super) remove: ServerAction<RemovePerson>,
}

pub(super) fn role_words(role: Role) -> &'static str {
    match role {
        Role::CoProducer => strings::ROLE_CO_PRODUCER,
        Role::Supporter => strings::ROLE_SUPPORTER,
        Role::Admin => strings::ROLE_ADMIN,
    }
}

#[component]
pub(super) fn PersonCard(
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
                        <Icon emoji="🔗"/>
                        {strings::NEW_WELCOME_LINK}
                    </button>
                })}
                <a class="button" href=data aria-label=data_label rel="external" download>
                    <Icon emoji="📦"/>
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
                        <Icon emoji="🔓"/>
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
