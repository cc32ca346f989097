//! The public easy-read feed of one service account: no sign-in needed.
//! The Atom version of the same posts is served by the server's `feed`.

use leptos::prelude::*;

use leptos::server_fn::codec::Json;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::common::{ErrorMessage, Icon};
use crate::domain::post::{post_text, Tile};
use crate::error::AppError;
use crate::posts::{date_words, ReadAloudButton};
use crate::read_aloud::{Said, SpokenWords};
use crate::strings;

/// How many posts the feed shows.
pub const FEED_LENGTH: u32 = 50;

/// An account's public feed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Feed {
    pub account_name: String,
    pub slug: String,
    pub help_url: String,
    pub posts: Vec<PublicPost>,
    /// The account is closed: its old posts stay, with a notice.
    #[serde(default)]
    pub closed: bool,
}

/// A published post as the public sees it: its words and pictures, its
/// card, its date and its account. Nothing about who wrote, checked or
/// changed it, no feedback, no findings, no ids of people.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicPost {
    /// For the post's card picture and its link on the feed page.
    pub post_id: String,
    pub tiles: Vec<Tile>,
    /// When it went out, on its account's clock (for showing only).
    pub published_at: i64,
    /// Who it is by, as the public sees it: the name the author chose to
    /// show ("Sam from <account>"), or "A member of <account>".
    pub byline: String,
}

impl PublicPost {
    #[cfg(feature = "ssr")]
    pub fn of(post: crate::ports::PostRecord) -> PublicPost {
        let zone = crate::domain::zone::Zone::named(&post.time_zone);
        PublicPost {
            byline: byline(&post.account_name, post.author_public_name.as_deref()),
            published_at: zone.wall(post.published_at.unwrap_or(post.updated_at)),
            post_id: post.post_id,
            tiles: post.tiles,
        }
    }

    pub fn text(&self) -> String {
        post_text(&self.tiles)
    }
}

/// How the public sees the author of a post of `account_name`: by the
/// name they chose to show, or as "A member of <account>".
pub fn byline(account_name: &str, public_name: Option<&str>) -> String {
    match public_name {
        Some(name) => format!("{name} {} {account_name}", strings::FROM),
        None => format!("{} {account_name}", strings::A_MEMBER_OF),
    }
}

/// The published posts of an account, newest first. Public.
#[server(endpoint = "feed", input = Json)]
pub async fn load_feed(slug: String) -> Result<Feed, AppError> {
    crate::ports::answer(
        async move {
            let store = crate::ports::services()?.store;
            let account = store.account_by_slug(&slug).await?;
            let posts = store
                .published_posts(&account.account_id, FEED_LENGTH)
                .await?;
            Ok(Feed {
                account_name: account.name,
                slug: account.slug,
                help_url: account.help_url,
                closed: account.closed,
                posts: posts.into_iter().map(PublicPost::of).collect(),
            })
        }
        .await,
    )
}

/// `/feed/:slug`
#[component]
pub fn FeedPage() -> impl IntoView {
    let params = use_params_map();
    let feed = crate::common::load(
        move || params.read().get("slug").unwrap_or_default(),
        load_feed,
    );
    view! {
        <Suspense fallback=|| view! { <p>{strings::LOADING}</p> }>
            {move || Suspend::new(async move {
                match feed.await {
                    Ok(feed) => view! { <FeedView feed/> }.into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn FeedView(feed: Feed) -> impl IntoView {
    let atom = format!("/feed/{}.atom", feed.slug);
    let help = feed.help_url.clone();
    view! {
        <leptos_meta::Title text=feed.account_name.clone()/>
        <h1>{feed.account_name.clone()}</h1>
        <p class="help">
            <Icon emoji="🆘"/>
            {strings::FEED_NEED_HELP}
            " "
            <a href=help.clone()>{help.clone()}</a>
        </p>
        {feed.closed.then(|| view! { <Said text=strings::ACCOUNT_CLOSED_NOTE/> })}
        {if feed.posts.is_empty() {
            view! { <Said text=strings::FEED_EMPTY/> }.into_any()
        } else {
            feed.posts
                .into_iter()
                .map(|post| {
                    let text = post.text();
                    let when = date_words(post.published_at);
                    let heading = post.byline.clone();
                    view! {
                        <article class="card">
                            <h2>{heading}</h2>
                            <p class="when">{when}</p>
                            <img
                                class="symbol-card"
                                src=format!("/cards/{}.png", post.post_id)
                                alt=text.clone()
                                width="1200"
                                loading="lazy"
                            />
                            <p class="post-text" dir="auto"><SpokenWords text=text.clone()/></p>
                            <ReadAloudButton text/>
                        </article>
                    }
                })
                .collect_view()
                .into_any()
        }}
        <p>
            <a href=atom>{strings::FEED_ATOM}</a>
        </p>
    }
}
