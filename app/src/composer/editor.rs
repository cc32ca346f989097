//! The composer's editor: the strip of tiles being written, saved as the
//! author goes, with the boards, the picture search and the send button.

use std::sync::Arc;

use leptos::prelude::*;

use super::checks::{CardPreview, Checks};
use super::tile::{
    tile_at, tile_tools, BoardsRefresh, Change, Dragging, EditableTile, StripTile, SymbolSearch,
    POST_KEY,
};
use super::tools::{CategoryBrowser, PhotoAdder, SentenceBox};
use super::unsaved;
use super::{SaveDraft, SendPost};
use crate::boards::BoardsPanel;
use crate::common::{ErrorMessage, Icon, InBrowser};
use crate::domain::feedback::cards_in;
use crate::domain::hashtags::{self, HashtagSet};
use crate::domain::post::{post_text, Tile};
use crate::error::AppError;
use crate::hashtags::HashtagsPanel;
use crate::pieces::{LoadPiece, Piece};
use crate::posts::{PostView, ReadAloudButton};
use crate::read_aloud::{Said, Speaker, SpokenWords};
use crate::strings;
use crate::symbols::SymbolHit;

#[component]
pub(super) fn Composer(post: PostView) -> impl IntoView {
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
    let tiles_now = move || -> Vec<Tile> {
        strip.with_untracked(|s| s.iter().map(|t| t.tile.clone()).collect())
    };
    let save_now = move || {
        let next = revision.get_value() + 1;
        revision.set_value(next);
        let tiles = tiles_now();
        post_id.with_value(|id| unsaved::keep(id, next, &tiles));
        save.dispatch(SaveDraft {
            post_id: post_id.get_value(),
            tiles,
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
    let shared_change: Change = StoredValue::new(std::sync::Arc::new(change));
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
    forget_when_saved(save, post_id);
    // Newer pictures kept in this tab than the server has (a reload came
    // before their save arrived) come back into the strip, and are saved.
    // Undo takes them out again.
    Effect::new(move |_| {
        let kept = post_id.with_value(|id| unsaved::take(id));
        if let Some(kept) = kept.filter(|kept| kept.revision > revision.get_value()) {
            revision.set_value(kept.revision);
            let keyed: Vec<StripTile> = kept.tiles.into_iter().map(keyed).collect();
            change(&|s| *s = keyed.clone());
        }
    });

    Effect::new(move |_| {
        if let Some(Ok(())) = send.value().get() {
            post_id.with_value(|id| unsaved::forget(id));
            crate::common::go_to("/?sent=1");
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
                                    <Icon emoji={card.picture()}/>
                                    {card.words()}
                                </li>
                            }).collect_view()}
                        </ul>
                        <p><SpokenWords text=feedback.clone()/></p>
                        <ReadAloudButton text=feedback/>
                    </section>
                }
            })}
        <SentenceBox post_id=post.post_id.clone() on_tiles=Callback::new(add_tiles)/>
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
            // The tools' code loads on the first tap; nothing else waits.
            let load: LoadPiece =
                Arc::new(move || Box::pin(tile_tools(uid, label.clone(), strip, shared_change)));
            view! { <Piece load missing=strings::TILE_TOOLS_MISSING/> }
        })}
        <div class="save-row">
            <SaveState save/>
            <button type="button" class="undo" disabled=move || history.with(Vec::is_empty) on:click=undo>
                <Icon emoji="↩"/>
                {strings::UNDO}
            </button>
        </div>
        <Checks text targets=post.targets.clone()/>
        <DetailsNote text version=Signal::derive(move || saved_version.get())/>
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
                <img class="icon" alt="" width="32" height="32" src=move || crate::common::emoji_picture(if speaker.saying(POST_KEY) { "⏹" } else { "🔊" })/>
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
                <Icon emoji="📨"/>
                {strings::SEND_TO_SUPPORTER}
            </button>
        </div>
        {move || send_error().map(|error| view! { <ErrorMessage error/> })}
    }
}

/// Tries a save that failed on the way (network or server trouble) again
/// after a pause, so a dropped connection loses nothing. A refusal (signed
/// out, post moved on) is not retried: the page says what to do instead.
pub(super) fn retry_failed_saves(
    save: ServerAction<SaveDraft>,
    save_now: impl Fn() + Clone + 'static,
) {
    Effect::new(move |_| {
        if let Some(Err(AppError::Network(_) | AppError::Server)) = save.value().get() {
            let again = save_now.clone();
            set_timeout(again, std::time::Duration::from_secs(3));
        }
    });
}

/// Forgets the tab's copy of the strip once the server has the newest
/// save, or has refused it (trying again would not help).
pub(super) fn forget_when_saved(save: ServerAction<SaveDraft>, post_id: StoredValue<String>) {
    Effect::new(move |_| {
        let done = match save.value().get() {
            Some(Err(AppError::Network(_) | AppError::Server)) | None => false,
            Some(_) => !save.pending().get(),
        };
        if done {
            post_id.with_value(|id| unsaved::forget(id));
        }
    });
}

/// A gentle note when the post may share private details. Asked of the
/// server after each save, in the browser only (so the server page and
/// hydration match).
#[component]
pub(super) fn DetailsNote(text: Signal<String>, version: Signal<usize>) -> impl IntoView {
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
                                    <Icon emoji="🛡️"/>
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
pub(super) fn SaveState(save: ServerAction<SaveDraft>) -> impl IntoView {
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
                <Icon emoji="🔊"/>
                {strings::READ_ALOUD}
            </button>
        </div>
    }
}
