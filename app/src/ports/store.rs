//! The storage interface, for SQLite now and Postgres later: one trait a
//! capability, joined in `Store` so the server functions keep one handle,
//! and the records they answer with.

use async_trait::async_trait;

use super::StoreResult;
use crate::domain::hashtags::HashtagSet;
use crate::domain::lifecycle::Status;
use crate::domain::post::Tile;
use crate::domain::profile::Profile;
use crate::domain::reach::Target;
use crate::domain::review::Review;
use crate::domain::speech::SpeechSettings;
use crate::domain::update::PostUpdate;
use crate::records::{
    BoardItem, LogEntry, Notice, Person, PictureTablet, SignInCard, VersionEntry,
};

/// A post as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct PostRecord {
    pub post_id: String,
    pub account_id: String,
    pub account_slug: String,
    pub account_name: String,
    /// The account's time zone (IANA), for showing the post's times.
    pub time_zone: String,
    /// Where the account publishes.
    pub targets: Vec<Target>,
    pub author_id: String,
    pub author_name: String,
    /// The name the author chose to show the public, if any.
    pub author_public_name: Option<String>,
    pub status: Status,
    pub tiles: Vec<Tile>,
    pub revision: i64,
    pub feedback: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    /// When a scheduled post goes out.
    pub scheduled_for: Option<i64>,
    /// The account's end-of-day sign-off: approved, it goes out daily
    /// instead of once.
    pub is_sign_off: bool,
    /// The kept version the words are (0 before the first send).
    pub version: i64,
    /// The kept version the author sent or agreed to.
    pub consented_version: Option<i64>,
    /// The newest kept version.
    pub last_version: i64,
    /// A supporter's suggested wording waiting for the author.
    pub suggestion: Option<(i64, Vec<Tile>)>,
    /// Who approved the current version.
    pub approved_by: Vec<String>,
    /// How many different people must approve (the account's rule).
    pub approvals_needed: u8,
}

impl PostRecord {
    /// The post as the review rules see it.
    pub fn review(&self) -> Review<Vec<Tile>> {
        Review {
            status: self.status,
            author_id: self.author_id.clone(),
            words: self.tiles.clone(),
            version: self.version,
            consented: self.consented_version,
            last_version: self.last_version,
            suggestion: self.suggestion.clone(),
            approved_by: self.approved_by.clone(),
            approvals_needed: self.approvals_needed,
        }
    }
}

/// An account's end-of-day sign-off as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct SignOffRecord {
    /// When it goes out: minutes after midnight (UTC).
    pub minute: u32,
    /// The newest sign-off post written (perhaps not approved yet).
    pub newest: Option<PostRecord>,
    /// The newest approved one: the words that go out.
    pub approved: Option<PostRecord>,
}

/// A service account as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountRecord {
    pub account_id: String,
    pub name: String,
    pub slug: String,
    pub help_url: String,
    /// How many different people must approve a post (1 or 2).
    pub approvals_needed: u8,
    /// Where the account's times are read (IANA, e.g. Europe/London).
    pub time_zone: String,
    /// A closed account takes no new posts; its feed stays.
    pub closed: bool,
}

/// A supporter acting for a co-producer: who, on which accounts (those
/// they share), and when. Such acts go in those accounts' logs.
#[derive(Clone, Copy, Debug)]
pub struct ActingFor<'a> {
    pub by: &'a str,
    pub accounts: &'a [String],
    pub now: i64,
}

/// The posts: drafts, their changes, and the lists of them.
#[async_trait]
pub trait PostStore: Send + Sync + 'static {
    /// Starts an empty draft; returns its id.
    async fn create_post(&self, account_id: &str, author_id: &str) -> StoreResult<String>;
    /// One post.
    async fn post(&self, post_id: &str) -> StoreResult<PostRecord>;
    /// Applies an update atomically (see [`PostUpdate`]).
    async fn update_post(&self, post_id: &str, update: PostUpdate) -> StoreResult<()>;
    /// The author's posts, newest first.
    async fn posts_by_author(&self, author_id: &str) -> StoreResult<Vec<PostRecord>>;
    /// Posts in `status` on these accounts, oldest first.
    async fn posts_in_status(
        &self,
        account_ids: &[String],
        status: Status,
    ) -> StoreResult<Vec<PostRecord>>;
    /// Published posts of an account, newest first.
    async fn published_posts(&self, account_id: &str, limit: u32) -> StoreResult<Vec<PostRecord>>;
    /// Scheduled posts whose time has come (at most 100, oldest first).
    async fn posts_due(&self, now: i64) -> StoreResult<Vec<String>>;
    /// An account's posts scheduled or published in `from..to`.
    async fn posts_in_week(
        &self,
        account_id: &str,
        from: i64,
        to: i64,
    ) -> StoreResult<Vec<PostRecord>>;
}

