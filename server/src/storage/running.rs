//! Running a service: setting it up, its accounts, its people and their
//! roles, welcome links, stopping access and erasing a person. Every change
//! writes the account's log in the change's own transaction; names never go
//! into a log line (the line names the person by id).

use super::error::{conflict_if_taken, db, other};
use app::domain::roles::Role;
use app::domain::running::{
    free_slug, slug_of, AccountView, OrganisationView, PersonView, RoleView, WelcomeState,
};
use app::ports::{NewAccount, NewPerson, Running, StoreError, StoreResult};
use async_trait::async_trait;
use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};

use super::signin::end_sessions;
use super::{new_id, text, Storage};

/// The stored form of a link's secret.
pub(crate) fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new secret: 244 random bits from two version-4 UUIDs.
pub(crate) fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

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
async fn log_line(
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
async fn accounts_of(
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

async fn insert_welcome_link(
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

    async fn roles_of(&self, person_id: &str) -> StoreResult<Vec<RoleView>> {
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

async fn insert_account(
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

async fn insert_role(
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

fn account_view(row: &sqlx::any::AnyRow, mine: bool) -> StoreResult<AccountView> {
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

const ACCOUNT_COLUMNS: &str =
    "a.service_account_id, a.organisation_id, a.name, a.slug, a.help_url, a.time_zone, a.closed_at";

#[async_trait]
impl Running for Storage {
    async fn organisations_of(&self, person_id: &str) -> StoreResult<Vec<OrganisationView>> {
        let rows = sqlx::query(&format!(
            "select {ACCOUNT_COLUMNS}, o.name as organisation_name, \
             (select count(*) from membership m where m.service_account_id = a.service_account_id \
              and m.person_id = $1 and m.role = $2) as mine \
             from service_account a join organisation o on o.organisation_id = a.organisation_id \
             where a.organisation_id in (select a2.organisation_id from service_account a2 \
              join membership m2 on m2.service_account_id = a2.service_account_id \
              where m2.person_id = $1 and m2.role = $2) \
             order by o.name, o.organisation_id, a.name"
        ))
        .bind(person_id)
        .bind(Role::Admin.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut out: Vec<OrganisationView> = Vec::new();
        for row in &rows {
            let organisation_id = text(row, "organisation_id").map_err(db)?;
            let mine = row.try_get::<i64, _>("mine").map_err(db)? > 0;
            let account = account_view(row, mine)?;
            match out.last_mut() {
                Some(o) if o.organisation_id == organisation_id => o.accounts.push(account),
                _ => out.push(OrganisationView {
                    organisation_id,
                    name: text(row, "organisation_name").map_err(db)?,
                    accounts: vec![account],
                }),
            }
        }
        Ok(out)
    }

    async fn add_account(
        &self,
        organisation_id: &str,
        new: &NewAccount,
        by: &str,
    ) -> StoreResult<AccountView> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        let account_id = insert_account(&mut tx, organisation_id, new, now)
            .await
            .map_err(conflict_if_taken)?;
        insert_role(&mut tx, &account_id, by, Role::Admin, now)
            .await
            .map_err(db)?;
        log_line(&mut tx, &account_id, by, "account added", None, now)
            .await
            .map_err(db)?;
        log_line(&mut tx, &account_id, by, "role given: admin", Some(by), now)
            .await
            .map_err(db)?;
        let row = sqlx::query(&format!(
            "select {ACCOUNT_COLUMNS} from service_account a where a.service_account_id = $1"
        ))
        .bind(&account_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        let view = account_view(&row, true)?;
        tx.commit().await.map_err(db)?;
        Ok(view)
    }

    async fn change_account(
        &self,
        account_id: &str,
        new: &NewAccount,
        by: &str,
    ) -> StoreResult<()> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        let changed = sqlx::query(
            "update service_account set name = $1, help_url = $2, time_zone = $3, \
             updated_at = $4 where service_account_id = $5",
        )
        .bind(&new.name)
        .bind(&new.help_url)
        .bind(&new.time_zone)
        .bind(now)
        .bind(account_id)
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if changed != 1 {
            return Err(StoreError::NotFound);
        }
        log_line(&mut tx, account_id, by, "account changed", None, now)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    async fn close_account(&self, account_id: &str, by: &str) -> StoreResult<()> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        let closed = sqlx::query(
            "update service_account set closed_at = $1, updated_at = $1, targets = 'feed' \
             where service_account_id = $2 and closed_at is null",
        )
        .bind(now)
        .bind(account_id)
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if closed != 1 {
            return Err(StoreError::NotFound);
        }
        // Its connections come off, secrets forgotten; what has not gone
        // out stops.
        sqlx::query(
            "update publish_job set state = 'stopped', updated_at = $1 where state = 'waiting' \
             and connection_id in (select connection_id from connection \
             where service_account_id = $2)",
        )
        .bind(now)
        .bind(account_id)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        sqlx::query(
            "update connection set state = 'removed', secret = '', updated_at = $1 \
             where service_account_id = $2",
        )
        .bind(now)
        .bind(account_id)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        log_line(&mut tx, account_id, by, "account closed", None, now)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    async fn is_closed(&self, account_id: &str) -> StoreResult<bool> {
        let row =
            sqlx::query("select closed_at from service_account where service_account_id = $1")
                .bind(account_id)
                .fetch_one(&self.pool)
                .await
                .map_err(db)?;
        Ok(row
            .try_get::<Option<i64>, _>("closed_at")
            .map_err(db)?
            .is_some())
    }

    async fn people_on(&self, account_ids: &[String]) -> StoreResult<Vec<PersonView>> {
        let mut people = Vec::new();
        for person_id in self.people_ids_on(account_ids).await? {
            let mut person = self.person_view(&person_id).await?;
            person.roles.retain(|r| account_ids.contains(&r.account_id));
            people.push(person);
        }
        Ok(people)
    }

    async fn person_view(&self, person_id: &str) -> StoreResult<PersonView> {
        let row = sqlx::query(
            "select person_id, user_name, display_name, password_hash, stopped_at from person \
             where person_id = $1 and removed_at is null",
        )
        .bind(person_id)
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok(PersonView {
            person_id: text(&row, "person_id").map_err(db)?,
            user_name: text(&row, "user_name").map_err(db)?,
            display_name: text(&row, "display_name").map_err(db)?,
            roles: self.roles_of(person_id).await?,
            stopped: row
                .try_get::<Option<i64>, _>("stopped_at")
                .map_err(db)?
                .is_some(),
            has_password: row
                .try_get::<Option<String>, _>("password_hash")
                .map_err(db)?
                .is_some(),
            is_you: false,
        })
    }

    async fn add_person(&self, new: &NewPerson, by: &str) -> StoreResult<String> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        let person_id = new_id();
        sqlx::query(
            "insert into person (person_id, user_name, display_name, created_at, updated_at) \
             values ($1, $2, $3, $4, $4)",
        )
        .bind(&person_id)
        .bind(&new.user_name)
        .bind(&new.display_name)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(conflict_if_taken)?;
        insert_role(&mut tx, &new.account_id, &person_id, new.role, now)
            .await
            .map_err(db)?;
        let what = format!("person added: {}", new.role.as_str());
        log_line(&mut tx, &new.account_id, by, &what, Some(&person_id), now)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(person_id)
    }

    async fn give_role(
        &self,
        person_id: &str,
        account_id: &str,
        role: Role,
        by: &str,
    ) -> StoreResult<()> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        insert_role(&mut tx, account_id, person_id, role, now)
            .await
            .map_err(db)?;
        let what = format!("role given: {}", role.as_str());
        log_line(&mut tx, account_id, by, &what, Some(person_id), now)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    async fn take_role(&self, person_id: &str, account_id: &str, by: &str) -> StoreResult<()> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        let row = sqlx::query(
            "select role from membership where service_account_id = $1 and person_id = $2",
        )
        .bind(account_id)
        .bind(person_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        let role = text(&row, "role").map_err(db)?;
        sqlx::query("delete from membership where service_account_id = $1 and person_id = $2")
            .bind(account_id)
            .bind(person_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        // Checked again inside the transaction: two admins taking each
        // other's roles at once must still leave one.
        let admins_left = sqlx::query(
            "select count(*) as n from membership m join person p on p.person_id = m.person_id \
             where m.service_account_id = $1 and m.role = $2 and p.stopped_at is null",
        )
        .bind(account_id)
        .bind(Role::Admin.as_str())
        .fetch_one(&mut *tx)
        .await
        .and_then(|r| r.try_get::<i64, _>("n"))
        .map_err(db)?;
        if admins_left == 0 {
            return Err(StoreError::Conflict);
        }
        let what = format!("role taken: {role}");
        log_line(&mut tx, account_id, by, &what, Some(person_id), now)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    async fn new_welcome_link(
        &self,
        person_id: &str,
        by: &str,
        expires_at: i64,
    ) -> StoreResult<String> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        let token = insert_welcome_link(&mut tx, person_id, Some(by), now, expires_at)
            .await
            .map_err(db)?;
        for account_id in accounts_of(&mut tx, person_id).await.map_err(db)? {
            log_line(
                &mut tx,
                &account_id,
                by,
                "welcome link",
                Some(person_id),
                now,
            )
            .await
            .map_err(db)?;
        }
        tx.commit().await.map_err(db)?;
        Ok(token)
    }

    async fn welcome_state(&self, token: &str, now: i64) -> StoreResult<WelcomeState> {
        let row = sqlx::query(
            "select p.display_name, l.used_at, l.expires_at, p.stopped_at, p.removed_at \
             from welcome_link l join person p on p.person_id = l.person_id \
             where l.token_hash = $1",
        )
        .bind(token_hash(token))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        let Some(row) = row else {
            return Ok(WelcomeState::Unknown);
        };
        let set = |column: &str| -> StoreResult<bool> {
            Ok(row.try_get::<Option<i64>, _>(column).map_err(db)?.is_some())
        };
        let expires_at: i64 = row.try_get("expires_at").map_err(db)?;
        Ok(if set("used_at")? {
            WelcomeState::Used
        } else if expires_at <= now || set("stopped_at")? || set("removed_at")? {
            WelcomeState::Expired
        } else {
            WelcomeState::Ready {
                display_name: text(&row, "display_name").map_err(db)?,
            }
        })
    }

    async fn set_access(&self, person_id: &str, stop: bool, by: &str) -> StoreResult<()> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        let changed = if stop {
            sqlx::query(
                "update person set stopped_at = $1, access_stamp = access_stamp + 1, \
                 updated_at = $1 where person_id = $2 and stopped_at is null \
                 and removed_at is null",
            )
        } else {
            sqlx::query(
                "update person set stopped_at = null, updated_at = $1 where person_id = $2 \
                 and stopped_at is not null and removed_at is null",
            )
        }
        .bind(now)
        .bind(person_id)
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if changed != 1 {
            return Err(StoreError::NotFound);
        }
        if stop {
            sqlx::query(
                "update signin_card set revoked_at = $1 where person_id = $2 and revoked_at is null",
            )
            .bind(now)
            .bind(person_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            sqlx::query("delete from welcome_link where person_id = $1 and used_at is null")
                .bind(person_id)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            end_sessions(&mut tx, person_id).await.map_err(db)?;
        }
        let what = if stop {
            "access stopped"
        } else {
            "access back"
        };
        for account_id in accounts_of(&mut tx, person_id).await.map_err(db)? {
            log_line(&mut tx, &account_id, by, what, Some(person_id), now)
                .await
                .map_err(db)?;
        }
        tx.commit().await.map_err(db)
    }

    async fn remove_person(&self, person_id: &str, by: &str) -> StoreResult<Vec<String>> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        let found =
            sqlx::query("select user_name from person where person_id = $1 and removed_at is null")
                .bind(person_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db)?;
        if found.is_none() {
            return Err(StoreError::NotFound);
        }
        let accounts = accounts_of(&mut tx, person_id).await.map_err(db)?;
        let leftovers = super::erase::erase(&mut tx, person_id, now)
            .await
            .map_err(db)?;
        for account_id in &accounts {
            log_line(
                &mut tx,
                account_id,
                by,
                "person removed",
                Some(person_id),
                now,
            )
            .await
            .map_err(db)?;
        }
        tx.commit().await.map_err(db)?;
        self.forget_old_pages().await;
        self.remove_files(&leftovers);
        Ok(leftovers.photos)
    }
}

impl Storage {
    /// Removes an erased person's photos and the cards drawn of their
    /// deleted posts.
    fn remove_files(&self, leftovers: &super::erase::Leftovers) {
        let mut files = Vec::new();
        if let Some(dir) = &self.photos_dir {
            for id in &leftovers.photos {
                files.push(dir.join(format!("{id}.jpg")));
                files.push(dir.join(format!("{id}-thumb.jpg")));
            }
        }
        if let Some(dir) = &self.cards_dir {
            for tiles in &leftovers.tiles {
                if let Ok(name) = crate::card::card_name(tiles) {
                    files.push(dir.join(format!("{name}.png")));
                }
            }
        }
        for file in files {
            if let Err(error) = std::fs::remove_file(&file) {
                if error.kind() != std::io::ErrorKind::NotFound {
                    tracing::warn!(%error, file = %file.display(), "a removed person's file stayed");
                }
            }
        }
    }

    /// Writes what a removal left in the write-ahead log into the database
    /// file, so its old pages (overwritten with zeros) do not linger.
    async fn forget_old_pages(&self) {
        if let Err(error) = sqlx::query("pragma wal_checkpoint(truncate)")
            .execute(&self.pool)
            .await
        {
            tracing::warn!(%error, "the database was not checkpointed after a removal");
        }
    }

    /// Whether a post of this status on this account may still be written
    /// or sent (the account is open).
    pub async fn account_is_open(&self, account_id: &str) -> StoreResult<bool> {
        Ok(!self.is_closed(account_id).await?)
    }
}

/// A row as JSON: each column by name, as text, a number or null.
fn row_json(row: &sqlx::any::AnyRow) -> serde_json::Value {
    use sqlx::Column;
    let mut object = serde_json::Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        let value = row
            .try_get::<Option<String>, _>(i)
            .map(|v| v.map(serde_json::Value::from))
            .or_else(|_| {
                row.try_get::<Option<i64>, _>(i)
                    .map(|v| v.map(serde_json::Value::from))
            })
            .or_else(|_| {
                row.try_get::<Option<f64>, _>(i)
                    .map(|v| v.map(serde_json::Value::from))
            })
            .ok()
            .flatten()
            .unwrap_or(serde_json::Value::Null);
        object.insert(column.name().to_string(), value);
    }
    serde_json::Value::Object(object)
}

impl Storage {
    async fn rows_json(&self, sql: &str, person_id: &str) -> StoreResult<Vec<serde_json::Value>> {
        let rows = sqlx::query(sql)
            .bind(person_id)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        Ok(rows.iter().map(row_json).collect())
    }

    /// Everything about one person, for their subject access request.
    /// Secrets (password hashes, a card's or a link's secret hash) stay out.
    pub async fn person_data(&self, person_id: &str) -> StoreResult<crate::export::PersonData> {
        let mine = "select post_id from post where author_id = $1";
        let person = self
            .rows_json(
                "select person_id, user_name, display_name, public_name, email, created_at, \
                 updated_at, stopped_at from person where person_id = $1",
                person_id,
            )
            .await?
            .pop()
            .unwrap_or_default();
        Ok(crate::export::PersonData {
            person,
            roles: self
                .rows_json(
                    "select a.name as account, m.role, m.created_at from membership m \
                     join service_account a on a.service_account_id = m.service_account_id \
                     where m.person_id = $1 order by a.name",
                    person_id,
                )
                .await?,
            posts: self
                .rows_json(
                    "select p.post_id, a.name as account, p.status, p.tiles, p.feedback, \
                     p.created_at, p.updated_at, p.published_at, p.scheduled_for, p.version \
                     from post p join service_account a \
                     on a.service_account_id = p.service_account_id \
                     where p.author_id = $1 order by p.created_at",
                    person_id,
                )
                .await?,
            versions: self
                .rows_json(
                    &format!(
                        "select post_id, version, kind, tiles, created_at from post_version \
                         where post_id in ({mine}) order by post_id, version"
                    ),
                    person_id,
                )
                .await?,
            steps: self
                .rows_json(
                    &format!(
                        "select post_id, from_status, to_status, note, created_at from post_event \
                         where post_id in ({mine}) order by post_id, seq"
                    ),
                    person_id,
                )
                .await?,
            favourites: self
                .rows_json(
                    "select symbol_set, symbol_id, word, created_at from favourite \
                     where person_id = $1 order by created_at",
                    person_id,
                )
                .await?,
            recent: self
                .rows_json(
                    "select symbol_set, symbol_id, word, used_at from recent_symbol \
                     where person_id = $1 order by used_at",
                    person_id,
                )
                .await?,
            my_words: self
                .rows_json(
                    "select symbol_set, symbol_id, word, created_at from my_word \
                     where person_id = $1 order by created_at",
                    person_id,
                )
                .await?,
            speech: self
                .rows_json(
                    "select settings, updated_at from speech_setting where person_id = $1",
                    person_id,
                )
                .await?,
            profile: self
                .rows_json(
                    "select profile, updated_at from communication_profile where person_id = $1",
                    person_id,
                )
                .await?,
            cards: self
                .rows_json(
                    "select created_at, expires_at, revoked_at from signin_card \
                     where person_id = $1 order by created_at",
                    person_id,
                )
                .await?,
            links: self
                .rows_json(
                    "select created_at, expires_at, used_at from welcome_link \
                     where person_id = $1 order by created_at",
                    person_id,
                )
                .await?,
            log: self
                .rows_json(
                    "select a.name as account, e.what, e.created_at from account_event e \
                     join service_account a on a.service_account_id = e.service_account_id \
                     where e.subject_id = $1 order by e.created_at",
                    person_id,
                )
                .await?,
        })
    }

    /// Notes in each of the person's accounts' logs that `by` downloaded
    /// their data.
    pub async fn log_data_download(&self, person_id: &str, by: &str) -> StoreResult<()> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        for account_id in accounts_of(&mut tx, person_id).await.map_err(db)? {
            log_line(
                &mut tx,
                &account_id,
                by,
                "data downloaded",
                Some(person_id),
                now,
            )
            .await
            .map_err(db)?;
        }
        tx.commit().await.map_err(db)?;
        Ok(())
    }
}
