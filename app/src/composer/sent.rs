//! A post that is no longer a draft, at `/posts/:id/sent`: its words and
//! pictures read-only, where it is in its journey, and what its author can
//! still do (answer new words, take it back, take it down). A page of its
//! own so its code loads only when it is opened, not with the composer.

use std::sync::Arc;

use leptos::prelude::*;

use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

use super::load_post;
use crate::common::{DoneMessage, ErrorMessage, Icon};
use crate::domain::lifecycle::Status;
use crate::domain::post::{post_text, Tile};
use crate::pieces::{LoadPiece, Piece, PieceMissing};
use crate::posts::{status_words, PostStrip, PostView, ReadAloudButton};
use crate::read_aloud::{Said, SpokenWords};
use crate::strings;

/// `/posts/:id/sent`: the post read-only. A draft (taken back, say) is
/// sent to the composer at `/posts/:id`.
#[component]
pub fn SentPostPage() -> impl IntoView {
    let params = use_params_map();
    let post_id = move || params.read().get("id").unwrap_or_default();
    let post = crate::common::load(post_id, load_post);
    // Made with the page (not inside the suspended part) so the server and
    // the browser number their resources alike.
    let targets = crate::common::load(post_id, crate::publishing::post_targets);
    view! {
        <leptos_meta::Title text=strings::MY_POST/>
        <Suspense fallback=|| view! { <p>{strings::LOADING}</p> }>
            {move || Suspend::new(async move {
                match post.await {
                    Ok(post) if post.status.is_editable() => view! { <Redirect path=crate::posts::post_href(&post.post_id, post.status)/> }.into_any(),
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
    targets: crate::common::Loaded<Vec<crate::publishing::TargetView>>,
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
                        <Icon emoji="👍"/>
                        {strings::POST_THIS}
                    </button>
                    <button
                        type="button"
                        disabled=move || answer.pending().get()
                        on:click=move |_| { answer.dispatch(false); }
                    >
                        <Icon emoji="✋"/>
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
                            <Icon emoji="↩️"/>
                            {strings::TAKE_BACK_YES}
                        </button>
                        <button type="button" on:click=move |_| asking.set(false)>
                            <Icon emoji="✋"/>
                            {strings::TAKE_BACK_NO}
                        </button>
                    </div>
                </div>
            }.into_any(),
            None => view! {
                <button type="button" on:click=move |_| asking.set(true)>
                    <Icon emoji="↩️"/>
                    {strings::TAKE_BACK}
                </button>
            }.into_any(),
        }}
    }
}

/// **Take this post down**, after one question and a reason: it leaves the
/// feed at once; the networks follow. Only the button comes with the
/// page; the question's code loads when it is tapped.
#[component]
fn TakeDown(post_id: String) -> impl IntoView {
    let post_id = StoredValue::new(post_id);
    let asking = RwSignal::new(false);
    let load: LoadPiece =
        Arc::new(move || Box::pin(take_down_question(post_id.get_value(), asking)));
    view! {
        <Show
            when=move || asking.get()
            fallback=move || view! {
                <button type="button" on:click=move |_| asking.set(true)>
                    <Icon emoji="🛑"/>
                    {strings::TAKE_DOWN}
                </button>
            }
        >
            <Piece load=load.clone() missing=strings::TAKE_DOWN_MISSING/>
        </Show>
    }
}

/// [`TakeDownQuestion`], loaded on the first tap of **Take this post down**.
#[leptos::wasm_split::wasm_split(sent_take_down, wasm_split_path = ::leptos::wasm_split, fallible)]
fn take_down_question(post_id: String, asking: RwSignal<bool>) -> Result<AnyView, PieceMissing> {
    Ok(view! { <TakeDownQuestion post_id asking/> }.into_any())
}

/// The question, the reason and the answer: done, or what went wrong.
#[component]
fn TakeDownQuestion(post_id: String, asking: RwSignal<bool>) -> impl IntoView {
    let post_id = StoredValue::new(post_id);
    let why = RwSignal::new(String::new());
    let take = Action::new(move |why: &String| {
        let why = why.clone();
        async move { crate::posts::take_down(post_id.get_value(), why).await }
    });
    view! {
        {move || match take.value().get() {
            Some(Ok(())) => Some(view! { <DoneMessage text=strings::TAKE_DOWN_DONE/> }.into_any()),
            Some(Err(error)) => Some(view! { <ErrorMessage error/> }.into_any()),
            None => None,
        }}
        <Show when=move || !matches!(take.value().get(), Some(Ok(())))>
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
    }
}