/// Service accounts: their rules, their log, and each post's story.
#[async_trait]
pub trait AccountStore: Send + Sync + 'static {
    /// A service account by its id.
    async fn account(&self, account_id: &str) -> StoreResult<AccountRecord>;
    /// A service account by its public slug.
    async fn account_by_slug(&self, slug: &str) -> StoreResult<AccountRecord>;
    /// Sets how many people must approve a post on an account, and writes
    /// the change to the account's log.
    async fn set_approvals_needed(&self, account_id: &str, needed: u8, by: &str)
        -> StoreResult<()>;
    /// The account's log, newest first: its posts' steps and rule changes.
    async fn account_log(&self, account_id: &str, limit: u32) -> StoreResult<Vec<LogEntry>>;
    /// One post's steps and kept versions, oldest first.
    async fn post_story(&self, post_id: &str) -> StoreResult<(Vec<LogEntry>, Vec<VersionEntry>)>;
}

/// People as others see them: names and who may author.
#[async_trait]
pub trait PeopleStore: Send + Sync + 'static {
    /// A person with their roles.
    async fn person(&self, person_id: &str) -> StoreResult<Person>;
    /// Everyone with a role on any of these accounts, by name.
    async fn authors_on(&self, account_ids: &[String]) -> StoreResult<Vec<Person>>;
    /// The name a person chose to show on the public feed.
    async fn public_name(&self, person_id: &str) -> StoreResult<Option<String>>;
    /// Sets (or, with `None`, clears) the name a person shows the public.
    async fn set_public_name(&self, person_id: &str, name: Option<&str>) -> StoreResult<()>;
}

/// Sign-in cards: a card a supporter makes for a person, and stops.
#[async_trait]
pub trait SignInStore: Send + Sync + 'static {
    /// Makes a sign-in card; returns its id and its secret (shown once).
    /// Written in the log of each account the maker shares with the person.
    async fn new_signin_card(
        &self,
        person_id: &str,
        acting: ActingFor<'_>,
        expires_at: i64,
    ) -> StoreResult<(String, String)>;
    /// A person's sign-in cards, newest first.
    async fn signin_cards(&self, person_id: &str) -> StoreResult<Vec<SignInCard>>;
    /// Stops one of a person's sign-in cards.
    async fn revoke_signin_card(&self, person_id: &str, card_id: &str) -> StoreResult<()>;
}

/// Picture passwords and the tablets set up for them.
#[async_trait]
pub trait PictureStore: Send + Sync + 'static {
    /// Sets a person's picture password (`secret` as
    /// `domain::signin::picture_secret` makes it; stored as a slow hash).
    /// A supporter's change is written in the log of each account they
    /// share with the person, with the change.
    async fn set_picture_password(
        &self,
        person_id: &str,
        secret: &str,
        acting: Option<ActingFor<'_>>,
    ) -> StoreResult<()>;
    /// Unlocks a person's picture password after too many wrong tries;
    /// written in the log of each account the supporter shares.
    async fn unlock_pictures(&self, person_id: &str, acting: ActingFor<'_>) -> StoreResult<()>;
    /// Whether a person's picture password is locked.
    async fn pictures_locked(&self, person_id: &str) -> StoreResult<bool>;
    /// The live tablets set up for pictures on any of these accounts,
    /// newest first (`this_one` is left false).
    async fn picture_tablets(&self, accounts: &[String]) -> StoreResult<Vec<PictureTablet>>;
    /// The live tablet whose cookie holds `token`, if any.
    async fn tablet_of_token(&self, token: &str) -> StoreResult<Option<String>>;
    /// Stops a tablet's pictures, if it was set up for one of
    /// `acting.accounts`; written in their logs.
    async fn stop_picture_tablet(&self, tablet_id: &str, acting: ActingFor<'_>) -> StoreResult<()>;
}

/// Messages to people about their posts.
#[async_trait]
pub trait NotificationStore: Send + Sync + 'static {
    /// How many notifications a person has not seen.
    async fn unread_notifications(&self, person_id: &str) -> StoreResult<u32>;
    /// A person's notifications, newest first.
    async fn notifications(&self, person_id: &str, limit: u32) -> StoreResult<Vec<Notice>>;
    /// Marks all of a person's notifications as seen.
    async fn mark_notifications_read(&self, person_id: &str) -> StoreResult<()>;
}

