//! `/check`: the supporter's list of posts to check.

use leptos::prelude::*;

use super::{posts_to_check, ApprovePost, AskForChanges};
use crate::accounts::who_am_i;
use crate::common::{DoneMessage, ErrorMessage};
use crate::posts::{PostStrip, PostView, ReadAloudButton};
use crate::read_aloud::{Said, SpokenWords};
use crate::strings;

#[component]
pub fn CheckPage() -> impl IntoView {
    let approve = ServerAction::<ApprovePost>::new();
    let changes = ServerAction::<AskForChanges>::new();
    let posts = Resource::new(
        move || (approve.version().get(), changes.version().get()),
        |_| posts_to_check(),
    );
    let me = Resource::new(|| (), |_| who_am_i());
    view! {
        <leptos_meta::Title text=strings::POSTS_TO_CHECK/>
        <h1>{strings::POSTS_TO_CHECK}</h1>
        {move || match approve.value().get() {
            Some(Ok(())) => Some(view! { <DoneMessage text=strings::APPROVED_DONE/> }.into_any()),
            Some(Err(error)) => Some(view! { <ErrorMessage error/> }.into_any()),
            None => None,
        }}
        {move || match changes.value().get() {
            Some(Ok(())) => Some(view! { <DoneMessage text=strings::CHANGES_ASKED/> }.into_any()),
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
                            view! { <PostToCheck post own approve changes/> }
                        })
                        .collect_view()
                        .into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PostToCheck(
    post: PostView,
    own: bool,
    approve: ServerAction<ApprovePost>,
    changes: ServerAction<AskForChanges>,
) -> impl IntoView {
    let title = format!("{} {}", strings::POST_BY, post.author_name);
    let heading_id = format!("post-{}", post.post_id);
    let feedback_id = format!("feedback-{}", post.post_id);
    let text = post.text();
    let approve_id = post.post_id.clone();
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
            {if own {
                view! { <Said text=strings::YOUR_OWN_POST/> }.into_any()
            } else {
                view! {
                    <button
                        type="button"
                        class="primary"
                        disabled=move || approve.pending().get()
                        on:click=move |_| {
                            approve.dispatch(ApprovePost { post_id: approve_id.clone() });
                        }
                    >
                        <span aria-hidden="true" class="icon">"✔️"</span>
                        {strings::APPROVE}
                    </button>
                }
                    .into_any()
            }}
            <div class="stack">
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
                        });
                    }
                >
                    <span aria-hidden="true" class="icon">"↩️"</span>
                    {strings::ASK_FOR_CHANGES}
                </button>
            </div>
        </article>
    }
}
