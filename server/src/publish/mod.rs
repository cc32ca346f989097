//! The outbox: approved posts go out to each connected network exactly once.
//! Approval writes one job per connection in its own transaction (see
//! `storage::publish`); workers here take due jobs with a lease, send them,
//! and record how the try went. A crash between sending and recording is
//! safe: Mastodon gets the same `Idempotency-Key` on every try and Bluesky
//! the same record key, so a retry finds the first attempt.

mod bluesky;
mod mastodon;
pub mod seal;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use app::domain::outbox::{
    self, after_try, card_alt, idempotency_key, record_key, JobState, Network, TryResult,
};
use app::domain::post::post_text;
use app::domain::responses::{median, Responses};
use app::error::AppError;
use app::ports::{Clock, PostStore, PostUpdate, Publishing, StoreError};
use app::records::{AccountReport, AuthorLine, ConnectionView, Login, TargetView};
use app::strings;
use async_trait::async_trait;
use reqwest::{Client, StatusCode};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::card::CardRenderer;
use crate::storage::{Connection, NewConnection, Storage, TakenJob};
use seal::Sealer;

/// How the outbox runs.
#[derive(Clone, Debug)]
pub struct PublishConfig {
    /// Longest wait for one request to a network.
    pub timeout: Duration,
    /// Workers in this process.
    pub workers: usize,
    /// Longest rest between looks at the outbox (a new approval wakes the
    /// workers at once).
    pub idle: Duration,
    /// The wait after a first failed try (it doubles after each).
    pub first_wait: Duration,
    /// How long a worker holds a job (`OURVOICE_PUBLISH_LEASE_SECONDS`);
    /// after it, another worker may take the job again. A retry never
    /// posts twice, so a short lease only costs a repeated request.
    pub lease: Duration,
    /// How often live posts' responses are counted
    /// (`OURVOICE_RESPONSES_SECONDS`, default 15 minutes; a post's first
    /// day only, then every 6 hours, for 30 days).
    pub count_every: Duration,
}

impl PublishConfig {
    /// The defaults, with the lease from `OURVOICE_PUBLISH_LEASE_SECONDS`.
    pub fn from_env() -> anyhow::Result<PublishConfig> {
        let mut config = PublishConfig::default();
        if let Some(seconds) = std::env::var("OURVOICE_PUBLISH_LEASE_SECONDS")
            .ok()
            .filter(|v| !v.trim().is_empty())
        {
            let seconds: u64 = seconds
                .trim()
                .parse()
                .map_err(|_| anyhow::anyhow!("OURVOICE_PUBLISH_LEASE_SECONDS must be a number"))?;
            config.lease = Duration::from_secs(seconds.max(1));
        }
        if let Some(seconds) = std::env::var("OURVOICE_RESPONSES_SECONDS")
            .ok()
            .filter(|v| !v.trim().is_empty())
        {
            let seconds: u64 = seconds
                .trim()
                .parse()
                .map_err(|_| anyhow::anyhow!("OURVOICE_RESPONSES_SECONDS must be a number"))?;
            config.count_every = Duration::from_secs(seconds.max(1));
        }
        Ok(config)
    }
}

impl Default for PublishConfig {
    fn default() -> Self {
        PublishConfig {
            timeout: Duration::from_secs(30),
            workers: 2,
            idle: Duration::from_secs(2),
            first_wait: Duration::from_millis(outbox::FIRST_WAIT_MS as u64),
            lease: Duration::from_millis(outbox::LEASE_MS as u64),
            count_every: Duration::from_secs(15 * 60),
        }
    }
}

/// Why a connection could not be made.
#[derive(Debug, PartialEq, Eq)]
pub enum ConnectError {
    /// The server said no to the token or password.
    Refused,
    /// The server could not be reached or answered nonsense.
    Unreachable,
}

/// One picture to send, with its alt text.
#[derive(Clone, Debug)]
pub struct Image {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub file_name: String,
    pub alt: String,
}

/// A post as it goes out.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub text: String,
    pub images: Vec<Image>,
    pub language: &'static str,
    pub idempotency_key: String,
    pub record_key: String,
    /// RFC 3339.
    pub created_at: String,
}

