//! What the browser is told about a post, the strip that shows one, and
//! taking a post down; `flows` holds the post steps every page shares.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::domain::lifecycle::Status;
use crate::domain::post::{post_text, Tile};
use crate::domain::reach::Target;
use crate::domain::safeguarding::Finding;
use crate::domain::speech::tile_of_each_word;
use crate::error::AppError;
use crate::read_aloud::Speaker;
use crate::strings;

#[cfg(feature = "ssr")]
pub(crate) mod flows;

/// Takes a post down (or back before it goes out, when scheduled): it
/// leaves the feed at once and the outbox deletes it on every network it
/// reached. Supporters and admins of its account; `why` goes in the log.
#[server(endpoint = "posts/take-down", input = Json)]
pub async fn take_down(post_id: String, why: String) -> Result<(), AppError> {
    crate::ports::answer(flows::take_down(post_id, why).await)
}

/// A post as pages show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostView {
    pub post_id: String,
    pub account_name: String,
    pub account_slug: String,
    /// Where the account publishes (for the room-left meters).
    pub targets: Vec<Target>,
    pub author_id: String,
    pub author_name: String,
    pub status: Status,
    pub tiles: Vec<Tile>,
    pub revision: i64,
    pub feedback: Option<String>,
    /// When it last changed, on its account's clock (milliseconds since
    /// 1970 as that clock shows it: for showing only).
    pub updated_at: i64,
    /// When it went out, on its account's clock.
    pub published_at: Option<i64>,
    /// When a scheduled post goes out, on its account's clock.
    #[serde(default)]
    pub scheduled_for: Option<i64>,
    /// Personal details found in the post's words (safeguarding).
    #[serde(default)]
    pub safeguarding: Vec<Finding>,
    /// The kept version the words are (0 before the first send).
    #[serde(default)]
    pub version: i64,
    /// A supporter's wording waiting for the author's yes or no.
    #[serde(default)]
    pub suggestion: Option<Vec<Tile>>,
    /// Who approved these words so far (when two must approve).
    #[serde(default)]
    pub approved_by: Vec<String>,
    /// How many more people must approve.
    #[serde(default)]
    pub approvals_missing: u32,
    /// The account's end-of-day sign-off (goes out daily once approved).
    #[serde(default)]
    pub is_sign_off: bool,
    /// The person looking may take it down (a supporter or admin of its
    /// account, while it is approved, scheduled or out).
    #[serde(default)]
    pub can_take_down: bool,
}

impl PostView {
    /// The post's words, in order.
    pub fn text(&self) -> String {
        post_text(&self.tiles)
    }
}

/// The page a post is opened on: the composer while its author may change
/// it, its read-only page once it is sent.
pub fn post_href(post_id: &str, status: Status) -> String {
    if status.is_editable() {
        format!("/posts/{post_id}")
    } else {
        format!("/posts/{post_id}/sent")
    }
}

/// What a status means, for the author.
pub fn status_words(status: Status) -> &'static str {
    match status {
        Status::Draft => strings::STATUS_DRAFT,
        Status::Submitted => strings::STATUS_SUBMITTED,
        Status::ChangesRequested => strings::STATUS_CHANGES,
        Status::AwaitingAuthor => strings::STATUS_AWAITING_AUTHOR,
        Status::Approved => strings::STATUS_APPROVED,
        Status::Scheduled => strings::STATUS_SCHEDULED,
        Status::Publishing => strings::STATUS_PUBLISHING,
        Status::Published => strings::STATUS_PUBLISHED,
        Status::Failed => strings::STATUS_FAILED,
        Status::Withdrawn => strings::STATUS_WITHDRAWN,
        Status::TakenDown => strings::STATUS_TAKEN_DOWN,
    }
}

/// A date as people read it, e.g. "28 November 2026".
pub fn date_words(millis: i64) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let days = millis.div_euclid(86_400_000);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{day} {} {year}", MONTHS[(month - 1) as usize])
}

/// A time of day as people read it, e.g. "14:05" (UTC).
pub fn time_words(millis: i64) -> String {
    let minutes = millis.div_euclid(60_000).rem_euclid(24 * 60);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A read-only strip: each picture with its words under it. While the
/// post is read aloud (its text is the key), the tile being heard is lit.
#[component]
pub fn PostStrip(tiles: Vec<Tile>, #[prop(into)] label: String) -> impl IntoView {
    let speaker = expect_context::<Speaker>();
    let key = StoredValue::new(post_text(&tiles));
    let words: Vec<&str> = tiles.iter().map(|t| t.word.as_str()).collect();
    let tile_of_word = StoredValue::new(tile_of_each_word(&words));
    let heard = move || {
        let word = key.with_value(|k| speaker.word_in(k))?;
        tile_of_word.with_value(|t| t.get(word).copied())
    };
    view! {
        <ul class="strip" aria-label=label>
            {tiles
                .into_iter()
                .enumerate()
                .map(|(index, tile)| {
                    let now = move || heard() == Some(index);
                    view! {
                        <li class="tile" class:speaking=now aria-current=move || now().then_some("true")>
                            {tile
                                .symbol
                                .as_ref()
                                .map(|s| view! { <img src=s.url() alt="" width="96" height="96"/> })}
                            <span class="tile-word">{tile.word.clone()}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// A button that reads `text` aloud.
#[component]
pub fn ReadAloudButton(
    #[prop(into)] text: String,
    #[prop(into, default = strings::READ_ALOUD.to_string())] label: String,
) -> impl IntoView {
    let speaker = expect_context::<Speaker>();
    let key = StoredValue::new(text);
    let label = StoredValue::new(label);
    // While its words are read, the button stops them.
    let saying = move || key.with_value(|k| speaker.saying(k));
    view! {
        <button
            type="button"
            class="speak"
            on:click=move |_| {
                if saying() {
                    speaker.stop();
                } else {
                    key.with_value(|k| speaker.say(k));
                }
            }
        >
            <img class="icon" alt="" width="32" height="32" src=move || crate::common::emoji_picture(if saying() { "⏹" } else { "🔊" })/>
            {move || if saying() { strings::STOP_READING.to_string() } else { label.get_value() }}
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_day_month_year() {
        assert_eq!(date_words(0), "1 January 1970");
        assert_eq!(date_words(1_795_910_400_000), "29 November 2026");
        assert_eq!(date_words(951_782_400_000), "29 February 2000");
        assert_eq!(time_words(0), "00:00");
        assert_eq!(
            time_words(1_795_910_400_000 + 14 * 3_600_000 + 5 * 60_000),
            "14:05"
        );
    }

    #[test]
    fn a_post_opens_in_the_composer_only_while_it_can_change() {
        assert_eq!(post_href("p1", Status::Draft), "/posts/p1");
        assert_eq!(post_href("p1", Status::ChangesRequested), "/posts/p1");
        let sent = Status::ALL
            .into_iter()
            .filter(|s| !matches!(s, Status::Draft | Status::ChangesRequested));
        for status in sent {
            assert_eq!(post_href("p1", status), "/posts/p1/sent", "{status:?}");
        }
    }
}
