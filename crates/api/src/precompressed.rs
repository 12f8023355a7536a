//! The web app's large files served precompressed: the build writes
//! `crm_web_bg.wasm.br` and `.gz` (and the same for the JS and CSS) beside
//! each file, and a browser that accepts brotli or gzip gets those bytes
//! with `Content-Encoding`, so the module is compressed once at build time
//! at the highest setting rather than at every request at a fast one. A
//! file without its compressed copies is served as it is (and compressed
//! on the fly like every other answer).

use crate::error::ApiError;
use actix_files::NamedFile;
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};
use std::path::PathBuf;

/// The folder of the built web app.
#[derive(Clone, Debug)]
pub struct AppDir(pub PathBuf);

/// The route pattern of the files served here: top-level WASM, JS and CSS.
pub const PATTERN: &str = r"/{file:[A-Za-z0-9_.-]+\.(?:wasm|js|css)}";

/// Which encodings the request accepts, best first: brotli, then gzip.
fn accepted(req: &HttpRequest) -> Vec<(ContentEncoding, &'static str)> {
    let accept = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    // `br;q=0` refuses it; anything else that names it accepts it.
    let takes = |name: &str| {
        accept.split(',').any(|part| {
            let mut bits = part.trim().split(';');
            bits.next().is_some_and(|n| n.trim() == name)
                && bits.all(|b| b.trim().replace(' ', "") != "q=0")
        })
    };
    let mut out = Vec::new();
    if takes("br") {
        out.push((ContentEncoding::Brotli, "br"));
    }
    if takes("gzip") {
        out.push((ContentEncoding::Gzip, "gz"));
    }
    out
}

/// Serves one of the app's files, precompressed when the browser takes it.
pub async fn serve(
    req: HttpRequest,
    dir: web::Data<AppDir>,
    file: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let name = file.into_inner();
    let plain = dir.0.join(&name);
    if name.starts_with('.') || !plain.is_file() {
        return Err(ApiError::NotFound(format!("no file at `/{name}`")));
    }
    let mime = actix_files::file_extension_to_mime(
        plain
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default(),
    );
    for (encoding, ext) in accepted(&req) {
        let packed = dir.0.join(format!("{name}.{ext}"));
        if let Ok(f) = NamedFile::open_async(&packed).await {
            let mut resp = f
                .set_content_type(mime.clone())
                .set_content_encoding(encoding)
                .use_last_modified(true)
                .into_response(&req);
            resp.headers_mut()
                .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            return Ok(resp);
        }
    }
    let f = NamedFile::open_async(&plain)
        .await
        .map_err(|e| ApiError::NotFound(format!("no file at `/{name}`: {e}")))?;
    Ok(f.use_last_modified(true).into_response(&req))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::{test, App};

    #[actix_web::test]
    async fn the_best_copy_the_browser_takes_is_sent() {
        let dir = tempfile::tempdir().expect("dir");
        for (name, body) in [
            ("app.wasm", &b"plain module"[..]),
            ("app.wasm.br", b"brotli bytes"),
            ("app.wasm.gz", b"gzip bytes"),
            ("only.css", b"body{}"),
        ] {
            std::fs::write(dir.path().join(name), body).expect("write");
        }
        let app = test::init_service(
            App::new()
                .app_data(web::Data::new(AppDir(dir.path().to_path_buf())))
                .route(PATTERN, web::get().to(serve)),
        )
        .await;
        let fetch = |path: &'static str, accept: &'static str| {
            test::TestRequest::get()
                .uri(path)
                .insert_header((header::ACCEPT_ENCODING, accept))
                .to_request()
        };
        for (accept, body, encoding) in [
            ("gzip, deflate, br", &b"brotli bytes"[..], Some("br")),
            ("gzip", b"gzip bytes", Some("gzip")),
            ("br;q=0, gzip", b"gzip bytes", Some("gzip")),
            ("identity", b"plain module", None),
        ] {
            let resp = test::call_service(&app, fetch("/app.wasm", accept)).await;
            assert_eq!(resp.status(), 200, "{accept}");
            let h = resp.headers().clone();
            assert_eq!(
                h.get(header::CONTENT_ENCODING)
                    .and_then(|v| v.to_str().ok()),
                encoding,
                "{accept}"
            );
            assert_eq!(
                h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()),
                Some("application/wasm")
            );
            assert_eq!(test::read_body(resp).await, body, "{accept}");
        }
        // A file without copies is sent as it is; a missing one is a 404.
        let resp = test::call_service(&app, fetch("/only.css", "br")).await;
        assert!(resp.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(test::read_body(resp).await, &b"body{}"[..]);
        let resp = test::call_service(&app, fetch("/missing.js", "br")).await;
        assert_eq!(resp.status(), 404);
    }
}
