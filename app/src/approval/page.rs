//! `/check`: the supporter's list of posts to check.

use leptos::prelude::*;

use super::{posts_to_check, ApprovePost, AskForChanges, SuggestWords};
use crate::accounts::who_am_i;
use crate::common::{DoneMessage, ErrorMessage, Icon};
use crate::domain::feedback::Card;
use crate::domain::post::Tile;
use crate::domain::safeguarding::{Finding, Kind};
use crate::posts::{PostStrip, PostView, ReadAloudButton};
use crate::read_aloud::{Said, SpokenWords};
use crate::strings;

#[component]
pub fn CheckPage() -> impl IntoView {
    let approve = ServerAction::<ApprovePost>::new();
    let changes = ServerAction::<AskForChanges>::new();
    let suggest = ServerAction::<SuggestWords>::new();
    let posts = crate::common::load(
        move || {
            (
                approve.version().get(),
                changes.version().get(),
                suggest.version().get(),
            )
        },
        |_| posts_to_check(),
    );
    let me = crate::common::load(|| (), |_| who_am_i());
    view! {
        <leptos_meta::Title text=strings::POSTS_TO_CHECK/>
        <h1>{strings::POSTS_TO_CHECK}</h1>
        {move || match approve.value().get() {
            Some(Ok(done)) if done.published => Some(view! { <DoneMessage text=strings::APPROVED_DONE/> }.into_any()),
            Some(Ok(done)) if done.scheduled_for.is_some() => Some(view! { <DoneMessage text=strings::APPROVED_LATER/> }.into_any()),
            // A yes with nothing going out now: the end-of-day sign-off.
            Some(Ok(done)) if done.approvals_missing == 0 => Some(view! { <DoneMessage text=strings::SIGN_OFF_APPROVED/> }.into_any()),
            Some(Ok(_)) => Some(view! { <DoneMessage text=strings::APPROVED_ONCE/> }.into_any()),
            Some(Err(error)) => Some(view! { <ErrorMessage error/> }.into_any()),
            None => None,
        }}
        {move || match changes.value().get() {
            Some(Ok(())) => Some(view! { <DoneMessage text=strings::CHANGES_ASKED/> }.into_any()),
            Some(Err(error)) => Some(view! { <ErrorMessage error/> }.into_any()),
            None => None,
        }}
        {move || match suggest.value().get() {
            Some(Ok(())) => Some(view! { <DoneMessage text=strings::SUGGESTION_SENT/> }.into_any()),
            Some(Err(error)) => Some(view! { <ErrorMessage error/> }.into_any()),
            None => None,
        }}
        <Transition fallback=|| view! { <p>{strings::LOADING}</p> }>
            {move || Suspend::new(async move {
                let my_id = me.await.ok().flatten().map(|p| p.person_id).unwrap_or_default();
                match posts.await {
                    Ok(list) if list.is_empty() => view! { <Said text=strings::NOTHING_TO_CHECK/> }.into_any(),
                    Ok(list) => list
                        .into_iter()
                        .map(|post| {
                            let own = post.author_id == my_id;
                            let approved_already = post.approved_by.contains(&my_id);
                            view! { <PostToCheck post own approved_already approve changes suggest/> }
                        })
                        .collect_view()
                        .into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Something the supporter must confirm before approving: a heading with a
/// picture, what to check (and anything listed under it), and the tick.
#[component]
fn Confirm(
    id: String,
    icon: &'static str,
    title: &'static str,
    intro: &'static str,
    tick: &'static str,
    ticked: RwSignal<bool>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let tick_id = format!("{id}-tick");
    let tick_for = tick_id.clone();
    let labelled_by = id.clone();
    view! {
        <section class="details" aria-labelledby=labelled_by>
            <h3 id=id>
                <Icon emoji={icon}/>
                {title}
            </h3>
            <Said text=intro/>
            {children.map(|children| children())}
            <label class="choice" for=tick_for>
                <input
                    id=tick_id
                    type="checkbox"
                    prop:checked=move || ticked.get()
                    on:change=move |ev| ticked.set(event_target_checked(&ev))
                />
                {tick}
            </label>
        </section>
    }
}

/// The personal details found in a post, each with a picture, what it
/// looks like and the words themselves; "I have checked this" lets the
/// post be approved.
#[component]
fn PersonalDetails(details: Vec<Finding>, id: String, checked: RwSignal<bool>) -> impl IntoView {
    view! {
        <Confirm
            id
            icon="🛡️"
            title=strings::DETAILS_TITLE
            intro=strings::DETAILS_INTRO
            tick=strings::I_HAVE_CHECKED
            ticked=checked
        >
            <ul class="tips">
                {details.into_iter().map(|finding| {
                    let (icon, message) = detail_words(finding.kind);
                    let said = format!("{message} {}", finding.text);
                    view! {
                        <li>
                            <Icon emoji={icon}/>
                            <span>{message}" "<mark>{finding.text}</mark></span>
                            <ReadAloudButton text=said/>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Confirm>
    }
}

/// The feedback cards as picture buttons that stay pressed when picked.
#[component]
fn FeedbackCards(picked: RwSignal<Vec<Card>>) -> impl IntoView {
    view! {
        <fieldset class="choices">
            <legend>{strings::PICK_FEEDBACK}</legend>
            {Card::ALL.into_iter().map(|card| {
                let pressed = move || picked.with(|p| p.contains(&card));
                view! {
                    <button
                        type="button"
                        class="feedback-card"
                        aria-pressed=move || pressed().to_string()
                        on:click=move |_| picked.update(|p| {
                            if let Some(at) = p.iter().position(|c| *c == card) {
                                p.remove(at);
                            } else {
                                p.push(card);
                            }
                        })
                    >
                        <Icon emoji={card.picture()}/>
                        {card.words()}
                    </button>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// The tick that records everyone in the post's photos said yes.
#[component]
fn PhotoConsent(id: String, consent: RwSignal<bool>) -> impl IntoView {
    view! {
        <Confirm
            id
            icon="📷"
            title=strings::PHOTO_CONSENT_TITLE
            intro=strings::PHOTO_CONSENT_INTRO
            tick=strings::PHOTO_CONSENT
            ticked=consent
        />
    }
}

fn detail_words(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Phone => ("📞", strings::DETAIL_PHONE),
        Kind::Email => ("📧", strings::DETAIL_EMAIL),
        Kind::Postcode => ("📮", strings::DETAIL_POSTCODE),
        Kind::Address => ("🏠", strings::DETAIL_ADDRESS),
        Kind::NhsNumber => ("🏥", strings::DETAIL_NHS_NUMBER),
        Kind::DateOfBirth => ("🎂", strings::DETAIL_DATE_OF_BIRTH),
        Kind::FullName => ("🪪", strings::DETAIL_FULL_NAME),
    }
}

#[component]
fn PostToCheck(
    post: PostView,
    own: bool,
    approved_already: bool,
    approve: ServerAction<ApprovePost>,
    changes: ServerAction<AskForChanges>,
    suggest: ServerAction<SuggestWords>,
) -> impl IntoView {
    let waiting_for_more = !post.approved_by.is_empty();
    let suggest_tiles = post.tiles.clone();
    let suggest_id = post.post_id.clone();
    let title = format!("{} {}", strings::POST_BY, post.author_name);
    let heading_id = format!("post-{}", post.post_id);
    let feedback_id = format!("feedback-{}", post.post_id);
    let text = post.text();
    let approve_id = post.post_id.clone();
    let needs_check = !post.safeguarding.is_empty();
    let checked = RwSignal::new(false);
    let has_photos = post
        .tiles
        .iter()
        .any(|t| t.symbol.as_ref().is_some_and(|s| s.is_photo()));
    let consent = RwSignal::new(false);
    let later = RwSignal::new(String::new());
    let later_id = format!("later-{}", post.post_id);
    let picked = RwSignal::new(Vec::<Card>::new());
    let consent_id = format!("consent-{}", post.post_id);
    let details = post.safeguarding.clone();
    let details_id = format!("details-{}", post.post_id);
    let changes_id = post.post_id.clone();
    let label_for = feedback_id.clone();
    let feedback = RwSignal::new(String::new());
    let labelled_by = heading_id.clone();
    view! {
        <article class="card" aria-labelledby=labelled_by>
            <h2 id=heading_id>{title}</h2>
            <PostStrip tiles=post.tiles label=strings::MY_POST/>
            <p class="post-text"><SpokenWords text=text.clone()/></p>
            <ReadAloudButton text/>
            {needs_check.then(|| view! { <PersonalDetails details id=details_id checked/> })}
            {has_photos.then(|| view! { <PhotoConsent id=consent_id consent/> })}
            {post.is_sign_off.then(|| view! { <Said text=strings::SIGN_OFF_THIS/> })}
            {waiting_for_more.then(|| view! { <Said text=strings::ONE_MORE_YES/> })}
            {if own {
                view! { <Said text=strings::YOUR_OWN_POST/> }.into_any()
            } else if approved_already {
                view! { <Said text=strings::ERR_ALREADY_APPROVED/> }.into_any()
            } else {
                let later_for = later_id.clone();
                view! {
                    <div class="stack">
                        <label for=later_for>{strings::POST_LATER}</label>
                        <input id=later_id type="datetime-local" bind:value=later/>
                        <p class="hint">{strings::POST_LATER_HINT}</p>
                    </div>
                    <button
                        type="button"
                        class="primary"
                        disabled=move || {
                            approve.pending().get()
                                || (needs_check && !checked.get())
                                || (has_photos && !consent.get())
                        }
                        on:click=move |_| {
                            approve.dispatch(ApprovePost {
                                post_id: approve_id.clone(),
                                checked: Some(checked.get_untracked()),
                                photo_consent: Some(consent.get_untracked()),
                                at: None,
                                at_local: Some(later.get_untracked()),
                            });
                        }
                    >
                        <Icon emoji="✔️"/>
                        {strings::APPROVE}
                    </button>
                }
                    .into_any()
            }}
            {(!own).then(|| view! { <SuggestWordsBox post_id=suggest_id tiles=suggest_tiles suggest/> })}
            <div class="stack">
                <FeedbackCards picked/>
                <label for=label_for>{strings::WHAT_TO_CHANGE}</label>
                <textarea
                    id=feedback_id
                    rows="3"
                    prop:value=feedback
                    on:input=move |ev| feedback.set(event_target_value(&ev))
                ></textarea>
                <button
                    type="button"
                    disabled=move || changes.pending().get()
                    on:click=move |_| {
                        changes.dispatch(AskForChanges {
                            post_id: changes_id.clone(),
                            feedback: feedback.get_untracked(),
                            cards: Some(picked.get_untracked()),
                        });
                    }
                >
                    <Icon emoji="↩️"/>
                    {strings::ASK_FOR_CHANGES}
                </button>
            </div>
        </article>
    }
}

/// A word in the supporter's suggestion: the picture stays, the words may
/// change, the tile may be taken out.
#[derive(Clone)]
struct NewWord {
    tile: Tile,
    words: RwSignal<String>,
    kept: RwSignal<bool>,
}

/// "Suggest other words": the post's pictures, each with its words in a
/// box the supporter can change, and a button to take it out. The author
/// then says yes or no; nothing changes in the post until they do.
#[component]
fn SuggestWordsBox(
    post_id: String,
    tiles: Vec<Tile>,
    suggest: ServerAction<SuggestWords>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let heading_id = format!("new-words-{post_id}");
    let labelled_by = heading_id.clone();
    let post_id = StoredValue::new(post_id);
    let new_words: Vec<NewWord> = tiles
        .into_iter()
        .map(|tile| NewWord {
            words: RwSignal::new(tile.word.clone()),
            kept: RwSignal::new(true),
            tile,
        })
        .collect();
    let new_words = StoredValue::new(new_words);
    let send = move |_| {
        let tiles: Vec<Tile> = new_words.with_value(|all| {
            all.iter()
                .filter(|w| w.kept.get_untracked())
                .map(|w| Tile {
                    word: w.words.get_untracked().trim().to_string(),
                    ..w.tile.clone()
                })
                .collect()
        });
        suggest.dispatch(SuggestWords {
            post_id: post_id.get_value(),
            tiles,
        });
    };
    view! {
        <button
            type="button"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)
        >
            <Icon emoji="✏️"/>
            {move || if open.get() { strings::CLOSE_SUGGESTION } else { strings::SUGGEST_WORDS }}
        </button>
        <Show when=move || open.get()>
            <section class="details" aria-labelledby=labelled_by.clone()>
                <h3 id=heading_id.clone()>{strings::NEW_WORDS}</h3>
                <Said text=strings::NEW_WORDS_INTRO/>
                <ul class="new-words">
                    {new_words.get_value().into_iter().enumerate().map(|(index, word)| {
                        let input_id = format!("{}-word-{index}", post_id.get_value());
                        let label_for = input_id.clone();
                        let label = format!("{} {}", strings::CHANGE_WORD, word.tile.word);
                        let remove = format!("{} {}", strings::REMOVE, word.tile.word);
                        let NewWord { tile, words, kept } = word;
                        view! {
                            <li class:removed=move || !kept.get()>
                                {tile.symbol.as_ref().map(|s| view! { <img src=s.url() alt="" width="64" height="64"/> })}
                                <label for=label_for>{label}</label>
                                <input
                                    id=input_id
                                    type="text"
                                    prop:value=words
                                    disabled=move || !kept.get()
                                    on:input=move |ev| words.set(event_target_value(&ev))
                                />
                                <button
                                    type="button"
                                    aria-label=remove
                                    aria-pressed=move || (!kept.get()).to_string()
                                    on:click=move |_| kept.update(|k| *k = !*k)
                                >
                                    <Icon emoji="✖️"/>
                                    {strings::REMOVE}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <button type="button" class="primary" disabled=move || suggest.pending().get() on:click=send>
                    <Icon emoji="📨"/>
                    {strings::SEND_SUGGESTION}
                </button>
            </section>
        </Show>
    }
}
