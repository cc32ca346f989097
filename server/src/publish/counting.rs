//! Counting how people responded: each round asks every network how many
//! liked, shared and replied to each post that is out, and keeps the counts.

use app::domain::outbox::{Network, TryResult};
use app::domain::responses::Responses;

use super::{bluesky, mastodon, Publisher};
use crate::storage::Connection;

impl Publisher {
    /// Fetches how people responded to the live posts that are due (see
    /// `responses::due`), at most 200 a round. A network that does not
    /// answer is asked again next round; nothing else waits for it.
    pub async fn count_responses(&self) {
        let now = self.clock.now_ms();
        let every = i64::try_from(self.config.count_every.as_millis()).unwrap_or(i64::MAX);
        // Counters on other servers share the database: each post of this
        // round is taken under this round's name.
        let worker = format!("count-{}", uuid::Uuid::new_v4());
        let due = match self.storage.jobs_to_count(now, every, 200, &worker).await {
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
                Err(_) => {
                    for (job_id, _) in &jobs {
                        self.let_go(job_id).await;
                    }
                    continue;
                }
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
                    let uris = &uris;
                    let call = |session: bluesky::Session| async move {
                        bluesky::responses(&self.http, server, &session, uris).await
                    };
                    match self.with_bluesky(&connection, call).await {
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
                        tracing::info!(job = %job_id, network = connection.network.as_str(), "not counted: {why:?}");
                        self.let_go(&job_id).await;
                    }
                }
            }
        }
    }

    /// Lets go of a post this round could not count.
    async fn let_go(&self, job_id: &str) {
        if let Err(error) = self.storage.release_count(job_id).await {
            tracing::warn!(error = %format!("{error:#}"), "could not let go of a count");
        }
    }
}