/// What the network's answer means for the job.
pub(crate) fn classify(status: StatusCode, body: &str) -> TryResult {
    let said: String = body.chars().take(200).collect();
    let what = format!("{status}: {said}");
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => TryResult::NeedsReconnecting(what),
        StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_MANY_REQUESTS => TryResult::TryAgain(what),
        s if s.is_server_error() => TryResult::TryAgain(what),
        _ => TryResult::Refused(what),
    }
}

/// A request that got no answer: always worth another try.
pub(crate) fn failure(error: &reqwest::Error) -> TryResult {
    let kind = if error.is_timeout() {
        "no answer in time"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "the request failed"
    };
    TryResult::TryAgain(kind.to_string())
}

/// The most of any one network answer that is read: a hostile or broken
/// server cannot fill the memory.
pub(crate) const ANSWER_LIMIT: usize = 1024 * 1024;

/// A network answer's body, at most [`ANSWER_LIMIT`] bytes.
pub(crate) async fn bounded_body(mut response: reqwest::Response) -> Result<Vec<u8>, String> {
    if response
        .content_length()
        .is_some_and(|length| length > ANSWER_LIMIT as u64)
    {
        return Err("the answer is too long".into());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| format!("the answer broke off: {e}"))?
    {
        if body.len() + chunk.len() > ANSWER_LIMIT {
            return Err("the answer is too long".into());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A network's JSON answer, read within [`ANSWER_LIMIT`].
pub(crate) async fn bounded_json<T: for<'de> serde::Deserialize<'de>>(
    response: reqwest::Response,
) -> Result<T, String> {
    let body = bounded_body(response).await?;
    serde_json::from_slice(&body).map_err(|e| format!("unreadable answer: {e}"))
}

/// A network's refusal, as text for sorting it (empty when unreadable).
pub(crate) async fn bounded_text(response: reqwest::Response) -> String {
    bounded_body(response)
        .await
        .map(|body| String::from_utf8_lossy(&body).into_owned())
        .unwrap_or_default()
}

/// Reads a network's JSON answer, sorting a failure into try again,
/// reconnect or refused.
pub(crate) async fn read_json<T: for<'de> serde::Deserialize<'de>>(
    sent: Result<reqwest::Response, reqwest::Error>,
) -> Result<T, TryResult> {
    let response = sent.map_err(|error| failure(&error))?;
    let status = response.status();
    if status.is_success() {
        return bounded_json(response).await.map_err(TryResult::TryAgain);
    }
    let body = bounded_text(response).await;
    Err(classify(status, &body))
}

/// Connections, the outbox and its workers.
pub struct Publisher {
    storage: Storage,
    clock: Arc<dyn Clock>,
    sealer: Sealer,
    http: Client,
    cards: CardRenderer,
    photos_dir: PathBuf,
    wake: Notify,
    config: PublishConfig,
}

impl Publisher {
    pub fn new(
        storage: Storage,
        clock: Arc<dyn Clock>,
        sealer: Sealer,
        cards: CardRenderer,
        photos_dir: PathBuf,
        config: PublishConfig,
    ) -> anyhow::Result<Arc<Publisher>> {
        let http = Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("OurVoice/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Arc::new(Publisher {
            storage,
            clock,
            sealer,
            http,
            cards,
            photos_dir,
            wake: Notify::new(),
            config,
        }))
    }

    /// Starts the workers and the response counter (none with no
    /// workers); they stop when the returned tasks are aborted.
    pub fn start(self: &Arc<Self>) -> Vec<JoinHandle<()>> {
        let mut tasks: Vec<JoinHandle<()>> = (0..self.config.workers)
            .map(|n| {
                let publisher = Arc::clone(self);
                let name = format!("{}-{n}", crate::storage::new_id());
                tokio::spawn(async move { publisher.work(name).await })
            })
            .collect();
        if self.config.workers > 0 {
            let publisher = Arc::clone(self);
            tasks.push(tokio::spawn(async move {
                loop {
                    tokio::time::sleep(publisher.config.count_every).await;
                    publisher.count_responses().await;
                }
            }));
        }
        tasks
    }

    /// Fetches how people responded to the live posts that are due (see
    /// `responses::due`), at most 200 a round. A network that does not
    /// answer is asked again next round; nothing else waits for it.
    pub async fn count_responses(&self) {
        let now = self.clock.now_ms();
        let every = i64::try_from(self.config.count_every.as_millis()).unwrap_or(i64::MAX);
        let due = match self.storage.jobs_to_count(now, every, 200).await {
            Ok(due) => due,
            Err(error) => {
                tracing::warn!(error = %format!("{error:#}"), "could not list posts to count");
                return;
            }
        };
        let mut by_connection: Vec<(Connection, Vec<(String, String)>)> = Vec::new();
        for job in due {
            let pair = (job.job_id, job.remote_id);
            match by_connection
                .iter_mut()
                .find(|(c, _)| c.connection_id == job.connection.connection_id)
            {
                Some((_, jobs)) => jobs.push(pair),
                None => by_connection.push((job.connection, vec![pair])),
            }
        }
        for (connection, jobs) in by_connection {
            let secret = match self
                .sealer
                .open(&connection.sealed_secret, &connection.connection_id)
            {
                Ok(secret) => secret,
                Err(_) => continue,
            };
            let server = &connection.server_url;
            let counted: Vec<(String, Result<Responses, TryResult>)> = match connection.network {
                Network::Mastodon => {
                    let mut out = Vec::new();
                    for (job_id, status_id) in jobs {
                        let counts =
                            mastodon::responses(&self.http, server, &secret, &status_id).await;
                        out.push((job_id, counts));
                    }
                    out
                }
                Network::Bluesky => {
                    let uris: Vec<String> = jobs.iter().map(|(_, uri)| uri.clone()).collect();
                    let handle = &connection.remote_name;
                    match bluesky::responses(&self.http, server, handle, &secret, &uris).await {
                        Ok(found) => jobs
                            .into_iter()
                            .filter_map(|(job_id, uri)| {
                                let counts = found.iter().find(|(u, _)| *u == uri)?.1;
                                Some((job_id, Ok(counts)))
                            })
                            .collect(),
                        Err(why) => jobs
                            .into_iter()
                            .map(|(id, _)| (id, Err(why.clone())))
                            .collect(),
                    }
                }
            };
            for (job_id, counts) in counted {
                match counts {
                    Ok(counts) => {
                        if let Err(error) = self.storage.save_counts(&job_id, &counts, now).await {
                            tracing::warn!(error = %format!("{error:#}"), "could not keep counts");
                        }
                    }
                    Err(why) => {
                        tracing::info!(job = %job_id, network = connection.network.as_str(), "not counted: {why:?}")
                    }
                }
            }
        }
    }

    async fn work(&self, name: String) {
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
    async fn release_sign_offs(&self) {
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
    async fn release_due(&self) {
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
    async fn delete(&self, worker: &str, job: TakenJob) {
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
                            let handle = &job.connection.remote_name;
                            bluesky::delete(&self.http, server, handle, &secret, &key).await
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
        let error = match &result {
            TryResult::TryAgain(why)
            | TryResult::NeedsReconnecting(why)
            | TryResult::Refused(why) => Some(why.as_str()),
            TryResult::Live { .. } | TryResult::Gone => None,
        };
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
    async fn send(&self, worker: &str, job: TakenJob) {
        if job.deleting {
            return self.delete(worker, job).await;
        }
        let network = job.connection.network;
        let result = match self.outgoing(&job).await {
            Ok(post) => self.try_network(&job.connection, &post).await,
            Err(result) => result,
        };
        let now = self.clock.now_ms();
        let first_wait = i64::try_from(self.config.first_wait.as_millis()).unwrap_or(i64::MAX);
        let step = after_try(job.attempts, &result, now, first_wait);
        let (remote, error) = match &result {
            TryResult::Live { remote_id, url } => (Some((remote_id.as_str(), url.as_str())), None),
            TryResult::TryAgain(why)
            | TryResult::NeedsReconnecting(why)
            | TryResult::Refused(why) => (None, Some(why.as_str())),
            TryResult::Gone => (None, None),
        };
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
    async fn outgoing(&self, job: &TakenJob) -> Result<Outgoing, TryResult> {
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
        let renderer = self.cards.clone();
        let tiles = post.tiles.clone();
        let card = tokio::task::spawn_blocking(move || renderer.card(&tiles))
            .await
            .map_err(|e| TryResult::TryAgain(format!("the card was not drawn: {e}")))?
            .map_err(|e| TryResult::TryAgain(format!("the card was not drawn: {e:#}")))?;
        let mut images = vec![Image {
            bytes: card,
            mime: "image/png",
            file_name: "card.png".into(),
            alt: card_alt(&post.tiles, network.alt_limit()),
        }];
        for (id, words) in outbox::photos(&post.tiles) {
            let path = self.photos_dir.join(format!("{id}.jpg"));
            let bytes = tokio::fs::read(&path)
                .await
                .map_err(|e| TryResult::TryAgain(format!("a photo is missing: {e}")))?;
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

    async fn try_network(&self, connection: &Connection, post: &Outgoing) -> TryResult {
        let secret = match self
            .sealer
            .open(&connection.sealed_secret, &connection.connection_id)
        {
            Ok(secret) => secret,
            Err(error) => {
                return TryResult::NeedsReconnecting(format!("the secret does not open: {error}"))
            }
        };
        let server = &connection.server_url;
        match connection.network {
            Network::Mastodon => mastodon::publish(&self.http, server, &secret, post).await,
            Network::Bluesky => {
                bluesky::publish(&self.http, server, &connection.remote_name, &secret, post).await
            }
        }
    }
}

fn rfc3339(millis: i64) -> String {
    let nanos = i128::from(millis) * 1_000_000;
    time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

fn server_error(error: impl Into<anyhow::Error>) -> AppError {
    let error = error.into();
    tracing::error!(error = %format!("{error:#}"), "publishing");
    AppError::Server
}

fn view(connection: Connection) -> ConnectionView {
    ConnectionView {
        network: connection.network,
        server_url: connection.server_url,
        remote_name: connection.remote_name,
        working: connection.working,
    }
}

#[async_trait]
impl Publishing for Publisher {
    async fn connections(&self, account_id: &str) -> Result<Vec<ConnectionView>, AppError> {
        let list = self
            .storage
            .connections(account_id)
            .await
            .map_err(server_error)?;
        Ok(list.into_iter().map(view).collect())
    }

    async fn connect(
        &self,
        account_id: &str,
        by: &str,
        login: Login,
    ) -> Result<ConnectionView, AppError> {
        let (network, server, name_given, secret) = match &login {
            Login::Mastodon {
                server_url,
                access_token,
            } => (Network::Mastodon, server_url, None, access_token),
            Login::Bluesky {
                server_url,
                handle,
                app_password,
            } => (Network::Bluesky, server_url, Some(handle), app_password),
        };
        let checked = match name_given {
            None => mastodon::verify(&self.http, server, secret).await,
            Some(handle) => bluesky::verify(&self.http, server, handle, secret).await,
        };
        let (remote_name, text_limit) = checked.map_err(|error| {
            AppError::BadInput(
                match error {
                    ConnectError::Refused => strings::CONNECT_REFUSED,
                    ConnectError::Unreachable => strings::CONNECT_UNREACHABLE,
                }
                .into(),
            )
        })?;
        let connection_id = self
            .storage
            .connection_id(account_id, network)
            .await
            .map_err(server_error)?;
        let sealed = self
            .sealer
            .seal(secret, &connection_id)
            .map_err(server_error)?;
        let new = NewConnection {
            account_id,
            network,
            server_url: server,
            remote_name: &remote_name,
            text_limit,
            by,
        };
        self.storage
            .save_connection(&connection_id, new, &sealed)
            .await
            .map_err(server_error)?;
        tracing::info!(account = account_id, network = network.as_str(), %remote_name, "connected");
        self.wake.notify_waiters();
        Ok(ConnectionView {
            network,
            server_url: server.clone(),
            remote_name,
            working: true,
        })
    }

    async fn take_off(&self, account_id: &str, network: Network, by: &str) -> Result<(), AppError> {
        let removed = self
            .storage
            .remove_connection(account_id, network, by)
            .await
            .map_err(server_error)?;
        if removed {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    async fn targets(&self, post_id: &str) -> Result<Vec<TargetView>, AppError> {
        let jobs = self
            .storage
            .jobs_of_post(post_id)
            .await
            .map_err(server_error)?;
        Ok(jobs
            .into_iter()
            .map(|job| TargetView {
                network: job.network,
                state: job.state,
                attempts: job.attempts,
                url: job.remote_url.filter(|_| job.state == JobState::Live),
                responses: job.responses.filter(|_| job.state == JobState::Live),
            })
            .collect())
    }

    async fn report(&self, account_id: &str) -> Result<AccountReport, AppError> {
        let authors = self
            .storage
            .author_counts(account_id)
            .await
            .map_err(server_error)?;
        let waits = self
            .storage
            .times_to_approval(account_id)
            .await
            .map_err(server_error)?;
        Ok(AccountReport {
            account_id: account_id.to_string(),
            account_name: String::new(),
            authors: authors
                .into_iter()
                .map(|a| AuthorLine {
                    author_name: a.author_name,
                    posts: a.posts,
                    responses: a.responses,
                })
                .collect(),
            approved: waits.len() as u64,
            median_wait_ms: median(waits),
        })
    }

    fn wake(&self) {
        self.wake.notify_waiters();
    }

    fn approved(&self, post_id: &str) {
        self.wake.notify_waiters();
        // Draw the card now, while the post waits for its turn: every
        // network and the feed then use the kept one.
        let (storage, cards, post_id) = (
            self.storage.clone(),
            self.cards.clone(),
            post_id.to_string(),
        );
        tokio::spawn(async move {
            let tiles = match storage.post(&post_id).await {
                Ok(post) => post.tiles,
                Err(error) => {
                    tracing::warn!(post = %post_id, %error, "no card drawn ahead");
                    return;
                }
            };
            let drawn = tokio::task::spawn_blocking(move || cards.card(&tiles)).await;
            if let Ok(Err(error)) = drawn {
                tracing::warn!(post = %post_id, error = %format!("{error:#}"), "no card drawn ahead");
            }
        });
    }
}

#[cfg(test)]
mod answer_limit_tests {
    use super::{bounded_body, ANSWER_LIMIT};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A loopback server that answers `size` bytes, either with their
    /// length declared or in chunks of unknown length.
    async fn hostile_server(size: usize, chunked: bool) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.expect("accept");
            let mut request = [0u8; 4096];
            let _ = socket.read(&mut request).await;
            let body = vec![b'x'; size];
            if chunked {
                let head = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
                let _ = socket.write_all(head.as_bytes()).await;
                for chunk in body.chunks(64 * 1024) {
                    let _ = socket
                        .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                        .await;
                    let _ = socket.write_all(chunk).await;
                    let _ = socket.write_all(b"\r\n").await;
                }
                let _ = socket.write_all(b"0\r\n\r\n").await;
            } else {
                let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {size}\r\n\r\n");
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(&body).await;
            }
        });
        format!("http://{address}/")
    }

    #[tokio::test]
    async fn an_answer_over_the_limit_is_refused_with_or_without_a_length() {
        for chunked in [false, true] {
            let url = hostile_server(ANSWER_LIMIT + 1, chunked).await;
            let response = reqwest::get(url).await.expect("get");
            assert_eq!(
                bounded_body(response).await,
                Err("the answer is too long".to_string()),
                "chunked: {chunked}"
            );
        }
    }

    #[tokio::test]
    async fn an_answer_at_the_limit_is_read_whole() {
        for chunked in [false, true] {
            let url = hostile_server(ANSWER_LIMIT, chunked).await;
            let response = reqwest::get(url).await.expect("get");
            assert_eq!(
                bounded_body(response).await.map(|body| body.len()),
                Ok(ANSWER_LIMIT),
                "chunked: {chunked}"
            );
        }
    }
}
