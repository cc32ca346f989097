//! What the composer shows about the words as they are written: the
//! easy-read hints and the room left on each network (one piece, loaded
//! with the first word), and the symbol card.

use std::sync::Arc;

use leptos::prelude::*;

use super::tools::mulberry;
use crate::common::{Icon, InBrowser};
use crate::domain::easy_read::{check, Hint, Rule};
use crate::domain::reach::{Level, Target};
use crate::domain::symbols::OPENMOJI;
use crate::pieces::{LoadPiece, Piece, PieceMissing};
use crate::read_aloud::{Said, Speaker, SpokenWords};
use crate::strings;

/// The picture for each kind of tip.
pub(super) fn hint_picture(rule: Rule) -> String {
    match rule {
        Rule::LongSentence => mulberry("long"),
        Rule::HardWord => mulberry("think_,_to"),
        Rule::Acronym => mulberry("letter"),
        Rule::NumberAsWords => format!("/symbols/{OPENMOJI}/1F522.svg"),
        Rule::Negative => mulberry("talk_1_,_to"),
        Rule::Passive => mulberry("who"),
    }
}

/// The checks on the words: tips and room left. A new post has no words to
/// check, so they come with the first word: their code loads then, in the
/// browser, and a new post starts lighter. A draft that already has words
/// loads them as soon as the page is ready. Once shown they stay, so taking
/// every word away never makes the page jump. If their code does not come,
/// the page says so and carries on (see [`Piece`]).
#[component]
pub fn Checks(text: Signal<String>, targets: Vec<Target>) -> impl IntoView {
    let wanted = Memo::new(move |shown: Option<&bool>| {
        shown.copied().unwrap_or(false) || text.with(|t| !t.trim().is_empty())
    });
    let targets = StoredValue::new(targets);
    let load: LoadPiece = Arc::new(move || Box::pin(checks(text, targets.get_value())));
    let load = StoredValue::new(load);
    view! {
        <InBrowser>
            <Show when=move || wanted.get()>
                <Piece load=load.get_value() missing=strings::CHECKS_MISSING/>
            </Show>
        </InBrowser>
    }
}

/// The tips and the room left, split from the main WASM.
#[leptos::wasm_split::wasm_split(composer_checks, wasm_split_path = ::leptos::wasm_split, fallible)]
fn checks(text: Signal<String>, targets: Vec<Target>) -> Result<AnyView, PieceMissing> {
    Ok(view! {
        <Hints text/>
        <RoomMeters targets text/>
    }
    .into_any())
}

/// Easy-read tips for the words so far. They never stop a post.
#[component]
fn Hints(text: Signal<String>) -> impl IntoView {
    let hints = Memo::new(move |_| text.with(|t| check(t)));
    view! {
        <section class="hints" aria-labelledby="tips-title">
            <h2 id="tips-title">
                <img src=format!("/symbols/{OPENMOJI}/1F4A1.svg") alt="" width="48" height="48"/>
                {strings::TIPS}
            </h2>
            {move || {
                let hints = hints.get();
                if hints.is_empty() {
                    view! { <Said text=strings::ALL_EASY/> }.into_any()
                } else {
                    view! {
                        <ul class="tips">
                            {hints.into_iter().map(|hint| view! { <HintItem hint/> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
pub(super) fn HintItem(hint: Hint) -> impl IntoView {
    let speaker = expect_context::<Speaker>();
    let said = format!("{} {}", hint.message, hint.text);
    let message_words = crate::domain::speech::spoken_words(&hint.message).len();
    let label = format!("{}: {}", strings::READ_ALOUD, hint.message);
    view! {
        <li>
            <img src=hint_picture(hint.rule) alt="" width="64" height="64"/>
            <span>
                <span class="tip"><SpokenWords text=hint.message.clone() key=said.clone()/></span>
                " "
                <q dir="auto"><SpokenWords text=hint.text key=said.clone() first=message_words/></q>
            </span>
            <button type="button" class="speak" aria-label=label on:click=move |_| speaker.say(&said)>
                <Icon emoji="🔊"/>
                {strings::READ_ALOUD}
            </button>
        </li>
    }
}

/// One picture meter for each place the account publishes to.
#[component]
fn RoomMeters(targets: Vec<Target>, text: Signal<String>) -> impl IntoView {
    view! {
        <section class="room" aria-labelledby="room-title">
            <h2 id="room-title">{strings::ROOM_LEFT}</h2>
            <ul>
                {targets
                    .into_iter()
                    .map(|target| {
                        let room = Memo::new(move |_| text.with(|t| target.room(t)));
                        let name = target_name(target);
                        view! {
                            <li class=move || match room.get().level {
                                Level::Fits => "fits",
                                Level::NearlyFull => "nearly-full",
                                Level::TooLong => "too-long",
                            }>
                                <img
                                    src=move || mulberry(match (room.get().limit, room.get().level) {
                                        (None, _) | (_, Level::Fits) => "half",
                                        (_, Level::NearlyFull) => "full",
                                        (_, Level::TooLong) => "full",
                                    })
                                    alt=""
                                    width="48"
                                    height="48"
                                />
                                <span class="network">{name}</span>
                                {move || room.get().limit.map(|limit| view! {
                                    <meter
                                        min="0"
                                        max=limit.to_string()
                                        high=(limit * 9 / 10).to_string()
                                        optimum="0"
                                        value=room.get().used.min(limit).to_string()
                                        aria-label=name
                                    ></meter>
                                })}
                                <span class="room-words">
                                    {move || match (room.get().limit, room.get().level) {
                                        (None, _) => strings::ROOM_ANY_LENGTH,
                                        (_, Level::Fits) => strings::ROOM_FITS,
                                        (_, Level::NearlyFull) => strings::ROOM_NEARLY_FULL,
                                        (_, Level::TooLong) => strings::ROOM_TOO_LONG,
                                    }}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// "See my card": the post as the symbol card the feed will show. Only
/// the button comes with the page; the card's code loads on the first tap.
#[component]
pub fn CardPreview(post_id: String, version: Signal<i64>, text: Signal<String>) -> impl IntoView {
    let open = RwSignal::new(false);
    let post_id = StoredValue::new(post_id);
    let load: LoadPiece = Arc::new(move || Box::pin(card(post_id.get_value(), version, text)));
    view! {
        <div class="card-preview">
            <button type="button" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                <img src=mulberry("card") alt="" width="48" height="48"/>
                {move || if open.get() { strings::HIDE_CARD } else { strings::SEE_CARD }}
            </button>
            <Show when=move || open.get()>
                <Piece load=load.clone() missing=strings::CARD_MISSING/>
            </Show>
        </div>
    }
}

/// The card itself, new after each save; its words are its description.
#[leptos::wasm_split::wasm_split(composer_card, wasm_split_path = ::leptos::wasm_split, fallible)]
fn card(
    post_id: String,
    version: Signal<i64>,
    text: Signal<String>,
) -> Result<AnyView, PieceMissing> {
    Ok(view! {
        <figure>
            <img
                class="symbol-card"
                src=move || format!("/cards/{post_id}.png?v={}", version.get())
                alt=move || text.get()
                width="1200"
            />
            <figcaption>{strings::MY_CARD}</figcaption>
        </figure>
    }
    .into_any())
}

fn target_name(target: Target) -> &'static str {
    match target {
        Target::Feed => strings::OUR_FEED,
        Target::Mastodon { .. } => "Mastodon",
        Target::Bluesky => "Bluesky",
    }
}
