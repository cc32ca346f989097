//! `/admin/hashtags` (**Hashtags**): an admin writes each account's
//! hashtag sets, which authors add to posts as tiles.

use leptos::prelude::*;

use crate::common::{outcome, Icon, LoadedList};
use crate::hashtags::{admin_hashtags, AccountHashtags, RemoveHashtags, SaveHashtags, HASH};
use crate::read_aloud::Said;
use crate::strings;

#[component]
pub fn HashtagsPage() -> impl IntoView {
    let save = ServerAction::<SaveHashtags>::new();
    let remove = ServerAction::<RemoveHashtags>::new();
    // Only a change that landed reloads the list: a refused set keeps the
    // words the admin typed.
    let changed = RwSignal::new(0u32);
    Effect::new(move |_| {
        let saved = matches!(save.value().get(), Some(Ok(_)));
        let removed = matches!(remove.value().get(), Some(Ok(())));
        if saved || removed {
            changed.update(|n| *n += 1);
        }
    });
    let list = crate::common::load(move || changed.get(), |_| admin_hashtags());
    let done = move || {
        save.value()
            .get()
            .map(|r| r.map(|_| strings::HASHTAGS_SAVED))
            .or_else(|| {
                remove
                    .value()
                    .get()
                    .map(|r| r.map(|()| strings::HASHTAGS_TAKEN_OFF))
            })
    };
    view! {
        <leptos_meta::Title text=strings::HASHTAGS_TITLE/>
        <h1>{strings::HASHTAGS_TITLE}</h1>
        <Said text=strings::HASHTAGS_INTRO/>
        {move || outcome(done())}
        <LoadedList list=list row=move |account| view! { <AccountSets account save remove/> }/>
    }
}

#[component]
fn AccountSets(
    account: AccountHashtags,
    save: ServerAction<SaveHashtags>,
    remove: ServerAction<RemoveHashtags>,
) -> impl IntoView {
    let heading = format!("hashtags-{}", account.account_id);
    let labelled_by = heading.clone();
    let (event_id, tags_id) = (
        format!("event-{}", account.account_id),
        format!("tags-{}", account.account_id),
    );
    let account_id = StoredValue::new(account.account_id.clone());
    let sets = if account.sets.is_empty() {
        view! { <Said text=strings::HASHTAGS_NONE/> }.into_any()
    } else {
        account
            .sets
            .into_iter()
            .map(|set| {
                let label = format!("{}: {}", strings::REMOVE_PLACE, set.event);
                let said = format!("{}: {}", set.event, set.tags.join(" "));
                let set_id = set.set_id.clone();
                view! {
                    <li>
                        <Icon emoji={HASH}/>
                        <Said text=said/>
                        <button
                            type="button"
                            aria-label=label
                            disabled=move || remove.pending().get()
                            on:click=move |_| {
                                remove.dispatch(RemoveHashtags {
                                    account_id: account_id.get_value(),
                                    set_id: set_id.clone(),
                                });
                            }
                        >
                            <Icon emoji="✂️"/>
                            {strings::REMOVE_PLACE}
                        </button>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    let (event, tags) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveHashtags {
            account_id: account_id.get_value(),
            set_id: None,
            event: event.get_untracked(),
            tags: tags.get_untracked(),
        });
    };
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading>{account.account_name}</h2>
            <ul class="places">{sets}</ul>
            <form class="stack" aria-label=strings::ADD_HASHTAGS on:submit=add>
                <h3>{strings::ADD_HASHTAGS}</h3>
                <label for=event_id.clone()>{strings::HASHTAGS_EVENT}</label>
                <input id=event_id type="text" placeholder=strings::HASHTAGS_EVENT_EXAMPLE required bind:value=event/>
                <label for=tags_id.clone()>{strings::HASHTAGS_TAGS}</label>
                <input id=tags_id type="text" autocapitalize="none" placeholder="#BoardMeeting #Leeds" required bind:value=tags/>
                <button type="submit" class="primary" disabled=move || save.pending().get()>
                    <Icon emoji={HASH}/>
                    {strings::ADD_HASHTAGS}
                </button>
            </form>
        </section>
    }
}
