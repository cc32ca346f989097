//! Picture passwords and sign-in cards. A card's secret is shown once, in
//! its QR code; only its SHA-256 is stored.

use app::domain::notify::Kind;
use app::ports::SignInStore;
use app::ports::{ActingFor, StoreError, StoreResult};
use app::signin::SignInCard;
use async_trait::async_trait;
use sqlx::{Any, Row, Transaction};

use super::error::db;
use super::notifications::tell_supporters;
use super::{new_id, new_token, text, token_hash, PersonWithHash, Storage};

/// One row changed, or the thing was not there (or already done).
pub(super) fn one_row(changed: u64) -> StoreResult<()> {
    if changed == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

/// A line in each shared account's log: `by` did `what` (for `person_id`,
/// when it was about a person).
pub(super) async fn log_acting(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    acting: ActingFor<'_>,
    person_id: Option<&str>,
    what: &str,
) -> Result<(), sqlx::Error> {
    for account_id in acting.accounts {
        sqlx::query(
            "insert into account_event (account_event_id, service_account_id, actor_id, what, \
             created_at, subject_id) values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(account_id)
        .bind(acting.by)
        .bind(what)
        .bind(acting.now)
        .bind(person_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl Storage {
    /// The card and the person it signs in, if the card is known, not
    /// stopped and not out of date.
    pub async fn person_by_card(
        &self,
        token: &str,
    ) -> StoreResult<Option<(String, PersonWithHash)>> {
        let row = sqlx::query(
            "select signin_card_id, person_id from signin_card where token_hash = $1 \
             and revoked_at is null and expires_at > $2",
        )
        .bind(token_hash(token))
        .bind(self.now())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        let Some(row) = row else { return Ok(None) };
        let card_id = text(&row, "signin_card_id").map_err(db)?;
        Ok(self
            .person_by_id(&text(&row, "person_id").map_err(db)?)
            .await?
            .map(|person| (card_id, person)))
    }

    /// The accounts a card signs in to, if it still signs people in (not
    /// stopped, not out of date): a session a card started ends with the
    /// card, and sees only these accounts' work.
    pub async fn card_accounts(&self, card_id: &str, now: i64) -> StoreResult<Option<Vec<String>>> {
        let live = sqlx::query(
            "select 1 as live from signin_card where signin_card_id = $1 \
             and revoked_at is null and expires_at > $2",
        )
        .bind(card_id)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        if live.is_none() {
            return Ok(None);
        }
        let rows = sqlx::query(
            "select service_account_id from signin_card_account where signin_card_id = $1",
        )
        .bind(card_id)
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
}

/// Ends every session that names the person: the session store keeps the
/// signed-in person's id inside each session's data.
pub(super) async fn end_sessions(
    tx: &mut Transaction<'static, Any>,
    person_id: &str,
) -> Result<(), sqlx::Error> {
    // The session table is made when a server first starts; a command run
    // before that finds none. A failed statement would end a Postgres
    // transaction, so the table is looked up, not tried.
    let postgres = tx.backend_name() == "PostgreSQL";
    let has_sessions = sqlx::query(if postgres {
        "select count(*) as n from information_schema.tables \
         where table_schema = 'public' and table_name = 'tower_sessions'"
    } else {
        "select count(*) as n from sqlite_master where type = 'table' and name = 'tower_sessions'"
    })
    .fetch_one(&mut **tx)
    .await
    .and_then(|row| row.try_get::<i64, _>("n"))?
        > 0;
    if has_sessions {
        sqlx::query(if postgres {
            "delete from tower_sessions where position($1 in data) > 0"
        } else {
            "delete from tower_sessions where instr(data, cast($1 as blob)) > 0"
        })
        .bind(person_id.as_bytes().to_vec())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[async_trait]
impl SignInStore for Storage {
    async fn new_signin_card(
        &self,
        person_id: &str,
        acting: ActingFor<'_>,
        expires_at: i64,
    ) -> StoreResult<(String, String)> {
        let card_id = new_id();
        let token = new_token();
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query(
            "insert into signin_card (signin_card_id, person_id, token_hash, made_by, \
             created_at, expires_at) values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&card_id)
        .bind(person_id)
        .bind(token_hash(&token))
        .bind(acting.by)
        .bind(acting.now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        // The card signs in only to the accounts it was made for.
        for account_id in acting.accounts {
            sqlx::query(
                "insert into signin_card_account (signin_card_id, service_account_id) \
                 values ($1, $2)",
            )
            .bind(&card_id)
            .bind(account_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        log_acting(&mut tx, acting, Some(person_id), "card made")
            .await
            .map_err(db)?;
        tell_supporters(
            &mut tx,
            person_id,
            Some(acting.by),
            Kind::CardMade,
            acting.now,
        )
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok((card_id, token))
    }

    async fn signin_cards(&self, person_id: &str) -> StoreResult<Vec<SignInCard>> {
        let rows = sqlx::query(
            "select c.signin_card_id, who.display_name, c.created_at, c.expires_at, c.revoked_at \
             from signin_card c join person who on who.person_id = c.made_by \
             where c.person_id = $1 order by c.created_at desc limit 50",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(SignInCard {
                    card_id: text(row, "signin_card_id").map_err(db)?,
                    made_by: text(row, "display_name").map_err(db)?,
                    created_at: row.try_get("created_at").map_err(db)?,
                    expires_at: row.try_get("expires_at").map_err(db)?,
                    revoked: row
                        .try_get::<Option<i64>, _>("revoked_at")
                        .map_err(db)?
                        .is_some(),
                })
            })
            .collect()
    }

    async fn revoke_signin_card(&self, person_id: &str, card_id: &str) -> StoreResult<()> {
        let changed = sqlx::query(
            "update signin_card set revoked_at = $1 \
             where signin_card_id = $2 and person_id = $3 and revoked_at is null",
        )
        .bind(self.now())
        .bind(card_id)
        .bind(person_id)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        one_row(changed.rows_affected())
    }
}
