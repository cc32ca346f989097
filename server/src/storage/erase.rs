//! Erasing a person (a "right to be forgotten" request): everything that is
//! theirs goes, in one transaction. Posts that were public stay, as the
//! service's words, with no name; every log row stays, with no name.

use app::domain::lifecycle::Status;
use app::domain::post::Tile;
use sqlx::{Any, Row, Transaction};

use super::text;

/// The posts of a removed person that stay: ones that went (or were going)
/// out, and an approved end-of-day sign-off (the account's words).
const KEPT: &str = "(status in ('publishing', 'published', 'failed') or \
     (status = 'approved' and post_id in (select post_id from sign_off)))";

/// What an erasure leaves to remove from the data folder.
#[derive(Debug, Default)]
pub(super) struct Leftovers {
    /// Photos that were in their deleted posts and that no post uses now.
    pub photos: Vec<String>,
    /// The words of every deleted post and version (their drawn cards).
    pub tiles: Vec<Vec<Tile>>,
}

/// Erases `person_id`; answers the files their deleted posts leave.
pub(super) async fn erase(
    tx: &mut Transaction<'static, Any>,
    person_id: &str,
    now: i64,
) -> Result<Leftovers, sqlx::Error> {
    let gone = format!("select post_id from post where author_id = $1 and not {KEPT}");
    let tiles = tiles_of(tx, &gone, person_id).await?;
    let mut photos: Vec<String> = tiles
        .iter()
        .flatten()
        .filter_map(|t| t.symbol.as_ref().filter(|s| s.is_photo()))
        .map(|s| s.id.clone())
        .collect();
    // Rows that hang off the posts that go, then the posts.
    for table in [
        "notification",
        "post_approval",
        "post_version",
        "post_event",
        "publish_job",
        "sign_off",
    ] {
        sqlx::query(&format!("delete from {table} where post_id in ({gone})"))
            .bind(person_id)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query(&format!(
        "delete from post where author_id = $1 and not {KEPT}"
    ))
    .bind(person_id)
    .execute(&mut **tx)
    .await?;
    // The supporters' free words about the posts that stay may name them.
    sqlx::query("update post set feedback = null where author_id = $1")
        .bind(person_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(&format!(
        "update post_event set note = null where to_status = '{}' and post_id in \
         (select post_id from post where author_id = $1)",
        Status::ChangesRequested.as_str()
    ))
    .bind(person_id)
    .execute(&mut **tx)
    .await?;
    // Notes that name them, and their wrong picture tries.
    sqlx::query("delete from notification where subject_id = $1")
        .bind(person_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("update notification set actor_id = null where actor_id = $1")
        .bind(person_id)
        .execute(&mut **tx)
        .await?;
    // Everything that is theirs alone.
    sqlx::query(
        "delete from signin_card_account where signin_card_id in \
         (select signin_card_id from signin_card where person_id = $1)",
    )
    .bind(person_id)
    .execute(&mut **tx)
    .await?;
    for table in [
        "favourite",
        "recent_symbol",
        "my_word",
        "speech_setting",
        "communication_profile",
        "signin_card",
        "welcome_link",
        "photo_upload",
        "picture_failure",
        "notification",
        "membership",
    ] {
        sqlx::query(&format!("delete from {table} where person_id = $1"))
            .bind(person_id)
            .execute(&mut **tx)
            .await?;
    }
    // Only the id stays, so posts and log rows still hold together.
    sqlx::query(
        "update person set user_name = $1, display_name = '', public_name = null, \
         password_hash = null, \
         picture_hash = null, email = null, stopped_at = coalesce(stopped_at, $2), \
         removed_at = $2, access_stamp = access_stamp + 1, updated_at = $2 \
         where person_id = $3",
    )
    .bind(format!("removed-{person_id}"))
    .bind(now)
    .bind(person_id)
    .execute(&mut **tx)
    .await?;
    super::signin::end_sessions(tx, person_id).await?;
    // A photo stays while any post still shows it.
    let mut unused = Vec::new();
    photos.sort();
    photos.dedup();
    for id in photos {
        let pattern = format!("%{id}%");
        let used = sqlx::query(
            "select (select count(*) from post where tiles like $1) + \
             (select count(*) from post_version where tiles like $1) as n",
        )
        .bind(&pattern)
        .fetch_one(&mut **tx)
        .await?
        .try_get::<i64, _>("n")?;
        if used == 0 {
            unused.push(id);
        }
    }
    Ok(Leftovers {
        photos: unused,
        tiles,
    })
}

/// The tiles of the posts `posts` and of their kept versions.
async fn tiles_of(
    tx: &mut Transaction<'static, Any>,
    posts: &str,
    person_id: &str,
) -> Result<Vec<Vec<Tile>>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "select tiles from post where post_id in ({posts}) \
         union all select tiles from post_version where post_id in ({posts})"
    ))
    .bind(person_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut all = Vec::with_capacity(rows.len());
    for row in rows {
        all.push(serde_json::from_str(&text(&row, "tiles")?).unwrap_or_default());
    }
    Ok(all)
}
