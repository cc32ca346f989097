//! The one way storage turns database errors into `StoreError`.

use app::ports::StoreError;

/// Any other failure, kept as words for the log.
pub(super) fn other(error: impl std::fmt::Display) -> StoreError {
    StoreError::Other(error.to_string())
}

/// A missing row is "not found"; anything else is kept for the log.
pub(super) fn db(error: sqlx::Error) -> StoreError {
    match error {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        other => StoreError::Other(other.to_string()),
    }
}

/// A unique key already taken means someone else got there first.
pub(super) fn conflict_if_taken(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(e) if e.is_unique_violation() => StoreError::Conflict,
        _ => db(error),
    }
}

/// A database failure while doing `what`, kept with those words for the
/// log (a missing row is still "not found").
pub(super) fn failed(what: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |error| match error {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        other => StoreError::Other(format!("{what}: {other}")),
    }
}
