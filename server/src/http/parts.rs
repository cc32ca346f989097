//! What the server runs on, opened once at start, and the work that runs
//! beside the requests.

use std::sync::Arc;

use app::ports::Services;
use tokio::task::JoinHandle;

use crate::blobs::Blobs;
use crate::card::CardRenderer;
use crate::media::PhotoStore;
use crate::publish::seal::Sealer;
use crate::publish::Publisher;
use crate::speech::SpeechService;
use crate::storage::Storage;
use crate::{demo, symbols, Config};

/// What the server runs on, opened once at start.
pub(super) struct Parts {
    pub(super) storage: Storage,
    pub(super) photos: PhotoStore,
    pub(super) cards: CardRenderer,
    pub(super) publisher: Arc<Publisher>,
    pub(super) services: Services,
    pub(super) speech: SpeechService,
    /// Where photos, cards and speech are kept.
    pub(super) media: Blobs,
}

impl Parts {
    /// Opens storage (with the demo data when asked), the photo store, the
    /// symbols, the sealing key, the card renderer, the publisher and the
    /// speech cache, and joins them into the services pages reach.
    pub(super) async fn open(config: &Config, demo: bool) -> anyhow::Result<Parts> {
        config.check_shared_key()?;
        let media = Blobs::open(&config.data_dir, &config.media)?;
        match media.not_ready().await {
            None => tracing::info!(media = %media.describe(), "photos, cards and speech kept"),
            Some(why) => tracing::warn!(%why, "photos, cards and speech cannot be kept yet"),
        }
        let photos = PhotoStore::new(media.clone());
        let clock: Arc<dyn app::ports::Clock> =
            Arc::new(crate::clock::ServerClock::new(config.clock_file.clone()));
        let storage = Storage::connect(&config.database_url)
            .await?
            .with_media(media.clone())
            .with_clock(clock.clone());
        if demo {
            demo::seed(&storage, &config.demo_password).await?;
        }
        let symbols = Arc::new(symbols::load_index(&config.symbols_dir)?);
        tracing::info!(symbols = symbols.len(), "symbols loaded");
        let sealer = Sealer::load(config.secret_key.as_deref(), &config.data_dir)?;
        let cards = CardRenderer::new(&config.symbols_dir)?.with_media(media.clone());
        let publisher = Publisher::new(
            storage.clone(),
            clock.clone(),
            sealer,
            cards.clone(),
            photos.clone(),
            config.publish.clone(),
        )?;
        let services = Services {
            store: Arc::new(storage.clone()),
            publishing: publisher.clone(),
            clock,
            running: Arc::new(storage.clone()),
            symbols,
            public_url: config.public_url.clone(),
        };
        let speech = SpeechService::open(media.clone());
        Ok(Parts {
            storage,
            photos,
            cards,
            publisher,
            services,
            speech,
            media,
        })
    }
}

/// The work that runs beside the requests.
pub(super) struct Workers {
    pub(super) session_cleanup: JoinHandle<()>,
    pub(super) mailer: Option<JoinHandle<()>>,
    publishers: Vec<JoinHandle<()>>,
}

impl Workers {
    /// Starts the mailer (when mail is set up; its links start with
    /// `link_base`) and the publisher's workers.
    pub(super) fn start(
        config: &Config,
        parts: &Parts,
        session_cleanup: JoinHandle<()>,
        link_base: String,
    ) -> anyhow::Result<Workers> {
        let mailer = match config.mail.clone() {
            Some(mail) => {
                tracing::info!(host = %mail.host, port = mail.port, tls = ?mail.tls, "emailing notifications");
                Some(crate::mail::start(parts.storage.clone(), mail, link_base)?)
            }
            None => None,
        };
        Ok(Workers {
            session_cleanup,
            mailer,
            publishers: parts.publisher.start(),
        })
    }

    pub(super) fn stop(&self) {
        self.session_cleanup.abort();
        if let Some(mailer) = &self.mailer {
            mailer.abort();
        }
        for worker in &self.publishers {
            worker.abort();
        }
    }
}
