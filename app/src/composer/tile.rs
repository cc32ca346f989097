//! One tile in the composer's strip: its words, its tools (move, change
//! the picture, take out), dragging, and the picture search.

use leptos::prelude::*;

use super::tools::PictureList;
use crate::boards::set_favourite;
use crate::common::ErrorMessage;
use crate::domain::post::Tile;
use crate::domain::speech::tile_of_each_word;
use crate::pieces::PieceMissing;
use crate::read_aloud::{Said, Speaker};
use crate::strings;
use crate::symbols::{search_symbols, SymbolHit};

/// The speaker's key for the post being made, read with "Read my post".
pub(super) const POST_KEY: &str = "composer:post";

/// A tile in the strip, with a key that stays put when tiles move.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct StripTile {
    pub(super) uid: u32,
    /// The picture's own word, used to name its controls.
    pub(super) label: String,
    pub(super) tile: Tile,
}

/// One tile of the editable strip: its picture above its word. Tapping it
/// chooses it (its tools show under the strip) and says its word; the
/// chosen tile can be dragged to a new place. Arrow keys move between
/// tiles, so Tab goes from the strip straight to the tools.
#[component]
pub(super) fn EditableTile(
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
pub(super) fn show_tile_tools() {
    if let Some(tools) = document().get_element_by_id(TILE_TOOLS) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        tools.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

#[cfg(not(feature = "hydrate"))]
pub(super) fn show_tile_tools() {}

/// The id of the chosen tile's tools.
pub(super) const TILE_TOOLS: &str = "tile-tools";

/// Puts the keyboard on a strip tile.
#[cfg(feature = "hydrate")]
pub(super) fn focus_tile(uid: u32) {
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
pub(super) fn focus_tile(_uid: u32) {}

/// How an edit reaches the strip, its history and the save.
pub(super) type Change =
    StoredValue<std::sync::Arc<dyn Fn(&dyn Fn(&mut Vec<StripTile>)) + Send + Sync>>;

/// [`TileTools`], whose code loads the first time a tile is chosen, not
/// with the composer.
#[leptos::wasm_split::wasm_split(composer_tile_tools, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(super) fn tile_tools(
    uid: u32,
    label: String,
    strip: RwSignal<Vec<StripTile>>,
    change: Change,
) -> Result<AnyView, PieceMissing> {
    let change = move |edit: &dyn Fn(&mut Vec<StripTile>)| (change.get_value())(edit);
    Ok(view! { <TileTools uid label strip change/> }.into_any())
}

/// The tools for the chosen tile: its words, moving it, other pictures,
/// keeping it as a favourite and removing it.
#[component]
fn TileTools(
    uid: u32,
    label: String,
    strip: RwSignal<Vec<StripTile>>,
    change: impl Fn(&dyn Fn(&mut Vec<StripTile>)) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    // Shown once its code has loaded, then scrolled into sight.
    Effect::new(move |_| request_animation_frame(show_tile_tools));
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
pub(super) struct Dragging(pub(super) RwSignal<Option<(u32, Vec<StripTile>)>>);

/// The uid of the strip tile under a point of the screen.
#[cfg(feature = "hydrate")]
pub(super) fn tile_at(x: i32, y: i32) -> Option<u32> {
    let element = document().element_from_point(x as f32, y as f32)?;
    let tile = element.closest("[data-uid]").ok()??;
    tile.get_attribute("data-uid")?.parse().ok()
}

#[cfg(not(feature = "hydrate"))]
pub(super) fn tile_at(_x: i32, _y: i32) -> Option<u32> {
    None
}

/// Bumped to load the boards again after a change.
#[derive(Clone, Copy)]
pub(super) struct BoardsRefresh(pub(super) RwSignal<u32>);

/// A tile's words without the full stop, for finding other pictures.
pub(super) fn word_untracked(strip: RwSignal<Vec<StripTile>>, uid: u32) -> String {
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
pub(super) fn SymbolSearch(on_pick: Callback<SymbolHit>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let results = crate::common::load(
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
