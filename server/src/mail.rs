//! Email for notifications, when an SMTP server is set:
//! `OURVOICE_SMTP` (`host:port`, plain SMTP, for a relay on the same
//! machine or network) and `OURVOICE_MAIL_FROM`. A background task sends
//! what the notification table holds, so a crash or a down mail server
//! loses nothing: each notification is tried up to five times.

use std::time::Duration;

use app::domain::notify::Kind;
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::task::JoinHandle;

use crate::storage::{Storage, ToEmail};
use app::strings;

/// Where email goes out.
#[derive(Clone, Debug)]
pub struct MailConfig {
    pub host: String,
    pub port: u16,
    pub from: String,
    /// How often to look for notifications to send.
    pub every: Duration,
}

impl MailConfig {
    /// From `OURVOICE_SMTP` and `OURVOICE_MAIL_FROM`; `None` when unset.
    pub fn from_env() -> anyhow::Result<Option<MailConfig>> {
        let Some(smtp) = std::env::var("OURVOICE_SMTP")
            .ok()
            .filter(|v| !v.is_empty())
        else {
            return Ok(None);
        };
        let (host, port) = smtp
            .rsplit_once(':')
            .ok_or_else(|| anyhow::anyhow!("OURVOICE_SMTP must look like host:port"))?;
        let from = std::env::var("OURVOICE_MAIL_FROM")
            .map_err(|_| anyhow::anyhow!("OURVOICE_MAIL_FROM is needed with OURVOICE_SMTP"))?;
        Ok(Some(MailConfig {
            host: host.to_string(),
            port: port.parse()?,
            from,
            every: Duration::from_secs(5),
        }))
    }
}

/// The subject and the easy-read words of a notification's email.
fn message_words(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::WaitingForYou => (strings::NOTE_WAITING, strings::NOTE_WAITING),
        Kind::SentBack => (strings::NOTE_SENT_BACK, strings::NOTE_SENT_BACK),
        Kind::NewWords => (strings::NOTE_NEW_WORDS, strings::NOTE_NEW_WORDS),
        Kind::Approved => (strings::NOTE_APPROVED, strings::NOTE_APPROVED),
        Kind::Published => (strings::NOTE_PUBLISHED, strings::NOTE_PUBLISHED),
        Kind::Reconnect => (strings::RECONNECT_NOTE, strings::RECONNECT_NOTE),
        Kind::TakenDown => (strings::TAKEN_DOWN_NOTE, strings::TAKEN_DOWN_NOTE),
    }
}

fn build(config: &MailConfig, note: &ToEmail, link_base: &str) -> anyhow::Result<Message> {
    let (subject, words) = message_words(note.kind);
    let to: Mailbox = format!("{} <{}>", note.display_name, note.email).parse()?;
    let path = app::domain::notify::link(note.kind, &note.post_id);
    let body = format!(
        "Hello {}.\n\n{words}\n\n{}: {link_base}{path}\n\n{}\n",
        note.display_name,
        strings::OPEN_POST,
        strings::APP_NAME
    );
    Ok(Message::builder()
        .from(config.from.parse()?)
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body)?)
}

/// Starts the task that emails notifications.
pub fn start(storage: Storage, config: MailConfig, link_base: String) -> JoinHandle<()> {
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(config.host.clone())
        .port(config.port)
        .timeout(Some(Duration::from_secs(10)))
        .build();
    tokio::spawn(async move {
        loop {
            if let Err(error) = send_waiting(&storage, &transport, &config, &link_base).await {
                tracing::warn!(%error, "Failed to look for notifications to email");
            }
            tokio::time::sleep(config.every).await;
        }
    })
}

async fn send_waiting(
    storage: &Storage,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    config: &MailConfig,
    link_base: &str,
) -> anyhow::Result<()> {
    for note in storage.notifications_to_email(50).await? {
        let sent = match build(config, &note, link_base) {
            Ok(message) => match transport.send(message).await {
                Ok(_) => true,
                Err(error) => {
                    tracing::warn!(%error, "Failed to send a notification email");
                    false
                }
            },
            Err(error) => {
                tracing::warn!(%error, "Failed to write a notification email");
                false
            }
        };
        storage.record_email(&note.notification_id, sent).await?;
    }
    Ok(())
}
