//! Notifications: written in the same transaction as the step they tell
//! about, read as a count and a list, and picked up for email.

use super::error::{db, other};
use app::domain::notify::{for_step, Audience, Kind};
use app::domain::post::{post_text, Tile};
use app::notifications::Notice;
use app::ports::NotificationStore;
use app::ports::{Change, StoreResult};
use async_trait::async_trait;
use sqlx::{Any, Row, Transaction};

use super::{new_id, text, Storage};

/// Most email tries for one notification.
pub const EMAIL_TRIES: i64 = 5;

/// How long a sender holds a notification's email before another server
/// may send it (only if the first stopped while sending).
pub const EMAIL_LEASE_MS: i64 = 5 * 60 * 1000;

/// Writes the notifications of these steps.
pub(super) async fn notify(
    tx: &mut Transaction<'_, Any>,
    post_id: &str,
    changes: &[Change],
    now: i64,
) -> StoreResult<()> {
    let told: Vec<(Audience, Kind, Option<&str>)> = changes
        .iter()
        .filter_map(|c| for_step(c.from, c.to).map(|(a, k)| (a, k, c.actor_id.as_deref())))
        .collect();
    if told.is_empty() {
        return Ok(());
    }
    let row = sqlx::query("select author_id, service_account_id from post where post_id = $1")
        .bind(post_id)
        .fetch_one(&mut **tx)
        .await
        .map_err(db)?;
    let author = text(&row, "author_id").map_err(db)?;
    let account = text(&row, "service_account_id").map_err(db)?;
    for (audience, kind, actor) in told {
        let people = match audience {
            Audience::Author => vec![author.clone()],
            Audience::Checkers => {
                let rows = sqlx::query(
                    "select person_id from membership where service_account_id = $1 \
                     and role in ('supporter', 'admin') and person_id <> $2 order by person_id",
                )
                .bind(&account)
                .bind(&author)
                .fetch_all(&mut **tx)
                .await
                .map_err(db)?;
                rows.iter()
                    .map(|r| text(r, "person_id"))
                    .collect::<Result<_, _>>()
                    .map_err(db)?
            }
        };
        // Nobody is told about what they did themselves.
        for person in people.iter().filter(|p| Some(p.as_str()) != actor) {
            sqlx::query(
                "insert into notification (notification_id, person_id, post_id, kind, created_at) \
                 values ($1, $2, $3, $4, $5)",
            )
            .bind(new_id())
            .bind(person)
            .bind(post_id)
            .bind(kind.as_str())
            .bind(now)
            .execute(&mut **tx)
            .await
            .map_err(db)?;
        }
    }
    Ok(())
}

