//! Bluesky (AT Protocol): a session from the handle and app password, the
//! picture card and photos uploaded as blobs, then the post created under a
//! record key made from the post, so a retry finds the first record instead
//! of making a second.

use app::domain::hashtags::hashtag_spans;
use app::domain::outbox::TryResult;
use app::domain::responses::Responses;
use reqwest::{Client, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{classify, failure, read_json as read, ConnectError, Outgoing};

const POST_COLLECTION: &str = "app.bsky.feed.post";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Session {
    access_jwt: String,
    did: String,
    handle: String,
}

#[derive(Deserialize)]
struct Blob {
    blob: Value,
}

#[derive(Deserialize)]
struct Created {
    uri: String,
}

async fn session(
    http: &Client,
    server: &str,
    handle: &str,
    password: &str,
) -> Result<Session, TryResult> {
    let sent = http
        .post(format!("{server}/xrpc/com.atproto.server.createSession"))
        .json(&json!({"identifier": handle, "password": password}))
        .send()
        .await;
    match read(sent).await {
        // A wrong handle or password is a 401, or a 400 saying
        // AuthenticationRequired.
        Err(TryResult::Refused(what)) if what.contains("AuthenticationRequired") => Err(
            TryResult::NeedsReconnecting("the app password was refused".into()),
        ),
        other => other,
    }
}

/// Checks the handle and app password; answers the handle they sign in as.
pub async fn verify(
    http: &Client,
    server: &str,
    handle: &str,
    password: &str,
) -> Result<(String, usize), ConnectError> {
    match session(http, server, handle, password).await {
        Ok(session) => Ok((session.handle, app::domain::reach::BLUESKY_LIMIT)),
        Err(TryResult::NeedsReconnecting(_) | TryResult::Refused(_)) => Err(ConnectError::Refused),
        Err(_) => Err(ConnectError::Unreachable),
    }
}

/// The public address of a post.
/// The post's page on bsky.app. The handle comes from the server, so only
/// the characters a handle may have are kept.
fn post_url(handle: &str, record_key: &str) -> String {
    let handle: String = handle
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        .collect();
    format!("https://bsky.app/profile/{handle}/post/{record_key}")
}

/// Sends one post, or finds the record an earlier try made.
pub async fn publish(
    http: &Client,
    server: &str,
    handle: &str,
    password: &str,
    post: &Outgoing,
) -> TryResult {
    let session = match session(http, server, handle, password).await {
        Ok(session) => session,
        Err(result) => return result,
    };
    let done = |uri: String| TryResult::Live {
        remote_id: uri,
        url: post_url(&session.handle, &post.record_key),
    };
    match existing(http, server, &session, &post.record_key).await {
        Ok(Some(uri)) => return done(uri),
        Ok(None) => {}
        Err(result) => return result,
    }
    let mut images = Vec::new();
    for image in &post.images {
        let sent = http
            .post(format!("{server}/xrpc/com.atproto.repo.uploadBlob"))
            .bearer_auth(&session.access_jwt)
            .header("content-type", image.mime)
            .body(image.bytes.clone())
            .send()
            .await;
        match read::<Blob>(sent).await {
            Ok(blob) => images.push(json!({"alt": image.alt, "image": blob.blob})),
            Err(result) => return result,
        }
    }
    let mut record = json!({
        "$type": POST_COLLECTION,
        "text": post.text,
        "createdAt": post.created_at,
        "langs": [post.language],
    });
    if !images.is_empty() {
        record["embed"] = json!({"$type": "app.bsky.embed.images", "images": images});
    }
    // Hashtags are plain text on Bluesky unless a facet marks each one.
    let tags: Vec<_> = hashtag_spans(&post.text)
        .into_iter()
        .map(|(start, end, tag)| {
            json!({
                "index": {"byteStart": start, "byteEnd": end},
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}],
            })
        })
        .collect();
    if !tags.is_empty() {
        record["facets"] = json!(tags);
    }
    let sent = http
        .post(format!("{server}/xrpc/com.atproto.repo.createRecord"))
        .bearer_auth(&session.access_jwt)
        .json(&json!({
            "repo": session.did,
            "collection": POST_COLLECTION,
            "rkey": post.record_key,
            "record": record,
        }))
        .send()
        .await;
    match read::<Created>(sent).await {
        Ok(created) => done(created.uri),
        Err(result) => {
            // A record already at this key means an earlier try made it.
            match existing(http, server, &session, &post.record_key).await {
                Ok(Some(uri)) => done(uri),
                _ => result,
            }
        }
    }
}

