//! The composer's helpers for finding pictures: words to pictures,
//! picture groups, and photos.

use std::sync::Arc;

use leptos::prelude::*;

use crate::common::ErrorMessage;
use crate::domain::post::{SymbolRef, Tile, PHOTO_SET};
use crate::domain::symbolise::Token;
use crate::domain::symbols::{MULBERRY, OPENMOJI};
use crate::pieces::{LoadPiece, Piece, PieceMissing};
use crate::read_aloud::Said;
use crate::strings;
use crate::symbols::{sentence_to_symbols, symbol_categories, symbols_in_category, SymbolHit};

pub(super) fn mulberry(id: &str) -> String {
    format!("/symbols/{MULBERRY}/{id}.svg")
}

/// "Write your words": a sentence becomes a row of tiles. Words not yet
/// made into pictures stay in this tab, so a reload does not lose them.
#[component]
pub fn SentenceBox(post_id: String, on_tiles: Callback<Vec<Tile>>) -> impl IntoView {
    let post_id = StoredValue::new(post_id);
    let text = RwSignal::new(String::new());
    // After the page has started in the browser (the server never has them).
    Effect::new(move |_| {
        if let Some(words) = post_id.with_value(|id| super::unsaved::words(id)) {
            text.set(words);
        }
    });
    let make = Action::new(move |text: &String| {
        let text = text.clone();
        async move { sentence_to_symbols(text).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(tokens)) = make.value().get() {
            if !tokens.is_empty() {
                on_tiles.run(tokens.iter().map(Token::tile).collect());
                text.set(String::new());
                post_id.with_value(|id| super::unsaved::keep_words(id, ""));
            }
        }
    });
    view! {
        <div class="sentence">
            <label for="write-words">
                <img src=mulberry("write_,_to") alt="" width="48" height="48"/>
                {strings::WRITE_WORDS}
            </label>
            <textarea
                id="write-words"
                rows="2"
                maxlength="600"
                prop:value=text
                on:input=move |ev| {
                    let words = event_target_value(&ev);
                    post_id.with_value(|id| super::unsaved::keep_words(id, &words));
                    text.set(words);
                }
            ></textarea>
            <button
                type="button"
                disabled=move || make.pending().get() || text.with(|t| t.trim().is_empty())
                on:click=move |_| {
                    make.dispatch(text.get_untracked());
                }
            >
                {strings::MAKE_PICTURES}
            </button>
            {move || make.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
        </div>
    }
}

/// Picture groups: a grid of groups, then the pictures inside; "Back to
/// groups" is always one tap. The groups' code loads on the first tap.
#[component]
pub fn CategoryBrowser(on_pick: Callback<SymbolHit>) -> impl IntoView {
    let open = RwSignal::new(false);
    let load: LoadPiece = Arc::new(move || Box::pin(picture_groups(on_pick)));
    view! {
        <div class="groups">
            <button type="button" aria-expanded=move || open.get().to_string() on:click=move |_| {
                open.update(|o| *o = !*o);
            }>
                <img src=mulberry("picture") alt="" width="48" height="48"/>
                {move || if open.get() { strings::HIDE_GROUPS } else { strings::SEE_GROUPS }}
            </button>
            <Show when=move || open.get()>
                <Piece load=load.clone() missing=strings::GROUPS_MISSING loading=true/>
            </Show>
        </div>
    }
}

/// [`PictureGroups`], loaded when someone opens the groups.
#[leptos::wasm_split::wasm_split(composer_groups, wasm_split_path = ::leptos::wasm_split, fallible)]
fn picture_groups(on_pick: Callback<SymbolHit>) -> Result<AnyView, PieceMissing> {
    Ok(view! { <PictureGroups on_pick/> }.into_any())
}

/// The open groups: a new start (the grid) each time they open.
#[component]
fn PictureGroups(on_pick: Callback<SymbolHit>) -> impl IntoView {
    let chosen = RwSignal::new(None::<String>);
    let groups = LocalResource::new(symbol_categories);
    let inside = LocalResource::new(move || {
        let chosen = chosen.get();
        async move {
            match chosen {
                Some(name) => symbols_in_category(name).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <Suspense fallback=|| view! { <p>{strings::LOADING}</p> }>
            {move || Suspend::new(async move {
                match (chosen.get(), inside.await, groups.await) {
                    (Some(name), Ok(Some(hits)), _) => view! {
                        <button type="button" class="back" on:click=move |_| chosen.set(None)>
                            <img src=mulberry("back") alt="" width="48" height="48"/>
                            {strings::BACK_TO_GROUPS}
                        </button>
                        <h3>{name.clone()}</h3>
                        <PictureList hits on_pick label=name/>
                    }.into_any(),
                    (_, Err(error), _) | (_, _, Err(error)) => view! { <ErrorMessage error/> }.into_any(),
                    (_, _, Ok(groups)) => view! {
                        <ul class="results" aria-label=strings::PICTURE_GROUPS>
                            {groups.into_iter().map(|group| {
                                let name = group.name.clone();
                                view! {
                                    <li>
                                        <button type="button" class="pick" on:click=move |_| chosen.set(Some(name.clone()))>
                                            <img src=group.picture.url() alt="" width="96" height="96" loading="lazy"/>
                                            <span>{group.name.clone()}</span>
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A list of picture buttons.
#[component]
pub fn PictureList(
    hits: Vec<SymbolHit>,
    on_pick: Callback<SymbolHit>,
    label: String,
) -> impl IntoView {
    view! {
        <ul class="results" aria-label=label>
            {hits
                .into_iter()
                .map(|hit| {
                    let src = hit.symbol.url();
                    let word = hit.word.clone();
                    view! {
                        <li>
                            <button type="button" class="pick" on:click=move |_| on_pick.run(hit.clone())>
                                <img src=src alt="" width="96" height="96" loading="lazy"/>
                                <span>{word}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// What the server says about a stored photo.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct UploadedPhoto {
    pub id: String,
    pub thumb_url: String,
}

/// "Take a photo" or "Choose a photo", with a progress bar while it goes
/// up, then words for it before it joins the post.
#[component]
pub fn PhotoAdder(on_photo: Callback<Tile>) -> impl IntoView {
    let progress = RwSignal::new(None::<f64>);
    let uploaded = RwSignal::new(None::<UploadedPhoto>);
    let problem = RwSignal::new(None::<String>);
    let words = RwSignal::new(String::new());
    let start = move |ev: leptos::ev::Event| {
        problem.set(None);
        uploaded.set(None);
        // The upload's code loads the first time someone picks a photo.
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            if upload::start(ev, progress, uploaded, problem)
                .await
                .is_err()
            {
                // The upload's code did not come: nothing was sent.
                input.set_value("");
                problem.set(Some(format!(
                    "{} {}",
                    strings::PHOTO_NOT_SENT,
                    strings::CHECK_AND_CHOOSE_AGAIN
                )));
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let add = move |_| {
        let Some(photo) = uploaded.get_untracked() else {
            return;
        };
        let text = words.get_untracked();
        if text.trim().is_empty() {
            problem.set(Some(strings::PHOTO_NEEDS_WORDS.to_string()));
            return;
        }
        on_photo.run(Tile {
            symbol: Some(SymbolRef {
                set: PHOTO_SET.to_string(),
                id: photo.id,
            }),
            word: text,
        });
        uploaded.set(None);
        words.set(String::new());
        problem.set(None);
    };
    view! {
        <div class="photo">
            <label class="button">
                <img src=format!("/symbols/{OPENMOJI}/1F4F7.svg") alt="" width="48" height="48"/>
                {strings::TAKE_PHOTO}
                <input type="file" accept="image/*" capture="environment" class="hidden-file" on:change=start/>
            </label>
            <label class="button">
                <img src=mulberry("photographs") alt="" width="48" height="48"/>
                {strings::CHOOSE_PHOTO}
                <input type="file" accept="image/*" class="hidden-file" on:change=start/>
            </label>
            {move || progress.get().map(|share| view! {
                <label class="progress">
                    {strings::SENDING_PHOTO}
                    <progress max="100" value=percent(share)></progress>
                </label>
            })}
            {move || problem.get().map(|message| view! {
                <div class="error" role="alert"><Said text=message/></div>
            })}
            {move || uploaded.get().map(|photo| view! {
                <div class="photo-words">
                    <img src=photo.thumb_url alt="" width="128"/>
                    <label for="photo-words">{strings::PHOTO_WORDS}</label>
                    <input id="photo-words" type="text" maxlength="80"
                        prop:value=words
                        on:input=move |ev| words.set(event_target_value(&ev))/>
                    <button type="button" class="primary" on:click=add>{strings::ADD_PHOTO}</button>
                </div>
            })}
        </div>
    }
}

/// A share (0 to 1) as a whole percent for the progress bar, held within
/// the bar when the browser cannot tell the file's size.
fn percent(share: f64) -> String {
    ((share.clamp(0.0, 1.0) * 100.0).round() as u8).to_string()
}

#[cfg(feature = "hydrate")]
mod upload {
    use leptos::prelude::*;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    use super::UploadedPhoto;
    use crate::pieces::PieceMissing;
    use crate::strings;

    /// Sends the chosen file; `Err` if this code itself did not come.
    #[leptos::wasm_split::wasm_split(composer_photo_upload, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn start(
        ev: leptos::ev::Event,
        progress: RwSignal<Option<f64>>,
        uploaded: RwSignal<Option<UploadedPhoto>>,
        problem: RwSignal<Option<String>>,
    ) -> Result<(), PieceMissing> {
        send(ev, progress, uploaded, problem);
        Ok(())
    }

    /// Sends the chosen file with XMLHttpRequest, which reports progress.
    fn send(
        ev: leptos::ev::Event,
        progress: RwSignal<Option<f64>>,
        uploaded: RwSignal<Option<UploadedPhoto>>,
        problem: RwSignal<Option<String>>,
    ) {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
            problem.set(Some(strings::ERR_SERVER.to_string()));
            return;
        };
        if xhr.open("POST", "/api/photos").is_err()
            || xhr
                .set_request_header("content-type", "application/octet-stream")
                .is_err()
        {
            problem.set(Some(strings::ERR_SERVER.to_string()));
            return;
        }
        progress.set(Some(0.0));
        if let Ok(upload) = xhr.upload() {
            let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(
                move |event: web_sys::ProgressEvent| {
                    if event.length_computable() && event.total() > 0.0 {
                        progress.set(Some(event.loaded() / event.total()));
                    }
                },
            );
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
            on_progress.forget();
        }
        let answered = xhr.clone();
        let on_load = Closure::<dyn FnMut()>::new(move || {
            progress.set(None);
            let status = answered.status().unwrap_or(0);
            let body = answered.response_text().ok().flatten().unwrap_or_default();
            if status == 201 {
                match serde_json::from_slice::<UploadedPhoto>(body.as_bytes()) {
                    Ok(photo) => uploaded.set(Some(photo)),
                    Err(_) => problem.set(Some(strings::ERR_SERVER.to_string())),
                }
            } else {
                let message = serde_json::from_slice::<serde_json::Value>(body.as_bytes())
                    .ok()
                    .and_then(|v| v["message"].as_str().map(str::to_string))
                    .unwrap_or_else(|| strings::PHOTO_DID_NOT_WORK.to_string());
                problem.set(Some(message));
            }
        });
        xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
        on_load.forget();
        let on_error = Closure::<dyn FnMut()>::new(move || {
            progress.set(None);
            problem.set(Some(strings::ERR_NETWORK.to_string()));
        });
        xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        if xhr.send_with_opt_blob(Some(&file)).is_err() {
            progress.set(None);
            problem.set(Some(strings::ERR_NETWORK.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn a_share_shows_as_a_whole_percent_within_the_bar() {
        assert_eq!(percent(0.0), "0");
        assert_eq!(percent(0.426), "43");
        assert_eq!(percent(1.0), "100");
        // A browser that cannot tell the size (0 of 0) or overshoots.
        assert_eq!(percent(f64::NAN), "0");
        assert_eq!(percent(f64::INFINITY), "100");
        assert_eq!(percent(-0.5), "0");
    }
}
