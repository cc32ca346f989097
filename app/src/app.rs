//! The page shell, the router and the frame around every page.

use leptos::prelude::*;

use crate::common::Icon;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_location, use_params_map};
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
///
/// The composer of a draft (`/posts/<id>`) is drawn without the router:
/// [`ComposerApp`]. Every other page is [`App`]. The browser makes the same
/// choice from the same address (see `hydrate` in `lib.rs`), so a
/// co-producer's first visit to the composer does not download the router
/// or any other page.
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
    let root = match composer_post_id(&requested_path()) {
        Some(post_id) => view! { <ComposerApp post_id/> }.into_any(),
        None => view! { <App/> }.into_any(),
    };
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
                {root}
            </body>
        </html>
    }
}

/// The path of the page the server is drawing.
fn requested_path() -> String {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<axum::http::request::Parts>() {
        return parts.uri.path().to_string();
    }
    String::new()
}

/// The draft whose composer this address opens: `/posts/<id>`, with
/// nothing after the id (`/posts/<id>/sent` is another page).
pub fn composer_post_id(path: &str) -> Option<String> {
    let id = path.strip_prefix("/posts/")?;
    (!id.is_empty() && !id.contains('/')).then(|| id.to_string())
}

/// The frame of every page: one speaker for the page, a header, the page,
/// the credits. `page` is the page's address (the header asks for new
/// messages again when it changes).
#[component]
fn Frame(page: Signal<String>, children: Children) -> impl IntoView {
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
        <a class="skip" href="#main">{strings::SKIP_TO_MAIN}</a>
        <Header page/>
        <main id="main" tabindex="-1" class:large-text=move || large_text.get()>
            {children()}
        </main>
        <footer>
            <p>{strings::SYMBOL_CREDIT}</p>
        </footer>
    }
}

/// The composer of one draft, opened straight from its address: the frame
/// and the composer, no router. Its links load their pages afresh.
#[component]
pub fn ComposerApp(post_id: String) -> impl IntoView {
    view! {
        <Frame page=Signal::stored(format!("/posts/{post_id}"))>
            <ComposerPage post_id=Signal::stored(post_id)/>
        </Frame>
    }
}

/// Every page but a composer opened from its address: the frame and the
/// router. In the browser this is a piece of its own (`app_router`), which
/// the server names in the page so it loads beside the main WASM.
#[component]
pub fn App() -> impl IntoView {
    leptos::prefetch_lazy_fn_on_server("app_router");
    view! {
        <Router>
            <RoutedFrame>
                // Pages wait for their data on the server, so a page answers
                // with its data's status (401 signed out, 403 not yours).
                <Routes fallback=NotFound>
                    <Route path=path!("/") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view={Lazy::<SignInRoute>::new()}/>
                    <Route path=path!("/posts/:id") view=ComposerRoute ssr=SsrMode::Async/>
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
            </RoutedFrame>
        </Router>
    }
}

/// The frame inside the router: its page is the router's address.
#[component]
fn RoutedFrame(children: Children) -> impl IntoView {
    let location = use_location();
    view! { <Frame page=location.pathname.into()>{children()}</Frame> }
}

/// The composer reached by a link inside the app: the same page, its
/// draft named by the address.
#[component]
fn ComposerRoute() -> impl IntoView {
    let params = use_params_map();
    let post_id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    view! { <ComposerPage post_id/> }
}

/// Starts the router in the browser, for every page but a composer opened
/// from its address. Its code is a piece of its own; if it does not come,
/// the page the server sent stays, with a note that says so.
#[cfg(feature = "hydrate")]
#[leptos::wasm_split::wasm_split(app_router, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn start_router() -> Result<(), PieceMissing> {
    leptos::mount::hydrate_lazy(App);
    Ok(())
}

