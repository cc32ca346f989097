//! People and their roles as the browser sees them, the sign-in page and the
//! sign-out button. Checking passwords and sessions is the server's `auth`.

mod public_name;

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use leptos_router::hooks::use_query_map;

use crate::error::AppError;
use crate::read_aloud::Said;
use crate::strings;

pub use crate::common::{may_open, Need};
pub use crate::records::{Membership, Person};

pub use public_name::{my_public_name, set_my_public_name, PublicNameCard};

/// Who is signed in, if anyone.
#[server(endpoint = "me", input = Json)]
pub async fn who_am_i() -> Result<Option<Person>, AppError> {
    Ok(crate::ports::signed_in().await.ok())
}

/// The sign-in page. The form posts to the server's `/sign-in` route.
#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let failed = move || query.with(|q| q.get("failed").is_some());
    let wait = move || query.with(|q| q.get("wait").is_some());
    let busy = move || query.with(|q| q.get("busy").is_some());
    let locked = move || query.with(|q| q.get("locked").is_some());
    let not_this_tablet = move || query.with(|q| q.get("tablet").is_some());
    let pictures_failed =
        move || query.with(|q| q.get("pictures").is_some()) && !locked() && !not_this_tablet();
    // Signing in with pictures instead of a password.
    let pictures = RwSignal::new(pictures_failed() || locked() || not_this_tablet());
    view! {
        <leptos_meta::Title text=strings::SIGN_IN/>
        <h1>{strings::SIGN_IN}</h1>
        <Said text=strings::SIGN_IN_HELLO/>
        <Show when=failed>
            <crate::common::Warning icon="⚠️" text=strings::SIGN_IN_FAILED/>
        </Show>
        <Show when=pictures_failed>
            <crate::common::Warning icon="⚠️" text=strings::PICTURES_FAILED/>
        </Show>
        <Show when=not_this_tablet>
            <crate::common::Warning icon="📵" text=strings::PICTURES_NOT_THIS_TABLET/>
        </Show>
        <Show when=locked>
            <crate::common::Warning icon="🔒" text=strings::PICTURES_LOCKED/>
        </Show>
        <Show when=wait>
            <crate::common::Warning icon="⏳" text=strings::SIGN_IN_WAIT/>
        </Show>
        <Show when=busy>
            <crate::common::Warning icon="⏳" text=strings::SIGN_IN_BUSY/>
        </Show>
        <Show when=move || !pictures.get() fallback=|| view! { <crate::signin::PictureSignIn/> }>
            <form method="post" action="/sign-in" class="stack">
                <label for="user-name">{strings::USER_NAME}</label>
                <input
                    id="user-name"
                    name="user_name"
                    type="text"
                    autocomplete="username"
                    autocapitalize="none"
                    required
                />
                <label for="password">{strings::PASSWORD}</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                />
                <button type="submit" class="primary">{strings::SIGN_IN}</button>
            </form>
        </Show>
        <button type="button" on:click=move |_| pictures.update(|p| *p = !*p)>
            <img class="icon" alt="" width="32" height="32" src=move || crate::common::emoji_picture(if pictures.get() { "🔑" } else { "🖼️" })/>
            {move || if pictures.get() { strings::USE_PASSWORD } else { strings::USE_PICTURES }}
        </button>
    }
}

/// The sign-out button; posts to the server's `/sign-out` route.
#[component]
pub fn SignOutButton() -> impl IntoView {
    view! {
        <form method="post" action="/sign-out" class="inline">
            <button type="submit">{strings::SIGN_OUT}</button>
        </form>
    }
}