/// A person's communication profile and speech settings.
#[async_trait]
pub trait SettingsStore: Send + Sync + 'static {
    /// A person's communication profile, if one was recorded.
    async fn profile(&self, person_id: &str) -> StoreResult<Option<Profile>>;
    /// Records a person's communication profile; `by` is the supporter.
    async fn save_profile(&self, person_id: &str, profile: &Profile, by: &str) -> StoreResult<()>;
    /// How a person hears things, if ever saved.
    async fn speech_settings(&self, person_id: &str) -> StoreResult<Option<SpeechSettings>>;
    /// Saves how a person hears things; `by` is who changed them.
    async fn save_speech_settings(
        &self,
        person_id: &str,
        settings: &SpeechSettings,
        by: &str,
    ) -> StoreResult<()>;
}

/// A person's boards: favourites, used lately and their own words.
#[async_trait]
pub trait BoardStore: Send + Sync + 'static {
    /// A person's favourite pictures, oldest first.
    async fn favourites(&self, person_id: &str) -> StoreResult<Vec<BoardItem>>;
    /// Adds (`on`) or takes off a favourite.
    async fn set_favourite(&self, person_id: &str, item: &BoardItem, on: bool) -> StoreResult<()>;
    /// The pictures a person used lately, newest first.
    async fn recent(&self, person_id: &str) -> StoreResult<Vec<BoardItem>>;
    /// Remembers the pictures of these tiles as used now.
    async fn record_recent(&self, person_id: &str, tiles: &[Tile]) -> StoreResult<()>;
    /// A person's "My words", oldest first.
    async fn my_words(&self, person_id: &str) -> StoreResult<Vec<BoardItem>>;
    /// Adds to a person's "My words"; returns the new item's id.
    async fn add_my_word(
        &self,
        person_id: &str,
        item: &BoardItem,
        added_by: &str,
    ) -> StoreResult<String>;
    /// Takes one item off a person's "My words".
    async fn remove_my_word(&self, person_id: &str, my_word_id: &str) -> StoreResult<()>;
}

/// The daily sign-off post of an account.
#[async_trait]
pub trait SignOffStore: Send + Sync + 'static {
    /// Starts an empty sign-off post for the account.
    async fn start_sign_off(&self, account_id: &str, author_id: &str) -> StoreResult<String>;
    /// The account's sign-off and its time.
    async fn sign_off(&self, account_id: &str) -> StoreResult<SignOffRecord>;
    /// Sets when the account's sign-off goes out.
    async fn set_sign_off_minute(&self, account_id: &str, minute: u32, by: &str)
        -> StoreResult<()>;
}

/// An account's hashtag sets.
#[async_trait]
pub trait HashtagStore: Send + Sync + 'static {
    /// An account's hashtag sets, by event.
    async fn hashtag_sets(&self, account_id: &str) -> StoreResult<Vec<HashtagSet>>;
    /// Adds a set (`set_id` none) or changes one of the account's (else
    /// `NotFound`); returns its id.
    async fn save_hashtag_set(
        &self,
        account_id: &str,
        set_id: Option<&str>,
        event: &str,
        tags: &[String],
        by: &str,
    ) -> StoreResult<String>;
    /// Takes a set off the account (`NotFound` if it is not the account's).
    async fn remove_hashtag_set(&self, account_id: &str, set_id: &str, by: &str)
        -> StoreResult<()>;
}

/// Every storage capability, behind one handle.
pub trait Store:
    PostStore
    + AccountStore
    + PeopleStore
    + SignInStore
    + PictureStore
    + NotificationStore
    + SettingsStore
    + BoardStore
    + SignOffStore
    + HashtagStore
{
}

impl<T> Store for T where
    T: PostStore
        + AccountStore
        + PeopleStore
        + SignInStore
        + PictureStore
        + NotificationStore
        + SettingsStore
        + BoardStore
        + SignOffStore
        + HashtagStore
{
}
