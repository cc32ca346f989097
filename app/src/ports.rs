//! The server-side services that server functions reach through one context
//! handle. The server crate implements them; the app never touches a database.

use std::sync::Arc;

use async_trait::async_trait;

use crate::domain::hashtags::HashtagSet;
use crate::domain::lifecycle::Status;
use crate::domain::outbox::Network;
use crate::domain::post::Tile;
use crate::domain::profile::Profile;
use crate::domain::reach::Target;
use crate::domain::review::Review;
use crate::domain::roles::Role;
use crate::domain::running::{AccountView, OrganisationView, PersonView, WelcomeState};
use crate::domain::speech::SpeechSettings;
use crate::domain::symbols::SymbolIndex;
use crate::error::AppError;
use crate::records::{
    AccountReport, BoardItem, ConnectionView, LogEntry, Login, Notice, Person, PictureTablet,
    SignInCard, TargetView, VersionEntry,
};

/// Why storage could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The post was not in the expected state, or a newer save already landed.
    #[error("conflict")]
    Conflict,
    /// A save with a newer revision is already stored.
    #[error("stale revision")]
    Stale,
    #[error("storage failed: {0}")]
    Other(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

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

pub use crate::domain::update::{Approval, Change, KeptVersion, PostUpdate};

/// A supporter acting for a co-producer: who, on which accounts (those
/// they share), and when. Such acts go in those accounts' logs.
#[derive(Clone, Copy, Debug)]
pub struct ActingFor<'a> {
    pub by: &'a str,
    pub accounts: &'a [String],
    pub now: i64,
}

// The storage interface, for SQLite now and Postgres later: one trait a
// capability, joined in `Store` so the server functions keep one handle.

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

/// Easy sign-in: picture passwords, sign-in cards and picture tablets.
#[async_trait]
pub trait SignInStore: Send + Sync + 'static {
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
    /// Makes a sign-in card; returns its id and its secret (shown once).
    /// Written in the log of each account the maker shares with the person.
    async fn new_signin_card(
        &self,
        person_id: &str,
        acting: ActingFor<'_>,
        expires_at: i64,
    ) -> StoreResult<(String, String)>;
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
    /// A person's sign-in cards, newest first.
    async fn signin_cards(&self, person_id: &str) -> StoreResult<Vec<SignInCard>>;
    /// Stops one of a person's sign-in cards.
    async fn revoke_signin_card(&self, person_id: &str, card_id: &str) -> StoreResult<()>;
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
        + NotificationStore
        + SettingsStore
        + BoardStore
        + SignOffStore
        + HashtagStore
{
}

/// Connections to other networks and the outbox. Secrets go in and never
/// come out.
#[async_trait]
pub trait Publishing: Send + Sync + 'static {
    /// An account's connections (working or needing reconnecting).
    async fn connections(&self, account_id: &str) -> Result<Vec<ConnectionView>, AppError>;
    /// Checks the login with the network, then keeps it (sealed) for the
    /// account, replacing an earlier connection to the same network.
    async fn connect(
        &self,
        account_id: &str,
        by: &str,
        login: Login,
    ) -> Result<ConnectionView, AppError>;
    /// Forgets an account's connection; its posts not yet out stop.
    async fn take_off(&self, account_id: &str, network: Network, by: &str) -> Result<(), AppError>;
    /// Where one post stands on each network.
    async fn targets(&self, post_id: &str) -> Result<Vec<TargetView>, AppError>;
    /// An account's report (its name left for the caller to fill).
    async fn report(&self, account_id: &str) -> Result<AccountReport, AppError>;
    /// A post was approved (for now or for later): the outbox may have new
    /// work, and the post's card can be drawn ahead.
    fn approved(&self, post_id: &str);
    /// The outbox has new work (a post was taken down).
    fn wake(&self);
}

// Running a service: its accounts, its people, their roles and welcome
// links. Every change writes the account's log in its own transaction.

/// A service's organisations and accounts, for their admins.
#[async_trait]
pub trait OrganisationStore: Send + Sync + 'static {
    /// The organisations where `person_id` is an admin of some account,
    /// each with all its accounts (`mine` marks the ones they run).
    async fn organisations_of(&self, person_id: &str) -> StoreResult<Vec<OrganisationView>>;
    /// Adds an account to an organisation, with `by` as its first admin;
    /// its web address is made from its name.
    async fn add_account(
        &self,
        organisation_id: &str,
        new: &NewAccount,
        by: &str,
    ) -> StoreResult<AccountView>;
    /// Changes an account's name, help link and time zone.
    async fn change_account(&self, account_id: &str, new: &NewAccount, by: &str)
        -> StoreResult<()>;
    /// Closes an account: no new posts, its connections taken off, its
    /// feed kept. `NotFound` if it was closed already.
    async fn close_account(&self, account_id: &str, by: &str) -> StoreResult<()>;
    /// Whether an account is closed.
    async fn is_closed(&self, account_id: &str) -> StoreResult<bool>;
}

