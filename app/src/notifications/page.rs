//! The header's link with the count of new notifications, and `/notes`.

use leptos::prelude::*;

use super::{mark_seen, notices, unread_count, Notice};
use crate::accounts::Need;
use crate::common::{ErrorMessage, Gate, Icon};
use crate::domain::notify::Kind;
use crate::posts::{date_words, time_words, ReadAloudButton};
use crate::read_aloud::{Said, SpokenWords};
use crate::strings;

/// The count of new notifications, asked again on every page. Made where
/// the page starts (not inside a suspended part), so the server and the
/// browser number their resources the same way. `page` is the page's
/// address: a new page asks again.
pub fn unread_resource(page: Signal<String>) -> crate::common::Loaded<Option<u32>> {
    crate::common::load(move || page.get(), |_| unread_count())
}

/// "Messages" with how many are new.
#[component]
pub fn NotificationsLink(new: u32) -> impl IntoView {
    let label = if new == 0 {
        strings::MESSAGES.to_string()
    } else {
        format!("{} ({new} {})", strings::MESSAGES, strings::NEW)
    };
    view! {
        <a href="/notes" class="button" class:has-new={new > 0}>
            <Icon emoji="🔔"/>
            {label}
        </a>
    }
}

fn words(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::WaitingForYou => ("⏳", strings::NOTE_WAITING),
        Kind::SentBack => ("↩️", strings::NOTE_SENT_BACK),
        Kind::NewWords => ("✏️", strings::NOTE_NEW_WORDS),
        Kind::Approved => ("✔️", strings::NOTE_APPROVED),
        Kind::Published => ("🎉", strings::NOTE_PUBLISHED),
        Kind::Reconnect => ("🔌", strings::RECONNECT_NOTE),
        Kind::TakenDown => ("🛑", strings::TAKEN_DOWN_NOTE),
        Kind::PicturesSet => ("🖼️", strings::NOTE_PICTURES_SET),
        Kind::CardMade => ("🪪", strings::NOTE_CARD_MADE),
        Kind::PicturesLocked => ("🔒", strings::NOTE_PICTURES_LOCKED),
    }
}

/// `/notes`: every notification, newest first, each with a picture, words
/// to hear and where to go. Opening the page marks them as seen.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let list = crate::common::load(|| (), |_| notices());
    let seen = Action::new(|_: &()| mark_seen());
    Effect::new(move |done: Option<bool>| {
        if done != Some(true) {
            seen.dispatch(());
        }
        true
    });
    view! {
        <leptos_meta::Title text=strings::MESSAGES/>
        <h1>{strings::MESSAGES}</h1>
        <Gate need=Need::SignedIn>
            <Suspense fallback=|| view! { <p>{strings::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.is_empty() => view! { <Said text=strings::NO_MESSAGES/> }.into_any(),
                        Ok(list) => view! {
                            <ul class="log notes">
                                {list.into_iter().map(|notice| view! { <NoteItem notice/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorMessage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </Gate>
    }
}

#[component]
fn NoteItem(notice: Notice) -> impl IntoView {
    let (icon, message) = words(notice.kind);
    let said = if notice.kind.about_a_person() {
        let by = notice.by_name.clone().unwrap_or_default();
        super::about_a_person(notice.kind, &by, &notice.author_name)
    } else if notice.kind == Kind::TakenDown {
        // "Your post was taken down. Alex will talk to you about it."
        let by = notice.by_name.clone().unwrap_or_default();
        format!("{message} {by} {} {}", strings::WILL_TALK, notice.post_text)
    } else if notice.kind == Kind::WaitingForYou {
        format!(
            "{message} {} {}: {}",
            strings::POST_BY,
            notice.author_name,
            notice.post_text
        )
    } else {
        format!("{message} {}", notice.post_text)
    };
    let href = crate::domain::notify::link(notice.kind, &notice.post_id);
    let go = match notice.kind {
        Kind::WaitingForYou => strings::GO_TO_CHECK,
        Kind::Reconnect => strings::CONNECTIONS_TITLE,
        kind if kind.about_a_person() => strings::EASY_SIGN_IN,
        _ => strings::OPEN_POST,
    };
    let go_label = if notice.kind.about_a_person() {
        format!("{go}: {}", notice.author_name)
    } else {
        format!("{go}: {}", notice.post_text)
    };
    let when = format!("{} {}", date_words(notice.at), time_words(notice.at));
    view! {
        <li class:unread=!notice.read>
            <p>
                <Icon emoji={icon}/>
                <SpokenWords text=said.clone()/>
            </p>
            <p>{when}</p>
            <div class="actions">
                <ReadAloudButton text=said/>
                <a class="button" href=href aria-label=go_label>{go}</a>
            </div>
        </li>
    }
}
