//! The boards in the composer, and the page where a supporter fills an
//! author's "My words".

use leptos::prelude::*;

use super::{add_word, authors, my_boards, remove_word, words_for, BoardItem};
use crate::accounts::Need;
use crate::common::{ErrorMessage, Gate, InBrowser, PersonPicker};
use crate::composer::PictureList;
use crate::read_aloud::Said;
use crate::strings;
use crate::symbols::{search_symbols, SymbolHit};

fn hits(items: Vec<BoardItem>) -> Vec<SymbolHit> {
    items
        .into_iter()
        .map(|item| SymbolHit {
            symbol: item.symbol,
            word: item.word,
        })
        .collect()
}

/// "My words", "My favourites" and "Used lately" as picture buttons. Bump
/// `refresh` to load them again.
#[component]
pub fn BoardsPanel(on_pick: Callback<SymbolHit>, refresh: RwSignal<u32>) -> impl IntoView {
    let boards = LocalResource::new(move || {
        refresh.track();
        my_boards()
    });
    view! {
        <InBrowser>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match boards.await {
                    Ok(boards) => {
                        let sections = [
                            (strings::MY_WORDS, boards.my_words),
                            (strings::MY_FAVOURITES, boards.favourites),
                            (strings::USED_LATELY, boards.recent),
                        ];
                        sections
                            .into_iter()
                            .filter(|(_, items)| !items.is_empty())
                            .map(|(title, items)| view! {
                                <section class="board" aria-label=title>
                                    <h2>{title}</h2>
                                    <PictureList hits=hits(items) on_pick label=title.to_string()/>
                                </section>
                            })
                            .collect_view()
                            .into_any()
                    }
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
        </InBrowser>
    }
}

/// `/words`: a supporter picks a person, then adds pictures with words to
/// that person's "My words" or takes them off.
#[component]
pub fn MyWordsPage() -> impl IntoView {
    let people = LocalResource::new(|| async {
        authors().await.map(|list| {
            list.into_iter()
                .map(|p| (p.person_id, p.display_name))
                .collect()
        })
    });
    let chosen = RwSignal::new(None::<(String, String)>);
    view! {
        <leptos_meta::Title text=strings::WORDS_FOR_PEOPLE/>
        <h1>{strings::WORDS_FOR_PEOPLE}</h1>
        <Gate need=Need::Checker>
            <PersonPicker people chosen/>
            {move || chosen.get().map(|(id, name)| view! { <WordsFor author_id=id name/> })}
        </Gate>
    }
}

#[component]
fn WordsFor(author_id: String, name: String) -> impl IntoView {
    let author = StoredValue::new(author_id);
    let version = RwSignal::new(0u32);
    let words = LocalResource::new(move || {
        version.track();
        words_for(author.get_value())
    });
    let query = RwSignal::new(String::new());
    let found = LocalResource::new(move || {
        let q = query.get();
        async move {
            if q.trim().is_empty() {
                Ok(Vec::new())
            } else {
                search_symbols(q).await
            }
        }
    });
    let picked = RwSignal::new(None::<SymbolHit>);
    let word = RwSignal::new(String::new());
    let add = Action::new(move |(symbol, text): &(SymbolHit, String)| {
        let (symbol, text) = (symbol.symbol.clone(), text.clone());
        async move { add_word(author.get_value(), symbol, text).await }
    });
    let remove = Action::new(move |id: &String| {
        let id = id.clone();
        async move { remove_word(author.get_value(), id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = add.value().get() {
            picked.set(None);
            word.set(String::new());
            query.set(String::new());
            version.update(|v| *v += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let title = format!("{} {name}", strings::MY_WORDS_OF);
    view! {
        <section aria-label=title.clone()>
            <h2>{title.clone()}</h2>
            <Suspense fallback=|| view! { <p>{strings::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match words.await {
                        Ok(items) if items.is_empty() => view! { <Said text=strings::BOARD_EMPTY/> }.into_any(),
                        Ok(items) => view! {
                            <ul class="results">
                                {items.into_iter().map(|item| {
                                    let id = item.id.clone().unwrap_or_default();
                                    let label = format!("{} {}", strings::TAKE_OFF, item.word);
                                    view! {
                                        <li class="tile">
                                            <img src=item.symbol.url() alt="" width="96" height="96"/>
                                            <span class="tile-word">{item.word.clone()}</span>
                                            <button type="button" class="remove" aria-label=label on:click=move |_| { remove.dispatch(id.clone()); }>
                                                {strings::TAKE_OFF}
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorMessage error/> }.into_any(),
                    }
                })}
            </Suspense>
            <div class="search">
                <label for="board-find">{strings::FIND_A_PICTURE}</label>
                <input id="board-find" type="search" autocomplete="off" prop:value=query
                    on:input=move |ev| query.set(event_target_value(&ev))/>
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(hits) => view! {
                            <PictureList hits on_pick=Callback::new(move |hit: SymbolHit| {
                                word.set(hit.word.clone());
                                picked.set(Some(hit));
                            }) label=strings::PICTURES_FOUND.to_string()/>
                        }.into_any(),
                        Err(error) => view! { <ErrorMessage error/> }.into_any(),
                    }
                })}
            </Transition>
            {move || picked.get().map(|hit| view! {
                <div class="photo-words">
                    <img src=hit.symbol.url() alt="" width="96" height="96"/>
                    <label for="board-word">{strings::BOARD_WORD}</label>
                    <input id="board-word" type="text" maxlength="80" prop:value=word
                        on:input=move |ev| word.set(event_target_value(&ev))/>
                    <button type="button" class="primary" on:click=move |_| {
                        add.dispatch((hit.clone(), word.get_untracked()));
                    }>{strings::ADD_TO_MY_WORDS}</button>
                </div>
            })}
            {move || add.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
        </section>
    }
}
