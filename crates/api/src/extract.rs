//! Request-body and query extractors that turn every kind of bad input into a
//! problem naming what is wrong: malformed JSON (400), a wrong type or an
//! unknown enum value at a named field (422), a failed field rule (422), a
//! wrong media type (415), an oversize body (413).

use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::error::{PayloadError, QueryPayloadError};
use actix_web::{http::header, web, FromRequest, HttpRequest};
use crm_domain::api::FieldError;
use crm_domain::message::Message;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

/// Largest JSON body accepted, in bytes.
pub const JSON_LIMIT: usize = 256 * 1024;

/// A JSON body that parsed and passed its field rules.
pub struct ValidJson<T>(pub T);

impl<T> FromRequest for ValidJson<T>
where
    T: DeserializeOwned + Validate + 'static,
{
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = has_media_type(req, &["application/json", "+json"]);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::UnsupportedMediaType(
                    "the body must be JSON (Content-Type: application/json)".into(),
                ));
            }
            let body = tokio::time::timeout(JSON_BODY_TIMEOUT, bytes)
                .await
                .map_err(|_| body_timeout())?
                .map_err(payload_error)?;
            parse_json(&body).map(ValidJson)
        })
    }
}

/// Parses and validates a JSON document.
pub fn parse_json<T: DeserializeOwned + Validate>(body: &[u8]) -> Result<T, ApiError> {
    if body.is_empty() {
        return Err(ApiError::BadRequest(
            "the request body is empty; JSON expected".into(),
        ));
    }
    let de = &mut serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                let field = if path == "." {
                    "body".to_string()
                } else {
                    path
                };
                ApiError::field(&field, strip_position(&inner.to_string()))
            }
            _ => ApiError::BadRequest(format!("malformed JSON: {inner}")),
        }
    })?;
    value
        .validate()
        .map_err(|e| ApiError::fields(flatten(&e, "")))?;
    Ok(value)
}

/// serde_json's messages end in " at line L column C", which says nothing
/// once the field is named.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Every failed rule, with its field path.
pub fn flatten(errors: &ValidationErrors, prefix: &str) -> Vec<FieldError> {
    let mut out = Vec::new();
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(errs) => {
                for e in errs {
                    let mut fe = FieldError::new(path.clone(), describe(e));
                    if let Some(m) = coded(e) {
                        (fe.code, fe.params) = m.parts();
                    }
                    out.push(fe);
                }
            }
            ValidationErrorsKind::Struct(inner) => out.extend(flatten(inner, &path)),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    out.extend(flatten(inner, &format!("{path}[{i}]")));
                }
            }
        }
    }
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

/// The coded message of a failed length or range rule.
fn coded(e: &validator::ValidationError) -> Option<Message> {
    let int = |k: &str| e.params.get(k).and_then(|v| v.as_f64()).map(|v| v as i64);
    match e.code.as_ref() {
        "length" => {
            let len = e
                .params
                .get("value")
                .and_then(|v| v.as_str())
                .map(|v| v.chars().count());
            match (len, int("min"), int("max")) {
                (Some(0), Some(_), _) => Some(Message::Required),
                (Some(n), _, Some(max)) if n as i64 > max => Some(Message::TooLong {
                    max: max.max(0) as u64,
                }),
                _ => None,
            }
        }
        "range" => match (int("min"), int("max")) {
            (Some(min), Some(max)) => Some(Message::OutOfRange { min, max }),
            _ => None,
        },
        _ => None,
    }
}

fn describe(e: &validator::ValidationError) -> String {
    if let Some(m) = &e.message {
        return m.to_string();
    }
    let p = |k: &str| e.params.get(k).map(|v| v.to_string());
    match e.code.as_ref() {
        "length" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("length must be between {min} and {max}"),
            (Some(min), None) => format!("length must be at least {min}"),
            (None, Some(max)) => format!("length must be at most {max}"),
            _ => "invalid length".into(),
        },
        "range" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            _ => "out of range".into(),
        },
        code => format!("invalid ({code})"),
    }
}

/// A numeric id from the path; anything else is a 404 naming `what`.
pub fn path_id(raw: &str, what: &str) -> Result<i64, ApiError> {
    raw.parse()
        .map_err(|_| ApiError::NotFound(format!("no {what} `{raw}`")))
}

