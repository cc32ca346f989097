//! The page shell, the router and the frame around every page.

use leptos::prelude::*;

use crate::common::Icon;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::SsrMode;
use leptos_router::{path, Lazy, LazyRoute};

use crate::accounts::{who_am_i, SignOutButton};
use crate::composer::ComposerPage;
use crate::pieces::{PageMissing, PieceMissing};
use crate::read_aloud::Speaker;
use crate::strings;

/// The Content Security Policy of every answer: everything from this site
/// only, no plugins, no framing. Pages add the nonce of their own inline
/// start-up script; WebAssembly needs `'wasm-unsafe-eval'` to start.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(nonce) => format!("'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_string(),
    };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; \
         img-src 'self' data: blob:; media-src 'self' blob:; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(policy) = content_security_policy(Some(&nonce)).parse() {
            response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The app: one speaker for the page, a header, the pages, the credits.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let speaker = Speaker::new();
    provide_context(speaker);
    crate::read_aloud::load_settings(speaker);
    // Larger writing for people whose communication profile asks for it.
    let large_text = RwSignal::new(false);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(profile) = crate::read_aloud::profile_of(None).await {
                large_text.set(profile.large_text);
            }
        });
    });
    view! {
        <Title text=strings::APP_NAME/>
        <Router>
            <a class="skip" href="#main">{strings::SKIP_TO_MAIN}</a>
            <Header/>
            <main id="main" tabindex="-1" class:large-text=move || large_text.get()>
                // Pages wait for their data on the server, so a page answers
                // with its data's status (401 signed out, 403 not yours).
                <Routes fallback=NotFound>
                    <Route path=path!("/") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view={Lazy::<SignInRoute>::new()}/>
                    <Route path=path!("/posts/:id") view=ComposerPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/:id/sent") view={Lazy::<SentPostRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/check") view={Lazy::<CheckRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/words") view={Lazy::<MyWordsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/hearing") view={Lazy::<HearingRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/feed/:slug") view={Lazy::<FeedRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view={Lazy::<AdminRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/notes") view={Lazy::<NotificationsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in-help") view={Lazy::<EasySignInRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/card/:token") view={Lazy::<CardSignInRoute>::new()}/>
                    <Route path=path!("/week") view={Lazy::<WeekRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/connections") view={Lazy::<ConnectionsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/hashtags") view={Lazy::<HashtagsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/report") view={Lazy::<ReportRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/sign-off") view={Lazy::<SignOffRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/accounts") view={Lazy::<AccountsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/people") view={Lazy::<PeopleRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/welcome/:token") view={Lazy::<WelcomeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/log/:id") view={Lazy::<AccountLogRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/posts/:id") view={Lazy::<PostStoryRoute>::new()} ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer>
                <p>{strings::SYMBOL_CREDIT}</p>
            </footer>
        </Router>
    }
}

/// Pages whose code the browser fetches only when someone opens them, so
/// the composer's first visit does not download every supporter and admin
/// page. Each page's data still loads with it, on the server or in the
/// browser. Each page is its own split (the name after the page), with the
/// split tool's `fallible` option: if its code does not come when someone
/// taps a link, the app says so ([`PageMissing`]) and carries on, where
/// Leptos's own lazy routes would stop it. The server names the page's
/// pieces in the page it sends, so they load beside the main WASM.
macro_rules! lazy_pages {
    ($($route:ident => $page:path, $split:ident;)*) => {$(
        struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            // The router loads the page's code first, so the page is ready
            // when it starts (the server's page is taken over, not redrawn).
            // A failure here is tried once more, and shown, by `view`.
            async fn preload() {
                let _ = $split::preload().await;
            }

            async fn view(this: Self) -> AnyView {
                match $split::view(this).await {
                    Ok(view) => view,
                    Err(PieceMissing) => view! { <PageMissing/> }.into_any(),
                }
            }
        }

        mod $split {
            use super::*;

            #[leptos::wasm_split::wasm_split(
                $split,
                wasm_split_path = ::leptos::wasm_split,
                fallible,
                preload(preload)
            )]
            pub(super) fn view(_this: super::$route) -> Result<AnyView, PieceMissing> {
                leptos::prefetch_lazy_fn_on_server(stringify!($split));
                Ok($page().into_any())
            }
        }
    )*};
}

lazy_pages! {
    HomeRoute => crate::home::HomePage, page_home;
    SentPostRoute => crate::composer::SentPostPage, page_sent_post;
    SignInRoute => crate::accounts::SignInPage, page_sign_in;
    CheckRoute => crate::approval::CheckPage, page_check;
    MyWordsRoute => crate::boards::MyWordsPage, page_my_words;
    HearingRoute => crate::read_aloud::HearingPage, page_hearing;
    FeedRoute => crate::feed::FeedPage, page_feed;
    AdminRoute => crate::admin::AdminPage, page_admin;
    NotificationsRoute => crate::notifications::NotificationsPage, page_messages;
    EasySignInRoute => crate::signin::EasySignInPage, page_easy_sign_in;
    CardSignInRoute => crate::signin::CardSignInPage, page_card_sign_in;
    WeekRoute => crate::publishing::WeekPage, page_week;
    ConnectionsRoute => crate::admin::ConnectionsPage, page_connections;
    HashtagsRoute => crate::admin::HashtagsPage, page_hashtags;
    ReportRoute => crate::admin::ReportPage, page_report;
    SignOffRoute => crate::admin::SignOffPage, page_sign_off;
    AccountsRoute => crate::admin::AccountsPage, page_accounts;
    PeopleRoute => crate::admin::PeoplePage, page_people;
    WelcomeRoute => crate::running::WelcomePage, page_welcome;
    AccountLogRoute => crate::admin::AccountLogPage, page_account_log;
    PostStoryRoute => crate::admin::PostStoryPage, page_post_story;
}

#[component]
fn Header() -> impl IntoView {
    let me = crate::common::load(|| (), |_| who_am_i());
    let count = crate::notifications::unread_resource();
    view! {
        <header>
            <a href="/" class="brand">
                <Icon emoji="💬"/>
                {strings::APP_NAME}
            </a>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let person = me.await.ok().flatten();
                    let new = count.await.ok().flatten().unwrap_or(0);
                    person.map(|person| {
                        view! {
                            <span class="who">
                                {format!("{} {}", strings::SIGNED_IN_AS, person.display_name)}
                            </span>
                            <crate::notifications::NotificationsLink new/>
                            <SignOutButton/>
                        }
                    })
                })}
            </Suspense>
        </header>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <h1>{strings::NOT_FOUND_PAGE}</h1>
        <a class="button" href="/">{strings::GO_HOME}</a>
    }
}
