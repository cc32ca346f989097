//! The one error type server functions return, with an easy-read message for
//! each case and the HTTP status the server answers with.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::strings;

/// What went wrong, in words a person can act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Nobody is signed in.
    #[error("{}", strings::ERR_SIGN_IN)]
    SignInNeeded,
    /// Signed in, but this is not yours to do.
    #[error("{}", strings::ERR_NOT_ALLOWED)]
    NotAllowed,
    /// Nobody can approve their own post.
    #[error("{}", strings::ERR_OWN_POST)]
    OwnPost,
    /// The post or account does not exist (or is not yours to see).
    #[error("{}", strings::ERR_NOT_FOUND)]
    NotFound,
    /// The post is not in a state where this can happen.
    #[error("{}", strings::ERR_NOT_NOW)]
    NotNow,
    /// The input was refused; the text says why, in easy-read.
    #[error("{0}")]
    BadInput(String),
    /// Something broke on the server; details are in the server log only.
    #[error("{}", strings::ERR_SERVER)]
    Server,
    /// The request did not reach the server or its answer was unreadable.
    #[error("{}", strings::ERR_NETWORK)]
    Network(String),
}

impl AppError {
    /// The HTTP status the server answers with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::SignInNeeded => 401,
            AppError::NotAllowed | AppError::OwnPost => 403,
            AppError::NotFound => 404,
            AppError::NotNow => 409,
            AppError::BadInput(_) => 422,
            AppError::Server | AppError::Network(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message) => AppError::BadInput(message),
            other => AppError::Network(other.to_string()),
        }
    }
}

impl From<crate::domain::lifecycle::Refusal> for AppError {
    fn from(refusal: crate::domain::lifecycle::Refusal) -> Self {
        use crate::domain::lifecycle::Refusal;
        match refusal {
            Refusal::OwnPost => AppError::OwnPost,
            Refusal::NotNow(_) => AppError::NotNow,
            Refusal::NotTheAuthor | Refusal::NotAChecker | Refusal::SystemOnly => {
                AppError::NotAllowed
            }
        }
    }
}

impl From<crate::domain::review::ReviewRefusal> for AppError {
    fn from(refusal: crate::domain::review::ReviewRefusal) -> Self {
        use crate::domain::review::ReviewRefusal as R;
        match refusal {
            R::Lifecycle(refusal) => refusal.into(),
            R::NoConsent => AppError::NotNow,
            R::AlreadyApproved => AppError::BadInput(strings::ERR_ALREADY_APPROVED.into()),
            R::SameWords => AppError::BadInput(strings::ERR_SAME_WORDS.into()),
        }
    }
}

impl From<crate::domain::approving::ApprovalRefusal> for AppError {
    fn from(refusal: crate::domain::approving::ApprovalRefusal) -> Self {
        use crate::domain::approving::ApprovalRefusal as R;
        AppError::BadInput(
            match refusal {
                R::TimePassed => strings::TIME_PASSED,
                R::TimeTooFar => strings::TIME_TOO_FAR,
                R::DetailsNotChecked => strings::CHECK_DETAILS_FIRST,
                R::NoPhotoConsent => strings::PHOTO_CONSENT_FIRST,
            }
            .into(),
        )
    }
}

impl From<crate::domain::post::TilesError> for AppError {
    fn from(error: crate::domain::post::TilesError) -> Self {
        use crate::domain::post::TilesError;
        AppError::BadInput(
            match error {
                TilesError::TooMany => strings::ERR_TOO_MANY_TILES,
                TilesError::WordTooLong => strings::ERR_WORD_TOO_LONG,
                TilesError::EmptyWord => strings::ERR_EMPTY_WORD,
                TilesError::BadSymbol => strings::ERR_BAD_SYMBOL,
            }
            .to_string(),
        )
    }
}
