//! What the running pages' server functions do: check the admin runs the
//! account, ask the domain, and store the change with its log line.

use crate::accounts::Person;
use crate::domain::roles::Role;
use crate::domain::running::{
    self, AccountView, OrganisationView, PeopleView, PersonView, Refusal, WelcomeLink,
    WelcomeState, DEFAULT_TIME_ZONE, WELCOME_LINK_MS,
};
use crate::error::AppError;
use crate::ports::{self, NewAccount, NewPerson, StoreError};
use crate::strings;

/// The easy-read words for a refused detail.
pub fn refused(refusal: Refusal) -> AppError {
    AppError::BadInput(
        match refusal {
            Refusal::NoName => strings::NAME_NEEDED,
            Refusal::NameTooLong => strings::NAME_TOO_LONG,
            Refusal::BadUserName => strings::BAD_USER_NAME,
            Refusal::BadHelpLink => strings::BAD_HELP_LINK,
            Refusal::PasswordTooShort => strings::PASSWORD_TOO_SHORT,
            Refusal::PasswordTooLong => strings::PASSWORD_TOO_LONG,
            Refusal::BadTimeZone => strings::BAD_TIME_ZONE,
            Refusal::PersonalDetails => strings::PUBLIC_NAME_PRIVATE,
        }
        .into(),
    )
}

/// A time zone the server knows (an IANA name like Europe/London).
pub fn time_zone(name: &str) -> Result<String, Refusal> {
    let name = name.trim();
    if name.is_empty() || name.len() > 64 || jiff::tz::TimeZone::get(name).is_err() {
        return Err(Refusal::BadTimeZone);
    }
    Ok(name.to_string())
}

/// An account's details as typed, checked.
pub fn new_account(
    name: &str,
    help_url: &str,
    time_zone_name: &str,
) -> Result<NewAccount, Refusal> {
    Ok(NewAccount {
        name: running::name(name)?,
        help_url: running::help_link(help_url)?,
        time_zone: time_zone(time_zone_name)?,
    })
}

fn admin_accounts(person: &Person) -> Vec<String> {
    person
        .memberships
        .iter()
        .filter(|m| m.role == Role::Admin)
        .map(|m| m.account_id.clone())
        .collect()
}

/// Refuses people who are an admin nowhere.
fn any_admin(person: &Person) -> Result<Vec<String>, AppError> {
    let mine = admin_accounts(person);
    if mine.is_empty() {
        return Err(AppError::NotAllowed);
    }
    Ok(mine)
}

pub async fn accounts() -> Result<Vec<OrganisationView>, AppError> {
    let person = ports::signed_in().await?;
    any_admin(&person)?;
    Ok(ports::services()?
        .running
        .organisations_of(&person.person_id)
        .await?)
}

pub async fn add_account(
    organisation_id: String,
    name: String,
    help_url: String,
    time_zone_name: Option<String>,
) -> Result<AccountView, AppError> {
    let person = ports::signed_in().await?;
    any_admin(&person)?;
    let running = ports::services()?.running;
    let organisations = running.organisations_of(&person.person_id).await?;
    if !organisations
        .iter()
        .any(|o| o.organisation_id == organisation_id)
    {
        return Err(AppError::NotAllowed);
    }
    let zone = time_zone_name.unwrap_or_else(|| DEFAULT_TIME_ZONE.to_string());
    let new = new_account(&name, &help_url, &zone).map_err(refused)?;
    Ok(running
        .add_account(&organisation_id, &new, &person.person_id)
        .await?)
}

pub async fn change_account(
    account_id: String,
    name: String,
    help_url: String,
    time_zone_name: String,
) -> Result<(), AppError> {
    let person = ports::signed_in().await?;
    person.admin_of(&account_id)?;
    let new = new_account(&name, &help_url, &time_zone_name).map_err(refused)?;
    Ok(ports::services()?
        .running
        .change_account(&account_id, &new, &person.person_id)
        .await?)
}

pub async fn close_account(account_id: String) -> Result<(), AppError> {
    let person = ports::signed_in().await?;
    person.admin_of(&account_id)?;
    Ok(ports::services()?
        .running
        .close_account(&account_id, &person.person_id)
        .await?)
}

pub async fn people() -> Result<PeopleView, AppError> {
    let person = ports::signed_in().await?;
    let mine = any_admin(&person)?;
    let running = ports::services()?.running;
    let accounts = running
        .organisations_of(&person.person_id)
        .await?
        .into_iter()
        .flat_map(|o| o.accounts)
        .filter(|a| a.mine)
        .collect();
    let mut people = running.people_on(&mine).await?;
    for someone in &mut people {
        someone.is_you = someone.person_id == person.person_id;
    }
    Ok(PeopleView { accounts, people })
}

async fn link_for(person: &PersonView, token: &str, expires_at: i64) -> WelcomeLink {
    WelcomeLink {
        person_id: person.person_id.clone(),
        display_name: person.display_name.clone(),
        link: format!("{}/welcome/{token}", crate::signin::flows::origin().await),
        expires_at,
    }
}

