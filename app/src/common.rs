//! Small pieces every page uses.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::posts::ReadAloudButton;
use crate::read_aloud::SpokenWords;

/// How data loaded with a page travels inside it: JSON, read from its
/// bytes as server-function answers are. With Leptos's own codec the
/// browser reads page data from text and answers from bytes, so it carries
/// two JSON readers for each type; with this one, one.
pub struct PageJson;

impl<T: Serialize> leptos::server::codee::Encoder<T> for PageJson {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: serde::de::DeserializeOwned> leptos::server::codee::Decoder<T> for PageJson {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// Data a page loads from the server, sent along with the page.
pub type Loaded<T> = Resource<Result<T, AppError>, PageJson>;

/// `Resource::new` with [`PageJson`]: loads with the page on the server,
/// read back in the browser without asking again.
#[track_caller]
pub fn load<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Loaded<T>
where
    T: Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    S: Clone + PartialEq + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

/// Who may open a page whose data loads in the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Need {
    /// Anyone signed in.
    SignedIn,
    /// Someone who checks posts on some account.
    Checker,
}

/// Says whether the signed-in person may open a page (401 signed out,
/// 403 not for them), so the page's answer carries the right status.
#[server(endpoint = "me/may-open", input = Json)]
pub async fn may_open(need: Need) -> Result<(), AppError> {
    crate::ports::answer(
        async move {
            let person = crate::ports::signed_in().await?;
            match need {
                Need::SignedIn => Ok(()),
                Need::Checker if person.checked_accounts().is_empty() => Err(AppError::NotAllowed),
                Need::Checker => Ok(()),
            }
        }
        .await,
    )
}

/// An error, said plainly, with a button to hear it.
#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    let text = error.to_string();
    view! {
        <div class="message error" role="alert">
            <Icon emoji="⚠️"/>
            <p><SpokenWords text=text.clone()/></p>
            <ReadAloudButton text/>
        </div>
    }
}

/// A warning said plainly (not from an error value): a picture and words
/// to hear.
#[component]
pub fn Warning(icon: &'static str, text: &'static str) -> impl IntoView {
    view! {
        <div class="message error" role="alert">
            <Icon emoji={icon}/>
            <crate::read_aloud::Said text/>
        </div>
    }
}

/// A message that something worked, with a button to hear it.
#[component]
pub fn DoneMessage(#[prop(into)] text: String) -> impl IntoView {
    view! {
        <div class="message done" role="status">
            <Icon emoji="✅"/>
            <p><SpokenWords text=text.clone()/></p>
            <ReadAloudButton text/>
        </div>
    }
}

/// The answer of the last action that answered, as a message: the words
/// for what worked, or what went wrong; nothing before any answer.
pub fn outcome(result: Option<Result<&'static str, AppError>>) -> Option<AnyView> {
    match result? {
        Ok(text) => Some(view! { <DoneMessage text/> }.into_any()),
        Err(error) => Some(view! { <ErrorMessage error/> }.into_any()),
    }
}

