//! The outbox workers: each takes due jobs with a lease, sends or deletes
//! the post on its network, and records how the try went; scheduled posts
//! and sign-offs are released when their time comes.

use app::domain::outbox::{
    self, after_try, card_alt, idempotency_key, record_key, Network, TryResult,
};
use app::domain::post::post_text;
use app::ports::{PostStore, PostUpdate, Publishing, StoreError};

use super::{bluesky, mastodon, rfc3339, Image, Outgoing, Publisher};
use crate::storage::{Connection, TakenJob};

impl Publisher {
    pub(super) async fn work(&self, name: String) {
        let mut released = None::<std::time::Instant>;
        loop {
            // Scheduled posts are looked for once per rest, not per job.
            if released.is_none_or(|at| at.elapsed() >= self.config.idle) {
                self.release_due().await;
                self.release_sign_offs().await;
                released = Some(std::time::Instant::now());
            }
            let lease = i64::try_from(self.config.lease.as_millis()).unwrap_or(i64::MAX);
            match self.storage.take_job(&name, lease).await {
                Ok(Some(job)) => self.send(&name, job).await,
                Ok(None) => {
                    let _ = tokio::time::timeout(self.config.idle, self.wake.notified()).await;
                }
                Err(error) => {
                    tracing::warn!(error = %format!("{error:#}"), "the outbox could not be read");
                    tokio::time::sleep(self.config.idle).await;
                }
            }
        }
    }

    /// Sends the end-of-day sign-offs whose time has come (see
    /// `Storage::release_sign_offs`).
    pub(super) async fn release_sign_offs(&self) {
        match self.storage.release_sign_offs(self.clock.now_ms()).await {
            Ok(posts) => {
                for post in posts {
                    tracing::info!(%post, "end-of-day sign-off sent");
                    self.approved(&post);
                }
            }
            Err(error) => {
                tracing::warn!(error = %format!("{error:#}"), "sign-offs could not be sent")
            }
        }
    }

    /// Publishes the scheduled posts whose time has come (to the feed at
    /// once; their outbox jobs are written in the same transaction). Another
    /// worker releasing the same post first is fine: the post is no longer
    /// scheduled and this one's update is refused.
    pub(super) async fn release_due(&self) {
        let due = match self.storage.posts_due(self.clock.now_ms()).await {
            Ok(due) => due,
            Err(error) => {
                tracing::warn!(%error, "scheduled posts could not be read");
                return;
            }
        };
        for post_id in due {
            match self
                .storage
                .update_post(&post_id, PostUpdate::release_scheduled())
                .await
            {
                Ok(()) => tracing::info!(post = %post_id, "scheduled post released"),
                Err(StoreError::Conflict) => {}
                Err(error) => {
                    tracing::warn!(post = %post_id, %error, "a scheduled post was not released")
                }
            }
        }
    }

    /// One try at deleting a taken-down post on its network.
    pub(super) async fn delete(&self, worker: &str, job: TakenJob) {
        let network = job.connection.network;
        let result = match self.storage.post(&job.post_id).await {
            Ok(post) => match self
                .sealer
                .open(&job.connection.sealed_secret, &job.connection.connection_id)
            {
                Ok(secret) => {
                    let server = &job.connection.server_url;
                    match network {
                        Network::Mastodon => {
                            mastodon::delete(&self.http, server, &secret, job.remote_id.as_deref())
                                .await
                        }
                        Network::Bluesky => {
                            let key = record_key(&post.post_id, post.created_at);
                            let key = &key;
                            let call = |session: bluesky::Session| async move {
                                settled(bluesky::delete(&self.http, server, &session, key).await)
                            };
                            self.with_bluesky(&job.connection, call)
                                .await
                                .unwrap_or_else(|result| result)
                        }
                    }
                }
                Err(error) => {
                    TryResult::NeedsReconnecting(format!("the secret does not open: {error}"))
                }
            },
            Err(error) => TryResult::TryAgain(format!("could not read the post: {error}")),
        };
        let first_wait = i64::try_from(self.config.first_wait.as_millis()).unwrap_or(i64::MAX);
        let step = outbox::after_delete(job.attempts, &result, self.clock.now_ms(), first_wait);
        let error = result.problem();
        tracing::info!(job = %job.job_id, post = %job.post_id, network = network.as_str(), next = step.state.as_str(), "taking a post down: {result:?}");
        match self
            .storage
            .finish_delete(&job.job_id, worker, &step, error)
            .await
        {
            Ok(true) => {}
            Ok(false) => tracing::warn!(job = %job.job_id, "the lease ended before the delete did"),
            Err(error) => {
                tracing::error!(error = %format!("{error:#}"), job = %job.job_id, "could not record a delete")
            }
        }
    }

