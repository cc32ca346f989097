//! The author's view of where a post stands on each network.

use leptos::prelude::*;

use super::TargetView;
use crate::common::Icon;
use crate::domain::outbox::{JobState, Network};
use crate::domain::responses::lines;
use crate::read_aloud::Said;
use crate::strings;

/// Where a post stands on each network, read aloud and with a link once it
/// is live. Refreshes itself while anything is still on its way.
#[component]
pub fn PostTargets(targets: crate::common::Loaded<Vec<TargetView>>) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let ticker = set_interval_with_handle(
            move || {
                let unsettled = targets.with_untracked(|t| {
                    matches!(t, Some(Ok(list)) if list.iter().any(|t| matches!(t.state, JobState::Waiting | JobState::Sending)))
                });
                if unsettled {
                    targets.refetch();
                }
            },
            std::time::Duration::from_secs(3),
        );
        if let Ok(ticker) = ticker {
            on_cleanup(move || ticker.clear());
        }
    }
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match targets.await {
                    Ok(list) if !list.is_empty() => Some(view! {
                        <section aria-labelledby="targets-heading">
                            <h2 id="targets-heading">{strings::TARGETS_TITLE}</h2>
                            <ul class="places">
                                {list.into_iter().map(|t| view! { <Target target=t/> }).collect_view()}
                            </ul>
                        </section>
                    }),
                    _ => None,
                }
            })}
        </Transition>
    }
}

#[component]
fn Target(target: TargetView) -> impl IntoView {
    let words = state_words(target.network, target.state, target.attempts);
    let link = target
        .url
        .filter(|_| target.state == JobState::Live)
        .map(|url| {
            let label = format!("{} {}", strings::SEE_IT_THERE, target.network.name());
            view! {
                <a class="button" href=url rel="noopener" target="_blank" aria-label=label>
                    <Icon emoji="🔗"/>
                    {strings::SEE_IT_THERE}
                </a>
            }
        });
    let answers = target.responses.map(|counts| {
        let label = format!("{} {}", strings::RESPONSES_ON, target.network.name());
        view! {
            <ul class="responses" aria-label=label>
                {lines(target.network, &counts).into_iter().map(|line| view! {
                    <li>
                        <Icon emoji={line.picture}/>
                        <Said text=line.words/>
                    </li>
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <li>
            <Icon emoji={icon(target.network)}/>
            <Said text=words/>
            {link}
            {answers}
        </li>
    }
}

/// The picture for a network.
pub(crate) fn icon(network: Network) -> &'static str {
    match network {
        Network::Mastodon => "🐘",
        Network::Bluesky => "🦋",
    }
}

/// What the author reads about their post on one network, after
/// `attempts` tries.
pub fn state_words(network: Network, state: JobState, attempts: u32) -> String {
    match state {
        JobState::Live => format!("{} {}", strings::TARGET_LIVE, network.name()),
        JobState::Waiting if attempts > 0 => strings::TARGET_RETRYING.to_string(),
        JobState::Waiting | JobState::Sending => strings::TARGET_WAITING.to_string(),
        JobState::Failed => strings::TARGET_FAILED.to_string(),
        JobState::Stopped => strings::TARGET_STOPPED.to_string(),
        JobState::Deleting => format!("{} {}", strings::TARGET_TAKING_OFF, network.name()),
        JobState::Deleted => format!("{} {}", strings::TARGET_TAKEN_OFF, network.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_author_reads_where_the_post_is() {
        let live = state_words(Network::Mastodon, JobState::Live, 1);
        assert_eq!(live, "Live on Mastodon");
        assert_eq!(
            state_words(Network::Bluesky, JobState::Waiting, 0),
            "Waiting"
        );
        assert_eq!(
            state_words(Network::Bluesky, JobState::Waiting, 2),
            "Did not work: we will try again"
        );
    }
}
