//! Running a service through its own pages: the server functions behind
//! **Service accounts** (`/admin/accounts`) and **People**
//! (`/admin/people`), whose pages live in `admin/`, and the one-time
//! welcome link (`/welcome/<token>`) where a new person chooses a password.
//! Admins change only what is on the accounts they run.

pub(crate) mod page;

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::roles::Role;
use crate::domain::running::{
    AccountView, OrganisationView, PeopleView, WelcomeLink, WelcomeState,
};
use crate::error::AppError;

pub use page::WelcomePage;

/// The organisations the signed-in person is an admin in, with all their
/// accounts.
#[server(endpoint = "accounts/list", input = Json)]
pub async fn service_accounts() -> Result<Vec<OrganisationView>, AppError> {
    crate::ports::answer(flows::accounts().await)
}

/// Adds a service account to an organisation the signed-in person is an
/// admin in; they become its admin.
#[server(endpoint = "accounts/add", input = Json)]
pub async fn add_account(
    organisation_id: String,
    name: String,
    help_url: String,
    time_zone: Option<String>,
) -> Result<AccountView, AppError> {
    crate::ports::answer(flows::add_account(organisation_id, name, help_url, time_zone).await)
}

/// Changes an account's name, help link and time zone (its web address
/// stays, so links to its feed keep working). Its admins only.
#[server(endpoint = "accounts/change", input = Json)]
pub async fn change_account(
    account_id: String,
    name: String,
    help_url: String,
    time_zone: String,
) -> Result<(), AppError> {
    crate::ports::answer(flows::change_account(account_id, name, help_url, time_zone).await)
}

/// Closes an account: no new posts, its connections off, its feed kept
/// with a notice. Its admins only.
#[server(endpoint = "accounts/close", input = Json)]
pub async fn close_account(account_id: String) -> Result<(), AppError> {
    crate::ports::answer(flows::close_account(account_id).await)
}

/// The people on the accounts the signed-in person runs.
#[server(endpoint = "people/list", input = Json)]
pub async fn people() -> Result<PeopleView, AppError> {
    crate::ports::answer(flows::people().await)
}

/// Adds a person with a role on an account the signed-in person runs, and
/// answers their one-time welcome link.
#[server(endpoint = "people/add", input = Json)]
pub async fn add_person(
    name: String,
    user_name: String,
    account_id: String,
    role: Role,
) -> Result<WelcomeLink, AppError> {
    crate::ports::answer(flows::add_person(name, user_name, account_id, role).await)
}

/// Gives a person a role on an account the signed-in person runs.
#[server(endpoint = "people/give-role", input = Json)]
pub async fn give_role(person_id: String, account_id: String, role: Role) -> Result<(), AppError> {
    crate::ports::answer(flows::give_role(person_id, account_id, role).await)
}

/// Takes a person's role on an account away (never their last role, never
/// an account's last admin).
#[server(endpoint = "people/take-role", input = Json)]
pub async fn take_role(person_id: String, account_id: String) -> Result<(), AppError> {
    crate::ports::answer(flows::take_role(person_id, account_id).await)
}

/// A new one-time welcome link for a person (earlier ones stop working).
#[server(endpoint = "people/welcome", input = Json)]
pub async fn new_welcome_link(person_id: String) -> Result<WelcomeLink, AppError> {
    crate::ports::answer(flows::welcome_link(person_id).await)
}

/// Stops a person's access (`stop` true: every session, card and link
/// ends at once; their posts stay) or gives it back.
#[server(endpoint = "people/access", input = Json)]
pub async fn set_access(person_id: String, stop: bool) -> Result<(), AppError> {
    crate::ports::answer(flows::set_access(person_id, stop).await)
}

/// Removes a person for good: their drafts, photos, boards, settings,
/// profile, cards and sessions are deleted; published posts stay with no
/// name.
#[server(endpoint = "people/remove", input = Json)]
pub async fn remove_person(person_id: String) -> Result<(), AppError> {
    crate::ports::answer(flows::remove_person(person_id).await)
}

/// What a welcome link is now (anyone may ask: the secret is the key).
#[server(endpoint = "welcome/check", input = Json)]
pub async fn check_welcome_link(token: String) -> Result<WelcomeState, AppError> {
    crate::ports::answer(flows::welcome_state(token).await)
}

#[cfg(feature = "ssr")]
pub mod flows;
