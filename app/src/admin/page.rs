//! `/admin` (each account's rule), `/admin/log/:id` (what happened on an
//! account) and `/admin/posts/:id` (one post's story).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{account_log, account_rules, post_story, LogEntry, SetAccountRules, VersionEntry};
use crate::common::{DoneMessage, ErrorMessage, LinkButton};
use crate::domain::lifecycle::Status;
use crate::domain::post::post_text;
use crate::domain::review::VersionKind;
use crate::posts::{date_words, status_words, time_words, PostStrip, ReadAloudButton};
use crate::read_aloud::{Said, SpokenWords};
use crate::strings;

#[component]
pub fn AdminPage() -> impl IntoView {
    let save = ServerAction::<SetAccountRules>::new();
    let rules = crate::common::load(move || save.version().get(), |_| account_rules());
    view! {
        <leptos_meta::Title text=strings::ADMIN_TITLE/>
        <h1>{strings::ADMIN_TITLE}</h1>
        <nav class="actions" aria-label=strings::PEOPLE_AND_ACCOUNTS>
            <LinkButton href="/admin/people" icon="👥" label=strings::PEOPLE_TITLE/>
            <LinkButton href="/admin/accounts" icon="🏢" label=strings::ACCOUNTS_TITLE/>
        </nav>
        {move || match save.value().get() {
            Some(Ok(())) => Some(view! { <DoneMessage text=strings::RULES_SAVED/> }.into_any()),
            Some(Err(error)) => Some(view! { <ErrorMessage error/> }.into_any()),
            None => None,
        }}
        <Transition fallback=|| view! { <p>{strings::LOADING}</p> }>
            {move || Suspend::new(async move {
                match rules.await {
                    Ok(list) => list.into_iter().map(|rule| {
                        let heading = format!("rules-{}", rule.account_id);
                        let labelled_by = heading.clone();
                        let tick = format!("two-{}", rule.account_id);
                        let tick_for = tick.clone();
                        let log = format!("/admin/log/{}", rule.account_id);
                        let account_id = rule.account_id.clone();
                        view! {
                            <section class="card" aria-labelledby=labelled_by>
                                <h2 id=heading>{rule.account_name}</h2>
                                <label class="choice" for=tick_for>
                                    <input
                                        id=tick
                                        type="checkbox"
                                        prop:checked=rule.approvals_needed == 2
                                        disabled=move || save.pending().get()
                                        on:change=move |ev| {
                                            save.dispatch(SetAccountRules {
                                                account_id: account_id.clone(),
                                                approvals_needed: if event_target_checked(&ev) { 2 } else { 1 },
                                            });
                                        }
                                    />
                                    {strings::TWO_APPROVALS}
                                </label>
                                <LinkButton href=log icon="📜" label=strings::SEE_LOG/>
                                <LinkButton href="/admin/connections" icon="🔌" label=strings::CONNECTIONS_TITLE/>
                                <LinkButton href="/admin/hashtags" icon="#️⃣" label=strings::HASHTAGS_TITLE/>
                                <LinkButton href="/admin/report" icon="📊" label=strings::REPORT_TITLE/>
                                <LinkButton href="/admin/sign-off" icon="🌙" label=strings::SIGN_OFF_TITLE/>
                            </section>
                        }
                    }).collect_view().into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn AccountLogPage() -> impl IntoView {
    let params = use_params_map();
    let log = crate::common::load(
        move || params.read().get("id").unwrap_or_default(),
        account_log,
    );
    view! {
        <leptos_meta::Title text=strings::ACCOUNT_LOG/>
        <h1>{strings::ACCOUNT_LOG}</h1>
        <Suspense fallback=|| view! { <p>{strings::LOADING}</p> }>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(lines) if lines.is_empty() => view! { <Said text=strings::LOG_EMPTY/> }.into_any(),
                    Ok(lines) => view! { <LogLines lines with_links=true/> }.into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn PostStoryPage() -> impl IntoView {
    let params = use_params_map();
    let story = crate::common::load(
        move || params.read().get("id").unwrap_or_default(),
        post_story,
    );
    view! {
        <leptos_meta::Title text=strings::POST_STORY/>
        <h1>{strings::POST_STORY}</h1>
        <Suspense fallback=|| view! { <p>{strings::LOADING}</p> }>
            {move || Suspend::new(async move {
                match story.await {
                    Ok(story) => {
                        let text = story.post.text();
                        let by = format!("{} {}", strings::POST_BY, story.post.author_name);
                        view! {
                            <p>{by}</p>
                            <Said text=status_words(story.post.status)/>
                            <PostStrip tiles=story.post.tiles label=strings::MY_POST/>
                            <ReadAloudButton text/>
                            <h2>{strings::VERSIONS}</h2>
                            <ol class="log">
                                {story.versions.into_iter().map(|v| view! { <Version version=v/> }).collect_view()}
                            </ol>
                            <h2>{strings::STEPS}</h2>
                            <LogLines lines=story.steps with_links=false/>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Version(version: VersionEntry) -> impl IntoView {
    let made = match version.kind {
        VersionKind::Sent => strings::VERSION_SENT,
        VersionKind::Suggested => strings::VERSION_SUGGESTED,
    };
    let title = format!(
        "{} {}: {made} {}",
        strings::VERSION,
        version.number,
        version.by
    );
    let when = format!("{} {}", date_words(version.at), time_words(version.at));
    let text = post_text(&version.tiles);
    view! {
        <li>
            <h3>{title}</h3>
            <p>{when}</p>
            <PostStrip tiles=version.tiles label=strings::VERSION/>
            <p class="post-text"><SpokenWords text=text.clone()/></p>
            <ReadAloudButton text/>
        </li>
    }
}

/// What a step did, in a few words.
fn step_words(entry: &LogEntry) -> String {
    match (entry.from, entry.to) {
        (Some(Status::Submitted), Some(Status::Submitted)) => strings::STEP_ONE_YES.to_string(),
        (_, Some(to)) => step_name(to).to_string(),
        _ => match entry
            .note
            .as_deref()
            .and_then(|n| n.strip_prefix("approvals needed: "))
        {
            Some(n) => format!("{} {n}", strings::RULE_APPROVALS),
            None => account_words(
                entry.note.as_deref().unwrap_or_default(),
                entry.about.as_deref(),
            ),
        },
    }
}

/// A change to the account or its people, in words.
fn account_words(note: &str, about: Option<&str>) -> String {
    let (what, role) = note.split_once(": ").unwrap_or((note, ""));
    let words = match what {
        "set up" => strings::LOG_SET_UP,
        "account added" => strings::LOG_ACCOUNT_ADDED,
        "account changed" => strings::LOG_ACCOUNT_CHANGED,
        "account closed" => strings::LOG_ACCOUNT_CLOSED,
        "person added" => strings::LOG_ADDED_PERSON,
        "role given" => strings::LOG_GAVE_ROLE,
        "role taken" => strings::LOG_TOOK_ROLE,
        "access stopped" => strings::LOG_STOPPED,
        "access back" => strings::LOG_ACCESS_BACK,
        "person removed" => strings::LOG_REMOVED,
        "welcome link" => strings::LOG_WELCOME,
        "data downloaded" => strings::LOG_DATA,
        "pictures set" => strings::LOG_PICTURES,
        "card made" => strings::LOG_CARD,
        "pictures locked" => strings::LOG_PICTURES_LOCKED,
        "tablet set up" => strings::LOG_TABLET_SET_UP,
        "tablet stopped" => strings::LOG_TABLET_STOPPED,
        "pictures unlocked" => strings::LOG_PICTURES_UNLOCKED,
        _ => return note.to_string(),
    };
    let role = match crate::domain::roles::Role::parse(role) {
        Some(crate::domain::roles::Role::CoProducer) => format!(" ({})", strings::ROLE_CO_PRODUCER),
        Some(crate::domain::roles::Role::Supporter) => format!(" ({})", strings::ROLE_SUPPORTER),
        Some(crate::domain::roles::Role::Admin) => format!(" ({})", strings::ROLE_ADMIN),
        None => String::new(),
    };
    match about {
        Some(name) => format!("{words}: {name}{role}"),
        None => format!("{words}{role}"),
    }
}

/// A status as a short name, for admins.
fn step_name(status: Status) -> &'static str {
    match status {
        Status::Draft => strings::STEP_DRAFT,
        Status::Submitted => strings::STEP_SUBMITTED,
        Status::ChangesRequested => strings::STEP_CHANGES,
        Status::AwaitingAuthor => strings::STEP_AWAITING,
        Status::Approved => strings::STEP_APPROVED,
        Status::Scheduled => strings::STEP_SCHEDULED,
        Status::Publishing => strings::STEP_PUBLISHING,
        Status::Published => strings::STEP_PUBLISHED,
        Status::Failed => strings::STEP_FAILED,
        Status::Withdrawn => strings::STEP_WITHDRAWN,
        Status::TakenDown => strings::STEP_TAKEN_DOWN,
    }
}

#[component]
fn LogLines(lines: Vec<LogEntry>, with_links: bool) -> impl IntoView {
    view! {
        <ol class="log">
            {lines.into_iter().map(|entry| {
                let who = entry.by.clone().unwrap_or_else(|| strings::APP_NAME.to_string());
                let what = format!("{who}: {}", step_words(&entry));
                let when = format!("{} {}", date_words(entry.at), time_words(entry.at));
                let post = entry.author_name.as_ref().map(|name| format!("{} {name}", strings::POST_BY));
                let note = entry.note.clone().filter(|_| entry.to.is_some());
                let link = entry
                    .post_id
                    .clone()
                    .filter(|_| with_links)
                    .map(|id| {
                        let label = format!("{} ({})", strings::SEE_STORY, post.clone().unwrap_or_default());
                        view! {
                            <a class="button" href=format!("/admin/posts/{id}") aria-label=label>
                                {strings::SEE_STORY}
                            </a>
                        }
                    });
                view! {
                    <li>
                        <p><strong>{what}</strong></p>
                        <p>{when}</p>
                        {post.filter(|_| with_links).map(|p| view! { <p>{p}</p> })}
                        {note.map(|n| view! { <p class="note">{n}</p> })}
                        {link}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
