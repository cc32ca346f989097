//! Email for notifications, when an SMTP server is set:
//! `OURVOICE_SMTP` (`host:port`) and `OURVOICE_MAIL_FROM`. Mail goes over
//! STARTTLS whenever the server offers it (`OURVOICE_SMTP_TLS` can require
//! it, or turn it off for a relay on the same machine; `OURVOICE_SMTP_CA`
//! names a PEM file of a private relay's certificate authority). A
//! background task sends what the notification table holds, so a crash or
//! a down mail server loses nothing: each notification is tried up to five
//! times.

use std::time::Duration;

use app::domain::notify::Kind;
use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
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
    /// Whether the connection is encrypted.
    pub tls: MailTls,
    /// A private certificate authority to trust besides the public ones
    /// (PEM).
    pub ca_pem: Option<Vec<u8>>,
}

/// How mail is protected on its way to the relay.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MailTls {
    /// STARTTLS whenever the relay offers it (the default).
    #[default]
    WhenOffered,
    /// STARTTLS or no mail at all.
    Required,
    /// Plain SMTP, for a relay on the same machine.
    Off,
}

impl std::str::FromStr for MailTls {
    type Err = anyhow::Error;

    fn from_str(value: &str) -> anyhow::Result<MailTls> {
        match value {
            "" | "when-offered" => Ok(MailTls::WhenOffered),
            "required" => Ok(MailTls::Required),
            "off" => Ok(MailTls::Off),
            other => {
                anyhow::bail!("OURVOICE_SMTP_TLS is when-offered, required or off, not {other:?}")
            }
        }
    }
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
        let tls = std::env::var("OURVOICE_SMTP_TLS")
            .unwrap_or_default()
            .parse()?;
        let ca_pem = match std::env::var("OURVOICE_SMTP_CA") {
            Ok(path) if !path.is_empty() => Some(
                std::fs::read(&path)
                    .map_err(|e| anyhow::anyhow!("OURVOICE_SMTP_CA {path}: {e}"))?,
            ),
            _ => None,
        };
        let config = MailConfig {
            host: host.to_string(),
            port: port.parse()?,
            from,
            every: Duration::from_secs(5),
            tls,
            ca_pem,
        };
        // A bad certificate file stops the start, not every email.
        config.transport()?;
        Ok(Some(config))
    }

    /// The SMTP connection this configuration describes.
    pub fn transport(&self) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
        let tls = match self.tls {
            MailTls::Off => Tls::None,
            wanted => {
                let mut parameters = TlsParameters::builder(self.host.clone());
                if let Some(pem) = &self.ca_pem {
                    parameters = parameters.add_root_certificate(Certificate::from_pem(pem)?);
                }
                let parameters = parameters.build_rustls()?;
                if wanted == MailTls::Required {
                    Tls::Required(parameters)
                } else {
                    Tls::Opportunistic(parameters)
                }
            }
        };
        Ok(
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(self.host.clone())
                .port(self.port)
                .tls(tls)
                .timeout(Some(Duration::from_secs(10)))
                .build(),
        )
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
        Kind::PicturesSet | Kind::CardMade | Kind::PicturesLocked => {
            (strings::NOTE_SIGN_IN_NEWS, strings::NOTE_SIGN_IN_NEWS)
        }
    }
}

fn build(config: &MailConfig, note: &ToEmail, link_base: &str) -> anyhow::Result<Message> {
    let (subject, words) = message_words(note.kind);
    let words = match &note.about {
        Some(about) if note.kind.about_a_person() => {
            app::notifications::about_a_person(note.kind, &about.by, &about.subject)
        }
        _ => words.to_string(),
    };
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
pub fn start(
    storage: Storage,
    config: MailConfig,
    link_base: String,
) -> anyhow::Result<JoinHandle<()>> {
    let transport = config.transport()?;
    // Other servers on the same database send email too: each email is
    // taken under this sender's name before it goes.
    let worker = format!("mail-{}", uuid::Uuid::new_v4());
    Ok(tokio::spawn(async move {
        loop {
            if let Err(error) =
                send_waiting(&storage, &transport, &config, &link_base, &worker).await
            {
                tracing::warn!(%error, "Failed to look for notifications to email");
            }
            tokio::time::sleep(config.every).await;
        }
    }))
}

async fn send_waiting(
    storage: &Storage,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    config: &MailConfig,
    link_base: &str,
    worker: &str,
) -> anyhow::Result<()> {
    for note in storage.notifications_to_email(50).await? {
        if !storage.claim_email(&note.notification_id, worker).await? {
            continue;
        }
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