/// A list loaded from the server, one view a row: "Loading" while it
/// comes, and what went wrong if it cannot come.
#[component]
pub fn LoadedList<T, R, V>(list: Loaded<Vec<T>>, row: R) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + serde::de::DeserializeOwned + 'static,
    R: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <p>{crate::strings::LOADING}</p> }>
            {move || {
                let row = row.clone();
                Suspend::new(async move {
                    match list.await {
                        Ok(items) => items.into_iter().map(row).collect_view().into_any(),
                        Err(error) => view! { <ErrorMessage error/> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// Where OpenMoji's drawing of an emoji is: its code points in hex,
/// joined by `-`, as OpenMoji names its files. A single character's
/// emoji-style selector (U+FE0F) is not in the name; in sequences
/// (keycaps, people with jobs) it is.
pub fn emoji_picture(emoji: &str) -> String {
    let single = emoji.chars().filter(|c| *c != '\u{FE0F}').count() == 1;
    let points: Vec<String> = emoji
        .chars()
        .filter(|c| !(single && *c == '\u{FE0F}'))
        .map(|c| format!("{:04X}", c as u32))
        .collect();
    format!(
        "/symbols/{}/{}.svg",
        crate::domain::symbols::OPENMOJI,
        points.join("-")
    )
}

/// A small picture beside words: OpenMoji's drawing of an emoji, so it
/// looks the same on every tablet (emoji fonts differ between devices,
/// and some have none). The words beside it say the same, so screen
/// readers pass over it.
#[component]
pub fn Icon(emoji: &'static str) -> impl IntoView {
    view! { <img class="icon" src=emoji_picture(emoji) alt="" width="32" height="32"/> }
}

/// A link that looks like a button: a picture and its words.
#[component]
pub fn LinkButton(
    #[prop(into)] href: String,
    icon: &'static str,
    #[prop(into)] label: String,
) -> impl IntoView {
    view! {
        <a class="button" href=href>
            <Icon emoji={icon}/>
            {label}
        </a>
    }
}

/// Shows its children only to people who may open the page; others see
/// why not (and the page answers 401 or 403).
#[component]
pub fn Gate(need: Need, children: ChildrenFn) -> impl IntoView {
    let allowed = load(move || need, may_open);
    view! {
        <Suspense fallback=|| view! { <p>{crate::strings::LOADING}</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match allowed.await {
                        Ok(()) => children().into_any(),
                        Err(error) => view! { <ErrorMessage error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// A supporter picks one person (id, name) from a list loaded in the
/// browser (so the server's page and hydration match). The picked person's
/// button stays pressed.
#[component]
pub fn PersonPicker(
    people: LocalResource<Result<Vec<(String, String)>, AppError>>,
    chosen: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let in_browser = RwSignal::new(false);
    Effect::new(move |_| in_browser.set(true));
    view! {
        <Show when=move || in_browser.get() fallback=|| view! { <p>{crate::strings::LOADING}</p> }>
            <Suspense fallback=|| view! { <p>{crate::strings::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match people.await {
                        Ok(people) => view! {
                            <h2 id="choose-person">{crate::strings::CHOOSE_PERSON}</h2>
                            <ul class="people" aria-labelledby="choose-person">
                                {people.into_iter().map(|(id, name)| {
                                    let pick = (id.clone(), name.clone());
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                aria-pressed=move || chosen.with(|c| c.as_ref().is_some_and(|(c, _)| *c == id)).to_string()
                                                on:click=move |_| chosen.set(Some(pick.clone()))
                                            >
                                                {name}
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorMessage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </Show>
    }
}

/// Children drawn in the browser only: the server's page and the first
/// render in the browser both show nothing here, so hydration always
/// matches (for parts loaded from the browser, like the boards).
#[component]
pub fn InBrowser(children: ChildrenFn) -> impl IntoView {
    let in_browser = RwSignal::new(false);
    Effect::new(move |_| in_browser.set(true));
    view! { <Show when=move || in_browser.get()>{children()}</Show> }
}

/// Sends the person to another page: a redirect when the server draws the
/// page, a fresh page load in the browser (the composer opened from its
/// address has no router to move within the app). The page left is taken
/// out of the history, so Back does not come back to it.
pub fn go_to(path: &str) {
    #[cfg(feature = "ssr")]
    leptos_axum::redirect(path);
    #[cfg(feature = "hydrate")]
    let _ = window().location().replace(path);
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::emoji_picture;

    #[test]
    fn an_emoji_names_its_openmoji_file() {
        assert_eq!(emoji_picture("📨"), "/symbols/openmoji/1F4E8.svg");
        // The emoji-style selector is not in OpenMoji's names...
        assert_eq!(emoji_picture("✏️"), "/symbols/openmoji/270F.svg");
        // ...except in sequences: keycaps, people with jobs.
        assert_eq!(emoji_picture("#️⃣"), "/symbols/openmoji/0023-FE0F-20E3.svg");
        assert_eq!(
            emoji_picture("🧑\u{200D}⚕️"),
            "/symbols/openmoji/1F9D1-200D-2695-FE0F.svg"
        );
    }

    fn is_emoji_part(c: char) -> bool {
        matches!(c as u32,
            0x2190..=0x21FF | 0x2300..=0x23FF | 0x2600..=0x27BF | 0x2B00..=0x2BFF
            | 0x1F000..=0x1FAFF | 0xFE0F | 0x200D | 0x20E3)
    }

    /// Every string in the app's code made only of emoji (the pictures
    /// beside buttons, messages and places) has its OpenMoji drawing.
    #[test]
    fn every_emoji_the_app_shows_has_its_picture() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let pictures = root.join("../assets/symbols/openmoji/svg");
        assert!(
            pictures.is_dir(),
            "{} is missing: run ./scripts/setup.sh",
            pictures.display()
        );
        let mut folders = vec![root.join("src")];
        let mut found = std::collections::BTreeSet::new();
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let code = std::fs::read_to_string(&path).unwrap();
                // The product's code, not its tests' sample words.
                let code = code.split("#[cfg(test)]").next().unwrap();
                for literal in code.split('"').skip(1).step_by(2) {
                    let keycap = literal.ends_with("\u{FE0F}\u{20E3}")
                        && literal
                            .chars()
                            .next()
                            .is_some_and(|c| "#*0123456789".contains(c));
                    let emoji = !literal.is_empty()
                        && literal.chars().any(|c| c as u32 > 0x2000)
                        && literal.chars().all(is_emoji_part);
                    if keycap || emoji {
                        found.insert(literal.to_string());
                    }
                }
            }
        }
        assert!(found.len() > 40, "only {} emoji found", found.len());
        let missing: Vec<_> = found
            .iter()
            .filter(|emoji| {
                let file = emoji_picture(emoji);
                let name = file.rsplit('/').next().unwrap();
                !pictures.join(name).is_file()
            })
            .collect();
        assert!(missing.is_empty(), "no OpenMoji picture for {missing:?}");
    }
}
