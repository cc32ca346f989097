//! The hashtag tiles in the composer.

use leptos::prelude::*;

use super::hashtags_for_post;
use crate::common::{ErrorMessage, InBrowser};
use crate::domain::hashtags::{HashtagSet, HASHTAG_SYMBOL};
use crate::domain::symbols::OPENMOJI;
use crate::strings;

/// The picture beside hashtags on buttons (the tiles use the symbol).
pub(crate) const HASH: &str = "#️⃣";

/// The account's hashtag sets as buttons in the composer: one tap adds a
/// set's hashtags to the post.
#[component]
pub fn HashtagsPanel(post_id: String, on_pick: Callback<HashtagSet>) -> impl IntoView {
    let post_id = StoredValue::new(post_id);
    let sets = LocalResource::new(move || hashtags_for_post(post_id.get_value()));
    view! {
        <InBrowser>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match sets.await {
                    Ok(sets) if !sets.is_empty() => Some(view! {
                        <section class="board tags" aria-labelledby="hashtags-heading">
                            <h2 id="hashtags-heading">{strings::HASHTAGS_TITLE}</h2>
                            <ul class="results" aria-label=strings::HASHTAGS_TITLE>
                                {sets.into_iter().map(|set| {
                                    let tags = set.tags.join(" ");
                                    let event = set.event.clone();
                                    view! {
                                        <li>
                                            <button type="button" class="pick set" on:click=move |_| on_pick.run(set.clone())>
                                                <img src=format!("/symbols/{OPENMOJI}/{HASHTAG_SYMBOL}.svg") alt="" width="96" height="96"/>
                                                <span>{event}</span>
                                                <span>{tags}</span>
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </section>
                    }.into_any()),
                    Ok(_) => None,
                    Err(error) => Some(view! { <ErrorMessage error/> }.into_any()),
                }
            })}
        </Suspense>
        </InBrowser>
    }
}
