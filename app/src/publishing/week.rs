//! `/week`: each account's posts scheduled or published, Monday to Sunday,
//! for the people who check its posts.

use leptos::prelude::*;

use leptos_router::hooks::use_query_map;

use super::{week_of_posts, AccountWeek, WeekPost};
use crate::common::{ErrorMessage, Icon, LinkButton};
use crate::domain::week::DAY_NAMES;
use crate::posts::{date_words, time_words, PostStrip};
use crate::read_aloud::{Said, SpokenWords};
use crate::strings;

#[component]
pub fn WeekPage() -> impl IntoView {
    let query = use_query_map();
    let offset = move || {
        query
            .read()
            .get("week")
            .and_then(|w| w.parse::<i32>().ok())
            .unwrap_or(0)
            .clamp(-52, 52)
    };
    let weeks = crate::common::load(offset, week_of_posts);
    view! {
        <leptos_meta::Title text=strings::WEEK_TITLE/>
        <h1>{strings::WEEK_TITLE}</h1>
        <nav class="actions" aria-label=strings::WEEK_TITLE>
            <a class="button" href=move || format!("/week?week={}", offset() - 1)>
                <Icon emoji="⬅️"/>
                {strings::LAST_WEEK}
            </a>
            <LinkButton href="/week" icon="📅" label=strings::THIS_WEEK/>
            <a class="button" href=move || format!("/week?week={}", offset() + 1)>
                <Icon emoji="➡️"/>
                {strings::NEXT_WEEK}
            </a>
        </nav>
        <Suspense fallback=|| view! { <p>{strings::LOADING}</p> }>
            {move || Suspend::new(async move {
                match weeks.await {
                    Ok(accounts) => accounts
                        .into_iter()
                        .map(|account| view! { <Week account/> })
                        .collect_view()
                        .into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Week(account: AccountWeek) -> impl IntoView {
    let heading = format!("week-{}", account.account_id);
    let labelled_by = heading.clone();
    let days = account
        .days
        .into_iter()
        .enumerate()
        .map(|(n, posts)| {
            let day = account.start + i64::try_from(n).unwrap_or(0) * 86_400_000;
            let name = format!("{} {}", DAY_NAMES[n], date_words(day));
            let label = name.clone();
            let body = if posts.is_empty() {
                view! { <p class="quiet">{strings::WEEK_NONE}</p> }.into_any()
            } else {
                view! {
                    <ul class="log">
                        {posts.into_iter().map(|post| view! { <DayPost post/> }).collect_view()}
                    </ul>
                }
                .into_any()
            };
            view! {
                <section class="day" aria-label=label>
                    <h3>{name}</h3>
                    {body}
                </section>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading>{account.account_name}</h2>
            {days}
        </section>
    }
}

#[component]
fn DayPost(post: WeekPost) -> impl IntoView {
    let when = format!(
        "{} {}. {} {}",
        if post.published {
            strings::WENT_OUT
        } else {
            strings::GOES_OUT
        },
        time_words(post.at),
        strings::POST_BY,
        post.author_name
    );
    let icon = if post.published { "✅" } else { "⏰" };
    let text = crate::domain::post::post_text(&post.tiles);
    view! {
        <li>
            <p>
                <Icon emoji={icon}/>
                <SpokenWords text=when.clone()/>
            </p>
            <PostStrip tiles=post.tiles label=strings::MY_POST/>
            <Said text/>
        </li>
    }
}
