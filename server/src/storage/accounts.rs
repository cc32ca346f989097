//! Accounts' rules and logs, and one post's story.

use app::admin::{LogEntry, VersionEntry};
use app::domain::lifecycle::Status;
use app::domain::review::VersionKind;
use app::ports::AccountStore;
use app::ports::{AccountRecord, StoreError, StoreResult};
use async_trait::async_trait;
use sqlx::Row;

use super::error::{db, other};
use super::{text, Storage};

impl Storage {
    /// An account found by `column` (`slug` or `service_account_id`).
    pub(super) async fn account_where(
        &self,
        column: &'static str,
        value: &str,
    ) -> StoreResult<AccountRecord> {
        let row = sqlx::query(&format!(
            "select service_account_id, name, slug, help_url, approvals_needed, time_zone, \
             closed_at from service_account where {column} = $1"
        ))
        .bind(value)
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok(AccountRecord {
            account_id: text(&row, "service_account_id").map_err(db)?,
            name: text(&row, "name").map_err(db)?,
            slug: text(&row, "slug").map_err(db)?,
            help_url: text(&row, "help_url").map_err(db)?,
            approvals_needed: needed(row.try_get("approvals_needed").map_err(db)?),
            time_zone: text(&row, "time_zone").map_err(db)?,
            closed: row
                .try_get::<Option<i64>, _>("closed_at")
                .map_err(db)?
                .is_some(),
        })
    }
}

/// An account's rule as stored, kept to what the app knows (1 or 2).
pub(super) fn needed(stored: i64) -> u8 {
    u8::try_from(stored.clamp(1, 2)).unwrap_or(1)
}

/// A person's name as logs show it: theirs, or "A person who left" once
/// they were removed; `None` when there is nobody.
fn shown_name(row: &sqlx::any::AnyRow, name: &str, removed: &str) -> StoreResult<Option<String>> {
    if row
        .try_get::<Option<i64>, _>(removed)
        .map_err(db)?
        .is_some()
    {
        return Ok(Some(app::strings::SOMEONE_WHO_LEFT.to_string()));
    }
    row.try_get::<Option<String>, _>(name).map_err(db)
}

fn step_from_row(row: &sqlx::any::AnyRow) -> StoreResult<LogEntry> {
    let status = |column: &str| -> StoreResult<Option<Status>> {
        let name = text(row, column).map_err(db)?;
        Status::parse(&name)
            .map(Some)
            .ok_or_else(|| other(format!("unknown status {name}")))
    };
    Ok(LogEntry {
        post_id: Some(text(row, "post_id").map_err(db)?),
        author_name: Some(
            if row
                .try_get::<Option<i64>, _>("author_removed")
                .map_err(db)?
                .is_some()
            {
                format!(
                    "{} {}",
                    app::strings::A_MEMBER_OF,
                    text(row, "account_name").map_err(db)?
                )
            } else {
                text(row, "author_name").map_err(db)?
            },
        ),
        by: shown_name(row, "by_name", "by_removed")?,
        from: status("from_status")?,
        to: status("to_status")?,
        note: row.try_get("note").map_err(db)?,
        at: row.try_get("created_at").map_err(db)?,
        about: None,
    })
}

#[async_trait]
impl AccountStore for Storage {
    async fn account_by_slug(&self, slug: &str) -> StoreResult<AccountRecord> {
        self.account_where("slug", slug).await
    }

    async fn account(&self, account_id: &str) -> StoreResult<AccountRecord> {
        self.account_where("service_account_id", account_id).await
    }

    async fn set_approvals_needed(
        &self,
        account_id: &str,
        approvals: u8,
        by: &str,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let now = self.now();
        let changed = sqlx::query(
            "update service_account set approvals_needed = $1, updated_at = $2 \
             where service_account_id = $3",
        )
        .bind(i64::from(approvals))
        .bind(now)
        .bind(account_id)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if changed.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let what = format!("approvals needed: {approvals}");
        super::account_event(&mut tx, account_id, by, &what, now)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    async fn account_log(&self, account_id: &str, limit: u32) -> StoreResult<Vec<LogEntry>> {
        let steps = sqlx::query(
            "select e.post_id, au.display_name as author_name, au.removed_at as author_removed, \
             a.name as account_name, who.display_name as by_name, who.removed_at as by_removed, \
             e.from_status, e.to_status, e.note, e.created_at \
             from post_event e join post p on p.post_id = e.post_id \
             join service_account a on a.service_account_id = p.service_account_id \
             join person au on au.person_id = p.author_id \
             left join person who on who.person_id = e.actor_id \
             where p.service_account_id = $1 \
             order by e.created_at desc, e.seq desc limit $2",
        )
        .bind(account_id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut log = steps
            .iter()
            .map(step_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        let rules = sqlx::query(
            "select who.display_name as by_name, who.removed_at as by_removed, e.what, \
             e.created_at, about.display_name as about_name, about.removed_at as about_removed \
             from account_event e join person who on who.person_id = e.actor_id \
             left join person about on about.person_id = e.subject_id \
             where e.service_account_id = $1 order by e.created_at desc limit $2",
        )
        .bind(account_id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        for row in rules {
            log.push(LogEntry {
                post_id: None,
                author_name: None,
                by: Some(shown_name(&row, "by_name", "by_removed")?.unwrap_or_default()),
                from: None,
                to: None,
                note: Some(text(&row, "what").map_err(db)?),
                at: row.try_get("created_at").map_err(db)?,
                about: shown_name(&row, "about_name", "about_removed")?,
            });
        }
        // Newest first; the sort is stable, so steps of one moment keep
        // their order.
        log.sort_by_key(|entry| std::cmp::Reverse(entry.at));
        log.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(log)
    }

    async fn post_story(&self, post_id: &str) -> StoreResult<(Vec<LogEntry>, Vec<VersionEntry>)> {
        let steps = sqlx::query(
            "select e.post_id, au.display_name as author_name, au.removed_at as author_removed, \
             a.name as account_name, who.display_name as by_name, who.removed_at as by_removed, \
             e.from_status, e.to_status, e.note, e.created_at \
             from post_event e join post p on p.post_id = e.post_id \
             join service_account a on a.service_account_id = p.service_account_id \
             join person au on au.person_id = p.author_id \
             left join person who on who.person_id = e.actor_id \
             where e.post_id = $1 order by e.seq, e.created_at",
        )
        .bind(post_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let steps = steps
            .iter()
            .map(step_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        let versions = sqlx::query(
            "select v.version, v.kind, who.display_name as by_name, who.removed_at as by_removed, \
             v.created_at, v.tiles \
             from post_version v join person who on who.person_id = v.made_by \
             where v.post_id = $1 order by v.version",
        )
        .bind(post_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut kept = Vec::with_capacity(versions.len());
        for row in versions {
            let kind = text(&row, "kind").map_err(db)?;
            kept.push(VersionEntry {
                number: row.try_get("version").map_err(db)?,
                kind: VersionKind::parse(&kind)
                    .ok_or_else(|| other(format!("unknown version kind {kind}")))?,
                by: shown_name(&row, "by_name", "by_removed")?.unwrap_or_default(),
                at: row.try_get("created_at").map_err(db)?,
                tiles: serde_json::from_str(&text(&row, "tiles").map_err(db)?).map_err(other)?,
            });
        }
        Ok((steps, kept))
    }
}
