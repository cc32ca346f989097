//! The composer page: find pictures, build the strip, hear it, send it.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::tools::{
    CardPreview, CategoryBrowser, Hints, PhotoAdder, PictureList, RoomMeters, SentenceBox,
};
use super::{load_post, SaveDraft, SendPost};
use crate::boards::{set_favourite, BoardsPanel};
use crate::common::{DoneMessage, ErrorMessage, InBrowser};
use crate::domain::feedback::cards_in;
use crate::domain::hashtags::{self, HashtagSet};
use crate::domain::lifecycle::Status;
use crate::domain::post::{post_text, Tile};
use crate::domain::speech::tile_of_each_word;
use crate::error::AppError;
use crate::hashtags::HashtagsPanel;
use crate::posts::{status_words, PostStrip, PostView, ReadAloudButton};
use crate::read_aloud::{Said, Speaker, SpokenWords};
use crate::strings;
use crate::symbols::{search_symbols, SymbolHit};

/// The speaker's key for the post being made, read with "Read my post".
const POST_KEY: &str = "composer:post";

/// `/posts/:id`: the composer for a draft, or the post read-only.
#[component]
pub fn ComposerPage() -> impl IntoView {
    let params = use_params_map();
    let post_id = move || params.read().get("id").unwrap_or_default();
    let post = Resource::new(post_id, load_post);
    // Made with the page (not inside the suspended part) so the server and
    // the browser number their resources alike.
    let targets = Resource::new(post_id, crate::publishing::post_targets);
    view! {
        <leptos_meta::Title text=strings::MAKE_POST/>
        <Suspense fallback=|| view! { <p>{strings::LOADING}</p> }>
            {move || Suspend::new(async move {
                match post.await {
                    Ok(post) if post.status.is_editable() => view! { <Composer post/> }.into_any(),
                    Ok(post) => view! { <ReadOnly post targets/> }.into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReadOnly(
    post: PostView,
    targets: Resource<Result<Vec<crate::publishing::TargetView>, crate::error::AppError>>,
) -> impl IntoView {
    let published = matches!(post.status, Status::Published | Status::TakenDown);
    let text = post.text();
    let can_withdraw = matches!(post.status, Status::Submitted | Status::AwaitingAuthor);
    let post_id = post.post_id.clone();
    let suggestion = post
        .suggestion
        .clone()
        .filter(|_| post.status == Status::AwaitingAuthor);
    let answer_id = post.post_id.clone();
    let take_down_id = post.post_id.clone();
    let goes_out = post
        .scheduled_for
        .filter(|_| post.status == Status::Scheduled)
        .map(|at| {
            format!(
                "{} {} at {}.",
                strings::GOES_OUT_ON,
                crate::posts::date_words(at),
                crate::posts::time_words(at)
            )
        });
    view! {
        <h1>{strings::MY_POST}</h1>
        <Said text=status_words(post.status)/>
        {goes_out.map(|text| view! { <Said text/> })}
        {match suggestion {
            Some(new) => view! { <AnswerSuggestion post_id=answer_id mine=post.tiles new/> }.into_any(),
            None => view! {
                <Said text=strings::CANNOT_CHANGE/>
                <PostStrip tiles=post.tiles label=strings::MY_POST/>
                <ReadAloudButton text label=strings::READ_MY_POST/>
            }.into_any(),
        }}
        {can_withdraw.then(|| view! { <TakeBack post_id/> })}
        {published.then(|| view! { <crate::publishing::PostTargets targets/> })}
        {post.can_take_down.then(|| view! { <TakeDown post_id=take_down_id/> })}
    }
}

/// The author's own words and a supporter's new words side by side, each
/// with its pictures and read-aloud, then **Yes, post this** or **No, keep
/// mine**. Nothing changes until the author answers.
#[component]
fn AnswerSuggestion(post_id: String, mine: Vec<Tile>, new: Vec<Tile>) -> impl IntoView {
    let post_id = StoredValue::new(post_id);
    let answer = Action::new(move |post_this: &bool| {
        let post_this = *post_this;
        async move { super::answer_suggestion(post_id.get_value(), post_this).await }
    });
    let mine_text = post_text(&mine);
    let new_text = post_text(&new);
    view! {
        <Said text=strings::NEW_WORDS_FROM/>
        <div class="compare">
            <section aria-labelledby="mine-heading">
                <h2 id="mine-heading">{strings::YOUR_WORDS}</h2>
                <PostStrip tiles=mine label=strings::YOUR_WORDS/>
                <p class="post-text"><SpokenWords text=mine_text.clone()/></p>
                <ReadAloudButton text=mine_text/>
            </section>
            <section aria-labelledby="new-heading">
                <h2 id="new-heading">{strings::NEW_WORDS}</h2>
                <PostStrip tiles=new label=strings::NEW_WORDS/>
                <p class="post-text"><SpokenWords text=new_text.clone()/></p>
                <ReadAloudButton text=new_text/>
            </section>
        </div>
        {move || match answer.value().get() {
            Some(Ok(())) => {
                let done = if answer.input().get().unwrap_or(true) {
                    strings::NEW_WORDS_TAKEN
                } else {
                    strings::OWN_WORDS_KEPT
                };
                view! { <DoneMessage text=done/> }.into_any()
            }
            other => view! {
                {other.and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
                <div class="actions">
                    <button
                        type="button"
                        class="primary"
                        disabled=move || answer.pending().get()
                        on:click=move |_| { answer.dispatch(true); }
                    >
                        <span aria-hidden="true" class="icon">"👍"</span>
                        {strings::POST_THIS}
                    </button>
                    <button
                        type="button"
                        disabled=move || answer.pending().get()
                        on:click=move |_| { answer.dispatch(false); }
                    >
                        <span aria-hidden="true" class="icon">"✋"</span>
                        {strings::KEEP_MINE}
                    </button>
                </div>
            }.into_any(),
        }}
    }
}

/// "Take my post back", with one question first: taking back cannot be
/// undone.
#[component]
fn TakeBack(post_id: String) -> impl IntoView {
    let post_id = StoredValue::new(post_id);
    let asking = RwSignal::new(false);
    let take_back =
        Action::new(move |_: &()| async move { super::withdraw_post(post_id.get_value()).await });
    view! {
        {move || match take_back.value().get() {
            Some(Ok(())) => view! { <DoneMessage text=strings::TAKEN_BACK/> }.into_any(),
            Some(Err(error)) => view! { <ErrorMessage error/> }.into_any(),
            None if asking.get() => view! {
                <div class="message" role="alertdialog" aria-labelledby="take-back-question">
                    <p id="take-back-question"><SpokenWords text=strings::TAKE_BACK_SURE/></p>
                    <ReadAloudButton text=strings::TAKE_BACK_SURE/>
                    <div class="actions">
                        <button
                            type="button"
                            class="primary"
                            disabled=move || take_back.pending().get()
                            on:click=move |_| { take_back.dispatch(()); }
                        >
                            <span aria-hidden="true" class="icon">"↩️"</span>
                            {strings::TAKE_BACK_YES}
                        </button>
                        <button type="button" on:click=move |_| asking.set(false)>
                            <span aria-hidden="true" class="icon">"✋"</span>
                            {strings::TAKE_BACK_NO}
                        </button>
                    </div>
                </div>
            }.into_any(),
            None => view! {
                <button type="button" on:click=move |_| asking.set(true)>
                    <span aria-hidden="true" class="icon">"↩️"</span>
                    {strings::TAKE_BACK}
                </button>
            }.into_any(),
        }}
    }
}

/// A tile in the strip, with a key that stays put when tiles move.
#[derive(Clone, Debug, PartialEq)]
struct StripTile {
    uid: u32,
    /// The picture's own word, used to name its controls.
    label: String,
    tile: Tile,
}

#[component]
fn Composer(post: PostView) -> impl IntoView {
    let speaker = expect_context::<Speaker>();
    let post_id = StoredValue::new(post.post_id.clone());
    let next_uid = StoredValue::new(0u32);
    let keyed = move |tile: Tile| {
        let uid = next_uid.get_value();
        next_uid.set_value(uid + 1);
        StripTile {
            uid,
            label: tile.word.clone(),
            tile,
        }
    };
    let strip = RwSignal::new(post.tiles.into_iter().map(keyed).collect::<Vec<_>>());
    let revision = StoredValue::new(post.revision);
    let save = ServerAction::<SaveDraft>::new();
    let send = ServerAction::<SendPost>::new();
    let tiles_now = move || strip.with_untracked(|s| s.iter().map(|t| t.tile.clone()).collect());
    let save_now = move || {
        let next = revision.get_value() + 1;
        revision.set_value(next);
        save.dispatch(SaveDraft {
            post_id: post_id.get_value(),
            tiles: tiles_now(),
            revision: next,
        });
    };
    // Every change can be undone, one step at a time.
    let history = RwSignal::new(Vec::<Vec<StripTile>>::new());
    let change = move |edit: &dyn Fn(&mut Vec<StripTile>)| {
        let before = strip.get_untracked();
        strip.update(|s| edit(s));
        if strip.with_untracked(|s| *s != before) {
            history.update(|h| {
                h.push(before);
                if h.len() > 50 {
                    h.remove(0);
                }
            });
            save_now();
        }
    };
    let undo = move |_| {
        if let Some(before) = history.try_update(Vec::pop).flatten() {
            strip.set(before);
            save_now();
        }
    };
    // Drag to reorder: the tile follows the finger; the change is saved
    // (and can be undone) when the finger lifts.
    let dragging = RwSignal::new(None::<(u32, Vec<StripTile>)>);
    provide_context(Dragging(dragging));
    let on_move = window_event_listener(leptos::ev::pointermove, move |ev| {
        let Some((uid, _)) = dragging.get_untracked() else {
            return;
        };
        if let Some(over) = tile_at(ev.client_x(), ev.client_y()) {
            if over != uid {
                strip.update(|s| {
                    let from = s.iter().position(|t| t.uid == uid);
                    let to = s.iter().position(|t| t.uid == over);
                    if let (Some(from), Some(to)) = (from, to) {
                        let moved = s.remove(from);
                        s.insert(to, moved);
                    }
                });
            }
        }
    });
    let on_up = window_event_listener(leptos::ev::pointerup, move |_| {
        if let Some((_, before)) = dragging.get_untracked() {
            dragging.set(None);
            if strip.with_untracked(|s| *s != before) {
                history.update(|h| h.push(before));
                save_now();
            }
        }
    });
    on_cleanup(move || {
        on_move.remove();
        on_up.remove();
    });
    // The tile whose tools show: chosen by a tap, gone when it is removed.
    let chosen = RwSignal::new(None::<u32>);
    let chosen_here = Memo::new(move |_| {
        chosen
            .get()
            .filter(|uid| strip.with(|s| s.iter().any(|t| t.uid == *uid)))
    });
    let add_tiles = move |tiles: Vec<Tile>| {
        let keyed: Vec<StripTile> = tiles.into_iter().map(keyed).collect();
        change(&|s| s.extend(keyed.iter().cloned()));
    };
    let text = Signal::derive(move || {
        strip.with(|s| post_text(&s.iter().map(|t| t.tile.clone()).collect::<Vec<_>>()))
    });
    let saved_version = save.version();
    let boards_refresh = RwSignal::new(0u32);
    provide_context(BoardsRefresh(boards_refresh));
    let add = move |hit: SymbolHit| {
        speaker.tap(&hit.word, &hit.word);
        let tile = keyed(Tile {
            symbol: Some(hit.symbol),
            word: hit.word,
        });
        change(&|s| s.push(tile.clone()));
    };
    retry_failed_saves(save, save_now);

    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = send.value().get() {
            navigate("/?sent=1", Default::default());
        }
    });
    let send_error = move || send.value().get().and_then(Result::err);

    view! {
        <h1>{if post.is_sign_off { strings::SIGN_OFF_TITLE } else { strings::MAKE_POST }}</h1>
        {post.is_sign_off.then(|| view! { <Said text=strings::SIGN_OFF_THIS/> })}
        {post
            .feedback
            .map(|feedback| {
                view! {
                    <section class="feedback" aria-labelledby="feedback-title">
                        <h2 id="feedback-title">{strings::SUPPORTER_SAYS}</h2>
                        <ul class="feedback-cards">
                            {cards_in(&feedback).into_iter().map(|card| view! {
                                <li>
                                    <span aria-hidden="true" class="icon">{card.picture()}</span>
                                    {card.words()}
                                </li>
                            }).collect_view()}
                        </ul>
                        <p><SpokenWords text=feedback.clone()/></p>
                        <ReadAloudButton text=feedback/>
                    </section>
                }
            })}
        <SentenceBox on_tiles=Callback::new(add_tiles)/>
        <div class="find-row">
            <SymbolSearch on_pick=Callback::new(add)/>
            <CategoryBrowser on_pick=Callback::new(add)/>
        </div>
        <div class="boards">
            <BoardsPanel on_pick=Callback::new(add) refresh=boards_refresh/>
            <HashtagsPanel post_id=post.post_id.clone() on_pick=Callback::new(move |set: HashtagSet| {
                speaker.tap(&set.event, &set.event);
                add_tiles(hashtags::tiles(&set));
            })/>
        </div>
        <PhotoAdder on_photo=Callback::new(move |tile: Tile| {
            speaker.tap(&tile.word, &tile.word);
            let tile = keyed(tile);
            change(&|s| s.push(tile.clone()));
        })/>
        <h2 id="my-post-title">{strings::MY_POST}</h2>
        <Show when=move || strip.with(Vec::is_empty)>
            <Said text=strings::EMPTY_POST/>
        </Show>
        <ol class="strip editable" aria-labelledby="my-post-title">
            <For
                each=move || strip.get()
                key=|t| t.uid
                children=move |t| view! { <EditableTile uid=t.uid strip chosen/> }
            />
        </ol>
        {move || chosen_here.get().map(|uid| {
            let label = strip.with_untracked(|s| {
                s.iter().find(|t| t.uid == uid).map(|t| t.label.clone()).unwrap_or_default()
            });
            view! { <TileTools uid label strip change/> }
        })}
        <div class="save-row">
            <SaveState save/>
            <button type="button" class="undo" disabled=move || history.with(Vec::is_empty) on:click=undo>
                <span aria-hidden="true" class="icon">"↩"</span>
                {strings::UNDO}
            </button>
        </div>
        <Hints text/>
        <DetailsNote text version=Signal::derive(move || saved_version.get())/>
        <RoomMeters targets=post.targets.clone() text/>
        <CardPreview post_id=post.post_id.clone() version=Signal::derive(move || saved_version.get() as i64) text/>
        <div class="actions">
            <button
                type="button"
                class="speak"
                on:click=move |_| {
                    if speaker.saying(POST_KEY) {
                        speaker.stop();
                    } else {
                        speaker.say_as(POST_KEY, &post_text(&tiles_now()));
                    }
                }
            >
                <span aria-hidden="true" class="icon">{move || if speaker.saying(POST_KEY) { "⏹" } else { "🔊" }}</span>
                {move || if speaker.saying(POST_KEY) { strings::STOP_READING } else { strings::READ_MY_POST }}
            </button>
            <button
                type="button"
                class="primary"
                disabled=move || send.pending().get()
                on:click=move |_| {
                    let next = revision.get_value() + 1;
                    revision.set_value(next);
                    send.dispatch(SendPost {
                        post_id: post_id.get_value(),
                        tiles: tiles_now(),
                        revision: next,
                    });
                }
            >
                <span aria-hidden="true" class="icon">"📨"</span>
                {strings::SEND_TO_SUPPORTER}
            </button>
        </div>
        {move || send_error().map(|error| view! { <ErrorMessage error/> })}
    }
}

/// Tries a save that failed on the way (network or server trouble) again
/// after a pause, so a dropped connection loses nothing. A refusal (signed
/// out, post moved on) is not retried: the page says what to do instead.
fn retry_failed_saves(save: ServerAction<SaveDraft>, save_now: impl Fn() + Clone + 'static) {
    Effect::new(move |_| {
        if let Some(Err(AppError::Network(_) | AppError::Server)) = save.value().get() {
            let again = save_now.clone();
            set_timeout(again, std::time::Duration::from_secs(3));
        }
    });
}

/// A gentle note when the post may share private details. Asked of the
/// server after each save, in the browser only (so the server page and
/// hydration match).
#[component]
fn DetailsNote(text: Signal<String>, version: Signal<usize>) -> impl IntoView {
    let found = LocalResource::new(move || {
        version.track();
        let words = text.get_untracked();
        async move {
            if words.trim().is_empty() {
                Ok(Vec::new())
            } else {
                super::personal_details(words).await
            }
        }
    });
    view! {
        <InBrowser>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let found = found.await.unwrap_or_default();
                    (!found.is_empty()).then(|| {
                        let words = found.iter().map(|f| f.text.clone()).collect::<Vec<_>>().join(", ");
                        view! {
                            <section class="details-note" aria-labelledby="details-note-title">
                                <h2 id="details-note-title">
                                    <span aria-hidden="true" class="icon">"🛡️"</span>
                                    {strings::PRIVATE_DETAILS}
                                </h2>
                                <Said text=strings::PRIVATE_DETAILS_NOTE/>
                                <p><mark>{words}</mark></p>
                            </section>
                        }
                    })
                })}
            </Transition>
        </InBrowser>
    }
}

#[component]
fn SaveState(save: ServerAction<SaveDraft>) -> impl IntoView {
    let words = move || match save.value().get() {
        _ if save.pending().get() => strings::SAVING.to_string(),
        Some(Err(AppError::Network(_) | AppError::Server)) => strings::NOT_SAVED.to_string(),
        Some(Err(refusal)) => refusal.to_string(),
        _ => strings::SAVED.to_string(),
    };
    let speaker = expect_context::<Speaker>();
    view! {
        <div class="said">
            <p class="save-state" role="status">{words}</p>
            <button
                type="button"
                class="speak"
                aria-label=move || format!("{}: {}", strings::READ_ALOUD, words())
                on:click=move |_| speaker.say(&words())
            >
                <span aria-hidden="true" class="icon">"🔊"</span>
                {strings::READ_ALOUD}
            </button>
        </div>
    }
}

/// One tile of the editable strip: its picture above its word. Tapping it
/// chooses it (its tools show under the strip) and says its word; the
/// chosen tile can be dragged to a new place. Arrow keys move between
/// tiles, so Tab goes from the strip straight to the tools.
#[component]
fn EditableTile(
    uid: u32,
    strip: RwSignal<Vec<StripTile>>,
    chosen: RwSignal<Option<u32>>,
) -> impl IntoView {
    let speaker = expect_context::<Speaker>();
    let tile = move || strip.with(|s| s.iter().find(|t| t.uid == uid).map(|t| t.tile.clone()));
    let word = move || tile().map(|t| t.word).unwrap_or_default();
    let picture = move || tile().and_then(|t| t.symbol).map(|s| s.url());
    let dragging = expect_context::<Dragging>().0;
    let tile_key = StoredValue::new(format!("tile:{uid}"));
    let is_chosen = move || chosen.get() == Some(uid);
    // The one tile Tab stops at: the chosen one, or the first.
    let tab_stop = move || {
        let first = strip.with(|s| s.first().map(|t| t.uid));
        match chosen.get() {
            Some(c) if strip.with(|s| s.iter().any(|t| t.uid == c)) => c == uid,
            _ => first == Some(uid),
        }
    };
    // Lit while this tile is heard: on its own, or as part of the post.
    let heard = move || {
        if tile_key.with_value(|k| speaker.saying(k)) {
            return speaker.settings.with(|s| s.highlight);
        }
        let Some(word) = speaker.word_in(POST_KEY) else {
            return false;
        };
        strip.with(|s| {
            let words: Vec<&str> = s.iter().map(|t| t.tile.word.as_str()).collect();
            tile_of_each_word(&words).get(word).copied() == s.iter().position(|t| t.uid == uid)
        })
    };
    let step = move |ev: leptos::ev::KeyboardEvent| {
        let to = strip.with_untracked(|s| {
            let at = s.iter().position(|t| t.uid == uid)?;
            let to = match ev.key().as_str() {
                "ArrowRight" | "ArrowDown" => at + 1,
                "ArrowLeft" | "ArrowUp" => at.checked_sub(1)?,
                "Home" => 0,
                "End" => s.len().checked_sub(1)?,
                _ => return None,
            };
            s.get(to).map(|t| t.uid)
        });
        if let Some(to) = to {
            ev.prevent_default();
            chosen.set(Some(to));
            focus_tile(to);
        }
    };
    view! {
        <li
            class="tile"
            data-uid=uid.to_string()
            class:chosen=is_chosen
            class:speaking=heard
            aria-current=move || heard().then_some("true")
            class:dragging=move || dragging.with(|d| d.as_ref().is_some_and(|(u, _)| *u == uid))
            on:pointerdown=move |_| {
                if chosen.get_untracked() == Some(uid) {
                    dragging.set(Some((uid, strip.get_untracked())));
                }
            }
        >
            <button
                type="button"
                class="tile-say"
                aria-pressed=move || is_chosen().to_string()
                tabindex=move || if tab_stop() { "0" } else { "-1" }
                on:keydown=step
                on:click=move |_| {
                    chosen.set(Some(uid));
                    tile_key.with_value(|k| speaker.tap(k, &word()));
                    request_animation_frame(show_tile_tools);
                }
            >
                {move || picture().map(|src| view! { <img src=src alt="" width="80" height="80" draggable="false"/> })}
                <span class="tile-word">{word}</span>
            </button>
        </li>
    }
}

/// Scrolls the page just enough to show the chosen tile's tools.
#[cfg(feature = "hydrate")]
fn show_tile_tools() {
    if let Some(tools) = document().get_element_by_id(TILE_TOOLS) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        tools.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

#[cfg(not(feature = "hydrate"))]
fn show_tile_tools() {}

/// The id of the chosen tile's tools.
const TILE_TOOLS: &str = "tile-tools";

/// Puts the keyboard on a strip tile.
#[cfg(feature = "hydrate")]
fn focus_tile(uid: u32) {
    use wasm_bindgen::JsCast;
    let selector = format!("[data-uid='{uid}'] .tile-say");
    if let Some(button) = document()
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = button.focus();
    }
}

#[cfg(not(feature = "hydrate"))]
fn focus_tile(_uid: u32) {}

/// The tools for the chosen tile: its words, moving it, other pictures,
/// keeping it as a favourite and removing it.
#[component]
fn TileTools(
    uid: u32,
    label: String,
    strip: RwSignal<Vec<StripTile>>,
    change: impl Fn(&dyn Fn(&mut Vec<StripTile>)) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let position = move || strip.with(|s| s.iter().position(|t| t.uid == uid));
    let tile = move || strip.with(|s| s.iter().find(|t| t.uid == uid).map(|t| t.tile.clone()));
    let word = move || tile().map(|t| t.word).unwrap_or_default();
    let picture = move || tile().and_then(|t| t.symbol).map(|s| s.url());
    let shift = move |by: isize| {
        change(&|s| {
            if let Some(from) = s.iter().position(|t| t.uid == uid) {
                let to = from as isize + by;
                if to >= 0 && (to as usize) < s.len() {
                    s.swap(from, to as usize);
                }
            }
        })
    };
    let others_open = RwSignal::new(false);
    let others = LocalResource::new(move || {
        let open = others_open.get();
        let word = word_untracked(strip, uid);
        async move {
            if open {
                search_symbols(word).await.map(Some)
            } else {
                Ok(None)
            }
        }
    });
    let swap = move |hit: SymbolHit| {
        change(&|s| {
            if let Some(t) = s.iter_mut().find(|t| t.uid == uid) {
                t.tile.symbol = Some(hit.symbol.clone());
            }
        });
        others_open.set(false);
    };
    let refresh = expect_context::<BoardsRefresh>().0;
    let keep = Action::new(move |_: &()| {
        let found = tile();
        async move {
            if let Some(Tile {
                symbol: Some(symbol),
                word,
            }) = found
            {
                let word = word.trim_end_matches(['.', '!', '?']).to_string();
                set_favourite(symbol, word, true).await
            } else {
                Ok(())
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = keep.value().get() {
            refresh.update(|r| *r += 1);
        }
    });
    let can_keep = move || tile().and_then(|t| t.symbol).is_some_and(|s| !s.is_photo());
    let at_start = move || position() == Some(0);
    let at_end = move || position().map(|p| p + 1) == Some(strip.with(Vec::len));
    view! {
        <section class="tile-tools" id=TILE_TOOLS aria-labelledby="tile-tools-title">
            <h3 id="tile-tools-title">
                {move || picture().map(|src| view! { <img src=src alt="" width="48" height="48"/> })}
                {move || format!("{} {}", strings::CHOSEN_TILE, word())}
            </h3>
            <div class="tool-row">
                <input
                    type="text"
                    class="tile-edit"
                    aria-label=format!("{} {label}", strings::CHANGE_WORD)
                    prop:value=word
                    on:change=move |ev| {
                        let new_word = event_target_value(&ev);
                        change(&|s| {
                            if let Some(t) = s.iter_mut().find(|t| t.uid == uid) {
                                t.tile.word = new_word.clone();
                            }
                        })
                    }
                />
                <button
                    type="button"
                    aria-label=move || format!("{} {} {}", strings::MOVE, word(), strings::EARLIER)
                    disabled=at_start
                    on:click=move |_| shift(-1)
                >
                    <span aria-hidden="true">"◀ "</span>
                    {strings::EARLIER}
                </button>
                <button
                    type="button"
                    aria-label=move || format!("{} {} {}", strings::MOVE, word(), strings::LATER)
                    disabled=at_end
                    on:click=move |_| shift(1)
                >
                    {strings::LATER}
                    <span aria-hidden="true">" ▶"</span>
                </button>
                <button
                    type="button"
                    aria-label=move || format!("{} {}", strings::OTHER_PICTURES_FOR, word())
                    aria-expanded=move || others_open.get().to_string()
                    on:click=move |_| others_open.update(|o| *o = !*o)
                >
                    <span aria-hidden="true">"🔁 "</span>
                    {strings::OTHER_PICTURES}
                </button>
                <Show when=can_keep>
                    <button
                        type="button"
                        aria-label=move || format!("{} {}", strings::KEEP_AS_FAVOURITE, word())
                        on:click=move |_| { keep.dispatch(()); }
                    >
                        <span aria-hidden="true">"⭐ "</span>
                        {strings::KEEP}
                    </button>
                </Show>
                <button
                    type="button"
                    class="remove"
                    aria-label=move || format!("{} {}", strings::REMOVE, word())
                    on:click=move |_| change(&|s| s.retain(|t| t.uid != uid))
                >
                    <span aria-hidden="true">"✖ "</span>
                    {strings::REMOVE}
                </button>
            </div>
            <Show when=move || others_open.get()>
                <Suspense fallback=|| view! { <p>{strings::LOADING}</p> }>
                    {move || Suspend::new(async move {
                        match others.await {
                            Ok(Some(hits)) if hits.is_empty() => view! { <Said text=strings::NO_PICTURES_FOUND/> }.into_any(),
                            Ok(Some(hits)) => view! {
                                <PictureList
                                    hits
                                    on_pick=Callback::new(swap)
                                    label=format!("{} {}", strings::OTHER_PICTURES_FOR, word_untracked(strip, uid))
                                />
                            }.into_any(),
                            Ok(None) => ().into_any(),
                            Err(error) => view! { <ErrorMessage error/> }.into_any(),
                        }
                    })}
                </Suspense>
            </Show>
        </section>
    }
}

/// The tile being dragged, and the strip before the drag began.
#[derive(Clone, Copy)]
struct Dragging(RwSignal<Option<(u32, Vec<StripTile>)>>);

/// The uid of the strip tile under a point of the screen.
#[cfg(feature = "hydrate")]
fn tile_at(x: i32, y: i32) -> Option<u32> {
    let element = document().element_from_point(x as f32, y as f32)?;
    let tile = element.closest("[data-uid]").ok()??;
    tile.get_attribute("data-uid")?.parse().ok()
}

#[cfg(not(feature = "hydrate"))]
fn tile_at(_x: i32, _y: i32) -> Option<u32> {
    None
}

/// Bumped to load the boards again after a change.
#[derive(Clone, Copy)]
struct BoardsRefresh(RwSignal<u32>);

/// A tile's words without the full stop, for finding other pictures.
fn word_untracked(strip: RwSignal<Vec<StripTile>>, uid: u32) -> String {
    strip.with_untracked(|s| {
        s.iter()
            .find(|t| t.uid == uid)
            .map(|t| {
                t.tile
                    .word
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_string()
            })
            .unwrap_or_default()
    })
}

/// The search box and its picture buttons.
#[component]
fn SymbolSearch(on_pick: Callback<SymbolHit>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let results = Resource::new(
        move || query.get(),
        |q| async move {
            if q.trim().is_empty() {
                Ok(Vec::new())
            } else {
                search_symbols(q).await
            }
        },
    );
    view! {
        <div class="search">
            <label for="find-picture">{strings::FIND_A_PICTURE}</label>
            <input
                id="find-picture"
                type="search"
                autocomplete="off"
                prop:value=query
                on:input=move |ev| query.set(event_target_value(&ev))
            />
        </div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(hits) if hits.is_empty() && !query.with_untracked(|q| q.trim().is_empty()) => {
                        view! { <Said text=strings::NO_PICTURES_FOUND/> }.into_any()
                    }
                    Ok(hits) => view! { <PictureList hits on_pick label=strings::PICTURES_FOUND.to_string()/> }.into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// **Take this post down**, after one question and a reason: it leaves the
/// feed at once; the networks follow.
#[component]
fn TakeDown(post_id: String) -> impl IntoView {
    let post_id = StoredValue::new(post_id);
    let asking = RwSignal::new(false);
    let why = RwSignal::new(String::new());
    let take = Action::new(move |why: &String| {
        let why = why.clone();
        async move { crate::posts::take_down(post_id.get_value(), why).await }
    });
    view! {
        {move || match take.value().get() {
            Some(Ok(())) => Some(view! { <crate::common::DoneMessage text=strings::TAKE_DOWN_DONE/> }.into_any()),
            Some(Err(error)) => Some(view! { <ErrorMessage error/> }.into_any()),
            None => None,
        }}
        <Show when=move || !matches!(take.value().get(), Some(Ok(())))>
            <Show
                when=move || asking.get()
                fallback=move || view! {
                    <button type="button" on:click=move |_| asking.set(true)>
                        <span aria-hidden="true" class="icon">"🛑"</span>
                        {strings::TAKE_DOWN}
                    </button>
                }
            >
                <section class="details" aria-labelledby="take-down">
                    <h2 id="take-down">{strings::TAKE_DOWN}</h2>
                    <Said text=strings::TAKE_DOWN_ASK/>
                    <label for="take-down-why">{strings::TAKE_DOWN_WHY}</label>
                    <textarea
                        id="take-down-why"
                        rows="2"
                        prop:value=why
                        on:input=move |ev| why.set(event_target_value(&ev))
                    ></textarea>
                    <button
                        type="button"
                        class="primary"
                        disabled=move || take.pending().get()
                        on:click=move |_| {
                            take.dispatch(why.get_untracked());
                        }
                    >
                        {strings::YES_TAKE_DOWN}
                    </button>
                    <button type="button" on:click=move |_| asking.set(false)>{strings::NO_GO_BACK}</button>
                </section>
            </Show>
        </Show>
    }
}
