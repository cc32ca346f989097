//! A service's organisations and accounts: adding, changing and closing
//! accounts, each change in the account's log.

use app::domain::roles::Role;
use app::domain::running::{AccountView, OrganisationView};
use app::ports::{NewAccount, OrganisationStore, StoreError, StoreResult};
use async_trait::async_trait;
use sqlx::Row;

use super::error::{conflict_if_taken, db};
use super::running::{account_view, insert_account, insert_role, log_line, ACCOUNT_COLUMNS};
use super::{text, Storage};

#[async_trait]
impl OrganisationStore for Storage {
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
}
