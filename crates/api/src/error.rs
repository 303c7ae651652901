//! The one place where errors become HTTP responses: status from the error's kind, body in
//! Grafana's `{"message": "..."}` shape.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use sightline_core::{ErrorKind, HasErrorKind};

/// An error on its way to the client.
#[derive(Debug)]
pub struct ApiError {
    kind: ErrorKind,
    message: String,
    /// Grafana's `status` field for the errors that carry one (see `HasErrorKind::status_tag`).
    status_tag: Option<&'static str>,
    /// Set when the request body was left unread: the connection cannot carry another request,
    /// so the answer says `Connection: close` and no client reuses it.
    close_connection: bool,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ApiError {
            kind,
            message: message.into(),
            status_tag: None,
            close_connection: false,
        }
    }

    /// A 400 for a body refused before it was read in full.
    pub fn body_too_large(message: impl Into<String>) -> Self {
        ApiError {
            close_connection: true,
            ..Self::bad_request(message)
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadRequest, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unauthorized, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Forbidden, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }

    pub fn status(&self) -> StatusCode {
        match self.kind {
            ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
            ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::Conflict => StatusCode::CONFLICT,
            ErrorKind::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ErrorKind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

/// Any domain error converts, carrying its kind; internal details never reach the client.
impl<E> From<E> for ApiError
where
    E: HasErrorKind + std::fmt::Display,
{
    fn from(error: E) -> Self {
        let kind = error.kind();
        let status_tag = error.status_tag();
        let message = match kind {
            ErrorKind::Internal | ErrorKind::Unavailable => {
                tracing::error!(error = %error, "request failed");
                if kind == ErrorKind::Internal {
                    "internal server error".to_string()
                } else {
                    "service unavailable".to_string()
                }
            }
            _ => error.to_string(),
        };
        ApiError {
            kind,
            message,
            status_tag,
            close_connection: false,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = match self.status_tag {
            Some(status_tag) => json!({ "message": self.message, "status": status_tag }),
            None => json!({ "message": self.message }),
        };
        let mut response = (self.status(), Json(body)).into_response();
        if self.close_connection {
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// A `{"message": ...}` success body, as Grafana answers most writes.
pub fn message(text: &str) -> Json<serde_json::Value> {
    Json(json!({ "message": text }))
}
