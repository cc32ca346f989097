//! Mastodon: who a token posts as, the instance's limits, and one post
//! (its picture card and photos uploaded with their descriptions, then the
//! status with an `Idempotency-Key`, so a retry gets the first status back).

use std::time::Duration;

use app::domain::outbox::TryResult;
use app::domain::responses::Responses;
use reqwest::multipart::{Form, Part};
use reqwest::{Client, RequestBuilder, Response, StatusCode};
use serde::Deserialize;

use super::{read_json as read, ConnectError, Outgoing};

/// Media the server is still processing is asked about this many times.
const MEDIA_POLLS: u32 = 30;

#[derive(Deserialize)]
struct Account {
    acct: String,
}

#[derive(Deserialize)]
struct Instance {
    configuration: Option<Configuration>,
}

#[derive(Deserialize)]
struct Configuration {
    statuses: Option<Statuses>,
}

#[derive(Deserialize)]
struct Statuses {
    max_characters: Option<usize>,
}

#[derive(Deserialize)]
struct Media {
    id: String,
    url: Option<String>,
}

#[derive(Deserialize)]
struct Status {
    id: String,
    url: Option<String>,
    uri: Option<String>,
}

/// Whether `link` is a web page on the connection's own host (same
/// scheme and host; the port may differ behind a proxy). A hostile server could answer with a
/// `javascript:` link or one to another site; those are never kept.
fn is_own_link(server: &str, link: &str) -> bool {
    let (Ok(server), Ok(link)) = (reqwest::Url::parse(server), reqwest::Url::parse(link)) else {
        return false;
    };
    matches!(link.scheme(), "https" | "http")
        && link.scheme() == server.scheme()
        && link.host_str().is_some()
        && link.host_str() == server.host_str()
        && link.username().is_empty()
        && link.password().is_none()
}

/// The server's own page for a status, when its answer gave no good link.
fn fallback_link(server: &str, status_id: &str) -> String {
    let id: String = status_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(64)
        .collect();
    format!("{server}/web/statuses/{id}")
}

fn authorised(request: RequestBuilder, token: &str) -> RequestBuilder {
    request.bearer_auth(token)
}

/// Who `token` posts as on `server` and the server's text limit.
pub async fn verify(
    http: &Client,
    server: &str,
    token: &str,
) -> Result<(String, usize), ConnectError> {
    let response = authorised(
        http.get(format!("{server}/api/v1/accounts/verify_credentials")),
        token,
    )
    .send()
    .await
    .map_err(|_| ConnectError::Unreachable)?;
    if matches!(
        response.status(),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
    ) {
        return Err(ConnectError::Refused);
    }
    let account: Account = ok_json(response)
        .await
        .map_err(|_| ConnectError::Unreachable)?;
    let limit = match http.get(format!("{server}/api/v2/instance")).send().await {
        Ok(response) => ok_json::<Instance>(response)
            .await
            .ok()
            .and_then(|i| i.configuration)
            .and_then(|c| c.statuses)
            .and_then(|s| s.max_characters),
        Err(_) => None,
    };
    Ok((
        format!("@{}", account.acct),
        limit.unwrap_or(app::domain::reach::MASTODON_DEFAULT_LIMIT),
    ))
}

async fn ok_json<T: for<'de> Deserialize<'de>>(response: Response) -> Result<T, String> {
    if !response.status().is_success() {
        return Err(format!("answered {}", response.status()));
    }
    super::bounded_json(response).await
}

