//! Bluesky (AT Protocol): sessions made and refreshed (kept by `sessions`), the
//! picture card and photos uploaded as blobs, then the post created under a
//! record key made from the post, so a retry finds the first record instead
//! of making a second.

use app::domain::hashtags::hashtag_spans;
use app::domain::outbox::TryResult;
use app::domain::responses::Responses;
use reqwest::{Client, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{failure, read_json as read, refusal, ConnectError, Outgoing};

const POST_COLLECTION: &str = "app.bsky.feed.post";

/// A signed-in session: who it is, and the access and refresh tokens.
#[derive(Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Session {
    pub access_jwt: String,
    pub refresh_jwt: String,
    pub did: String,
    pub handle: String,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("did", &self.did)
            .field("handle", &self.handle)
            .finish_non_exhaustive()
    }
}

/// When to stop using a token (ms since the epoch): a quarter of its life,
/// at most a minute, before it expires, so it is not sent as it runs out.
/// 0 (use it no more) when its `exp` cannot be read.
pub(super) fn use_until(token: &str) -> i64 {
    use base64::Engine as _;
    #[derive(Deserialize)]
    struct Claims {
        exp: i64,
        #[serde(default)]
        iat: Option<i64>,
    }
    let claims = token.split('.').nth(1).and_then(|payload| {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .ok()?;
        serde_json::from_slice::<Claims>(&bytes).ok()
    });
    let Some(claims) = claims else { return 0 };
    let expires = claims.exp.saturating_mul(1_000);
    let life = claims
        .iat
        .map_or(0, |iat| expires - iat.saturating_mul(1_000))
        .max(0);
    expires - (life / 4).min(60_000)
}

/// Whether a network's answer says the token it was sent is out of date
/// (`ExpiredToken`, or `InvalidToken` when the server no longer knows it).
pub(super) fn token_expired(result: &TryResult) -> bool {
    match result {
        TryResult::Refused(what) | TryResult::NeedsReconnecting(what) => {
            what.contains("\"ExpiredToken\"") || what.contains("\"InvalidToken\"")
        }
        _ => false,
    }
}

#[derive(Deserialize)]
struct Blob {
    blob: Value,
}

#[derive(Deserialize)]
struct Created {
    uri: String,
}

/// Signs in with the handle and app password (`createSession`). Bluesky
/// allows 30 of these in 5 minutes, so sessions are kept and refreshed.
pub(super) async fn create_session(
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

/// New tokens for old (`refreshSession`): the refresh token is used up,
/// and the answer holds the next one.
pub(super) async fn refresh_session(
    http: &Client,
    server: &str,
    refresh_jwt: &str,
) -> Result<Session, TryResult> {
    let sent = http
        .post(format!("{server}/xrpc/com.atproto.server.refreshSession"))
        .bearer_auth(refresh_jwt)
        .send()
        .await;
    read(sent).await
}

/// Checks the handle and app password; answers the handle they sign in as,
/// the text limit, and the session, to keep.
pub(super) async fn verify(
    http: &Client,
    server: &str,
    handle: &str,
    password: &str,
) -> Result<(String, usize, Session), ConnectError> {
    match create_session(http, server, handle, password).await {
        Ok(session) => Ok((
            session.handle.clone(),
            app::domain::reach::BLUESKY_LIMIT,
            session,
        )),
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
pub(super) async fn publish(
    http: &Client,
    server: &str,
    session: &Session,
    post: &Outgoing,
) -> TryResult {
    let done = |uri: String| TryResult::Live {
        remote_id: uri,
        url: post_url(&session.handle, &post.record_key),
    };
    match existing(http, server, session, &post.record_key).await {
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
            match existing(http, server, session, &post.record_key).await {
                Ok(Some(uri)) => done(uri),
                _ => result,
            }
        }
    }
}

/// Deletes the post's record (`com.atproto.repo.deleteRecord`). Deleting a
/// record that is not there changes nothing, so a retry after a lost
/// answer deletes nothing twice.
pub(super) async fn delete(
    http: &Client,
    server: &str,
    session: &Session,
    record_key: &str,
) -> TryResult {
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
        Ok(response) => refusal(response).await,
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
    if status == StatusCode::NOT_FOUND {
        return Ok(None);
    }
    match refusal(response).await {
        TryResult::Refused(what) if what.contains("RecordNotFound") => Ok(None),
        result => Err(result),
    }
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
/// AppView. 25 posts a request.
pub(super) async fn responses(
    http: &Client,
    server: &str,
    session: &Session,
    uris: &[String],
) -> Result<Vec<(String, Responses)>, TryResult> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    fn token(claims: Value) -> String {
        let part = |v: &Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string().as_bytes())
        };
        format!(
            "{}.{}.signature",
            part(&json!({"alg": "HS256"})),
            part(&claims)
        )
    }

    #[test]
    fn a_token_is_used_until_a_little_before_it_expires() {
        // Two hours: stop a minute early.
        let two_hours = token(json!({"iat": 1_000, "exp": 8_200}));
        assert_eq!(use_until(&two_hours), 8_200_000 - 60_000);
        // Eight seconds: stop two seconds (a quarter) early.
        let short = token(json!({"iat": 1_000, "exp": 1_008}));
        assert_eq!(use_until(&short), 1_006_000);
        // No issue time: to the end. Unreadable: not at all.
        assert_eq!(use_until(&token(json!({"exp": 5}))), 5_000);
        assert_eq!(use_until("not-a-token"), 0);
        assert_eq!(use_until(&token(json!({"sub": "did:plc:x"}))), 0);
    }

    #[test]
    fn only_an_expired_or_unknown_token_asks_for_a_new_session() {
        let said = |body: &str| TryResult::Refused(format!("400 Bad Request: {body}"));
        assert!(token_expired(&said(
            r#"{"error":"ExpiredToken","message":"Token has expired"}"#
        )));
        assert!(token_expired(&said(r#"{"error":"InvalidToken"}"#)));
        assert!(!token_expired(&said(r#"{"error":"InvalidRequest"}"#)));
        assert!(!token_expired(&TryResult::TryAgain(
            r#"{"error":"ExpiredToken"}"#.into()
        )));
    }

    #[test]
    fn a_session_never_shows_its_tokens_in_the_log() {
        let session = Session {
            access_jwt: "secret-access".into(),
            refresh_jwt: "secret-refresh".into(),
            did: "did:plc:leeds".into(),
            handle: "leeds.test".into(),
        };
        let shown = format!("{session:?}");
        assert!(shown.contains("leeds.test"), "{shown}");
        assert!(!shown.contains("secret"), "{shown}");
    }
}