pub async fn add_person(
    name: String,
    user_name: String,
    account_id: String,
    role: Role,
) -> Result<WelcomeLink, AppError> {
    let me = ports::signed_in().await?;
    me.admin_of(&account_id)?;
    let services = ports::services()?;
    if services.running.is_closed(&account_id).await? {
        return Err(AppError::BadInput(strings::ACCOUNT_CLOSED.into()));
    }
    let new = NewPerson {
        display_name: running::name(&name).map_err(refused)?,
        user_name: running::user_name(&user_name).map_err(refused)?,
        account_id,
        role,
    };
    let person_id = match services.running.add_person(&new, &me.person_id).await {
        Err(StoreError::Conflict) => {
            return Err(AppError::BadInput(strings::USER_NAME_TAKEN.into()))
        }
        other => other?,
    };
    let expires_at = services.clock.now_ms() + WELCOME_LINK_MS;
    let token = services
        .running
        .new_welcome_link(&person_id, &me.person_id, expires_at)
        .await?;
    let person = services.running.person_view(&person_id).await?;
    Ok(link_for(&person, &token, expires_at).await)
}

/// The person, if the signed-in admin runs at least one account they
/// are on (or, with `all`, every account they are on), and it is not
/// the admin themself.
async fn managed(me: &Person, person_id: &str, all: bool) -> Result<PersonView, AppError> {
    let mine = any_admin(me)?;
    let person = ports::services()?.running.person_view(person_id).await?;
    if !running::on_any_account_of(&person.roles, &mine) {
        return Err(AppError::NotAllowed);
    }
    if person.person_id == me.person_id {
        return Err(AppError::BadInput(strings::NOT_YOURSELF.into()));
    }
    if all && !running::runs_all_accounts_of(&person.roles, &mine) {
        return Err(AppError::BadInput(strings::NOT_ALL_YOUR_ACCOUNTS.into()));
    }
    Ok(person)
}

pub async fn give_role(person_id: String, account_id: String, role: Role) -> Result<(), AppError> {
    let me = ports::signed_in().await?;
    me.admin_of(&account_id)?;
    managed(&me, &person_id, false).await?;
    let running = ports::services()?.running;
    if running.is_closed(&account_id).await? {
        return Err(AppError::BadInput(strings::ACCOUNT_CLOSED.into()));
    }
    Ok(running
        .give_role(&person_id, &account_id, role, &me.person_id)
        .await?)
}

pub async fn take_role(person_id: String, account_id: String) -> Result<(), AppError> {
    let me = ports::signed_in().await?;
    me.admin_of(&account_id)?;
    let person = managed(&me, &person_id, false).await?;
    if !person.roles.iter().any(|r| r.account_id == account_id) {
        return Err(AppError::NotFound);
    }
    if person.roles.len() == 1 {
        return Err(AppError::BadInput(strings::LAST_ROLE.into()));
    }
    match ports::services()?
        .running
        .take_role(&person_id, &account_id, &me.person_id)
        .await
    {
        Err(StoreError::Conflict) => Err(AppError::BadInput(strings::LAST_ADMIN.into())),
        other => Ok(other?),
    }
}

pub async fn welcome_link(person_id: String) -> Result<WelcomeLink, AppError> {
    let me = ports::signed_in().await?;
    let person = managed(&me, &person_id, false).await?;
    let services = ports::services()?;
    let expires_at = services.clock.now_ms() + WELCOME_LINK_MS;
    let token = services
        .running
        .new_welcome_link(&person_id, &me.person_id, expires_at)
        .await?;
    Ok(link_for(&person, &token, expires_at).await)
}

/// Refuses to stop or remove the last working admin of any account.
async fn keeps_an_admin(person: &PersonView) -> Result<(), AppError> {
    let running = ports::services()?.running;
    for role in person.roles.iter().filter(|r| r.role == Role::Admin) {
        let others = running
            .people_on(std::slice::from_ref(&role.account_id))
            .await?
            .into_iter()
            .filter(|p| p.person_id != person.person_id && !p.stopped)
            .any(|p| p.roles.iter().any(|r| r.role == Role::Admin));
        if !others {
            return Err(AppError::BadInput(strings::LAST_ADMIN.into()));
        }
    }
    Ok(())
}

pub async fn set_access(person_id: String, stop: bool) -> Result<(), AppError> {
    let me = ports::signed_in().await?;
    let person = managed(&me, &person_id, true).await?;
    if stop {
        keeps_an_admin(&person).await?;
    }
    match ports::services()?
        .running
        .set_access(&person_id, stop, &me.person_id)
        .await
    {
        // Already stopped (or already back): nothing to do.
        Err(StoreError::NotFound) => Ok(()),
        other => Ok(other?),
    }
}

pub async fn remove_person(person_id: String) -> Result<(), AppError> {
    let me = ports::signed_in().await?;
    let person = managed(&me, &person_id, true).await?;
    keeps_an_admin(&person).await?;
    let photos = ports::services()?
        .running
        .remove_person(&person_id, &me.person_id)
        .await?;
    tracing::info!(person = %person_id, photos = photos.len(), "a person was removed");
    Ok(())
}

pub async fn welcome_state(token: String) -> Result<WelcomeState, AppError> {
    if token.len() > 128 || !token.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Ok(WelcomeState::Unknown);
    }
    let services = ports::services()?;
    Ok(services
        .running
        .welcome_state(&token, services.clock.now_ms())
        .await?)
}
