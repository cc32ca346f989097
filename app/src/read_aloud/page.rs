//! Words that can be heard, and the page where each person (or their
//! supporter) chooses how they hear things.

use leptos::prelude::*;

use crate::accounts::Need;
use crate::common::Gate;

use super::{my_settings, profile_of, save_profile, save_settings, settings_for, Speaker};
use crate::boards::authors;
use crate::common::{DoneMessage, ErrorMessage, Icon};
use crate::domain::profile::Profile;
use crate::domain::speech::{voice, Rate, SpeechSettings, VoiceSource, VOICES};
use crate::posts::ReadAloudButton;
use crate::strings;

/// `text` with each spoken word in its own span; the word being heard is
/// lit up while the text is read aloud. The key is the text itself, unless
/// the text is part of a longer one (`key`), starting at word `first`.
#[component]
pub fn SpokenWords(
    #[prop(into)] text: String,
    #[prop(optional, into)] key: Option<String>,
    #[prop(optional)] first: usize,
) -> impl IntoView {
    let speaker = expect_context::<Speaker>();
    let key = StoredValue::new(key.unwrap_or_else(|| text.clone()));
    let mut index = first;
    let parts: Vec<_> = text
        .split_whitespace()
        .map(|token| {
            let spoken = token.chars().any(char::is_alphanumeric);
            let this = spoken.then(|| {
                index += 1;
                index - 1
            });
            let now = move || this.is_some() && key.with_value(|k| speaker.word_in(k)) == this;
            view! { <span class:now=now>{token.to_string()}</span>" " }
        })
        .collect();
    view! { <span class="spoken">{parts}</span> }
}

/// A message in its own paragraph, with a button to hear it.
#[component]
pub fn Said(#[prop(into)] text: String) -> impl IntoView {
    view! {
        <div class="said">
            <p><SpokenWords text=text.clone()/></p>
            <ReadAloudButton text/>
        </div>
    }
}

/// `/hearing`: voice, speed, speaking on tap and highlighting. A supporter
/// may also choose them for the authors on the accounts they check.
#[component]
pub fn HearingPage() -> impl IntoView {
    let people = LocalResource::new(|| async { authors().await.unwrap_or_default() });
    // None: my own settings; Some(id): an author's.
    let whose = RwSignal::new(None::<String>);
    let in_browser = RwSignal::new(false);
    Effect::new(move |_| in_browser.set(true));
    view! {
        <leptos_meta::Title text=strings::HEARING_TITLE/>
        <h1>{strings::HEARING_TITLE}</h1>
        <Said text=strings::HEARING_INTRO/>
        <Gate need=Need::SignedIn>
        <Show when=move || in_browser.get() fallback=|| view! { <p>{strings::LOADING}</p> }>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let people = people.await;
                    (!people.is_empty()).then(|| view! {
                        <h2 id="whose">{strings::WHOSE_SETTINGS}</h2>
                        <ul class="people" aria-labelledby="whose">
                            <li>
                                <button
                                    type="button"
                                    aria-pressed=move || whose.with(Option::is_none).to_string()
                                    on:click=move |_| whose.set(None)
                                >
                                    {strings::MY_OWN_SETTINGS}
                                </button>
                            </li>
                            {people.into_iter().map(|p| {
                                let id = p.person_id.clone();
                                let pick = p.person_id.clone();
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            aria-pressed=move || whose.with(|w| w.as_deref() == Some(id.as_str())).to_string()
                                            on:click=move |_| whose.set(Some(pick.clone()))
                                        >
                                            {p.display_name}
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })
                })}
            </Suspense>
            {move || {
                let person = whose.get();
                let profile = person.clone().map(|id| view! { <ProfileForm person_id=id/> });
                view! {
                    <SettingsForm person/>
                    {profile}
                }
            }}
        </Show>
        </Gate>
    }
}

