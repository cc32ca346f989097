//! The picture grid, signing in with pictures, the sign-in card page
//! (`/card/:token`) and the supporter's page for both (`/sign-in-help`).

use leptos::prelude::*;

use leptos_router::hooks::use_params_map;

use super::{
    cards, co_producers, make_card, pictures_locked, set_pictures, stop_card, stop_tablet, tablets,
    unlock_pictures, PrintedCard,
};
use crate::accounts::Need;
use crate::common::{DoneMessage, ErrorMessage, Gate, Icon, PersonPicker};
use crate::domain::signin::{picture_symbol, CARD_DAYS, PICTURES, PICTURES_NEEDED};
use crate::posts::date_words;
use crate::read_aloud::Said;
use crate::strings;

/// The nine pictures; each tap adds one to `chosen` (three different ones
/// at most: a picture already chosen cannot be tapped again). With
/// `show_chosen`, the chosen pictures are shown; without, only how many.
#[component]
pub fn PictureGrid(chosen: RwSignal<Vec<String>>, show_chosen: bool) -> impl IntoView {
    view! {
        <fieldset class="picture-grid">
            <legend>{strings::TAP_THREE_PICTURES}</legend>
            <div class="grid">
                {PICTURES.iter().map(|(id, word)| {
                    let id = id.to_string();
                    let url = picture_symbol(&id).url();
                    let mine = id.clone();
                    view! {
                        <button
                            type="button"
                            disabled=move || chosen.with(|c| c.len() >= PICTURES_NEEDED || c.contains(&mine))
                            on:click=move |_| chosen.update(|c| {
                                if c.len() < PICTURES_NEEDED && !c.contains(&id) {
                                    c.push(id.clone());
                                }
                            })
                        >
                            <img src=url alt="" width="96" height="96"/>
                            {*word}
                        </button>
                    }
                }).collect_view()}
            </div>
            <p class="chosen" aria-live="polite">
                {move || {
                    let c = chosen.get();
                    if show_chosen {
                        let words: Vec<&str> = c
                            .iter()
                            .filter_map(|id| PICTURES.iter().find(|(p, _)| p == id).map(|(_, w)| *w))
                            .collect();
                        format!("{} {}", strings::CHOSEN, words.join(", "))
                    } else {
                        format!("{} {} / {PICTURES_NEEDED}", strings::CHOSEN, c.len())
                    }
                }}
            </p>
            <button type="button" on:click=move |_| chosen.set(Vec::new())>
                <Icon emoji="🔄"/>
                {strings::START_AGAIN}
            </button>
        </fieldset>
    }
}

/// Signing in with a user name and three pictures. Posts to the server's
/// `/sign-in/pictures` route.
#[component]
pub fn PictureSignIn() -> impl IntoView {
    let chosen = RwSignal::new(Vec::<String>::new());
    view! {
        <form method="post" action="/sign-in/pictures" class="stack" aria-labelledby="pictures-heading">
            <h2 id="pictures-heading">{strings::SIGN_IN_WITH_PICTURES}</h2>
            <label for="picture-user-name">{strings::USER_NAME}</label>
            <input
                id="picture-user-name"
                name="user_name"
                type="text"
                autocomplete="username"
                autocapitalize="none"
                required
            />
            <PictureGrid chosen show_chosen=false/>
            <input type="hidden" name="pictures" prop:value=move || chosen.get().join(" ")/>
            <button
                type="submit"
                class="primary"
                disabled=move || chosen.with(|c| c.len() != PICTURES_NEEDED)
            >
                {strings::SIGN_IN}
            </button>
        </form>
    }
}

/// `/card/:token`: a sign-in card's QR code opens this page; one tap signs
/// the person in (a form post, so a link alone never signs anyone in).
#[component]
pub fn CardSignInPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let failed = move || leptos_router::hooks::use_query_map().with(|q| q.get("failed").is_some());
    view! {
        <leptos_meta::Title text=strings::CARD_SIGN_IN/>
        <h1>{strings::CARD_SIGN_IN}</h1>
        <Show when=failed>
            <crate::common::Warning icon="⚠️" text=strings::CARD_DOES_NOT_WORK/>
        </Show>
        <Said text=strings::CARD_TAP/>
        <form method="post" action="/sign-in/card" class="stack">
            <input type="hidden" name="token" value=token/>
            <button type="submit" class="primary">
                <Icon emoji="🪪"/>
                {strings::SIGN_IN_WITH_CARD}
            </button>
        </form>
    }
}