/// Reads a streamed body of at most `limit` bytes.
/// How long a JSON body may take to arrive in all.
pub const JSON_BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);
/// How long a streamed upload may pause between two chunks (a client that
/// trickles its body a byte at a time cannot hold a connection for long).
pub const BODY_IDLE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The answer to a body that stopped arriving.
pub fn body_timeout() -> ApiError {
    ApiError::RequestTimeout("the request body stopped arriving; send it again".into())
}

pub async fn read_limited(body: web::Payload, limit: usize) -> Result<web::BytesMut, ApiError> {
    read_within(body, limit, BODY_IDLE_TIMEOUT).await
}

/// Reads a body of at most `limit` bytes, each chunk within `idle` of the
/// one before.
async fn read_within<S>(
    mut body: S,
    limit: usize,
    idle: std::time::Duration,
) -> Result<web::BytesMut, ApiError>
where
    S: futures_util::Stream<Item = Result<web::Bytes, actix_web::error::PayloadError>> + Unpin,
{
    use futures_util::StreamExt;
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = tokio::time::timeout(idle, body.next())
        .await
        .map_err(|_| body_timeout())?
    {
        let chunk = chunk.map_err(|e| ApiError::BadRequest(format!("upload failed: {e}")))?;
        if bytes.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge(format!(
                "the body is larger than {} MB",
                limit / (1024 * 1024)
            )));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Whether the request's media type is one of `types` (or ends with one of
/// the `+suffix`es among them).
pub fn has_media_type(req: &HttpRequest, types: &[&str]) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|ct| {
            let mime = ct
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            types
                .iter()
                .any(|t| mime == *t || (t.starts_with('+') && mime.ends_with(t)))
        })
        .unwrap_or(false)
}

/// Maps a body-reading failure.
pub fn payload_error(e: actix_web::Error) -> ApiError {
    match e.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => {
            ApiError::PayloadTooLarge(format!("the body exceeds the limit of {JSON_LIMIT} bytes"))
        }
        _ => ApiError::BadRequest(format!("cannot read the request body: {e}")),
    }
}

/// A query string that parsed, with the bad parameter named when it did not.
pub struct ValidQuery<T>(pub T);

impl<T> std::ops::Deref for ValidQuery<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for ValidQuery<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(ValidQuery))
    }
}

/// Parses a query string, naming the parameter that is wrong.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let msg = e.into_inner().to_string();
        let named = msg
            .split('`')
            .nth(1)
            .filter(|_| msg.starts_with("unknown field") || msg.starts_with("missing field"));
        let field = match named {
            Some(f) => f.to_string(),
            None if path != "." => path,
            None => "query".to_string(),
        };
        ApiError::field(&field, msg)
    })
}

/// Query-string errors of actix's own extractor.
pub fn query_error(e: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::field("query", e.to_string()).into()
}

/// Path-parameter errors.
pub fn path_error(e: actix_web::error::PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::NotFound(format!("no such resource: {e}")).into()
}

/// JSON-extractor errors (for handlers that use `web::Json`).
pub fn json_error(e: actix_web::error::JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as J;
    match e {
        J::OverflowKnownLength { .. } | J::Overflow { .. } => {
            ApiError::PayloadTooLarge(format!("the body exceeds the limit of {JSON_LIMIT} bytes"))
                .into()
        }
        J::ContentType => ApiError::UnsupportedMediaType("the body must be JSON".into()).into(),
        other => ApiError::BadRequest(other.to_string()).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::{stream, StreamExt};

    #[actix_web::test]
    async fn a_body_that_stops_arriving_is_cut_off() {
        // A first chunk, then nothing more, ever (a trickling client).
        let first = stream::iter(vec![Ok(web::Bytes::from_static(b"{\"reports\":"))]);
        let stalled = first.chain(stream::pending());
        let idle = std::time::Duration::from_millis(50);
        match read_within(Box::pin(stalled), 1024, idle).await {
            Err(ApiError::RequestTimeout(_)) => {}
            other => panic!("expected a timeout, got {other:?}"),
        }
        let whole = stream::iter(vec![Ok(web::Bytes::from_static(b"ok"))]);
        assert_eq!(
            &read_within(whole, 1024, idle).await.expect("read")[..],
            b"ok"
        );
    }
}
