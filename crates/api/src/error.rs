//! The API's one error type, mapped once to RFC 9457 problem details
//! (`application/problem+json`) at the HTTP edge. Internal causes are logged,
//! never sent to the client.

use crate::db::DbError;
use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use crm_domain::api::{FieldError, Problem, ReportState};
use crm_domain::message::Message;

/// The media type of every error answer.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error answer.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{detail}")]
    Invalid {
        detail: String,
        errors: Vec<FieldError>,
    },
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    /// Signed in with a temporary password: 403 until it is changed.
    #[error("change your temporary password first (POST /api/v1/auth/password)")]
    PasswordChangeRequired,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error("{0}")]
    Conflict(String),
    /// An action the report's current state does not allow (or a stale
    /// version): 409 with the state now.
    #[error("{message}")]
    ReportConflict {
        message: Message,
        current: Box<ReportState>,
    },
    #[error("{0}")]
    PayloadTooLarge(String),
    /// The body did not arrive in time.
    #[error("{0}")]
    RequestTimeout(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Over a limit: try again after `retry_after` seconds.
    #[error("{detail}")]
    TooManyRequests { detail: String, retry_after: u64 },
    /// Too much heavy work under way: try again after `retry_after` seconds.
    #[error("{detail}")]
    Busy { detail: String, retry_after: u64 },
    #[error("{0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
    /// A refusal said with a coded message: `status`, and the message's
    /// English as the detail.
    #[error("{message}")]
    Said {
        status: StatusCode,
        message: Message,
    },
}

impl ApiError {
    /// Invalid input with one bad field, said only in English.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::fields(vec![FieldError::new(field, message)])
    }

    /// Invalid input with one bad field and its coded message.
    pub fn field_said(field: &str, message: Message) -> Self {
        Self::fields(vec![FieldError::said(field, &message)])
    }

    /// 403 with a coded message.
    pub fn forbidden(message: Message) -> Self {
        ApiError::Said {
            status: StatusCode::FORBIDDEN,
            message,
        }
    }

    /// 404 with a coded message.
    pub fn not_found(message: Message) -> Self {
        ApiError::Said {
            status: StatusCode::NOT_FOUND,
            message,
        }
    }

    /// 401 with a coded message.
    pub fn unauthorized(message: Message) -> Self {
        ApiError::Said {
            status: StatusCode::UNAUTHORIZED,
            message,
        }
    }

    /// What is said about the error: its own coded message, or the one of
    /// its kind.
    pub fn message(&self) -> Message {
        match self {
            ApiError::BadRequest(_) => Message::BadRequest,
            ApiError::Invalid { .. } => Message::Invalid,
            ApiError::Unauthorized(_) => Message::Unauthorized,
            ApiError::Forbidden(_) => Message::Forbidden,
            ApiError::PasswordChangeRequired => Message::PasswordChangeRequired,
            ApiError::NotFound(_) => Message::NotFound,
            ApiError::MethodNotAllowed(_) => Message::MethodNotAllowed,
            ApiError::Conflict(_) => Message::Conflict,
            ApiError::ReportConflict { message, .. } => message.clone(),
            ApiError::PayloadTooLarge(_) => Message::PayloadTooLarge,
            ApiError::RequestTimeout(_) => Message::RequestTimeout,
            ApiError::UnsupportedMediaType(_) => Message::UnsupportedMediaType,
            ApiError::TooManyRequests { retry_after, .. } => Message::TooManyRequests {
                retry_after: *retry_after,
            },
            ApiError::Busy { retry_after, .. } => Message::Busy {
                retry_after: *retry_after,
            },
            ApiError::Unavailable(_) => Message::Unavailable,
            ApiError::Internal(_) => Message::Internal,
            ApiError::Said { message, .. } => message.clone(),
        }
    }

    /// Invalid input with several bad fields.
    pub fn fields(errors: Vec<FieldError>) -> Self {
        let detail = errors
            .iter()
            .map(|e| format!("`{}`: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ");
        ApiError::Invalid { detail, errors }
    }

    /// The problem type's slug and title: a few errors have their own, the
    /// rest those of their status.
    fn slug_and_title(&self) -> (&'static str, &'static str) {
        match self {
            ApiError::PasswordChangeRequired => {
                ("password-change-required", "Password change required")
            }
            ApiError::ReportConflict { .. } => {
                ("report-state", "Not possible in the report's current state")
            }
            ApiError::Busy { .. } => ("busy", "Server busy"),
            other => match other.status_code().as_u16() {
                401 => ("unauthorized", "Authentication required"),
                403 => ("forbidden", "Not allowed"),
                404 => ("not-found", "Not found"),
                405 => ("method-not-allowed", "Method not allowed"),
                408 => ("request-timeout", "Request timeout"),
                409 => ("conflict", "Conflict"),
                413 => ("payload-too-large", "Payload too large"),
                415 => ("unsupported-media-type", "Unsupported media type"),
                422 => ("validation", "Invalid request"),
                429 => ("too-many-requests", "Too many requests"),
                503 => ("unavailable", "Service unavailable"),
                500.. => ("internal", "Internal error"),
                _ => ("bad-request", "Bad request"),
            },
        }
    }

    /// The problem document of this error.
    pub fn problem(&self) -> Problem {
        let (slug, title) = self.slug_and_title();
        let message = self.message();
        let (code, params) = message.parts();
        let detail = match self {
            ApiError::Internal(_) => message.to_string(),
            other => other.to_string(),
        };
        Problem {
            request_id: crate::trace::request_id(),
            type_uri: format!("/problems/{slug}"),
            title: title.to_string(),
            status: self.status_code().as_u16(),
            detail,
            code,
            params,
            errors: match self {
                ApiError::Invalid { errors, .. } => Some(errors.clone()),
                _ => None,
            },
            current: match self {
                ApiError::ReportConflict { current, .. } => Some((**current).clone()),
                _ => None,
            },
        }
    }
}

/// A problem+json answer for any status and detail.
pub fn problem_response(problem: &Problem) -> HttpResponse {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = HttpResponse::build(status);
    resp.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
    if status == StatusCode::UNAUTHORIZED {
        resp.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
    }
    resp.body(serde_json::to_string(problem).unwrap_or_default())
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) | ApiError::PasswordChangeRequired => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) | ApiError::ReportConflict { .. } => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) | ApiError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Said { status, .. } => *status,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            log::error!("internal error: {cause}");
        }
        let mut resp = problem_response(&self.problem());
        if let ApiError::TooManyRequests { retry_after, .. } | ApiError::Busy { retry_after, .. } =
            self
        {
            if let Ok(v) = header::HeaderValue::from_str(&retry_after.to_string()) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        resp
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Pool(e) => ApiError::Unavailable(format!("database unavailable: {e}")),
            DbError::Query(e) => e.into(),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => ApiError::NotFound("not found".into()),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                ApiError::Conflict(format!("already exists: {}", info.message()))
            }
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                ApiError::Conflict("a concurrent change won; retry".into())
            }
            // The server went away (the connection is dropped from the
            // pool). A write lost at its commit may still have landed: a
            // channel filing again under its own reference is answered
            // with the report it made, never a second one.
            lost if crate::db::connection::connection_lost(&lost) => {
                ApiError::Unavailable(format!("database connection lost: {lost}"))
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}
