//! Photos people add to their posts: the upload route, the pipeline and
//! the content-addressed store (`photos/` in the media store).

pub mod photo;

use std::sync::Arc;

use app::accounts::Person;
use app::ports::Clock;
use app::ports::Viewer;
use app::strings;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::blobs::Blobs;
use crate::reply::{HttpError, HttpResult, RequireUser};
use crate::storage::{PhotoUse, Storage};
use photo::{Processed, MAX_UPLOAD_BYTES};

pub use app::domain::post::{is_photo_id, PHOTO_SET};

/// Photos decoded at once; more wait their turn, so memory stays bounded.
const DECODES_AT_ONCE: usize = 2;

/// Where processed photos live. Names are the SHA-256 of the photo.
#[derive(Clone)]
pub struct PhotoStore {
    blobs: Blobs,
    decodes: Arc<Semaphore>,
}

/// What the browser gets back for a stored photo.
#[derive(Debug, Serialize)]
pub struct StoredPhoto {
    /// The tile's symbol id (set `photo`).
    pub id: String,
    pub url: String,
    pub thumb_url: String,
    pub width: u32,
    pub height: u32,
}

impl PhotoStore {
    /// Photos kept in `blobs`.
    pub fn new(blobs: Blobs) -> PhotoStore {
        PhotoStore {
            blobs,
            decodes: Arc::new(Semaphore::new(DECODES_AT_ONCE)),
        }
    }

    /// Keeps the thumbnail, then the photo (each whole or not at all, so a
    /// kept photo always has its thumbnail) and returns the id.
    pub async fn save(&self, processed: Processed) -> anyhow::Result<StoredPhoto> {
        let id = hex(&Sha256::digest(&processed.photo));
        self.blobs
            .put("photos", &format!("{id}-thumb.jpg"), processed.thumb)
            .await?;
        self.blobs
            .put("photos", &format!("{id}.jpg"), processed.photo)
            .await?;
        Ok(StoredPhoto {
            url: format!("/photos/{id}.jpg"),
            thumb_url: format!("/photos/{id}-thumb.jpg"),
            id,
            width: processed.width,
            height: processed.height,
        })
    }

    /// The photo (`<id>.jpg`) or its thumbnail (`<id>-thumb.jpg`), if kept.
    pub async fn read(&self, file: &str) -> anyhow::Result<Option<Bytes>> {
        self.blobs.get("photos", file).await
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the photo routes need.
#[derive(Clone)]
struct Media {
    store: PhotoStore,
    storage: Storage,
    clock: Arc<dyn Clock>,
}

/// `POST /api/photos` (the picture as the body, up to 25 MB) and
/// `GET /photos/<id>.jpg` (and `<id>-thumb.jpg`): a photo in a published
/// post for anyone; any other photo only for the person who added it and
/// the people who may read a post that shows it.
pub fn router<S>(store: PhotoStore, storage: Storage, clock: Arc<dyn Clock>) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    Router::new()
        .route(
            "/api/photos",
            post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route("/photos/{file}", get(photo))
        .with_state(Media {
            store,
            storage,
            clock,
        })
}

/// Whether `person` may see a photo used as `found` says.
pub fn may_see(found: &PhotoUse, person: Option<&Person>) -> Result<(), StatusCode> {
    if found.published {
        return Ok(());
    }
    let Some(person) = person else {
        return Err(StatusCode::UNAUTHORIZED);
    };
    let added = found.added_by.contains(&person.person_id);
    let reads = found
        .posts
        .iter()
        .any(|(author, account)| person.may_read(author, account));
    if added || reads {
        Ok(())
    } else {
        Err(StatusCode::FORBIDDEN)
    }
}

async fn photo(
    State(media): State<Media>,
    Extension(Viewer(person)): Extension<Viewer>,
    UrlPath(file): UrlPath<String>,
) -> HttpResult {
    let name = file.strip_suffix(".jpg").ok_or_else(HttpError::not_found)?;
    let id = name.strip_suffix("-thumb").unwrap_or(name);
    if !is_photo_id(id) {
        return Err(HttpError::not_found());
    }
    let found = media.storage.photo_use(id).await?;
    if found == PhotoUse::default() {
        return Err(HttpError::not_found());
    }
    may_see(&found, person.as_ref()).map_err(|status| {
        if status == StatusCode::UNAUTHORIZED {
            HttpError::sign_in()
        } else {
            HttpError::not_allowed()
        }
    })?;
    let bytes = media
        .store
        .read(&file)
        .await
        .map_err(|error| HttpError::failed("Failed to read a photo", format!("{error:#}")))?
        .ok_or_else(HttpError::not_found)?;
    // A photo never changes under its name; a draft's stays out of shared
    // caches and off the tablet once the page is gone.
    let cache = if found.published {
        "public, max-age=31536000, immutable"
    } else {
        "private, no-store"
    };
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        bytes,
    )
        .into_response())
}

