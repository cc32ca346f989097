//! The parts of one update to a post, written inside its transaction: the
//! author's tiles (refused when older than the stored ones), and what a
//! review step keeps: versions, consent, suggestions and approvals.

use app::domain::lifecycle::Status;
use app::domain::post::Tile;
use app::ports::{PostUpdate, StoreError, StoreResult};
use sqlx::{Any, Row, Transaction};

use super::error::{conflict_if_taken, db, other};

/// Stores the author's tiles if the post is still editable and `revision` is
/// not older than the stored one; says which rule failed otherwise.
pub(super) async fn save_tiles(
    tx: &mut Transaction<'_, Any>,
    post_id: &str,
    tiles: &[Tile],
    revision: i64,
    now: i64,
) -> StoreResult<()> {
    let json = serde_json::to_string(tiles).map_err(other)?;
    let saved = sqlx::query(
        "update post set tiles = $1, revision = $2, updated_at = $3 \
         where post_id = $4 and revision <= $5 and status in ($6, $7)",
    )
    .bind(json)
    .bind(revision)
    .bind(now)
    .bind(post_id)
    .bind(revision)
    .bind(Status::Draft.as_str())
    .bind(Status::ChangesRequested.as_str())
    .execute(&mut **tx)
    .await
    .map_err(db)?;
    if saved.rows_affected() == 1 {
        return Ok(());
    }
    let row = sqlx::query("select revision from post where post_id = $1")
        .bind(post_id)
        .fetch_one(&mut **tx)
        .await
        .map_err(db)?;
    let stored: i64 = row.try_get("revision").map_err(db)?;
    Err(if stored > revision {
        StoreError::Stale
    } else {
        StoreError::Conflict
    })
}

/// The review parts of an update: a kept version, agreed words, the
/// suggestion, an approval. Runs after the status steps, which hold the
/// post's row for this transaction.
pub(super) async fn review_parts(
    tx: &mut Transaction<'_, Any>,
    post_id: &str,
    update: &PostUpdate,
    now: i64,
) -> StoreResult<()> {
    if let Some(kept) = &update.kept {
        sqlx::query(
            "insert into post_version (post_id, version, tiles, kind, made_by, created_at) \
             values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(post_id)
        .bind(kept.number)
        .bind(serde_json::to_string(&kept.tiles).map_err(other)?)
        .bind(kept.kind.as_str())
        .bind(&kept.made_by)
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(conflict_if_taken)?;
    }
    if let Some((tiles, version)) = &update.agreed {
        sqlx::query(
            "update post set tiles = $1, version = $2, consented_version = $3, updated_at = $4 \
             where post_id = $5",
        )
        .bind(serde_json::to_string(tiles).map_err(other)?)
        .bind(*version)
        .bind(*version)
        .bind(now)
        .bind(post_id)
        .execute(&mut **tx)
        .await
        .map_err(db)?;
    }
    if let Some(suggested) = &update.suggested {
        sqlx::query("update post set suggested_version = $1 where post_id = $2")
            .bind(*suggested)
            .bind(post_id)
            .execute(&mut **tx)
            .await
            .map_err(db)?;
    }
    if let Some(approval) = &update.approval {
        let row = sqlx::query(
            "select count(*) as n from post_approval where post_id = $1 and version = $2",
        )
        .bind(post_id)
        .bind(approval.version)
        .fetch_one(&mut **tx)
        .await
        .map_err(db)?;
        let count: i64 = row.try_get("n").map_err(db)?;
        if usize::try_from(count).ok() != Some(approval.seen) {
            return Err(StoreError::Conflict);
        }
        sqlx::query(
            "insert into post_approval (post_id, version, person_id, created_at) \
             values ($1, $2, $3, $4)",
        )
        .bind(post_id)
        .bind(approval.version)
        .bind(&approval.by)
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(conflict_if_taken)?;
    }
    Ok(())
}
