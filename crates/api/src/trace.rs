//! Tracing: every log line of a request carries its request id, from the
//! access line through its database transaction and outbox write to each
//! attempt at delivering the event it made (the id is stored with the
//! outbox row). The id is also sent back as `X-Request-Id` and in every
//! problem answer (`request_id`), so a user's report of an error leads to
//! its lines. Lines are text by default, one JSON object each with
//! `--log-format json`; `RUST_LOG` filters them (default `info`).

use crate::config::LogFormat;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::HttpMessage;
use std::cell::RefCell;
use tracing::Span;
use tracing_actix_web::{RequestId, RootSpanBuilder};
use tracing_subscriber::EnvFilter;

/// The response header that carries the request id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

tokio::task_local! {
    static REQUEST_ID: String;
}

thread_local! {
    /// The request id of the work a blocking thread does for a request.
    static BLOCKING_REQUEST_ID: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Starts writing log lines (also those of the `log` crate) to stderr.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second start in one process (tests) keeps the first subscriber.
    let _ = match format {
        LogFormat::Text => builder.with_ansi(false).try_init(),
        LogFormat::Json => builder.json().with_current_span(true).try_init(),
    };
}

/// The id of the request being served here, if any.
pub fn request_id() -> Option<String> {
    REQUEST_ID
        .try_with(Clone::clone)
        .ok()
        .or_else(|| BLOCKING_REQUEST_ID.with(|c| c.borrow().clone()))
}

/// Wraps work handed to a blocking thread so that it runs in the caller's
/// span and knows the caller's request id.
pub fn carry<T>(f: impl FnOnce() -> T) -> impl FnOnce() -> T {
    let carried = Carried::here();
    move || carried.run(f)
}

/// The caller's span and request id, taken along to the thread that does
/// its work ([`carry`] for work that is handed over as a value).
pub struct Carried {
    id: Option<String>,
    span: Span,
}

impl Carried {
    /// What the current request carries.
    pub fn here() -> Self {
        Carried {
            id: request_id(),
            span: Span::current(),
        }
    }

    /// Runs `f` in the carried span, knowing the carried request id.
    pub fn run<T>(&self, f: impl FnOnce() -> T) -> T {
        let _entered = self.span.enter();
        let before = BLOCKING_REQUEST_ID.with(|c| c.replace(self.id.clone()));
        let out = f();
        BLOCKING_REQUEST_ID.with(|c| c.replace(before));
        out
    }
}

/// The root span of a request: `request_id`, method and path (never the
/// query, which may hold an access token), and one access line at its end.
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        tracing::info_span!(
            "request",
            request_id = %request_id,
            method = %request.method(),
            path = %request.path(),
        )
    }

    fn on_request_end<B: MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        let status = match outcome {
            Ok(res) => res.status().as_u16(),
            Err(e) => e.as_response_error().status_code().as_u16(),
        };
        span.in_scope(|| tracing::info!(status, "answered"));
    }
}

/// Middleware inside the tracing logger: makes the request id known to the
/// handler's task (for problem answers and the outbox) and sends it back.
pub async fn scope_request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req
        .extensions()
        .get::<RequestId>()
        .map(ToString::to_string)
        .unwrap_or_default();
    let mut res = REQUEST_ID.scope(id.clone(), next.call(req)).await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut()
            .insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
    }
    Ok(res)
}
