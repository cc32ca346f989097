//! Picture passwords and the tablets set up for them: a slow hash of each
//! picture secret, a lock after too many wrong tries, and tablets that
//! show a person's pictures only where a supporter set them up.

use app::domain::notify::Kind;
use app::ports::PictureStore;
use app::ports::{ActingFor, StoreError, StoreResult};
use app::signin::PictureTablet;
use async_trait::async_trait;
use sqlx::Row;

use super::error::{db, other};
use super::notifications::tell_supporters;
use super::signin::{log_acting, one_row};
use super::{new_id, new_token, text, token_hash, Storage};

/// Wrong picture passwords in a day that lock a person's pictures.
pub const PICTURE_TRIES_A_DAY: i64 = 10;
const DAY_MS: i64 = 86_400_000;

/// A new tablet set up for pictures.
pub struct NewTablet {
    pub tablet_id: String,
    /// The cookie's secret (only its hash is stored).
    pub token: String,
}

impl Storage {
    /// Records a wrong picture password for `person_id` at `now`. The
    /// [`PICTURE_TRIES_A_DAY`]th in a day locks their pictures: written in
    /// their accounts' logs and told to their supporters. True if this
    /// try locked them.
    pub async fn picture_failed(&self, person_id: &str, now: i64) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("delete from picture_failure where person_id = $1 and at <= $2")
            .bind(person_id)
            .bind(now - DAY_MS)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query("insert into picture_failure (person_id, at) values ($1, $2)")
            .bind(person_id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let tries: i64 = sqlx::query(
            "select count(*) as n from picture_failure where person_id = $1 and at > $2",
        )
        .bind(person_id)
        .bind(now - DAY_MS)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?
        .try_get("n")
        .map_err(db)?;
        let mut locked = false;
        if tries >= PICTURE_TRIES_A_DAY {
            locked = sqlx::query(
                "update person set pictures_locked_at = $1 \
                 where person_id = $2 and pictures_locked_at is null",
            )
            .bind(now)
            .bind(person_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected()
                == 1;
        }
        if locked {
            let accounts: Vec<String> =
                sqlx::query("select service_account_id from membership where person_id = $1")
                    .bind(person_id)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db)?
                    .iter()
                    .map(|row| text(row, "service_account_id"))
                    .collect::<Result<_, _>>()
                    .map_err(db)?;
            let acting = ActingFor {
                by: person_id,
                accounts: &accounts,
                now,
            };
            log_acting(&mut tx, acting, Some(person_id), "pictures locked")
                .await
                .map_err(db)?;
            tell_supporters(&mut tx, person_id, None, Kind::PicturesLocked, now)
                .await
                .map_err(db)?;
        }
        tx.commit().await.map_err(db)?;
        Ok(locked)
    }