/// Deletes the post's record (`com.atproto.repo.deleteRecord`). Deleting a
/// record that is not there changes nothing, so a retry after a lost
/// answer deletes nothing twice.
pub async fn delete(
    http: &Client,
    server: &str,
    handle: &str,
    password: &str,
    record_key: &str,
) -> TryResult {
    let session = match session(http, server, handle, password).await {
        Ok(session) => session,
        Err(result) => return result,
    };
    let sent = http
        .post(format!("{server}/xrpc/com.atproto.repo.deleteRecord"))
        .bearer_auth(&session.access_jwt)
        .json(&json!({
            "repo": session.did,
            "collection": POST_COLLECTION,
            "rkey": record_key,
        }))
        .send()
        .await;
    match sent {
        Ok(response) if response.status().is_success() => TryResult::Gone,
        Ok(response) => {
            let status = response.status();
            let body = super::bounded_text(response).await;
            classify(status, &body)
        }
        Err(error) => failure(&error),
    }
}

/// The record at `record_key`, if an earlier try made it.
async fn existing(
    http: &Client,
    server: &str,
    session: &Session,
    record_key: &str,
) -> Result<Option<String>, TryResult> {
    let sent = http
        .get(format!("{server}/xrpc/com.atproto.repo.getRecord"))
        .query(&[
            ("repo", session.did.as_str()),
            ("collection", POST_COLLECTION),
            ("rkey", record_key),
        ])
        .send()
        .await;
    let response = sent.map_err(|error| failure(&error))?;
    let status = response.status();
    if status.is_success() {
        let found: Created = super::bounded_json(response)
            .await
            .map_err(|e| TryResult::TryAgain(format!("unreadable record: {e}")))?;
        return Ok(Some(found.uri));
    }
    let body = super::bounded_text(response).await;
    if status == StatusCode::BAD_REQUEST && body.contains("RecordNotFound")
        || status == StatusCode::NOT_FOUND
    {
        return Ok(None);
    }
    Err(classify(status, &body))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PostView {
    uri: String,
    #[serde(default)]
    reply_count: u64,
    #[serde(default)]
    repost_count: u64,
    #[serde(default)]
    like_count: u64,
}

#[derive(Deserialize)]
struct Posts {
    posts: Vec<PostView>,
}

/// How people responded to some posts (replies, reposts, likes), from
/// `app.bsky.feed.getPosts`, which the account's server answers through its
/// AppView. One session for them all, 25 posts a request.
pub async fn responses(
    http: &Client,
    server: &str,
    handle: &str,
    password: &str,
    uris: &[String],
) -> Result<Vec<(String, Responses)>, TryResult> {
    let session = session(http, server, handle, password).await?;
    let mut out = Vec::new();
    for chunk in uris.chunks(25) {
        let query: Vec<(&str, &str)> = chunk.iter().map(|uri| ("uris", uri.as_str())).collect();
        let sent = http
            .get(format!("{server}/xrpc/app.bsky.feed.getPosts"))
            .query(&query)
            .bearer_auth(&session.access_jwt)
            .send()
            .await;
        let posts: Posts = read(sent).await?;
        out.extend(posts.posts.into_iter().map(|post| {
            let counts = Responses {
                replies: post.reply_count,
                reposts: post.repost_count,
                likes: post.like_count,
            };
            (post.uri, counts)
        }));
    }
    Ok(out)
}