    /// One try at one job.
    pub(super) async fn send(&self, worker: &str, job: TakenJob) {
        if job.deleting {
            return self.delete(worker, job).await;
        }
        let network = job.connection.network;
        let result = match self.outgoing(&job).await {
            Ok(post) => {
                let started = std::time::Instant::now();
                let result = self.try_network(&job.connection, &post).await;
                self.metrics
                    .publish_try(network.as_str(), started.elapsed());
                result
            }
            Err(result) => result,
        };
        let now = self.clock.now_ms();
        let first_wait = i64::try_from(self.config.first_wait.as_millis()).unwrap_or(i64::MAX);
        let step = after_try(job.attempts, &result, now, first_wait);
        let remote = match &result {
            TryResult::Live { remote_id, url } => Some((remote_id.as_str(), url.as_str())),
            _ => None,
        };
        let error = result.problem();
        match &result {
            TryResult::Live { url, .. } => {
                tracing::info!(job = %job.job_id, post = %job.post_id, network = network.as_str(), %url, "live")
            }
            other => {
                tracing::warn!(job = %job.job_id, post = %job.post_id, network = network.as_str(), attempt = job.attempts, next = step.state.as_str(), "{:?}", other)
            }
        }
        if matches!(result, TryResult::NeedsReconnecting(_)) {
            if let Err(error) = self
                .storage
                .needs_reconnecting(&job.connection.connection_id, &job.post_id)
                .await
            {
                tracing::error!(error = %format!("{error:#}"), "could not mark a connection");
            }
        }
        match self
            .storage
            .finish_try(&job.job_id, worker, &step, remote, error)
            .await
        {
            Ok(true) => {}
            Ok(false) => {
                tracing::warn!(job = %job.job_id, "the job's lease ended before its try did")
            }
            Err(error) => {
                tracing::error!(error = %format!("{error:#}"), job = %job.job_id, "could not record a try")
            }
        }
    }

    /// The post as the network gets it; a post that cannot fit is refused
    /// here, never cut.
    pub(super) async fn outgoing(&self, job: &TakenJob) -> Result<Outgoing, TryResult> {
        let post = self
            .storage
            .post(&job.post_id)
            .await
            .map_err(|e| TryResult::TryAgain(format!("could not read the post: {e}")))?;
        let network = job.connection.network;
        if !matches!(
            post.status,
            app::domain::lifecycle::Status::Published | app::domain::lifecycle::Status::Publishing
        ) {
            return Err(TryResult::Refused(format!(
                "the post is {}",
                post.status.as_str()
            )));
        }
        let text = post_text(&post.tiles);
        if !network.fits(&text, job.connection.text_limit) {
            return Err(TryResult::Refused(format!(
                "the words do not fit {}",
                network.name()
            )));
        }
        let card = self
            .cards
            .card(&post.tiles)
            .await
            .map_err(|e| TryResult::TryAgain(format!("the card was not drawn: {e:#}")))?;
        let mut images = vec![Image {
            bytes: card,
            mime: "image/png",
            file_name: "card.png".into(),
            alt: card_alt(&post.tiles, network.alt_limit()),
        }];
        for (id, words) in outbox::photos(&post.tiles) {
            let bytes = self
                .photos
                .read(&format!("{id}.jpg"))
                .await
                .map_err(|e| TryResult::TryAgain(format!("a photo was not read: {e:#}")))?
                .ok_or_else(|| TryResult::TryAgain(format!("the photo {id} is missing")))?
                .to_vec();
            images.push(Image {
                bytes,
                mime: "image/jpeg",
                file_name: format!("{id}.jpg"),
                alt: words.chars().take(network.alt_limit()).collect(),
            });
        }
        let created = post.created_at;
        Ok(Outgoing {
            text,
            images,
            language: "en",
            idempotency_key: idempotency_key(&post.post_id, &job.connection.connection_id),
            record_key: record_key(&post.post_id, created),
            created_at: rfc3339(created),
        })
    }

    pub(super) async fn try_network(&self, connection: &Connection, post: &Outgoing) -> TryResult {
        let server = &connection.server_url;
        match connection.network {
            Network::Mastodon => {
                match self
                    .sealer
                    .open(&connection.sealed_secret, &connection.connection_id)
                {
                    Ok(secret) => mastodon::publish(&self.http, server, &secret, post).await,
                    Err(error) => {
                        TryResult::NeedsReconnecting(format!("the secret does not open: {error}"))
                    }
                }
            }
            Network::Bluesky => {
                let call = |session: bluesky::Session| async move {
                    settled(bluesky::publish(&self.http, server, &session, post).await)
                };
                self.with_bluesky(connection, call)
                    .await
                    .unwrap_or_else(|result| result)
            }
        }
    }
}

/// A try's result as done (live or gone) or not, for `with_bluesky`.
fn settled(result: TryResult) -> Result<TryResult, TryResult> {
    match result {
        TryResult::Live { .. } | TryResult::Gone => Ok(result),
        other => Err(other),
    }
}
