//! `/admin/connections` (**Connected accounts**): an admin connects each
//! account to Mastodon and Bluesky. Secrets go from the form to the server
//! and never come back.

use leptos::prelude::*;

use crate::common::{outcome, Icon, LoadedList};
use crate::error::AppError;
use crate::publishing::icon;
use crate::publishing::{
    connections, AccountConnections, ConnectBluesky, ConnectMastodon, ConnectionView, TakeOff,
    BLUESKY_SERVICE,
};
use crate::read_aloud::Said;
use crate::strings;

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    let mastodon = ServerAction::<ConnectMastodon>::new();
    let bluesky = ServerAction::<ConnectBluesky>::new();
    let take_off = ServerAction::<TakeOff>::new();
    let list = crate::common::load(
        move || {
            (
                mastodon.version().get(),
                bluesky.version().get(),
                take_off.version().get(),
            )
        },
        |_| connections(),
    );
    let done = move || {
        let connected =
            |v: Option<Result<ConnectionView, AppError>>| v.map(|r| r.map(|_| strings::CONNECTED));
        connected(mastodon.value().get())
            .or_else(|| connected(bluesky.value().get()))
            .or_else(|| {
                take_off
                    .value()
                    .get()
                    .map(|r| r.map(|()| strings::TAKEN_OFF))
            })
    };
    view! {
        <leptos_meta::Title text=strings::CONNECTIONS_TITLE/>
        <h1>{strings::CONNECTIONS_TITLE}</h1>
        <Said text=strings::CONNECTIONS_INTRO/>
        {move || outcome(done())}
        <LoadedList list=list row=move |account| view! { <AccountPlaces account mastodon bluesky take_off/> }/>
    }
}

#[component]
fn AccountPlaces(
    account: AccountConnections,
    mastodon: ServerAction<ConnectMastodon>,
    bluesky: ServerAction<ConnectBluesky>,
    take_off: ServerAction<TakeOff>,
) -> impl IntoView {
    let heading = format!("places-{}", account.account_id);
    let labelled_by = heading.clone();
    let id = account.account_id.clone();
    let places = if account.connections.is_empty() {
        view! { <Said text=strings::CONNECTIONS_NONE/> }.into_any()
    } else {
        account
            .connections
            .into_iter()
            .map(|c| view! { <Place connection=c account_id=id.clone() take_off/> })
            .collect_view()
            .into_any()
    };
    let field = |name: &str| format!("{name}-{}", account.account_id);
    let (m_server, m_token) = (field("m-server"), field("m-token"));
    let (b_handle, b_password, b_server) =
        (field("b-handle"), field("b-password"), field("b-server"));
    let account_id = StoredValue::new(account.account_id.clone());
    let (server, token) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (handle, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let bluesky_server = RwSignal::new(BLUESKY_SERVICE.to_string());
    let connect_mastodon = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        mastodon.dispatch(ConnectMastodon {
            account_id: account_id.get_value(),
            server_url: server.get_untracked(),
            access_token: token.get_untracked(),
        });
        // The token leaves the page as soon as it is sent.
        token.set(String::new());
    };
    let connect_bluesky = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        bluesky.dispatch(ConnectBluesky {
            account_id: account_id.get_value(),
            handle: handle.get_untracked(),
            app_password: password.get_untracked(),
            server_url: Some(bluesky_server.get_untracked()),
        });
        password.set(String::new());
    };
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading>{account.account_name}</h2>
            <ul class="places">{places}</ul>
            <form class="stack" aria-label=strings::CONNECT_MASTODON on:submit=connect_mastodon>
                <h3>{strings::CONNECT_MASTODON}</h3>
                <label for=m_server.clone()>{strings::SERVER_ADDRESS}</label>
                <input id=m_server type="url" placeholder="https://mastodon.social" required bind:value=server/>
                <label for=m_token.clone()>{strings::ACCESS_TOKEN}</label>
                <input id=m_token type="password" autocomplete="off" required bind:value=token/>
                <button type="submit" class="primary" disabled=move || mastodon.pending().get()>
                    <Icon emoji="🐘"/>
                    {strings::CONNECT_MASTODON}
                </button>
            </form>
            <form class="stack" aria-label=strings::CONNECT_BLUESKY on:submit=connect_bluesky>
                <h3>{strings::CONNECT_BLUESKY}</h3>
                <label for=b_handle.clone()>{strings::HANDLE}</label>
                <input id=b_handle type="text" autocapitalize="none" placeholder="name.bsky.social" required bind:value=handle/>
                <label for=b_password.clone()>{strings::APP_PASSWORD}</label>
                <input id=b_password type="password" autocomplete="off" required bind:value=password/>
                <label for=b_server.clone()>{strings::SERVER_ADDRESS}</label>
                <input id=b_server type="url" required bind:value=bluesky_server/>
                <button type="submit" class="primary" disabled=move || bluesky.pending().get()>
                    <Icon emoji="🦋"/>
                    {strings::CONNECT_BLUESKY}
                </button>
            </form>
        </section>
    }
}

#[component]
fn Place(
    connection: ConnectionView,
    account_id: String,
    take_off: ServerAction<TakeOff>,
) -> impl IntoView {
    let network = connection.network;
    let who = format!(
        "{}: {} {} ({})",
        network.name(),
        strings::CONNECTED_AS,
        connection.remote_name,
        connection.server_url
    );
    let state = if connection.working {
        strings::CONNECTION_OK
    } else {
        strings::NEEDS_RECONNECTING
    };
    let label = format!("{} {}", strings::REMOVE_PLACE, network.name());
    view! {
        <li class:warning={!connection.working}>
            <Icon emoji={icon(network)}/>
            <Said text=who/>
            <Said text=state/>
            <button
                type="button"
                aria-label=label
                disabled=move || take_off.pending().get()
                on:click=move |_| {
                    take_off.dispatch(TakeOff { account_id: account_id.clone(), network });
                }
            >
                <Icon emoji="✂️"/>
                {strings::REMOVE_PLACE}
            </button>
        </li>
    }
}