#[component]
fn SettingsForm(person: Option<String>) -> impl IntoView {
    let speaker = expect_context::<Speaker>();
    let person = StoredValue::new(person);
    let loaded = LocalResource::new(move || async move {
        match person.get_value() {
            None => my_settings().await,
            Some(id) => settings_for(id).await,
        }
    });
    let save = Action::new(move |settings: &SpeechSettings| {
        let settings = settings.clone();
        async move {
            save_settings(person.get_value(), settings.clone()).await?;
            if person.with_value(Option::is_none) {
                speaker.settings.set(settings);
            }
            Ok::<(), crate::error::AppError>(())
        }
    });
    view! {
        <Suspense fallback=|| view! { <p>{strings::LOADING}</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(settings) => view! { <SettingsFields settings save/> }.into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One question answered by picking one of its options, each with a
/// picture: radio buttons inside big labels.
#[component]
fn Choices<T>(
    legend: &'static str,
    name: &'static str,
    options: Vec<(T, &'static str, &'static str)>,
    chosen: Signal<T>,
    pick: Callback<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    view! {
        <fieldset class="choices">
            <legend>{legend}</legend>
            {options.into_iter().map(|(value, icon, label)| view! {
                <label class="choice">
                    <input
                        type="radio"
                        name=name
                        prop:checked=move || chosen.get() == value
                        on:change=move |_| pick.run(value)
                    />
                    <Icon emoji={icon}/>
                    {label}
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// A setting that is on or off: a tick box inside a big label.
#[component]
fn Toggle(
    icon: &'static str,
    label: &'static str,
    on: Signal<bool>,
    set: Callback<bool>,
) -> impl IntoView {
    view! {
        <label class="choice">
            <input
                type="checkbox"
                prop:checked=move || on.get()
                on:change=move |ev| set.run(event_target_checked(&ev))
            />
            <Icon emoji={icon}/>
            {label}
        </label>
    }
}

#[component]
fn SettingsFields(
    settings: SpeechSettings,
    save: Action<SpeechSettings, Result<(), crate::error::AppError>>,
) -> impl IntoView {
    let speaker = expect_context::<Speaker>();
    let edited = RwSignal::new(settings);
    let sources = [
        (VoiceSource::Auto, "✨", strings::VOICE_AUTO),
        (VoiceSource::Tablet, "📱", strings::USE_TABLET_VOICE),
        (VoiceSource::OurVoice, "💬", strings::USE_OUR_VOICE),
    ];
    let rates = [
        (Rate::Slower, "🐢", strings::SLOWER),
        (Rate::Normal, "🚶", strings::NORMAL_SPEED),
        (Rate::Faster, "🐇", strings::FASTER),
    ];
    let saved = move || save.value().get();
    view! {
        <Choices
            legend=strings::WHICH_VOICE
            name="source"
            options=sources.to_vec()
            chosen=Signal::derive(move || edited.with(|s| s.source))
            pick=Callback::new(move |source| edited.update(|s| s.source = source))
        />
        <Show when=move || speaker.tablet_voices.get() == 0 && edited.with(|s| s.source == VoiceSource::Tablet)>
            <Said text=strings::NO_TABLET_VOICE/>
        </Show>
        <Choices
            legend=strings::OUR_VOICES
            name="voice"
            options=VOICES.iter().map(|v| (v.id, "🗣️", v.label)).collect()
            chosen=Signal::derive(move || edited.with(|s| voice(&s.voice).map_or(VOICES[0].id, |v| v.id)))
            pick=Callback::new(move |id: &'static str| edited.update(|s| s.voice = id.to_string()))
        />
        <Choices
            legend=strings::HOW_FAST
            name="rate"
            options=rates.to_vec()
            chosen=Signal::derive(move || edited.with(|s| s.rate))
            pick=Callback::new(move |rate| edited.update(|s| s.rate = rate))
        />
        <fieldset class="choices">
            <legend>{strings::WHEN_TO_SPEAK}</legend>
            <Toggle
                icon="👆"
                label=strings::SPEAK_ON_TAP
                on=Signal::derive(move || edited.with(|s| s.speak_on_tap))
                set=Callback::new(move |on| edited.update(|s| s.speak_on_tap = on))
            />
            <Toggle
                icon="🖍️"
                label=strings::HIGHLIGHT_WORDS
                on=Signal::derive(move || edited.with(|s| s.highlight))
                set=Callback::new(move |on| edited.update(|s| s.highlight = on))
            />
        </fieldset>
        <div class="actions">
            <button
                type="button"
                class="speak"
                on:click=move |_| speaker.say_with(strings::TRY_SENTENCE, strings::TRY_SENTENCE, edited.get_untracked())
            >
                <Icon emoji="🔊"/>
                {strings::TRY_IT}
            </button>
            <button
                type="button"
                class="primary"
                disabled=move || save.pending().get()
                on:click=move |_| { save.dispatch(edited.get_untracked()); }
            >
                <Icon emoji="💾"/>
                {strings::SAVE_SETTINGS}
            </button>
        </div>
        <p class="try"><SpokenWords text=strings::TRY_SENTENCE/></p>
        {move || match saved() {
            Some(Ok(())) => view! { <DoneMessage text=strings::SETTINGS_SAVED/> }.into_any(),
            Some(Err(error)) => view! { <ErrorMessage error/> }.into_any(),
            None => ().into_any(),
        }}
    }
}

/// How an author likes information, recorded by their supporter: easy
/// read, pictures, reading aloud, large writing.
#[component]
fn ProfileForm(person_id: String) -> impl IntoView {
    let person_id = StoredValue::new(person_id);
    let loaded = LocalResource::new(move || profile_of(Some(person_id.get_value())));
    let save = Action::new(move |profile: &Profile| {
        let profile = *profile;
        async move { save_profile(person_id.get_value(), profile).await }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(profile) => {
                        let edited = RwSignal::new(profile);
                        let field = move |get: fn(&Profile) -> bool, set: fn(&mut Profile, bool)| {
                            (
                                Signal::derive(move || edited.with(get)),
                                Callback::new(move |on: bool| edited.update(|p| set(p, on))),
                            )
                        };
                        let (easy_on, easy_set) = field(|p| p.easy_read, |p, v| p.easy_read = v);
                        let (symbols_on, symbols_set) = field(|p| p.symbols, |p, v| p.symbols = v);
                        let (aloud_on, aloud_set) = field(|p| p.read_aloud, |p, v| p.read_aloud = v);
                        let (large_on, large_set) = field(|p| p.large_text, |p, v| p.large_text = v);
                        view! {
                            <section class="card" aria-labelledby="profile-heading">
                                <h2 id="profile-heading">{strings::PROFILE_TITLE}</h2>
                                <Said text=strings::PROFILE_INTRO/>
                                <fieldset class="choices">
                                    <legend>{strings::PROFILE_LIKES}</legend>
                                    <Toggle icon="📖" label=strings::PROFILE_EASY_READ on=easy_on set=easy_set/>
                                    <Toggle icon="🖼️" label=strings::PROFILE_SYMBOLS on=symbols_on set=symbols_set/>
                                    <Toggle icon="🔊" label=strings::PROFILE_READ_ALOUD on=aloud_on set=aloud_set/>
                                    <Toggle icon="🔍" label=strings::PROFILE_LARGE_TEXT on=large_on set=large_set/>
                                </fieldset>
                                <button
                                    type="button"
                                    class="primary"
                                    disabled=move || save.pending().get()
                                    on:click=move |_| { save.dispatch(edited.get_untracked()); }
                                >
                                    {strings::SAVE_PROFILE}
                                </button>
                                {move || match save.value().get() {
                                    Some(Ok(())) => Some(view! { <crate::common::DoneMessage text=strings::PROFILE_SAVED/> }.into_any()),
                                    Some(Err(error)) => Some(view! { <ErrorMessage error/> }.into_any()),
                                    None => None,
                                }}
                            </section>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