    /// Sets up a tablet for picture passwords of people on `acting.accounts`;
    /// written in their logs.
    pub async fn add_picture_tablet(&self, acting: ActingFor<'_>) -> StoreResult<NewTablet> {
        let tablet_id = new_id();
        let token = new_token();
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query(
            "insert into picture_tablet (tablet_id, token_hash, made_by, created_at) \
             values ($1, $2, $3, $4)",
        )
        .bind(&tablet_id)
        .bind(token_hash(&token))
        .bind(acting.by)
        .bind(acting.now)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        for account_id in acting.accounts {
            sqlx::query(
                "insert into picture_tablet_account (tablet_id, service_account_id) \
                 values ($1, $2)",
            )
            .bind(&tablet_id)
            .bind(account_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        log_acting(&mut tx, acting, None, "tablet set up")
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(NewTablet { tablet_id, token })
    }

    /// The accounts whose people may sign in with pictures on the tablet
    /// whose cookie holds `token`, if it is set up and not stopped.
    pub async fn tablet_accounts(&self, token: &str) -> StoreResult<Option<Vec<String>>> {
        let Some(tablet_id) = self.live_tablet(token).await.map_err(db)? else {
            return Ok(None);
        };
        let rows = sqlx::query(
            "select service_account_id from picture_tablet_account where tablet_id = $1",
        )
        .bind(&tablet_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        Ok(Some(
            rows.iter()
                .map(|row| text(row, "service_account_id"))
                .collect::<Result<_, _>>()
                .map_err(db)?,
        ))
    }

    async fn live_tablet(&self, token: &str) -> Result<Option<String>, sqlx::Error> {
        let row = sqlx::query(
            "select tablet_id from picture_tablet where token_hash = $1 and revoked_at is null",
        )
        .bind(token_hash(token))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| text(&row, "tablet_id")).transpose()
    }
}

#[async_trait]
impl PictureStore for Storage {
    async fn set_picture_password(
        &self,
        person_id: &str,
        secret: &str,
        acting: Option<ActingFor<'_>>,
    ) -> StoreResult<()> {
        let secret = secret.to_string();
        let hash = tokio::task::spawn_blocking(move || password_auth::generate_hash(secret))
            .await
            .map_err(other)?;
        let now = acting.map_or_else(|| self.now(), |a| a.now);
        let mut tx = self.pool.begin().await.map_err(db)?;
        // New pictures unlock pictures that were locked.
        let changed = sqlx::query(
            "update person set picture_hash = $1, updated_at = $2, pictures_locked_at = null \
             where person_id = $3",
        )
        .bind(hash)
        .bind(now)
        .bind(person_id)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        one_row(changed.rows_affected())?;
        sqlx::query("delete from picture_failure where person_id = $1")
            .bind(person_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        if let Some(acting) = acting {
            log_acting(&mut tx, acting, Some(person_id), "pictures set")
                .await
                .map_err(db)?;
            tell_supporters(&mut tx, person_id, Some(acting.by), Kind::PicturesSet, now)
                .await
                .map_err(db)?;
        }
        tx.commit().await.map_err(db)
    }

    /// Unlocks a person's locked picture password and forgets their wrong
    /// tries; written in the log of each account the supporter shares.
    async fn unlock_pictures(&self, person_id: &str, acting: ActingFor<'_>) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let changed = sqlx::query(
            "update person set pictures_locked_at = null \
             where person_id = $1 and pictures_locked_at is not null",
        )
        .bind(person_id)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        one_row(changed.rows_affected())?;
        sqlx::query("delete from picture_failure where person_id = $1")
            .bind(person_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        log_acting(&mut tx, acting, Some(person_id), "pictures unlocked")
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    /// Whether a person's picture password is locked.
    async fn pictures_locked(&self, person_id: &str) -> StoreResult<bool> {
        let row = sqlx::query("select pictures_locked_at from person where person_id = $1")
            .bind(person_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        Ok(row
            .try_get::<Option<i64>, _>("pictures_locked_at")
            .map_err(db)?
            .is_some())
    }

    async fn picture_tablets(&self, accounts: &[String]) -> StoreResult<Vec<PictureTablet>> {
        if accounts.is_empty() {
            return Ok(Vec::new());
        }
        let places: Vec<String> = (1..=accounts.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "select distinct t.tablet_id, who.display_name, t.created_at from picture_tablet t \
             join person who on who.person_id = t.made_by \
             join picture_tablet_account ta on ta.tablet_id = t.tablet_id \
             where t.revoked_at is null and ta.service_account_id in ({}) \
             order by t.created_at desc limit 100",
            places.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for account in accounts {
            query = query.bind(account);
        }
        let rows = query.fetch_all(&self.pool).await.map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(PictureTablet {
                    tablet_id: text(row, "tablet_id").map_err(db)?,
                    made_by: text(row, "display_name").map_err(db)?,
                    created_at: row.try_get("created_at").map_err(db)?,
                    this_one: false,
                })
            })
            .collect()
    }

    async fn tablet_of_token(&self, token: &str) -> StoreResult<Option<String>> {
        self.live_tablet(token).await.map_err(db)
    }

    async fn stop_picture_tablet(&self, tablet_id: &str, acting: ActingFor<'_>) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        // Only a tablet set up for one of the supporter's accounts.
        let mut ours = false;
        for account in acting.accounts {
            ours |= sqlx::query(
                "select 1 as ours from picture_tablet_account \
                 where tablet_id = $1 and service_account_id = $2",
            )
            .bind(tablet_id)
            .bind(account)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?
            .is_some();
        }
        if !ours {
            return Err(StoreError::NotFound);
        }
        let changed = sqlx::query(
            "update picture_tablet set revoked_at = $1 where tablet_id = $2 and revoked_at is null",
        )
        .bind(acting.now)
        .bind(tablet_id)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        one_row(changed.rows_affected())?;
        log_acting(&mut tx, acting, None, "tablet stopped")
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)
    }
}
