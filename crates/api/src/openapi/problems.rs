//! The problem answers (RFC 9457) every operation can give, added to the
//! document by one rule from what the operation takes, so no handler lists
//! them by hand and none is forgotten:
//!
//! - every operation: 503 (the database is unavailable, or too many heavy
//!   reads are under way);
//! - signed-in or keyed operations: 401 (no valid token or key) and 403 (the
//!   role or unit scope does not allow it);
//! - a path parameter: 404 (nothing with that id or number);
//! - a request body: 400 (unreadable), 408 (it stopped arriving), 413 (too
//!   large), 415 (wrong media type), 422 (fields that break a rule, each
//!   named);
//! - query parameters: 422 (a filter that breaks a rule, named);
//! - operations a channel's API key may call: 429 (the key's limit).
//!
//! An answer a handler documents itself (with its own description) is kept.
//!
//! It also makes operation ids unique: a handler's name (`list`, `get`) that
//! several resources share gets the words of its path (`list_api_keys`), so
//! generated clients have one method per operation.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

/// The statuses an operation can answer with a problem, with their meaning.
fn statuses(op: &Operation) -> Vec<(u16, &'static str)> {
    let params = op.parameters.as_deref().unwrap_or_default();
    let has = |place: ParameterIn| params.iter().any(|p| p.parameter_in == place);
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let mut out = Vec::new();
    if op.request_body.is_some() {
        out.push((400, "The body cannot be read (malformed JSON, CSV or form)"));
    }
    if secured {
        out.push((401, "No valid token or API key"));
        out.push((403, "Your role or your unit's scope does not allow this"));
    }
    if has(ParameterIn::Path) {
        out.push((404, "Nothing with this id or number"));
    }
    if op.request_body.is_some() {
        out.push((408, "The body stopped arriving before it was complete"));
    }
    if op.request_body.is_some() {
        out.push((413, "The body is larger than this operation accepts"));
        out.push((
            415,
            "The body is not of a media type this operation accepts",
        ));
    }
    if op.request_body.is_some() || has(ParameterIn::Query) {
        out.push((
            422,
            "Invalid input: each bad field or parameter is named in `errors`",
        ));
    }
    let keyed = serde_json::to_string(&op.security).is_ok_and(|s| s.contains("\"api_key\""));
    if keyed {
        out.push((
            429,
            "Too many requests with this API key; `Retry-After` says when to try again",
        ));
    }
    out.push((
        503,
        "The database is unavailable, or the server is busy with heavy reads; retry later (after `Retry-After` seconds when given)",
    ));
    out
}

/// Every operation of `doc` with its path.
fn operations(doc: &mut OpenApi) -> impl Iterator<Item = (&String, &mut Operation)> {
    doc.paths.paths.iter_mut().flat_map(|(path, item)| {
        [
            item.get.as_mut(),
            item.put.as_mut(),
            item.post.as_mut(),
            item.delete.as_mut(),
            item.patch.as_mut(),
            item.head.as_mut(),
            item.options.as_mut(),
            item.trace.as_mut(),
        ]
        .into_iter()
        .flatten()
        .map(move |op| (&*path, op))
    })
}

/// Gives every operation whose id another operation shares an id with the
/// words of its path.
fn unique_ids(doc: &mut OpenApi) {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for (_, op) in operations(doc) {
        if let Some(id) = &op.operation_id {
            *seen.entry(id.clone()).or_default() += 1;
        }
    }
    for (path, op) in operations(doc) {
        let Some(id) = &op.operation_id else { continue };
        if seen.get(id).copied().unwrap_or(0) > 1 {
            let words = path
                .trim_start_matches("/api/v1")
                .split('/')
                .filter(|s| !s.is_empty() && !s.starts_with('{'))
                .collect::<Vec<_>>()
                .join("_")
                .replace(['-', '.'], "_");
            op.operation_id = Some(format!("{id}_{words}"));
        }
    }
}

/// Adds the problem answers to every operation of `doc` and makes the
/// operation ids unique.
pub fn add(doc: &mut OpenApi) {
    unique_ids(doc);
    for (_, op) in operations(doc) {
        for (status, description) in statuses(op) {
            let key = status.to_string();
            if op.responses.responses.contains_key(&key) {
                continue;
            }
            let response = ResponseBuilder::new()
                .description(description)
                .content(
                    crate::error::PROBLEM_JSON,
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Problem")))
                        .build(),
                )
                .build();
            op.responses.responses.insert(key, RefOr::T(response));
        }
    }
}
