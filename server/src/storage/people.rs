//! Organisations, service accounts, people and their roles.

use super::error::{db, failed, other};
use app::accounts::{Membership, Person};
use app::domain::roles::Role;
use app::ports::PeopleStore;
use app::ports::{StoreError, StoreResult};
use async_trait::async_trait;
use sqlx::Row;

use super::{new_id, text, Storage};

/// A person as stored, with the password hash that never leaves the server.
#[derive(Clone)]
pub struct PersonWithHash {
    pub person: Person,
    pub password_hash: Option<String>,
    /// The picture password's hash, for co-producers who have one.
    pub picture_hash: Option<String>,
    /// False once their access is stopped or they are removed: they cannot
    /// sign in and their sessions end.
    pub active: bool,
    /// Goes up each time their access is stopped (part of what each of
    /// their sessions checks).
    pub access_stamp: i64,
    /// Locked after too many wrong picture passwords in a day.
    pub pictures_locked: bool,
}

impl std::fmt::Debug for PersonWithHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonWithHash")
            .field("person", &self.person)
            .field("password_hash", &"[hidden]")
            .field("picture_hash", &"[hidden]")
            .finish()
    }
}

/// Someone to add.
pub struct NewPerson<'a> {
    pub user_name: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
}

impl Storage {
    /// A person by user name, with roles.
    pub async fn person_by_user_name(
        &self,
        user_name: &str,
    ) -> StoreResult<Option<PersonWithHash>> {
        self.person_where("user_name", user_name).await
    }

    /// A person by id, with roles.
    pub async fn person_by_id(&self, person_id: &str) -> StoreResult<Option<PersonWithHash>> {
        self.person_where("person_id", person_id).await
    }

    async fn person_where(&self, column: &str, value: &str) -> StoreResult<Option<PersonWithHash>> {
        let sql = format!(
            "select person_id, user_name, display_name, password_hash, picture_hash, \
             stopped_at, removed_at, access_stamp, pictures_locked_at from person \
             where {column} = $1"
        );
        let Some(row) = sqlx::query(&sql)
            .bind(value)
            .fetch_optional(&self.pool)
            .await
            .map_err(failed("Failed to read a person"))?
        else {
            return Ok(None);
        };
        let person_id = text(&row, "person_id").map_err(db)?;
        let memberships = self.memberships(&person_id).await?;
        Ok(Some(PersonWithHash {
            person: Person {
                person_id,
                user_name: text(&row, "user_name").map_err(db)?,
                display_name: text(&row, "display_name").map_err(db)?,
                memberships,
            },
            password_hash: row.try_get("password_hash").map_err(db)?,
            picture_hash: row.try_get("picture_hash").map_err(db)?,
            active: row
                .try_get::<Option<i64>, _>("stopped_at")
                .map_err(db)?
                .is_none()
                && row
                    .try_get::<Option<i64>, _>("removed_at")
                    .map_err(db)?
                    .is_none(),
            access_stamp: row.try_get("access_stamp").map_err(db)?,
            pictures_locked: row
                .try_get::<Option<i64>, _>("pictures_locked_at")
                .map_err(db)?
                .is_some(),
        }))
    }