/// Says that the page's code did not come, at the top of the page the
/// server sent (which stays, so nothing on it is lost from sight).
#[cfg(feature = "hydrate")]
pub fn say_page_missing() {
    use wasm_bindgen::JsCast;

    let document = document();
    let (Some(main), Ok(place)) = (
        document.get_element_by_id("main"),
        document.create_element("div"),
    ) else {
        return;
    };
    if main.insert_adjacent_element("afterbegin", &place).is_ok() {
        let place: web_sys::HtmlElement = place.unchecked_into();
        leptos::mount::mount_to(place, || {
            provide_context(Speaker::new());
            view! { <PageMissing/> }
        })
        .forget();
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
    ($($route:ident => $page:path, $split:ident / $module:ident, $address:literal;)*) => {
        /// The piece of the page at `path` (its split's name), found as the
        /// router finds the page: the same addresses as in [`App`].
        pub fn page_piece_of(path: &str) -> Option<&'static str> {
            $(
                if address_fits($address, path) {
                    return Some(stringify!($split));
                }
            )*
            None
        }

        /// Loads the code of the page at `path` before the router takes
        /// over the page the server sent: if it does not come, the page
        /// stays as sent and says so, instead of stopping half taken over.
        #[cfg(feature = "hydrate")]
        pub async fn preload_page(path: &str) -> Result<(), PieceMissing> {
            $(
                if address_fits($address, path) {
                    return $module::preload().await.map_err(PieceMissing::from);
                }
            )*
            Ok(())
        }
$(
        struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            // The router loads the page's code first, so the page is ready
            // when it starts (the server's page is taken over, not redrawn).
            // A failure here is tried once more, and shown, by `view`.
            async fn preload() {
                let _ = $module::preload().await;
            }

            async fn view(this: Self) -> AnyView {
                match $module::$module(this).await {
                    Ok(view) => view,
                    Err(PieceMissing) => view! { <PageMissing/> }.into_any(),
                }
            }
        }

        mod $module {
            use super::*;

            #[leptos::wasm_split::wasm_split(
                $split,
                wasm_split_path = ::leptos::wasm_split,
                fallible,
                preload(preload)
            )]
            // Named after the page: the names the piece's loader links by
            // stay apart when pages share a piece.
            pub(super) fn $module(_this: super::$route) -> Result<AnyView, PieceMissing> {
                leptos::prefetch_lazy_fn_on_server(stringify!($split));
                Ok($page().into_any())
            }
        }
    )*};
}

/// Whether `path` is an address of the route `address` (`:name` stands
/// for any one part).
fn address_fits(address: &str, path: &str) -> bool {
    let (mut want, mut got) = (address.split('/'), path.split('/'));
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w == g || (w.starts_with(':') && !g.is_empty()) => {}
            _ => return false,
        }
    }
}

// Each address is its `<Route>`'s in [`App`]; a test checks the two agree.
lazy_pages! {
    HomeRoute => crate::home::HomePage, page_home / page_home, "/";
    SentPostRoute => crate::composer::SentPostPage, page_sent_post / page_sent_post, "/posts/:id/sent";
    SignInRoute => crate::accounts::SignInPage, page_sign_in / page_sign_in, "/sign-in";
    CheckRoute => crate::approval::CheckPage, page_check / page_check, "/check";
    MyWordsRoute => crate::boards::MyWordsPage, page_my_words / page_my_words, "/words";
    HearingRoute => crate::read_aloud::HearingPage, page_hearing / page_hearing, "/hearing";
    FeedRoute => crate::feed::FeedPage, page_feed / page_feed, "/feed/:slug";
    AdminRoute => crate::admin::AdminPage, page_admin / page_admin, "/admin";
    NotificationsRoute => crate::notifications::NotificationsPage, page_messages / page_messages, "/notes";
    EasySignInRoute => crate::signin::EasySignInPage, page_easy_sign_in / page_easy_sign_in, "/sign-in-help";
    CardSignInRoute => crate::signin::CardSignInPage, page_card_sign_in / page_card_sign_in, "/card/:token";
    WeekRoute => crate::publishing::WeekPage, page_week / page_week, "/week";
    ConnectionsRoute => crate::admin::ConnectionsPage, page_admin / page_connections, "/admin/connections";
    HashtagsRoute => crate::admin::HashtagsPage, page_admin / page_hashtags, "/admin/hashtags";
    ReportRoute => crate::admin::ReportPage, page_admin / page_report, "/admin/report";
    SignOffRoute => crate::admin::SignOffPage, page_admin / page_sign_off, "/admin/sign-off";
    AccountsRoute => crate::admin::AccountsPage, page_admin / page_accounts, "/admin/accounts";
    PeopleRoute => crate::admin::PeoplePage, page_admin / page_people, "/admin/people";
    WelcomeRoute => crate::running::WelcomePage, page_welcome / page_welcome, "/welcome/:token";
    AccountLogRoute => crate::admin::AccountLogPage, page_admin / page_account_log, "/admin/log/:id";
    PostStoryRoute => crate::admin::PostStoryPage, page_admin / page_post_story, "/admin/posts/:id";
}

