//! How handlers outside Leptos say no: one error type that is a response
//! (a status and easy-read words), and the extractor that asks for a
//! signed-in person.

use std::borrow::Cow;

use app::ports::{StoreError, Viewer};
use app::records::Person;
use app::strings;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// A handler's refusal or failure: its status and the words the person
/// reads. Failures are logged where they are made; the words never carry
/// the cause.
#[derive(Debug)]
pub struct HttpError {
    status: StatusCode,
    message: Cow<'static, str>,
    form: Form,
}

/// How the words are sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// `{"message": "…"}`, for pages that read the answer.
    Json,
    /// Plain words, for a link the browser opens by itself.
    Text,
}

/// What a handler answers.
pub type HttpResult = Result<Response, HttpError>;

impl HttpError {
    /// A refusal with `status` and easy-read `message`.
    pub fn new(status: StatusCode, message: impl Into<Cow<'static, str>>) -> HttpError {
        HttpError {
            status,
            message: message.into(),
            form: Form::Json,
        }
    }

    /// Nobody is signed in (401).
    pub fn sign_in() -> HttpError {
        HttpError::new(StatusCode::UNAUTHORIZED, strings::ERR_SIGN_IN)
    }

    /// The person may not do this (403).
    pub fn not_allowed() -> HttpError {
        HttpError::new(StatusCode::FORBIDDEN, strings::ERR_NOT_ALLOWED)
    }

    /// Nothing is there (404).
    pub fn not_found() -> HttpError {
        HttpError::new(StatusCode::NOT_FOUND, strings::ERR_NOT_FOUND)
    }

    /// Something broke while doing `what`: logged with its cause, and the
    /// person reads only that something went wrong (500).
    pub fn failed(what: &str, error: impl std::fmt::Display) -> HttpError {
        tracing::error!(error = %error, "{what}");
        HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, strings::ERR_SERVER)
    }

    /// The same, sent as plain words (for a link opened in the browser).
    pub fn as_text(mut self) -> HttpError {
        self.form = Form::Text;
        self
    }

    /// The status it answers with.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        match self.form {
            Form::Json => (
                self.status,
                Json(serde_json::json!({ "message": self.message })),
            )
                .into_response(),
            Form::Text => (self.status, self.message.into_owned()).into_response(),
        }
    }
}

impl From<StoreError> for HttpError {
    fn from(error: StoreError) -> HttpError {
        match error {
            StoreError::NotFound => HttpError::not_found(),
            other => HttpError::failed("storage failed", other),
        }
    }
}

/// The signed-in person, or a 401 with easy-read words. The sign-in layer
/// has already checked the session and cut a card's session down to the
/// card's accounts.
#[derive(Clone, Debug)]
pub struct RequireUser(pub Person);

impl<S: Send + Sync> FromRequestParts<S> for RequireUser {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Viewer>() {
            Some(Viewer(Some(person))) => Ok(RequireUser(person.clone())),
            _ => Err(HttpError::sign_in()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::to_bytes;
    use axum::http::Request;

    async fn body_of(error: HttpError) -> (StatusCode, String) {
        let response = error.into_response();
        let status = response.status();
        let bytes = to_bytes(response.into_body(), 4096).await.expect("a body");
        (status, String::from_utf8(bytes.to_vec()).expect("words"))
    }

    #[tokio::test]
    async fn refusals_carry_easy_read_words_as_json_or_plain() {
        let (status, body) = body_of(HttpError::not_allowed()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let json: serde_json::Value = serde_json::from_str(&body).expect("json");
        assert_eq!(json["message"], strings::ERR_NOT_ALLOWED);
        let (status, body) = body_of(HttpError::not_found().as_text()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body, strings::ERR_NOT_FOUND);
    }

    #[tokio::test]
    async fn a_storage_failure_never_shows_its_cause() {
        let (status, body) =
            body_of(StoreError::Other("disk I/O error at /data".into()).into()).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!body.contains("disk"), "{body}");
        assert!(body.contains(strings::ERR_SERVER));
        let (status, _) = body_of(StoreError::NotFound.into()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn require_user_refuses_nobody_and_passes_the_person() {
        let (mut parts, ()) = Request::new(()).into_parts();
        let refused = RequireUser::from_request_parts(&mut parts, &()).await;
        assert_eq!(
            refused.map(|_| ()).unwrap_err().status(),
            StatusCode::UNAUTHORIZED
        );
        parts.extensions.insert(Viewer(None));
        let refused = RequireUser::from_request_parts(&mut parts, &()).await;
        assert_eq!(
            refused.map(|_| ()).unwrap_err().status(),
            StatusCode::UNAUTHORIZED
        );
        let sam = Person {
            person_id: "p1".into(),
            user_name: "sam".into(),
            display_name: "Sam".into(),
            memberships: vec![],
        };
        parts.extensions.insert(Viewer(Some(sam)));
        let RequireUser(person) = RequireUser::from_request_parts(&mut parts, &())
            .await
            .expect("signed in");
        assert_eq!(person.user_name, "sam");
    }
}
