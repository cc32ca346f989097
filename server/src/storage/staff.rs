//! A service's people: their roles, welcome links and access, and erasing
//! a person. Each change goes in the logs of the accounts it touches.

use app::domain::roles::Role;
use app::domain::running::{PersonView, WelcomeState};
use app::ports::{NewPerson, OrganisationStore, StaffStore, StoreError, StoreResult};
use async_trait::async_trait;
use sqlx::Row;

use super::error::{conflict_if_taken, db};
use super::running::{accounts_of, insert_role, insert_welcome_link, log_line};
use super::signin::end_sessions;
use super::{new_id, text, token_hash, Storage};

#[async_trait]
impl StaffStore for Storage {
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
        self.remove_files(&leftovers).await;
        Ok(leftovers.photos)
    }
}

impl Storage {
    /// Removes an erased person's photos and the cards drawn of their
    /// deleted posts.
    async fn remove_files(&self, leftovers: &super::erase::Leftovers) {
        let Some(media) = &self.media else {
            return;
        };
        let mut files = Vec::new();
        for id in &leftovers.photos {
            files.push(("photos", format!("{id}.jpg")));
            files.push(("photos", format!("{id}-thumb.jpg")));
        }
        for tiles in &leftovers.tiles {
            if let Ok(name) = crate::card::card_name(tiles) {
                files.push(("cards", format!("{name}.png")));
            }
        }
        for (folder, file) in files {
            if let Err(error) = media.delete(folder, &file).await {
                tracing::warn!(error = %format!("{error:#}"), %file, "a removed person's file stayed");
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
