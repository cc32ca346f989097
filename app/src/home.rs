//! `/`: the start page. Signed out: the way to sign in. Signed in: New post,
//! the person's own posts, and for supporters the way to posts to check.

use leptos::prelude::*;

use leptos_router::hooks::{use_navigate, use_query_map};

use crate::accounts::{who_am_i, Person};
use crate::common::{DoneMessage, ErrorMessage, Icon, LinkButton};
use crate::composer::{my_posts, NewPost};
use crate::posts::{status_words, PostStrip};
use crate::read_aloud::Said;
use crate::strings;

#[component]
pub fn HomePage() -> impl IntoView {
    let me = crate::common::load(|| (), |_| who_am_i());
    view! {
        <Suspense fallback=|| view! { <p>{strings::LOADING}</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(person)) => view! { <Welcome person/> }.into_any(),
                    Ok(None) => view! {
                        <leptos_meta::Title text=strings::APP_NAME/>
                        <h1>{strings::APP_NAME}</h1>
                        <Said text=strings::SIGN_IN_HELLO/>
                        <a class="button primary" href="/sign-in">{strings::SIGN_IN}</a>
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Welcome(person: Person) -> impl IntoView {
    let query = use_query_map();
    let sent = move || query.with(|q| q.get("sent").is_some());
    let new_post = ServerAction::<NewPost>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = new_post.value().get() {
            navigate(&format!("/posts/{id}"), Default::default());
        }
    });
    let single = person.memberships.len() == 1;
    let first_account = person.memberships.first().map(|m| m.account_name.clone());
    let checks = !person.checked_accounts().is_empty();
    let admin = person
        .memberships
        .iter()
        .any(|m| m.role == crate::domain::roles::Role::Admin);
    view! {
        <leptos_meta::Title text=strings::APP_NAME/>
        <h1>{format!("{} {}", strings::HOME_TITLE, person.display_name)}</h1>
        <Show when=sent>
            <DoneMessage text=strings::SENT/>
        </Show>
        <div class="actions">
            {person
                .memberships
                .iter()
                .filter(|m| m.role.can_write_posts())
                .map(|m| {
                    let account_id = m.account_id.clone();
                    let label = if single {
                        strings::NEW_POST.to_string()
                    } else {
                        format!("{} ({})", strings::NEW_POST, m.account_name)
                    };
                    view! {
                        <button
                            type="button"
                            class="primary"
                            disabled=move || new_post.pending().get()
                            on:click=move |_| {
                                new_post.dispatch(NewPost { account_id: account_id.clone() });
                            }
                        >
                            <Icon emoji="➕"/>
                            {label}
                        </button>
                    }
                })
                .collect_view()}
            {checks
                .then(|| {
                    view! {
                        <LinkButton href="/check" icon="✔️" label=strings::GO_TO_CHECK/>
                        <LinkButton href="/week" icon="📅" label=strings::WEEK_TITLE/>
                        <LinkButton href="/words" icon="🗂️" label=strings::FILL_MY_WORDS/>
                        <LinkButton href="/sign-in-help" icon="🪪" label=strings::EASY_SIGN_IN/>
                    }
                })}
            {person
                .memberships
                .iter()
                .map(|m| {
                    let href = format!("/feed/{}", m.account_slug);
                    let label = if single {
                        strings::SEE_FEED.to_string()
                    } else {
                        format!("{} ({})", strings::SEE_FEED, m.account_name)
                    };
                    view! {
                        <LinkButton href=href icon="📰" label=label/>
                    }
                })
                .collect_view()}
            {admin.then(|| view! {
                <LinkButton href="/admin" icon="🏛️" label=strings::GO_TO_ADMIN/>
            })}
            <LinkButton href="/hearing" icon="🔊" label=strings::OPEN_HEARING/>
        </div>
        {move || new_post.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
        <MyPosts/>
        {first_account.map(|account_name| view! { <crate::accounts::PublicNameCard account_name/> })}
    }
}

#[component]
fn MyPosts() -> impl IntoView {
    let posts = crate::common::load(|| (), |_| my_posts());
    view! {
        <h2>{strings::MY_POSTS}</h2>
        <Suspense fallback=|| view! { <p>{strings::LOADING}</p> }>
            {move || Suspend::new(async move {
                match posts.await {
                    Ok(list) if list.is_empty() => view! { <Said text=strings::NO_POSTS_YET/> }.into_any(),
                    Ok(list) => view! {
                        <ul class="my-posts">
                            {list
                                .into_iter()
                                .map(|post| {
                                    let href = crate::posts::post_href(&post.post_id, post.status);
                                    let text = post.text();
                                    let open = format!("{} {}", strings::OPEN_POST, text);
                                    view! {
                                        <li class="card">
                                            <p class="status">{status_words(post.status)}</p>
                                            <PostStrip tiles=post.tiles label=text/>
                                            <a class="button" href=href aria-label=open>
                                                {strings::OPEN_POST}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