/// The people of a service: their roles, welcome links and access.
#[async_trait]
pub trait StaffStore: Send + Sync + 'static {
    /// Everyone with a role on any of these accounts (removed people
    /// aside), with their roles on these accounts only.
    async fn people_on(&self, account_ids: &[String]) -> StoreResult<Vec<PersonView>>;
    /// One person (`NotFound` once removed), with every role they have.
    async fn person_view(&self, person_id: &str) -> StoreResult<PersonView>;
    /// Adds a person with one role. `Conflict` when the user name is taken.
    async fn add_person(&self, new: &NewPerson, by: &str) -> StoreResult<String>;
    /// Gives a person a role on an account (or changes the one they have).
    async fn give_role(
        &self,
        person_id: &str,
        account_id: &str,
        role: Role,
        by: &str,
    ) -> StoreResult<()>;
    /// Takes a person's role on an account away.
    async fn take_role(&self, person_id: &str, account_id: &str, by: &str) -> StoreResult<()>;
    /// Makes a one-time welcome link for a person (only its hash is kept);
    /// answers its secret. Earlier unused links stop working.
    async fn new_welcome_link(
        &self,
        person_id: &str,
        by: &str,
        expires_at: i64,
    ) -> StoreResult<String>;
    /// What a welcome link is now.
    async fn welcome_state(&self, token: &str, now: i64) -> StoreResult<WelcomeState>;
    /// Stops (`stop` true) or gives back a person's access. Stopping ends
    /// every session, card and welcome link they have at once.
    async fn set_access(&self, person_id: &str, stop: bool, by: &str) -> StoreResult<()>;
    /// Erases a person: drafts, photos, boards, settings, profile, cards,
    /// links and sessions go; published posts and log lines keep only
    /// their id. Answers the ids of photos no post uses any more.
    async fn remove_person(&self, person_id: &str, by: &str) -> StoreResult<Vec<String>>;
}

/// Running a service: its organisations and accounts, and its people.
pub trait Running: OrganisationStore + StaffStore {}

impl<T: OrganisationStore + StaffStore> Running for T {}

/// A new person, checked by `domain::running`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPerson {
    pub user_name: String,
    pub display_name: String,
    pub account_id: String,
    pub role: Role,
}

/// An account's details as an admin typed them, checked by
/// `domain::running`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAccount {
    pub name: String,
    pub help_url: String,
    pub time_zone: String,
}

/// The time, as the server sees it (tests may move it forward).
pub trait Clock: Send + Sync + 'static {
    /// Milliseconds since 1970, UTC.
    fn now_ms(&self) -> i64;
}

/// The one handle server functions use to reach the server's services.
#[derive(Clone)]
pub struct Services {
    pub store: Arc<dyn Store>,
    pub publishing: Arc<dyn Publishing>,
    pub clock: Arc<dyn Clock>,
    pub running: Arc<dyn Running>,
    pub symbols: Arc<SymbolIndex>,
    /// The address people reach this server at, when configured
    /// (`OURVOICE_PUBLIC_URL`), for links printed on sign-in cards.
    pub public_url: Option<String>,
}

/// The services of this request.
pub fn services() -> Result<Services, AppError> {
    leptos::prelude::use_context::<Services>().ok_or_else(|| {
        tracing_log("services missing from context");
        AppError::Server
    })
}

/// Who is signed in, as the server's session layer found them.
#[derive(Clone, Debug, Default)]
pub struct Viewer(pub Option<Person>);

/// The signed-in person, or `SignInNeeded`.
pub async fn signed_in() -> Result<Person, AppError> {
    let axum::Extension(Viewer(person)) = leptos_axum::extract::<axum::Extension<Viewer>>()
        .await
        .map_err(|_| AppError::SignInNeeded)?;
    person.ok_or(AppError::SignInNeeded)
}

/// Sets the HTTP status for an error answer, and passes the result on.
pub fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(code) = axum::http::StatusCode::from_u16(error.status()) {
                options.set_status(code);
            }
        }
    }
    result
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict | StoreError::Stale => AppError::NotNow,
            StoreError::Other(detail) => {
                tracing_log(&detail);
                AppError::Server
            }
        }
    }
}

fn tracing_log(detail: &str) {
    tracing::error!(%detail, "server error");
}
