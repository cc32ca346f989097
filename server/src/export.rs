//! `GET /admin/people/<id>/data.zip`: everything Our Voice holds about one
//! person, for a subject access request: their details and roles, their
//! posts with every version and step, their boards, settings, profile and
//! sign-in cards (never a password or a card's secret), their photos and
//! their posts' symbol cards. For admins who run every account the person
//! is on; each download goes in those accounts' logs.

use std::io::Write;

use app::domain::post::Tile;
use app::domain::roles::Role;
use app::domain::running::runs_all_accounts_of;
use app::ports::StaffStore;
use app::records::Person;
use axum::extract::{Path as UrlPath, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use crate::card::CardRenderer;
use crate::media::PhotoStore;
use crate::reply::{HttpError, HttpResult, RequireUser};
use crate::storage::Storage;

#[derive(Clone)]
struct Export {
    storage: Storage,
    cards: CardRenderer,
    photos: PhotoStore,
}

pub fn router<S>(storage: Storage, cards: CardRenderer, photos: PhotoStore) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    Router::new()
        .route("/admin/people/{id}/data.zip", get(download))
        .with_state(Export {
            storage,
            cards,
            photos,
        })
}

/// Refusals are plain words: the download is a link the browser opens.
async fn download(
    State(export): State<Export>,
    user: Result<RequireUser, HttpError>,
    UrlPath(person_id): UrlPath<String>,
) -> HttpResult {
    download_for(export, user.map_err(HttpError::as_text)?.0, person_id)
        .await
        .map_err(HttpError::as_text)
}

async fn download_for(export: Export, viewer: Person, person_id: String) -> HttpResult {
    let runs: Vec<String> = viewer
        .memberships
        .iter()
        .filter(|m| m.role == Role::Admin)
        .map(|m| m.account_id.clone())
        .collect();
    let person = match export.storage.person_view(&person_id).await {
        Ok(person) => person,
        Err(_) if runs.is_empty() => return Err(HttpError::not_allowed()),
        Err(_) => return Err(HttpError::not_found()),
    };
    if !runs_all_accounts_of(&person.roles, &runs) {
        return Err(HttpError::not_allowed());
    }
    let zip = build(&export, &person_id, &viewer.person_id)
        .await
        .map_err(|error| {
            HttpError::failed("Failed to gather a person's data", format!("{error:#}"))
        })?;
    let name = format!(
        "attachment; filename=\"ourvoice-{}.zip\"",
        person
            .user_name
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (header::CONTENT_DISPOSITION, name),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        zip,
    )
        .into_response())
}

/// What the zip says about itself, in easy read.
const README: &str = "This is the data Our Voice keeps about one person.\n\n\
person.json: their name, user name and roles.\n\
posts.json: their posts, every version of the words and every step.\n\
boards.json: their favourite pictures, pictures used lately and My words.\n\
settings.json: how they hear things and how they like information.\n\
sign-in.json: their sign-in cards and welcome links (never the secrets).\n\
log.json: what admins did about them.\n\
photos/: their photos. cards/: the picture card of each post.\n";

async fn build(export: &Export, person_id: &str, by: &str) -> anyhow::Result<Vec<u8>> {
    let data = export.storage.person_data(person_id).await?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    files.push(("README.txt".into(), README.as_bytes().to_vec()));
    for (name, value) in [
        (
            "person.json",
            json!({"person": data.person, "roles": data.roles}),
        ),
        (
            "posts.json",
            json!({"posts": data.posts, "versions": data.versions, "steps": data.steps}),
        ),
        (
            "boards.json",
            json!({"favourites": data.favourites, "used_lately": data.recent, "my_words": data.my_words}),
        ),
        (
            "settings.json",
            json!({"speech": data.speech, "profile": data.profile}),
        ),
        (
            "sign-in.json",
            json!({"cards": data.cards, "welcome_links": data.links}),
        ),
        ("log.json", json!({"log": data.log})),
    ] {
        files.push((name.into(), serde_json::to_vec_pretty(&value)?));
    }
    let mut photos = Vec::new();
    for post in data.posts.iter().chain(data.versions.iter()) {
        let tiles: Vec<Tile> = post["tiles"]
            .as_str()
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default();
        photos.extend(
            tiles
                .iter()
                .filter_map(|t| t.symbol.as_ref().filter(|s| s.is_photo()))
                .map(|s| s.id.clone()),
        );
        if let (Some(id), Some(_)) = (post["post_id"].as_str(), post.get("status")) {
            if let Ok(png) = export.cards.card(&tiles).await {
                files.push((format!("cards/{id}.png"), png));
            }
        }
    }
    photos.sort();
    photos.dedup();
    for id in photos {
        if let Some(bytes) = export.photos.read(&format!("{id}.jpg")).await? {
            files.push((format!("photos/{id}.jpg"), bytes.to_vec()));
        }
    }
    let zip = tokio::task::spawn_blocking(move || zip_of(files)).await??;
    export.storage.log_data_download(person_id, by).await?;
    Ok(zip)
}

fn zip_of(files: Vec<(String, Vec<u8>)>) -> anyhow::Result<Vec<u8>> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        writer.start_file(name, options)?;
        writer.write_all(&bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// Everything about one person, as rows.
#[derive(Debug, Default)]
pub struct PersonData {
    pub person: Value,
    pub roles: Vec<Value>,
    pub posts: Vec<Value>,
    pub versions: Vec<Value>,
    pub steps: Vec<Value>,
    pub favourites: Vec<Value>,
    pub recent: Vec<Value>,
    pub my_words: Vec<Value>,
    pub speech: Vec<Value>,
    pub profile: Vec<Value>,
    pub cards: Vec<Value>,
    pub links: Vec<Value>,
    pub log: Vec<Value>,
}