#[component]
fn Header(page: Signal<String>) -> impl IntoView {
    let me = crate::common::load(|| (), |_| who_am_i());
    let count = crate::notifications::unread_resource(page);
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

#[cfg(test)]
mod tests {
    use super::{composer_post_id, page_piece_of};

    #[test]
    fn only_a_drafts_own_address_opens_the_composer_alone() {
        assert_eq!(composer_post_id("/posts/p-42"), Some("p-42".to_string()));
        assert_eq!(composer_post_id("/posts/p-42/sent"), None);
        assert_eq!(composer_post_id("/posts/"), None);
        assert_eq!(composer_post_id("/posts"), None);
        assert_eq!(composer_post_id("/"), None);
        assert_eq!(composer_post_id("/admin/posts/p-42"), None);
    }

    #[test]
    fn each_address_finds_its_pages_piece() {
        assert_eq!(page_piece_of("/"), Some("page_home"));
        assert_eq!(page_piece_of("/notes"), Some("page_messages"));
        assert_eq!(page_piece_of("/feed/our-voice-leeds"), Some("page_feed"));
        assert_eq!(page_piece_of("/posts/p-42/sent"), Some("page_sent_post"));
        assert_eq!(page_piece_of("/admin/log/7"), Some("page_admin"));
        assert_eq!(page_piece_of("/admin"), Some("page_admin"));
        assert_eq!(page_piece_of("/admin/people"), Some("page_admin"));
        // The composer has no piece; an unknown address is not found.
        assert_eq!(page_piece_of("/posts/p-42"), None);
        assert_eq!(page_piece_of("/feed/"), None);
        assert_eq!(page_piece_of("/nowhere"), None);
    }

    #[test]
    fn every_lazy_route_has_the_same_address_in_both_lists() {
        // The router's `<Route>`s and `lazy_pages!` each name every page's
        // address; the start in the browser relies on them agreeing.
        let source = include_str!("app.rs");
        let routed: std::collections::BTreeMap<&str, &str> = source
            .split("<Route path=path!(\"")
            .skip(1)
            .filter_map(|rest| {
                let (address, rest) = rest.split_once("\")")?;
                let route = rest.split_once("Lazy::<")?.1.split_once('>')?.0;
                (!route.contains(' ')).then_some((route, address))
            })
            .collect();
        let listed: std::collections::BTreeMap<&str, &str> = source
            .lines()
            .filter_map(|line| {
                let (route, rest) = line.trim().split_once(" => ")?;
                let address = rest.strip_suffix("\";")?.rsplit_once(", \"")?.1;
                Some((route, address))
            })
            .collect();
        assert_eq!(routed.len(), 21);
        assert_eq!(routed, listed);
    }
}
