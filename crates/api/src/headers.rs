//! Browser hardening that depends on the answer (the headers every answer
//! carries alike, `nosniff`, `Referrer-Policy` and `X-Frame-Options`, are
//! set in `app.rs`): the web app runs under a Content-Security-Policy (its own scripts and WebAssembly only, nothing
//! from elsewhere but the configured map tiles), no page may frame it, and
//! API answers are never cached by a browser or a proxy unless a route says
//! otherwise (photos do). Behind an `https` public address browsers are told
//! to keep to https (HSTS).

use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

/// The policy of the web app's pages (made once, when the server starts);
/// `tiles` is the map tiles' origin.
pub fn content_security_policy(tiles: Option<&str>) -> String {
    let img = match tiles {
        Some(origin) => format!("img-src 'self' data: blob: {origin}"),
        None => "img-src 'self' data: blob:".to_string(),
    };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; {img}; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The scheme and host of a tile URL template (`https://tiles.example/{z}/…`).
pub fn origin_of(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host_end = rest.find('/').unwrap_or(rest.len());
    let host = &rest[..host_end];
    if host.is_empty() || host.contains(['{', '}', ' ', ';', '\'']) {
        return None;
    }
    Some(&url[..scheme.len() + 3 + host_end])
}

fn set_if_absent(res: &mut ServiceResponse<impl MessageBody>, name: HeaderName, value: &str) {
    if !res.headers().contains_key(&name) {
        if let Ok(v) = HeaderValue::from_str(value) {
            res.headers_mut().insert(name, v);
        }
    }
}

/// The middleware.
pub async fn harden(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path().to_string();
    let st = req.app_data::<web::Data<AppState>>().cloned();
    let mut res = next.call(req).await?;
    let api = path.starts_with("/api/")
        || path.starts_with("/open311/")
        || matches!(path.as_str(), "/healthz" | "/readyz" | "/metrics");
    // The interactive API documentation runs its own inline scripts.
    let docs = path.starts_with("/api/docs");
    if api && !docs {
        set_if_absent(&mut res, header::CACHE_CONTROL, "no-store");
    }
    if let (false, Some(st)) = (docs, &st) {
        set_if_absent(
            &mut res,
            header::CONTENT_SECURITY_POLICY,
            &st.content_security_policy,
        );
    }
    if st
        .as_ref()
        .is_some_and(|s| s.delivery.public_url.starts_with("https://"))
    {
        set_if_absent(
            &mut res,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_origin_of_a_tile_url_enters_the_policy() {
        assert_eq!(
            origin_of("https://tiles.example/{z}/{x}/{y}.png"),
            Some("https://tiles.example")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8081/t/{z}/{x}/{y}"),
            Some("http://127.0.0.1:8081")
        );
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("https://{s}.tiles.example/{z}"), None);
        assert_eq!(origin_of("https://x; script-src *"), None);
        let p = content_security_policy(Some("https://tiles.example"));
        assert!(p.contains("img-src 'self' data: blob: https://tiles.example;"));
        assert!(p.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(
            !p.replace("'wasm-unsafe-eval'", "").contains("unsafe-eval"),
            "no eval of JavaScript: {p}"
        );
        assert!(p.contains("frame-ancestors 'none'"));
    }
}