/// `/sign-in-help`: a supporter picks a co-producer, sets their picture
/// password, and makes, prints and stops their sign-in cards.
#[component]
pub fn EasySignInPage() -> impl IntoView {
    let people = LocalResource::new(|| async {
        co_producers().await.map(|list| {
            list.into_iter()
                .map(|p| (p.person_id, p.display_name))
                .collect()
        })
    });
    let chosen = RwSignal::new(None::<(String, String)>);
    view! {
        <leptos_meta::Title text=strings::EASY_SIGN_IN/>
        <h1>{strings::EASY_SIGN_IN}</h1>
        <Gate need=Need::Checker>
            <Tablets/>
            <PersonPicker people chosen/>
            {move || chosen.get().map(|(id, name)| view! {
                <SetPictures person_id=id.clone() name=name.clone()/>
                <Cards person_id=id name/>
            })}
        </Gate>
    }
}

/// "Tablets for sign-in pictures": set this tablet up (a form post, so the
/// server sets its cookie), and the tablets set up so far, each with a way
/// to stop it.
#[component]
fn Tablets() -> impl IntoView {
    let ready = leptos_router::hooks::use_query_map().with(|q| q.get("tablet").is_some());
    let stop = Action::new(|id: &String| stop_tablet(id.clone()));
    let list = LocalResource::new(move || {
        stop.version().get();
        tablets()
    });
    view! {
        <section class="card" aria-labelledby="tablets">
            <h2 id="tablets">
                <Icon emoji="📱"/>
                " "
                {strings::TABLETS_TITLE}
            </h2>
            <Said text=strings::TABLETS_INTRO/>
            {ready.then(|| view! { <DoneMessage text=strings::TABLET_READY/> })}
            <form method="post" action="/sign-in/tablet">
                <button type="submit" class="primary">
                    <Icon emoji="🖼️"/>
                    {strings::USE_PICTURES_HERE}
                </button>
            </form>
            {move || stop.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
            <h3 id="tablets-set-up">{strings::TABLETS_SET_UP}</h3>
            {move || match list.get() {
                None => view! { <p>{strings::LOADING}</p> }.into_any(),
                Some(Err(error)) => view! { <ErrorMessage error/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <Said text=strings::NO_TABLETS/> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="log" aria-labelledby="tablets-set-up">
                        {list.into_iter().map(|tablet| {
                            let when = format!(
                                "{} {}, {}",
                                strings::SET_UP_BY,
                                tablet.made_by,
                                date_words(tablet.created_at)
                            );
                            let id = tablet.tablet_id.clone();
                            let label = if tablet.this_one { strings::STOP_TABLET } else { strings::STOP_THAT_TABLET };
                            let name = format!("{label}: {when}");
                            view! {
                                <li>
                                    {tablet.this_one.then(|| view! { <p><strong>{strings::THIS_TABLET}</strong></p> })}
                                    <p>{when}</p>
                                    <button
                                        type="button"
                                        aria-label=name
                                        disabled=move || stop.pending().get()
                                        on:click=move |_| { stop.dispatch(id.clone()); }
                                    >
                                        {label}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn SetPictures(person_id: String, name: String) -> impl IntoView {
    let chosen = RwSignal::new(Vec::<String>::new());
    let person_id = StoredValue::new(person_id);
    let save = Action::new(move |pictures: &Vec<String>| {
        let pictures = pictures.clone();
        async move { set_pictures(Some(person_id.get_value()), pictures).await }
    });
    let unlock = Action::new(move |_: &()| unlock_pictures(person_id.get_value()));
    let locked = LocalResource::new(move || {
        // Asked again after an unlock or new pictures.
        unlock.version().get();
        save.version().get();
        pictures_locked(person_id.get_value())
    });
    let heading = format!("{} {name}", strings::PICTURE_PASSWORD_FOR);
    view! {
        <section class="card" aria-labelledby="picture-password">
            <h2 id="picture-password">{heading}</h2>
            {move || matches!(locked.get(), Some(Ok(true))).then(|| view! {
                <crate::common::Warning icon="🔒" text=strings::PICTURES_ARE_LOCKED/>
                <button
                    type="button"
                    class="primary"
                    disabled=move || unlock.pending().get()
                    on:click=move |_| { unlock.dispatch(()); }
                >
                    <Icon emoji="🔓"/>
                    {strings::UNLOCK_PICTURES}
                </button>
            })}
            {move || match unlock.value().get() {
                Some(Ok(())) => Some(view! { <DoneMessage text=strings::PICTURES_UNLOCKED/> }.into_any()),
                Some(Err(error)) => Some(view! { <ErrorMessage error/> }.into_any()),
                None => None,
            }}
            <Said text=strings::PICTURE_PASSWORD_INTRO/>
            <PictureGrid chosen show_chosen=true/>
            <button
                type="button"
                class="primary"
                disabled=move || save.pending().get() || chosen.with(|c| c.len() != PICTURES_NEEDED)
                on:click=move |_| { save.dispatch(chosen.get_untracked()); }
            >
                {strings::SAVE_PICTURES}
            </button>
            {move || match save.value().get() {
                Some(Ok(())) => Some(view! { <DoneMessage text=strings::PICTURES_SAVED/> }.into_any()),
                Some(Err(error)) => Some(view! { <ErrorMessage error/> }.into_any()),
                None => None,
            }}
        </section>
    }
}

#[component]
fn Cards(person_id: String, name: String) -> impl IntoView {
    let person_id = StoredValue::new(person_id);
    let name = StoredValue::new(name);
    let make = Action::new(move |days: &u32| {
        let days = *days;
        async move { make_card(person_id.get_value(), days).await }
    });
    let stop = Action::new(move |card_id: &String| {
        let card_id = card_id.clone();
        async move { stop_card(person_id.get_value(), card_id).await }
    });
    let list = LocalResource::new(move || {
        make.version().track();
        stop.version().track();
        cards(person_id.get_value())
    });
    let heading = format!("{} {}", strings::SIGN_IN_CARDS_FOR, name.get_value());
    view! {
        <section class="card" aria-labelledby="signin-cards">
            <h2 id="signin-cards">{heading}</h2>
            <Said text=strings::SIGN_IN_CARD_INTRO/>
            <div class="actions">
                {CARD_DAYS.into_iter().map(|days| {
                    let label = if days == 1 {
                        strings::CARD_ONE_DAY.to_string()
                    } else {
                        format!("{} {days} {}", strings::CARD_FOR, strings::DAYS)
                    };
                    view! {
                        <button type="button" disabled=move || make.pending().get() on:click=move |_| { make.dispatch(days); }>
                            <Icon emoji="🪪"/>
                            {label}
                        </button>
                    }
                }).collect_view()}
            </div>
            {move || match make.value().get() {
                Some(Ok(card)) => Some(view! { <PrintableCard card name=name.get_value()/> }.into_any()),
                Some(Err(error)) => Some(view! { <ErrorMessage error/> }.into_any()),
                None => None,
            }}
            {move || stop.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let cards = list.await.unwrap_or_default();
                    view! {
                        <ul class="log" aria-label=strings::CARDS_MADE>
                            {cards.into_iter().map(|card| {
                                let words = format!(
                                    "{} {} {}. {} {}.",
                                    strings::MADE_BY, card.made_by, date_words(card.created_at),
                                    strings::USE_BY, date_words(card.expires_at)
                                );
                                let card_id = card.card_id.clone();
                                let stop_label = format!("{} ({})", strings::STOP_CARD, date_words(card.created_at));
                                view! {
                                    <li>
                                        <p>{words}</p>
                                        {if card.revoked {
                                            view! { <p><strong>{strings::CARD_STOPPED}</strong></p> }.into_any()
                                        } else {
                                            view! {
                                                <button type="button" aria-label=stop_label on:click=move |_| { stop.dispatch(card_id.clone()); }>
                                                    <Icon emoji="🛑"/>
                                                    {strings::STOP_CARD}
                                                </button>
                                            }.into_any()
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The card to print: the QR code, whose card it is, until when, and the
/// link for anyone who cannot scan.
#[component]
fn PrintableCard(card: PrintedCard, name: String) -> impl IntoView {
    let label = format!("{} {name}", strings::QR_TO_SIGN_IN);
    let until = format!("{} {}", strings::USE_BY, date_words(card.expires_at));
    view! {
        <figure class="signin-card">
            <div role="img" aria-label=label inner_html=card.qr_svg></div>
            <figcaption>
                <p><strong>{name}</strong></p>
                <p>{until}</p>
                <p class="card-link">{card.link}</p>
            </figcaption>
        </figure>
        <DoneMessage text=strings::CARD_MADE/>
        <button type="button" class="no-print" on:click=move |_| print()>
            <Icon emoji="🖨️"/>
            {strings::PRINT_CARD}
        </button>
    }
}

fn print() {
    #[cfg(target_arch = "wasm32")]
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}
