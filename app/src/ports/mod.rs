//! The server-side services that server functions reach through one context
//! handle. The server crate implements them; the app never touches a database.

use std::sync::Arc;

use async_trait::async_trait;

mod running;
mod store;

pub use running::{NewAccount, NewPerson, OrganisationStore, Running, StaffStore};
pub use store::{
    AccountRecord, AccountStore, ActingFor, BoardStore, HashtagStore, NotificationStore,
    PeopleStore, PictureStore, PostRecord, PostStore, SettingsStore, SignInStore, SignOffRecord,
    SignOffStore, Store,
};

use crate::domain::outbox::Network;
use crate::domain::symbols::SymbolIndex;
use crate::error::AppError;
use crate::records::{AccountReport, ConnectionView, Login, Person, TargetView};

/// Why storage could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The post was not in the expected state, or a newer save already landed.
    #[error("conflict")]
    Conflict,
    /// A save with a newer revision is already stored.
    #[error("stale revision")]
    Stale,
    #[error("storage failed: {0}")]
    Other(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

pub use crate::domain::update::{Approval, Change, KeptVersion, PostUpdate};

/// Connections to other networks and the outbox. Secrets go in and never
/// come out.
#[async_trait]
pub trait Publishing: Send + Sync + 'static {
    /// An account's connections (working or needing reconnecting).
    async fn connections(&self, account_id: &str) -> Result<Vec<ConnectionView>, AppError>;
    /// Checks the login with the network, then keeps it (sealed) for the
    /// account, replacing an earlier connection to the same network.
    async fn connect(
        &self,
        account_id: &str,
        by: &str,
        login: Login,
    ) -> Result<ConnectionView, AppError>;
    /// Forgets an account's connection; its posts not yet out stop.
    async fn take_off(&self, account_id: &str, network: Network, by: &str) -> Result<(), AppError>;
    /// Where one post stands on each network.
    async fn targets(&self, post_id: &str) -> Result<Vec<TargetView>, AppError>;
    /// An account's report (its name left for the caller to fill).
    async fn report(&self, account_id: &str) -> Result<AccountReport, AppError>;
    /// A post was approved (for now or for later): the outbox may have new
    /// work, and the post's card can be drawn ahead.
    fn approved(&self, post_id: &str);
    /// The outbox has new work (a post was taken down).
    fn wake(&self);
}

/// The time, as the server sees it (tests may move it forward).
pub trait Clock: Send + Sync + 'static {
    /// Milliseconds since 1970, UTC.
    fn now_ms(&self) -> i64;
}

/// The one handle server functions use to reach the server's services.
#[derive(Clone)]
pub struct Services {
    pub store: Arc<dyn Store>,
    pub publishing: Arc<dyn Publishing>,
    pub clock: Arc<dyn Clock>,
    pub running: Arc<dyn Running>,
    pub symbols: Arc<SymbolIndex>,
    /// The address people reach this server at, when configured
    /// (`OURVOICE_PUBLIC_URL`), for links printed on sign-in cards.
    pub public_url: Option<String>,
}

/// The services of this request.
pub fn services() -> Result<Services, AppError> {
    leptos::prelude::use_context::<Services>().ok_or_else(|| {
        tracing_log("services missing from context");
        AppError::Server
    })
}

/// Who is signed in, as the server's session layer found them.
#[derive(Clone, Debug, Default)]
pub struct Viewer(pub Option<Person>);

/// The signed-in person, or `SignInNeeded`.
pub async fn signed_in() -> Result<Person, AppError> {
    let axum::Extension(Viewer(person)) = leptos_axum::extract::<axum::Extension<Viewer>>()
        .await
        .map_err(|_| AppError::SignInNeeded)?;
    person.ok_or(AppError::SignInNeeded)
}

/// Sets the HTTP status for an error answer, and passes the result on.
pub fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(code) = axum::http::StatusCode::from_u16(error.status()) {
                options.set_status(code);
            }
        }
    }
    result
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict | StoreError::Stale => AppError::NotNow,
            StoreError::Other(detail) => {
                tracing_log(&detail);
                AppError::Server
            }
        }
    }
}

fn tracing_log(detail: &str) {
    tracing::error!(%detail, "server error");
}