    async fn memberships(&self, person_id: &str) -> StoreResult<Vec<Membership>> {
        let rows = sqlx::query(
            "select m.service_account_id, a.name, a.slug, m.role from membership m \
             join service_account a on a.service_account_id = m.service_account_id \
             where m.person_id = $1 order by a.name",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await
        .map_err(failed("Failed to read roles"))?;
        rows.iter()
            .map(|row| {
                let role = text(row, "role").map_err(db)?;
                Ok(Membership {
                    account_id: text(row, "service_account_id").map_err(db)?,
                    account_name: text(row, "name").map_err(db)?,
                    account_slug: text(row, "slug").map_err(db)?,
                    role: Role::parse(&role)
                        .ok_or_else(|| other(format!("Unknown role {role}")))?,
                })
            })
            .collect()
    }

    /// The organisation with this name, created if missing; returns its id.
    pub async fn ensure_organisation(&self, name: &str) -> StoreResult<String> {
        let found = sqlx::query("select organisation_id from organisation where name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        if let Some(row) = found {
            return text(&row, "organisation_id").map_err(db);
        }
        let id = new_id();
        sqlx::query(
            "insert into organisation (organisation_id, name, created_at) values ($1, $2, $3)",
        )
        .bind(&id)
        .bind(name)
        .bind(self.now())
        .execute(&self.pool)
        .await
        .map_err(failed("Failed to add an organisation"))?;
        Ok(id)
    }

    /// The service account with this slug, created if missing; returns its id.
    pub async fn ensure_account(
        &self,
        organisation_id: &str,
        name: &str,
        slug: &str,
        help_url: &str,
    ) -> StoreResult<String> {
        let found = sqlx::query("select service_account_id from service_account where slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        if let Some(row) = found {
            return text(&row, "service_account_id").map_err(db);
        }
        let id = new_id();
        let now = self.now();
        sqlx::query(
            "insert into service_account (service_account_id, organisation_id, name, slug, \
             help_url, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(organisation_id)
        .bind(name)
        .bind(slug)
        .bind(help_url)
        .bind(now)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(failed("Failed to add a service account"))?;
        Ok(id)
    }

    /// Sets where an account publishes (see `Target::parse_list`).
    pub async fn set_account_targets(&self, account_id: &str, targets: &str) -> StoreResult<()> {
        sqlx::query("update service_account set targets = $1 where service_account_id = $2")
            .bind(targets)
            .bind(account_id)
            .execute(&self.pool)
            .await
            .map_err(failed("Failed to set where an account publishes"))?;
        Ok(())
    }

    /// The person with this user name, created if missing; returns the id.
    /// An existing person's password hash is replaced by `new.password_hash`
    /// only when `replace_password` is true.
    pub async fn ensure_person(
        &self,
        new: NewPerson<'_>,
        replace_password: bool,
    ) -> StoreResult<String> {
        let now = self.now();
        if let Some(found) = self.person_by_user_name(new.user_name).await? {
            if replace_password {
                sqlx::query(
                    "update person set password_hash = $1, updated_at = $2 where person_id = $3",
                )
                .bind(new.password_hash)
                .bind(now)
                .bind(&found.person.person_id)
                .execute(&self.pool)
                .await
                .map_err(failed("Failed to change a password"))?;
            }
            return Ok(found.person.person_id);
        }
        let id = new_id();
        sqlx::query(
            "insert into person (person_id, user_name, display_name, password_hash, created_at, \
             updated_at) values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(new.user_name)
        .bind(new.display_name)
        .bind(new.password_hash)
        .bind(now)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(failed("Failed to add a person"))?;
        Ok(id)
    }

    /// Gives a person a role on an account (once).
    pub async fn ensure_membership(
        &self,
        account_id: &str,
        person_id: &str,
        role: Role,
    ) -> StoreResult<()> {
        let found = sqlx::query(
            "select role from membership where service_account_id = $1 and person_id = $2",
        )
        .bind(account_id)
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        if found.is_some() {
            return Ok(());
        }
        sqlx::query(
            "insert into membership (service_account_id, person_id, role, created_at) values ($1, $2, $3, $4)",
        )
        .bind(account_id)
        .bind(person_id)
        .bind(role.as_str())
        .bind(self.now())
        .execute(&self.pool)
        .await
        .map_err(failed("Failed to add a role"))?;
        Ok(())
    }
}

#[async_trait]
impl PeopleStore for Storage {
    async fn public_name(&self, person_id: &str) -> StoreResult<Option<String>> {
        let row = sqlx::query("select public_name from person where person_id = $1")
            .bind(person_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        row.try_get("public_name").map_err(db)
    }

    async fn set_public_name(&self, person_id: &str, name: Option<&str>) -> StoreResult<()> {
        let changed =
            sqlx::query("update person set public_name = $1, updated_at = $2 where person_id = $3")
                .bind(name)
                .bind(self.now())
                .bind(person_id)
                .execute(&self.pool)
                .await
                .map_err(db)?;
        if changed.rows_affected() == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }

    async fn person(&self, person_id: &str) -> StoreResult<Person> {
        match self.person_by_id(person_id).await {
            Ok(Some(found)) => Ok(found.person),
            Ok(None) => Err(StoreError::NotFound),
            Err(error) => Err(other(error)),
        }
    }

    async fn authors_on(&self, account_ids: &[String]) -> StoreResult<Vec<Person>> {
        let mut people = Vec::new();
        for person_id in self.people_ids_on(account_ids).await? {
            people.push(self.person(&person_id).await?);
        }
        Ok(people)
    }
}
