//! Running a service: setting it up, its accounts, its people and their
//! roles, welcome links, stopping access and erasing a person. Every change
//! writes the account's log in the change's own transaction; names never go
//! into a log line (the line names the person by id).

use app::domain::roles::Role;
use app::domain::running::{free_slug, slug_of, AccountView, RoleView};
use app::ports::{NewAccount, StoreError, StoreResult};
use sqlx::{Any, Row, Transaction};

use super::error::{db, other};
use super::{new_id, new_token, text, token_hash, Storage};

/// What `ourvoice init` makes.
pub struct FirstStart<'a> {
    pub organisation: &'a str,
    pub account: &'a NewAccount,
    pub admin_user_name: &'a str,
    pub admin_name: &'a str,
}

/// Why `ourvoice init` changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("This Our Voice already has an admin. Nothing was changed.")]
    AlreadySetUp,
    #[error(transparent)]
    Failed(#[from] StoreError),
}

/// A line of an account's log about a person.
pub(super) async fn log_line(
    tx: &mut Transaction<'static, Any>,
    account_id: &str,
    by: &str,
    what: &str,
    subject: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into account_event (account_event_id, service_account_id, actor_id, what, \
         created_at, subject_id) values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(account_id)
    .bind(by)
    .bind(what)
    .bind(now)
    .bind(subject)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every account a person has a role on.
pub(super) async fn accounts_of(
    tx: &mut Transaction<'static, Any>,
    person_id: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query(
        "select service_account_id from membership where person_id = $1 \
         order by service_account_id",
    )
    .bind(person_id)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(|r| text(r, "service_account_id")).collect()
}

pub(super) async fn insert_welcome_link(
    tx: &mut Transaction<'static, Any>,
    person_id: &str,
    by: Option<&str>,
    now: i64,
    expires_at: i64,
) -> Result<String, sqlx::Error> {
    // One link at a time: a new one stops the earlier ones.
    sqlx::query("delete from welcome_link where person_id = $1 and used_at is null")
        .bind(person_id)
        .execute(&mut **tx)
        .await?;
    let token = new_token();
    sqlx::query(
        "insert into welcome_link (welcome_link_id, person_id, token_hash, made_by, \
         created_at, expires_at) values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(person_id)
    .bind(token_hash(&token))
    .bind(by)
    .bind(now)
    .bind(expires_at)
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

impl Storage {
    /// Sets up a new service: its organisation, first account and first
    /// admin, and a welcome link for that admin (answered). Refused, with
    /// nothing changed, when any account already has an admin.
    pub async fn first_start(
        &self,
        first: &FirstStart<'_>,
        link_expires_at: i64,
    ) -> Result<String, InitError> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        let admins = sqlx::query("select count(*) as n from membership where role = $1")
            .bind(Role::Admin.as_str())
            .fetch_one(&mut *tx)
            .await
            .and_then(|row| row.try_get::<i64, _>("n"))
            .map_err(db)?;
        if admins > 0 {
            return Err(InitError::AlreadySetUp);
        }
        let run = async {
            let organisation_id = new_id();
            sqlx::query(
                "insert into organisation (organisation_id, name, created_at) values ($1, $2, $3)",
            )
            .bind(&organisation_id)
            .bind(first.organisation)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let account_id = insert_account(&mut tx, &organisation_id, first.account, now).await?;
            let person_id = new_id();
            sqlx::query(
                "insert into person (person_id, user_name, display_name, created_at, updated_at) \
                 values ($1, $2, $3, $4, $4)",
            )
            .bind(&person_id)
            .bind(first.admin_user_name)
            .bind(first.admin_name)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            insert_role(&mut tx, &account_id, &person_id, Role::Admin, now).await?;
            log_line(
                &mut tx,
                &account_id,
                &person_id,
                "set up",
                Some(&person_id),
                now,
            )
            .await?;
            insert_welcome_link(&mut tx, &person_id, None, now, link_expires_at).await
        };
        let token = run.await.map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(token)
    }

    /// The person a welcome link is for, if it works now: the link is
    /// used up and the person's password set, in one transaction.
    pub async fn use_welcome_link(
        &self,
        token: &str,
        password_hash: &str,
        now: i64,
    ) -> StoreResult<Option<String>> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let Some(row) = sqlx::query(
            "select l.person_id from welcome_link l join person p on p.person_id = l.person_id \
             where l.token_hash = $1 and l.used_at is null and l.expires_at > $2 \
             and p.stopped_at is null and p.removed_at is null",
        )
        .bind(token_hash(token))
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?
        else {
            return Ok(None);
        };
        let person_id = text(&row, "person_id").map_err(db)?;
        let used = sqlx::query(
            "update welcome_link set used_at = $1 where token_hash = $2 and used_at is null",
        )
        .bind(now)
        .bind(token_hash(token))
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if used != 1 {
            return Ok(None);
        }
        sqlx::query("update person set password_hash = $1, updated_at = $2 where person_id = $3")
            .bind(password_hash)
            .bind(now)
            .bind(&person_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(Some(person_id))
    }

    pub(super) async fn roles_of(&self, person_id: &str) -> StoreResult<Vec<RoleView>> {
        let rows = sqlx::query(
            "select m.service_account_id, a.name, m.role from membership m \
             join service_account a on a.service_account_id = m.service_account_id \
             where m.person_id = $1 order by a.name, m.service_account_id",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                let role = text(row, "role").map_err(db)?;
                Ok(RoleView {
                    account_id: text(row, "service_account_id").map_err(db)?,
                    account_name: text(row, "name").map_err(db)?,
                    role: Role::parse(&role)
                        .ok_or_else(|| other(format!("unknown role {role}")))?,
                })
            })
            .collect()
    }
}

pub(super) async fn insert_account(
    tx: &mut Transaction<'static, Any>,
    organisation_id: &str,
    new: &NewAccount,
    now: i64,
) -> Result<String, sqlx::Error> {
    let taken = sqlx::query("select slug from service_account")
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|row| text(row, "slug"))
        .collect::<Result<Vec<_>, _>>()?;
    let slug = free_slug(&slug_of(&new.name), &taken);
    let account_id = new_id();
    sqlx::query(
        "insert into service_account (service_account_id, organisation_id, name, slug, \
         help_url, time_zone, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(&account_id)
    .bind(organisation_id)
    .bind(&new.name)
    .bind(slug)
    .bind(&new.help_url)
    .bind(&new.time_zone)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(account_id)
}

pub(super) async fn insert_role(
    tx: &mut Transaction<'static, Any>,
    account_id: &str,
    person_id: &str,
    role: Role,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into membership (service_account_id, person_id, role, created_at) \
         values ($1, $2, $3, $4) \
         on conflict (service_account_id, person_id) do update set role = excluded.role",
    )
    .bind(account_id)
    .bind(person_id)
    .bind(role.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) fn account_view(row: &sqlx::any::AnyRow, mine: bool) -> StoreResult<AccountView> {
    Ok(AccountView {
        account_id: text(row, "service_account_id").map_err(db)?,
        name: text(row, "name").map_err(db)?,
        slug: text(row, "slug").map_err(db)?,
        help_url: text(row, "help_url").map_err(db)?,
        time_zone: text(row, "time_zone").map_err(db)?,
        closed: row
            .try_get::<Option<i64>, _>("closed_at")
            .map_err(db)?
            .is_some(),
        mine,
    })
}

pub(super) const ACCOUNT_COLUMNS: &str =
    "a.service_account_id, a.organisation_id, a.name, a.slug, a.help_url, a.time_zone, a.closed_at";
