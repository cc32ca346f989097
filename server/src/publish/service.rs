//! What server functions ask of publishing: connecting and taking off
//! networks, where a post stands, the report, and waking the workers.

use app::domain::outbox::{JobState, Network};
use app::domain::responses::median;
use app::error::AppError;
use app::ports::{PostStore, Publishing};
use app::records::{AccountReport, AuthorLine, ConnectionView, Login, TargetView};
use app::strings;
use async_trait::async_trait;

use super::{bluesky, mastodon, ConnectError, Publisher};
use crate::storage::{Connection, NewConnection};

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
            None => mastodon::verify(&self.http, server, secret)
                .await
                .map(|(name, limit)| (name, limit, None)),
            Some(handle) => bluesky::verify(&self.http, server, handle, secret)
                .await
                .map(|(name, limit, session)| (name, limit, Some(session))),
        };
        let (remote_name, text_limit, session) = checked.map_err(|error| {
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
        // The session made to check the password is the one publishing
        // uses, so connecting costs Bluesky's limits one sign-in.
        if let Some(session) = &session {
            self.keep_session(&connection_id, session)
                .await
                .map_err(server_error)?;
        }
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
            if let Err(error) = cards.card(&tiles).await {
                tracing::warn!(post = %post_id, error = %format!("{error:#}"), "no card drawn ahead");
            }
        });
    }
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