async fn upload(
    State(media): State<Media>,
    RequireUser(person): RequireUser,
    body: Result<Bytes, BytesRejection>,
) -> HttpResult {
    if person.memberships.is_empty() {
        return Err(HttpError::not_allowed());
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            tracing::info!(person = %person.user_name, "photo refused: too large");
            return Err(HttpError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                strings::PHOTO_TOO_BIG,
            ));
        }
        Err(rejection) => {
            tracing::info!(person = %person.user_name, %rejection, "photo upload broke off");
            return Err(HttpError::new(
                StatusCode::BAD_REQUEST,
                strings::PHOTO_DID_NOT_WORK,
            ));
        }
    };
    let store = media.store.clone();
    let Ok(_permit) = store.decodes.clone().acquire_owned().await else {
        return Err(HttpError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            strings::ERR_SERVER,
        ));
    };
    let size = body.len();
    let unusable = |why: &dyn std::fmt::Display| {
        tracing::info!(person = %person.user_name, size, %why, "photo refused");
        HttpError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            strings::PHOTO_DID_NOT_WORK,
        )
    };
    let processed = tokio::task::spawn_blocking(move || photo::process(&body))
        .await
        .map_err(|error| {
            tracing::error!(%error, "The photo task failed");
            HttpError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                strings::PHOTO_DID_NOT_WORK,
            )
        })?
        .map_err(|refusal| unusable(&refusal))?;
    let stored = store
        .save(processed)
        .await
        .map_err(|error| HttpError::failed("Failed to store a photo", format!("{error:#}")))?;
    let now = media.clock.now_ms();
    media
        .storage
        .note_photo_added(&stored.id, &person.person_id, now)
        .await
        .map_err(|error| HttpError::failed("Failed to note who added a photo", error))?;
    tracing::info!(person = %person.user_name, id = %stored.id, size, "photo stored");
    Ok((StatusCode::CREATED, Json(stored)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::accounts::Membership;
    use app::domain::roles::Role;

    fn person(id: &str, roles: &[(&str, Role)]) -> Person {
        Person {
            person_id: id.into(),
            user_name: id.into(),
            display_name: id.into(),
            memberships: roles
                .iter()
                .map(|(account, role)| Membership {
                    account_id: (*account).into(),
                    account_name: (*account).into(),
                    account_slug: (*account).into(),
                    role: *role,
                })
                .collect(),
        }
    }

    fn in_draft_by_sam() -> PhotoUse {
        PhotoUse {
            published: false,
            posts: vec![("sam".into(), "leeds".into())],
            added_by: vec!["sam".into()],
        }
    }

    #[test]
    fn a_draft_photo_is_for_its_author_and_the_accounts_checkers() {
        let found = in_draft_by_sam();
        let sam = person("sam", &[("leeds", Role::CoProducer)]);
        let alex = person("alex", &[("leeds", Role::Supporter)]);
        let admin = person("ada", &[("leeds", Role::Admin)]);
        assert_eq!(may_see(&found, Some(&sam)), Ok(()));
        assert_eq!(may_see(&found, Some(&alex)), Ok(()));
        assert_eq!(may_see(&found, Some(&admin)), Ok(()));
    }

    #[test]
    fn a_draft_photo_is_hidden_from_everyone_else() {
        let found = in_draft_by_sam();
        let jo = person("jo", &[("leeds", Role::CoProducer)]);
        let other_supporter = person("kim", &[("york", Role::Supporter)]);
        assert_eq!(may_see(&found, None), Err(StatusCode::UNAUTHORIZED));
        assert_eq!(may_see(&found, Some(&jo)), Err(StatusCode::FORBIDDEN));
        assert_eq!(
            may_see(&found, Some(&other_supporter)),
            Err(StatusCode::FORBIDDEN)
        );
    }

    #[test]
    fn a_photo_just_added_is_for_the_person_who_added_it() {
        let found = PhotoUse {
            added_by: vec!["jo".into()],
            ..PhotoUse::default()
        };
        let jo = person("jo", &[("leeds", Role::CoProducer)]);
        let alex = person("alex", &[("leeds", Role::Supporter)]);
        assert_eq!(may_see(&found, Some(&jo)), Ok(()));
        assert_eq!(may_see(&found, Some(&alex)), Err(StatusCode::FORBIDDEN));
    }

    #[test]
    fn a_published_photo_is_public() {
        let found = PhotoUse {
            published: true,
            ..in_draft_by_sam()
        };
        assert_eq!(may_see(&found, None), Ok(()));
    }
}