/// Sends one post. Every step's failure is sorted into try again, reconnect
/// or refused; nothing is cut to fit.
pub async fn publish(http: &Client, server: &str, token: &str, post: &Outgoing) -> TryResult {
    let mut media_ids = Vec::new();
    for image in &post.images {
        let form = Form::new()
            .part(
                "file",
                Part::bytes(image.bytes.clone())
                    .file_name(image.file_name.clone())
                    .mime_str(image.mime)
                    .unwrap_or_else(|_| Part::bytes(image.bytes.clone())),
            )
            .text("description", image.alt.clone());
        let sent = authorised(http.post(format!("{server}/api/v2/media")), token)
            .multipart(form)
            .send()
            .await;
        let media: Media = match read(sent).await {
            Ok(media) => media,
            Err(result) => return result,
        };
        if media.url.is_none() {
            if let Err(result) = wait_for_media(http, server, token, &media.id).await {
                return result;
            }
        }
        media_ids.push(media.id);
    }
    let body = serde_json::json!({
        "status": post.text,
        "media_ids": media_ids,
        "visibility": "public",
        "language": post.language,
    });
    let sent = authorised(http.post(format!("{server}/api/v1/statuses")), token)
        .header("Idempotency-Key", &post.idempotency_key)
        .json(&body)
        .send()
        .await;
    match read::<Status>(sent).await {
        Ok(status) => {
            let url = [status.url, status.uri]
                .into_iter()
                .flatten()
                .find(|link| is_own_link(server, link))
                .unwrap_or_else(|| fallback_link(server, &status.id));
            TryResult::Live {
                remote_id: status.id,
                url,
            }
        }
        Err(result) => result,
    }
}

/// Asks about uploaded media until the server has processed it.
async fn wait_for_media(
    http: &Client,
    server: &str,
    token: &str,
    id: &str,
) -> Result<(), TryResult> {
    for _ in 0..MEDIA_POLLS {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let sent = authorised(http.get(format!("{server}/api/v1/media/{id}")), token)
            .send()
            .await;
        let media: Media = read(sent).await?;
        if media.url.is_some() {
            return Ok(());
        }
    }
    Err(TryResult::TryAgain("media still processing".into()))
}

/// Deletes one status (`DELETE /api/v1/statuses/:id`). A status that is
/// not there (deleted already, by an earlier try whose answer was lost) is
/// gone too; with no id known there is nothing of ours to delete.
pub async fn delete(
    http: &Client,
    server: &str,
    token: &str,
    status_id: Option<&str>,
) -> TryResult {
    let Some(status_id) = status_id else {
        return TryResult::Gone;
    };
    if status_id.is_empty() || !status_id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return TryResult::Refused(format!("a strange status id: {status_id}"));
    }
    let sent = authorised(
        http.delete(format!("{server}/api/v1/statuses/{status_id}")),
        token,
    )
    .send()
    .await;
    match sent {
        Ok(response) if response.status().is_success() => TryResult::Gone,
        Ok(response) if response.status() == StatusCode::NOT_FOUND => TryResult::Gone,
        Ok(response) => {
            let status = response.status();
            let body = super::bounded_text(response).await;
            super::classify(status, &body)
        }
        Err(error) => super::failure(&error),
    }
}

#[derive(Deserialize)]
struct Counts {
    replies_count: u64,
    reblogs_count: u64,
    favourites_count: u64,
}

/// How people responded to one status: replies, boosts and favourites.
pub async fn responses(
    http: &Client,
    server: &str,
    token: &str,
    status_id: &str,
) -> Result<Responses, TryResult> {
    // The id came from the server; it still goes into a path.
    if status_id.is_empty() || !status_id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(TryResult::Refused(format!(
            "a strange status id: {status_id}"
        )));
    }
    let sent = authorised(
        http.get(format!("{server}/api/v1/statuses/{status_id}")),
        token,
    )
    .send()
    .await;
    let counts: Counts = read(sent).await?;
    Ok(Responses {
        replies: counts.replies_count,
        reposts: counts.reblogs_count,
        likes: counts.favourites_count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_links_on_the_connections_own_server_are_kept() {
        let server = "https://social.example.org";
        assert!(is_own_link(server, "https://social.example.org/@leeds/1"));
        assert!(is_own_link(
            server,
            "https://social.example.org:8443/@leeds/1"
        ));
        for hostile in [
            "javascript:alert(1)",
            "https://evil.example/@leeds/1",
            "http://social.example.org/@leeds/1",
            "https://user:pw@social.example.org/@leeds/1",
            "data:text/html,hi",
            "//social.example.org/@leeds/1",
        ] {
            assert!(!is_own_link(server, hostile), "{hostile}");
        }
    }

    #[test]
    fn the_fallback_link_keeps_only_letters_and_digits_of_the_id() {
        assert_eq!(
            fallback_link("https://m.example", "123\"><script>"),
            "https://m.example/web/statuses/123script"
        );
    }
}
