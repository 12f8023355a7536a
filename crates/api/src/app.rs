//! Builds the actix application: API routes, docs, the web app's files, and
//! the error handling that makes every error answer problem+json.

use crate::error::{problem_response, ApiError, PROBLEM_JSON};
use crate::extract;

use crate::routes;
use crate::state::AppState;
use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::{self, ErrorHandlerResponse, ErrorHandlers};
use actix_web::{web, App, HttpRequest, HttpResponse};
use std::path::PathBuf;
use utoipa_swagger_ui::SwaggerUi;

/// Where the built web app lives, if it is served.
#[derive(Clone, Debug)]
pub struct WebDir(pub Option<PathBuf>);

/// The application for `crm serve` and for tests.
pub fn build(
    state: AppState,
    web_dir: WebDir,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let app = App::new()
        .app_data(web::Data::new(state))
        .app_data(web::PayloadConfig::new(extract::JSON_LIMIT))
        .app_data(
            web::JsonConfig::default()
                .limit(extract::JSON_LIMIT)
                .error_handler(extract::json_error),
        )
        .app_data(web::QueryConfig::default().error_handler(extract::query_error))
        .app_data(web::PathConfig::default().error_handler(extract::path_error))
        .wrap(ErrorHandlers::new().default_handler(as_problem))
        .wrap(middleware::Compress::default())
        .wrap(
            middleware::DefaultHeaders::new()
                .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .add((header::X_FRAME_OPTIONS, "DENY"))
                .add((header::REFERRER_POLICY, "same-origin")),
        )
        .wrap(middleware::from_fn(crate::headers::harden))
        // One span per request with its id; the access line holds the path
        // without its query: `?access_token=` must not reach the log.
        .wrap(middleware::from_fn(crate::trace::scope_request_id))
        .wrap(tracing_actix_web::TracingLogger::<crate::trace::RequestSpan>::new())
        .wrap(middleware::from_fn(crate::meters::count_requests))
        .service(routes::health::healthz)
        .service(routes::health::readyz)
        .service(routes::health::metrics)
        .service(
            SwaggerUi::new("/api/docs/{_:.*}")
                .url("/api/v1/openapi.json", crate::openapi::document()),
        )
        .service(web::scope("/api/v1").configure(routes::configure_api))
        .service(web::resource("/api/docs").to(|| async {
            HttpResponse::PermanentRedirect()
                .insert_header((header::LOCATION, "/api/docs/"))
                .finish()
        }))
        .service(web::scope("/api").default_service(web::to(api_not_found)))
        .service(
            web::scope("/open311/v2")
                .wrap(middleware::from_fn(crate::auth::extract::visitors_only))
                .configure(routes::open311::configure),
        )
        .service(web::scope("/open311").default_service(web::to(routes::open311::not_found)));
    match web_dir.0 {
        Some(dir) if dir.join("index.html").is_file() => {
            let index = dir.join("index.html");
            app.app_data(web::Data::new(IndexFile(index.clone())))
                .app_data(web::Data::new(crate::precompressed::AppDir(dir.clone())))
                .service(
                    web::resource(crate::precompressed::PATTERN)
                        .route(web::get().to(crate::precompressed::serve))
                        .route(web::head().to(crate::precompressed::serve)),
                )
                .service(
                    Files::new("/", dir)
                        .index_file("index.html")
                        .default_handler(web::to(spa_index)),
                )
        }
        _ => app
            .app_data(web::Data::new(IndexFile(PathBuf::new())))
            .default_service(web::to(api_not_found)),
    }
}

/// Extensions of the files the web app is made of.
const ASSET_EXTENSIONS: &[&str] = &[
    "js", "mjs", "wasm", "css", "map", "json", "ico", "png", "jpg", "jpeg", "svg", "webp", "txt",
    "html", "woff", "woff2",
];

/// The web app's entry page.
#[derive(Clone)]
struct IndexFile(PathBuf);

/// Client-side routes (`/laporan/123` reloaded in the browser) get the app's
/// entry page; the app's router takes it from there.
async fn spa_index(
    req: HttpRequest,
    index: web::Data<IndexFile>,
) -> Result<HttpResponse, ApiError> {
    // A missing asset (`/app.js`) is a 404; a route whose last segment has
    // a dot in it (a unit code such as `/skor/31.71.01.1001`) is the app's.
    let looks_like_file = req
        .path()
        .rsplit('/')
        .next()
        .and_then(|last| last.rsplit_once('.'))
        .is_some_and(|(_, ext)| ASSET_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()));
    if looks_like_file {
        return Err(ApiError::NotFound(format!("no file at `{}`", req.path())));
    }
    let file = NamedFile::open_async(&index.0)
        .await
        .map_err(|e| ApiError::Internal(format!("web app entry page: {e}")))?;
    let mut resp = file.use_last_modified(true).into_response(&req);
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-cache"),
    );
    Ok(resp)
}

async fn api_not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound(format!(
        "no endpoint `{} {}`",
        req.method(),
        req.path()
    )))
}

/// Turns any error answer that is not yet problem+json (actix's own 404,
/// 405, payload errors…) into one, keeping its status.
fn as_problem<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON));
    // Open311 answers its errors in its own format.
    if is_problem || res.request().path().starts_with("/open311/") {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let err = match status {
        StatusCode::NOT_FOUND => {
            ApiError::NotFound(format!("nothing at `{}`", res.request().path()))
        }
        StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed(format!(
            "`{}` is not allowed on `{}`",
            res.request().method(),
            res.request().path()
        )),
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge("the body is too large".into()),
        StatusCode::UNAUTHORIZED => ApiError::Unauthorized("authentication required".into()),
        StatusCode::FORBIDDEN => ApiError::Forbidden("not allowed".into()),
        s if s.is_server_error() => {
            ApiError::Internal(format!("status {s} from {}", res.request().path()))
        }
        s => ApiError::BadRequest(format!(
            "the request was refused ({})",
            s.canonical_reason().unwrap_or("client error")
        )),
    };
    let mut problem = err.problem();
    problem.status = status.as_u16();
    let (req, _) = res.into_parts();
    let resp = problem_response(&problem);
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, resp).map_into_right_body(),
    ))
}
