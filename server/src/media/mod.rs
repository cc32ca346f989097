//! Photos people add to their posts: the upload route, the pipeline and
//! the content-addressed store under `OURVOICE_DATA/photos`.

pub mod photo;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use app::ports::Viewer;
use app::strings;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Extension, Json, Router};
use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::files::write_once;
use photo::{Processed, MAX_UPLOAD_BYTES};

pub use app::domain::post::{is_photo_id, PHOTO_SET};

/// Photos decoded at once; more wait their turn, so memory stays bounded.
const DECODES_AT_ONCE: usize = 2;

/// Where processed photos live. Names are the SHA-256 of the photo.
#[derive(Clone)]
pub struct PhotoStore {
    dir: PathBuf,
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
    /// A store in `data_dir/photos`, made if missing.
    pub fn open(data_dir: &Path) -> anyhow::Result<PhotoStore> {
        let dir = data_dir.join("photos");
        std::fs::create_dir_all(&dir)?;
        Ok(PhotoStore {
            dir,
            decodes: Arc::new(Semaphore::new(DECODES_AT_ONCE)),
        })
    }

    /// The folder photos are served from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes both files (each through a temporary name, so a crash never
    /// leaves half a photo) and returns the id.
    pub fn save(&self, processed: &Processed) -> std::io::Result<StoredPhoto> {
        let id = hex(&Sha256::digest(&processed.photo));
        write_once(&self.dir.join(format!("{id}.jpg")), &processed.photo)?;
        write_once(&self.dir.join(format!("{id}-thumb.jpg")), &processed.thumb)?;
        Ok(StoredPhoto {
            url: format!("/photos/{id}.jpg"),
            thumb_url: format!("/photos/{id}-thumb.jpg"),
            id,
            width: processed.width,
            height: processed.height,
        })
    }

    /// True when a photo with this id is stored.
    pub fn has(&self, id: &str) -> bool {
        is_photo_id(id) && self.dir.join(format!("{id}.jpg")).is_file()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `POST /api/photos` (the picture as the body, up to 25 MB) and
/// `GET /photos/<id>.jpg`.
pub fn router<S>(store: PhotoStore) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let serve = ServeDir::new(store.dir());
    Router::new()
        .route(
            "/api/photos",
            post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .with_state(store)
        .nest_service(
            "/photos",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ))
                .service(serve),
        )
}

/// An easy-read refusal as JSON: `{"message": "…"}`.
fn refuse(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "message": message }))).into_response()
}

async fn upload(
    State(store): State<PhotoStore>,
    Extension(Viewer(person)): Extension<Viewer>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(person) = person else {
        return refuse(StatusCode::UNAUTHORIZED, strings::ERR_SIGN_IN);
    };
    if person.memberships.is_empty() {
        return refuse(StatusCode::FORBIDDEN, strings::ERR_NOT_ALLOWED);
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            tracing::info!(person = %person.user_name, "photo refused: too large");
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, strings::PHOTO_TOO_BIG);
        }
        Err(rejection) => {
            tracing::info!(person = %person.user_name, %rejection, "photo upload broke off");
            return refuse(StatusCode::BAD_REQUEST, strings::PHOTO_DID_NOT_WORK);
        }
    };
    let Ok(_permit) = store.decodes.clone().acquire_owned().await else {
        return refuse(StatusCode::SERVICE_UNAVAILABLE, strings::ERR_SERVER);
    };
    let size = body.len();
    let processed = tokio::task::spawn_blocking(move || photo::process(&body)).await;
    match processed {
        Ok(Ok(processed)) => {
            let saved = {
                let store = store.clone();
                tokio::task::spawn_blocking(move || store.save(&processed)).await
            };
            match saved {
                Ok(Ok(stored)) => {
                    tracing::info!(person = %person.user_name, id = %stored.id, size, "photo stored");
                    (StatusCode::CREATED, Json(stored)).into_response()
                }
                Ok(Err(error)) => {
                    tracing::error!(%error, "Failed to store a photo");
                    refuse(StatusCode::INTERNAL_SERVER_ERROR, strings::ERR_SERVER)
                }
                Err(error) => {
                    tracing::error!(%error, "The photo store task failed");
                    refuse(StatusCode::INTERNAL_SERVER_ERROR, strings::ERR_SERVER)
                }
            }
        }
        Ok(Err(refusal)) => {
            tracing::info!(person = %person.user_name, size, %refusal, "photo refused");
            refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                strings::PHOTO_DID_NOT_WORK,
            )
        }
        Err(error) => {
            tracing::error!(%error, "The photo task failed");
            refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                strings::PHOTO_DID_NOT_WORK,
            )
        }
    }
}
