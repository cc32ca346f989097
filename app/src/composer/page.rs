//! The composer page: find pictures, build the strip, hear it, send it.

use leptos::prelude::*;

use super::editor::Composer;
use super::load_post;
use crate::common::ErrorMessage;
use crate::strings;

/// `/posts/:id`: the composer for a draft. A post no longer a draft has
/// its own page, [`super::SentPostPage`] at `/posts/:id/sent`, whose code
/// the browser loads only when it is opened; this page sends people there.
#[component]
pub fn ComposerPage(post_id: Signal<String>) -> impl IntoView {
    let post = crate::common::load(move || post_id.get(), load_post);
    view! {
        <leptos_meta::Title text=strings::MAKE_POST/>
        <Suspense fallback=|| view! { <p>{strings::LOADING}</p> }>
            {move || Suspend::new(async move {
                match post.await {
                    Ok(post) if post.status.is_editable() => view! { <Composer post/> }.into_any(),
                    Ok(post) => {
                        crate::common::go_to(&crate::posts::post_href(&post.post_id, post.status));
                        ().into_any()
                    }
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
