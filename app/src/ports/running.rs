//! Running a service: its organisations and accounts, and its people.
//! Every change writes the account's log in its own transaction.

use async_trait::async_trait;

use super::StoreResult;
use crate::domain::roles::Role;
use crate::domain::running::{AccountView, OrganisationView, PersonView, WelcomeState};

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

impl<T: OrganisationStore + StaffStore> Running for T {}