/// Tells the admins of a connection's account that it needs reconnecting
/// (the post is the one whose try found out).
pub(super) async fn tell_admins(
    tx: &mut Transaction<'_, Any>,
    connection_id: &str,
    post_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let rows = sqlx::query(
        "select m.person_id from membership m join connection c \
         on c.service_account_id = m.service_account_id \
         where c.connection_id = $1 and m.role = 'admin' order by m.person_id",
    )
    .bind(connection_id)
    .fetch_all(&mut **tx)
    .await?;
    for row in rows {
        sqlx::query(
            "insert into notification (notification_id, person_id, post_id, kind, created_at) \
             values ($1, $2, $3, $4, $5)",
        )
        .bind(new_id())
        .bind(text(&row, "person_id")?)
        .bind(post_id)
        .bind(Kind::Reconnect.as_str())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Tells the supporters and admins of every account `subject_id` is on
/// about `kind` (a note about the person), except whoever acted.
pub(super) async fn tell_supporters(
    tx: &mut Transaction<'_, Any>,
    subject_id: &str,
    actor_id: Option<&str>,
    kind: Kind,
    now: i64,
) -> Result<(), sqlx::Error> {
    let rows = sqlx::query(
        "select distinct s.person_id from membership m join membership s \
         on s.service_account_id = m.service_account_id \
         where m.person_id = $1 and s.role in ('supporter', 'admin') and s.person_id <> $2 \
         order by s.person_id",
    )
    .bind(subject_id)
    .bind(subject_id)
    .fetch_all(&mut **tx)
    .await?;
    for row in rows {
        let person = text(&row, "person_id")?;
        if Some(person.as_str()) == actor_id {
            continue;
        }
        sqlx::query(
            "insert into notification (notification_id, person_id, subject_id, actor_id, \
             kind, created_at) values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(person)
        .bind(subject_id)
        .bind(actor_id)
        .bind(kind.as_str())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A notification waiting to be emailed.
#[derive(Clone, Debug)]
pub struct ToEmail {
    pub notification_id: String,
    pub email: String,
    pub display_name: String,
    pub kind: Kind,
    /// The post it is about ("" for a note about a person).
    pub post_id: String,
    /// The person it is about, and who acted.
    pub about: Option<AboutPerson>,
}

/// Who a note about a person names.
#[derive(Clone, Debug)]
pub struct AboutPerson {
    pub subject: String,
    pub by: String,
}

impl Storage {
    /// Sets (or clears) the address a person's notifications are emailed to.
    pub async fn set_email(&self, person_id: &str, email: Option<&str>) -> StoreResult<()> {
        sqlx::query("update person set email = $1 where person_id = $2")
            .bind(email)
            .bind(person_id)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    /// Notifications not yet emailed to people with an address, oldest
    /// first, skipping any that failed [`EMAIL_TRIES`] times.
    pub async fn notifications_to_email(&self, limit: u32) -> StoreResult<Vec<ToEmail>> {
        let rows = sqlx::query(
            "select n.notification_id, n.kind, n.post_id, p.email, p.display_name, \
             subj.display_name as subject_name, act.display_name as actor_name \
             from notification n join person p on p.person_id = n.person_id \
             left join person subj on subj.person_id = n.subject_id \
             left join person act on act.person_id = n.actor_id \
             where n.emailed_at is null and n.email_tries < $1 and p.email is not null \
             and (n.email_lease_until is null or n.email_lease_until < $3) \
             order by n.created_at, n.notification_id limit $2",
        )
        .bind(EMAIL_TRIES)
        .bind(i64::from(limit))
        .bind(self.now())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut list = Vec::with_capacity(rows.len());
        for row in rows {
            let kind = text(&row, "kind").map_err(db)?;
            let Some(kind) = Kind::parse(&kind) else {
                continue;
            };
            list.push(ToEmail {
                notification_id: text(&row, "notification_id").map_err(db)?,
                email: text(&row, "email").map_err(db)?,
                display_name: text(&row, "display_name").map_err(db)?,
                kind,
                post_id: row
                    .try_get::<Option<String>, _>("post_id")
                    .map_err(db)?
                    .unwrap_or_default(),
                about: row
                    .try_get::<Option<String>, _>("subject_name")
                    .map_err(db)?
                    .map(|subject| -> StoreResult<AboutPerson> {
                        Ok(AboutPerson {
                            subject,
                            by: row
                                .try_get::<Option<String>, _>("actor_name")
                                .map_err(db)?
                                .unwrap_or_default(),
                        })
                    })
                    .transpose()?,
            });
        }
        Ok(list)
    }

    /// Takes a notification's email for the sender `worker`, unless it
    /// was sent or another sender holds it. True when this one may send it.
    pub async fn claim_email(&self, notification_id: &str, worker: &str) -> StoreResult<bool> {
        let now = self.now();
        let claimed = sqlx::query(
            "update notification set email_leased_by = $1, email_lease_until = $2 \
             where notification_id = $3 and emailed_at is null \
             and (email_lease_until is null or email_lease_until < $4)",
        )
        .bind(worker)
        .bind(now + EMAIL_LEASE_MS)
        .bind(notification_id)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(db)?
        .rows_affected();
        Ok(claimed == 1)
    }

    /// Records that a notification was emailed (`sent`) or that a try
    /// failed, and lets go of it.
    pub async fn record_email(&self, notification_id: &str, sent: bool) -> StoreResult<()> {
        let sql = if sent {
            "update notification set emailed_at = $1, email_leased_by = null, \
             email_lease_until = null where notification_id = $2"
        } else {
            "update notification set email_tries = email_tries + 1, email_leased_by = null, \
             email_lease_until = null where notification_id = $2 and $1 = $1"
        };
        sqlx::query(sql)
            .bind(self.now())
            .bind(notification_id)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }
}

#[async_trait]
impl NotificationStore for Storage {
    async fn unread_notifications(&self, person_id: &str) -> StoreResult<u32> {
        let row = sqlx::query(
            "select count(*) as n from notification where person_id = $1 and read_at is null",
        )
        .bind(person_id)
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        let n: i64 = row.try_get("n").map_err(db)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn notifications(&self, person_id: &str, limit: u32) -> StoreResult<Vec<Notice>> {
        let rows = sqlx::query(
            "select n.post_id, n.kind, n.created_at, n.read_at, p.tiles, \
             coalesce(a.display_name, subj.display_name) as display_name, \
             a.removed_at as author_removed, sa.name as account_name, \
             coalesce(sa.time_zone, (select z.time_zone from membership m \
              join service_account z on z.service_account_id = m.service_account_id \
              where m.person_id = n.subject_id order by m.created_at limit 1), '') as time_zone, \
             coalesce(act.display_name, (select who.display_name from post_event e join person who \
              on who.person_id = e.actor_id where e.post_id = n.post_id \
              and e.to_status = 'taken_down' order by e.created_at desc limit 1)) as by_name \
             from notification n left join post p on p.post_id = n.post_id \
             left join service_account sa on sa.service_account_id = p.service_account_id \
             left join person a on a.person_id = p.author_id \
             left join person subj on subj.person_id = n.subject_id \
             left join person act on act.person_id = n.actor_id \
             where n.person_id = $1 order by n.created_at desc, n.notification_id limit $2",
        )
        .bind(person_id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                let kind = text(row, "kind").map_err(db)?;
                let tiles: Vec<Tile> =
                    match row.try_get::<Option<String>, _>("tiles").map_err(db)? {
                        Some(tiles) => serde_json::from_str(&tiles).map_err(other)?,
                        None => Vec::new(),
                    };
                Ok(Notice {
                    post_id: row
                        .try_get::<Option<String>, _>("post_id")
                        .map_err(db)?
                        .unwrap_or_default(),
                    kind: Kind::parse(&kind)
                        .ok_or_else(|| other(format!("unknown notification {kind}")))?,
                    post_text: post_text(&tiles),
                    author_name: if row
                        .try_get::<Option<i64>, _>("author_removed")
                        .map_err(db)?
                        .is_some()
                    {
                        let account = row
                            .try_get::<Option<String>, _>("account_name")
                            .map_err(db)?
                            .unwrap_or_default();
                        format!("{} {account}", app::strings::A_MEMBER_OF)
                    } else {
                        text(row, "display_name").map_err(db)?
                    },
                    // Shown on the clock of the post's account.
                    at: app::domain::zone::Zone::named(&text(row, "time_zone").map_err(db)?)
                        .wall(row.try_get("created_at").map_err(db)?),
                    read: row
                        .try_get::<Option<i64>, _>("read_at")
                        .map_err(db)?
                        .is_some(),
                    by_name: row.try_get("by_name").map_err(db)?,
                })
            })
            .collect()
    }

    async fn mark_notifications_read(&self, person_id: &str) -> StoreResult<()> {
        sqlx::query(
            "update notification set read_at = $1 where person_id = $2 and read_at is null",
        )
        .bind(self.now())
        .bind(person_id)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }
}
