//! Open311 GeoReport v2 under `/open311/v2/`: discovery, services (one per
//! category, grouped), service definitions, requests (list with the spec's
//! filters, one, and filing with an integrator's `api_key`), and tokens;
//! each in `.json` and `.xml`, errors in the spec's format (400, 403, 404).

use crate::auth::extract::integrator_from;
use crate::db::reports::{self as store, Open311Filter, ReportRow};
use crate::db::time::from_db;
use crate::extract::{has_media_type, read_limited};
use crate::flows::file::{self as intake_route, integrator};
use crate::open311::{
    self, split_format, w3c, AttrValue, Attribute, Created, Discovery, Endpoint, Fault, Format,
    Service, ServiceDefinition, ServiceRequest, TokenAnswer,
};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use crm_domain::api::NewReport;
use crm_domain::category::group_of;
use crm_domain::ReportStatus;
use std::collections::HashMap;

/// The widest date window of GET requests, and its default.
const WINDOW_DAYS: i64 = 90;
/// The most requests one GET returns.
const MAX_REQUESTS: i64 = 1000;
/// Largest POST body.
const FORM_LIMIT: usize = 64 * 1024;

/// Mounts the routes (under `/open311/v2`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{file}", web::get().to(top))
        .route("/{file}", web::post().to(post_request))
        .route("/services/{file}", web::get().to(service_definition))
        .route("/requests/{file}", web::get().to(one_request))
        .route("/tokens/{file}", web::get().to(token))
        .default_service(web::to(not_found));
}

/// The format named by the path's last segment (JSON when none is named).
fn format_of(req: &HttpRequest) -> Format {
    req.path()
        .rsplit('/')
        .next()
        .and_then(split_format)
        .map_or(Format::Json, |(_, f)| f)
}

/// Anything else under `/open311`: the spec's 404.
pub async fn not_found(req: HttpRequest) -> HttpResponse {
    Fault::not_found(format!("nothing at {}", req.path())).respond(format_of(&req))
}

/// The name and format of a path's last segment (`services.xml`); a 404
/// (answered in JSON) for any other extension.
fn file_format(file: &str) -> Result<(&str, Format), Fault> {
    split_format(file).ok_or_else(|| Fault::not_found(format!("`{file}`: ask for .json or .xml")))
}

fn answer(format: Format, result: Result<HttpResponse, Fault>) -> HttpResponse {
    result.unwrap_or_else(|f| f.respond(format))
}

/// The query's parameters; an empty value counts as absent (the spec's rule).
fn params(query: &str) -> HashMap<String, String> {
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.trim().to_string()))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

fn check_jurisdiction(p: &HashMap<String, String>) -> Result<(), Fault> {
    match p.get("jurisdiction_id") {
        Some(j) if j != open311::JURISDICTION => Err(Fault::not_found(format!(
            "jurisdiction_id `{j}` not found; this server serves `{}`",
            open311::JURISDICTION
        ))),
        _ => Ok(()),
    }
}

async fn top(st: web::Data<AppState>, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let file = path.into_inner();
    let (name, format) = match file_format(&file) {
        Ok(v) => v,
        Err(f) => return f.respond(Format::Json),
    };
    let p = params(req.query_string());
    let result = match check_jurisdiction(&p) {
        Err(f) => Err(f),
        Ok(()) => match name {
            "discovery" => Ok(open311::respond(
                StatusCode::OK,
                format,
                &discovery(&st.delivery.public_url),
            )),
            "services" => Ok(open311::respond(StatusCode::OK, format, &services(&st))),
            "requests" => list_requests(&st, &p, format).await,
            _ => Err(Fault::not_found(format!("no resource `{name}`"))),
        },
    };
    answer(format, result)
}

/// The discovery document. Its address is the configured public one
/// (`--public-url`), never the request's `Host` header, which a client
/// chooses (a poisoned cache would send others elsewhere).
fn discovery(public_url: &str) -> Discovery {
    let changeset = env!("CARGO_PKG_VERSION").to_string();
    Discovery {
        changeset: changeset.clone(),
        contact: "Ruang Monitoring CRM Jakarta".into(),
        key_service: "API keys are issued per channel by the CRM's administrators".into(),
        endpoints: vec![Endpoint {
            specification: open311::SPECIFICATION.into(),
            url: format!("{}/open311/v2", public_url.trim_end_matches('/')),
            changeset,
            kind: "production".into(),
            formats: vec!["text/xml".into(), "application/json".into()],
        }],
    }
}

fn services(st: &AppState) -> Vec<Service> {
    let settings = st.refdata.settings();
    st.refdata
        .categories()
        .into_iter()
        .map(|c| Service {
            description: format!(
                "Laporan {}; target selesai dalam {} jam.",
                c.name,
                crm_domain::sla::completion_span(c.bands, &settings).num_hours()
            ),
            keywords: c.name.to_lowercase().replace(' ', ", "),
            group: group_of(&c.code).to_string(),
            service_code: c.code,
            service_name: c.name,
            metadata: true,
            kind: "realtime".into(),
        })
        .collect()
}

/// The attributes every service takes beyond the spec's own fields.
fn attributes() -> Vec<Attribute> {
    let text = |order: u32, code: &str, required: bool, description: &str, hint: &str| Attribute {
        variable: true,
        code: code.into(),
        datatype: "string".into(),
        required,
        datatype_description: hint.into(),
        order,
        description: description.into(),
        values: Vec::new(),
    };
    vec![
        text(
            1,
            "kelurahan",
            false,
            "Kode kelurahan tempat kejadian (tanpa ini, lokasi dari koordinat atau triase Ruang Monitoring)",
            "Kode wilayah Kemendagri, mis. 31.71.01.1001",
        ),
        text(
            2,
            "reference",
            false,
            "Nomor rujukan laporan di sistem Anda; mengirim ulang rujukan yang sama tidak membuat laporan baru",
            "Teks hingga 100 karakter",
        ),
        Attribute {
            variable: true,
            code: "hidden".into(),
            datatype: "singlevaluelist".into(),
            required: false,
            datatype_description: String::new(),
            order: 3,
            description: "Sembunyikan laporan dari daftar publik".into(),
            values: vec![
                AttrValue {
                    key: "false".into(),
                    name: "Tampilkan".into(),
                },
                AttrValue {
                    key: "true".into(),
                    name: "Sembunyikan".into(),
                },
            ],
        },
        text(
            4,
            "tags",
            false,
            "Tagar, dipisah koma",
            "mis. Fasilitas Umum, RT OTORITER",
        ),
    ]
}

async fn service_definition(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> HttpResponse {
    let file = path.into_inner();
    let (code, format) = match file_format(&file) {
        Ok(v) => v,
        Err(f) => return f.respond(Format::Json),
    };
    let result = check_jurisdiction(&params(req.query_string())).and_then(|()| {
        st.refdata
            .category(code)
            .map(|c| {
                open311::respond(
                    StatusCode::OK,
                    format,
                    &ServiceDefinition {
                        service_code: c.code,
                        attributes: attributes(),
                    },
                )
            })
            .ok_or_else(|| Fault::not_found(format!("service_code `{code}` not found")))
    });
    answer(format, result)
}

/// A report as a service request.
fn request_of(
    st: &AppState,
    settings: &crm_domain::settings::Settings,
    r: ReportRow,
    notes: &HashMap<i64, String>,
) -> ServiceRequest {
    let status = r.status();
    let category = st.refdata.category(&r.category_code);
    let expected = r.estimate_at.map(from_db).or_else(|| {
        category
            .as_ref()
            .map(|c| from_db(r.received_at) + crm_domain::sla::completion_span(c.bands, settings))
    });
    // A reporter who hid the report is tracked by number only: where it
    // happened and its photos stay out of public view.
    let shown = !r.hidden;
    let photos: Vec<String> = if shown {
        serde_json::from_str(&r.photo_urls).unwrap_or_default()
    } else {
        Vec::new()
    };
    ServiceRequest {
        service_request_id: r.number.to_string(),
        status: if status == ReportStatus::Selesai {
            "closed"
        } else {
            "open"
        }
        .into(),
        status_notes: notes.get(&r.number).cloned(),
        service_name: category.map_or_else(|| r.category_code.clone(), |c| c.name),
        service_code: r.category_code.clone(),
        description: r.description.clone(),
        agency_responsible: Some(
            st.refdata
                .unit_name(r.holder_code.as_deref())
                .unwrap_or_else(|| "Ruang Monitoring (triase)".into()),
        ),
        service_notice: Some(format!("Status: {}", status.label())),
        requested_datetime: w3c(from_db(r.received_at)),
        updated_datetime: w3c(from_db(r.updated_at)),
        expected_datetime: expected.map(w3c),
        address: r.address.clone().filter(|_| shown),
        address_id: None,
        zipcode: None,
        lat: r.lat.filter(|_| shown),
        long: r.lon.filter(|_| shown),
        media_url: photos.into_iter().next(),
    }
}

/// A W3C date-time with its zone, or a date alone (midnight WIB, or the end
/// of that day for `end_date`).
fn parse_time(p: &HashMap<String, String>, name: &str) -> Result<Option<DateTime<Utc>>, Fault> {
    p.get(name)
        .map(|v| {
            let date_only = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").ok().map(|d| {
                let d = if name == "end_date" { d.succ_opt().unwrap_or(d) } else { d };
                crm_domain::time::start_of_day_wib(d)
            });
            if let Some(t) = date_only {
                return Ok(t);
            }
            DateTime::parse_from_rfc3339(v)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| {
                    Fault::bad(format!(
                        "{name} `{v}` is not a W3C date-time with a time zone (e.g. 2026-11-01T00:00:00+07:00)"
                    ))
                })
        })
        .transpose()
}

/// The filters of GET requests, checked.
fn filter_of(st: &AppState, p: &HashMap<String, String>) -> Result<Open311Filter, Fault> {
    let mut f = Open311Filter {
        limit: MAX_REQUESTS,
        ..Default::default()
    };
    if let Some(ids) = p.get("service_request_id") {
        let numbers = ids
            .split(',')
            .map(|s| {
                s.trim()
                    .trim_start_matches('#')
                    .parse::<i64>()
                    .map_err(|_| {
                        Fault::bad(format!("service_request_id `{}` is not a number", s.trim()))
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if numbers.len() > usize::try_from(MAX_REQUESTS).unwrap_or(1000) {
            return Err(Fault::bad(format!(
                "at most {MAX_REQUESTS} service_request_id values at once"
            )));
        }
        f.numbers = Some(numbers);
        return Ok(f);
    }
    if let Some(codes) = p.get("service_code") {
        let codes: Vec<String> = codes.split(',').map(|c| c.trim().to_string()).collect();
        if let Some(bad) = codes.iter().find(|c| st.refdata.category(c).is_none()) {
            return Err(Fault::bad(format!("service_code `{bad}` not found")));
        }
        f.categories = Some(codes);
    }
    let window = Duration::days(WINDOW_DAYS);
    let (start, end) = (parse_time(p, "start_date")?, parse_time(p, "end_date")?);
    let now = Utc::now();
    let (from, to) = match (start, end) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, (s + window).min(now).max(s)),
        (None, Some(e)) => (e - window, e),
        (None, None) => (now - window, now),
    };
    if to < from {
        return Err(Fault::bad("end_date is before start_date"));
    }
    if to - from > window {
        return Err(Fault::bad(format!(
            "start_date to end_date may span at most {WINDOW_DAYS} days"
        )));
    }
    f.from = Some(from);
    f.to = Some(to);
    if let Some(s) = p.get("status") {
        let mut open = false;
        let mut closed = false;
        for part in s.split(',') {
            match part.trim() {
                "open" => open = true,
                "closed" => closed = true,
                other => return Err(Fault::bad(format!("status `{other}`: use open or closed"))),
            }
        }
        f.open = match (open, closed) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        };
    }
    Ok(f)
}

async fn load_requests(
    st: &AppState,
    f: Open311Filter,
    with_hidden: bool,
) -> Result<Vec<ServiceRequest>, Fault> {
    let (rows, notes) = st
        .db
        .read(move |conn| -> Result<_, crate::db::DbError> {
            let rows = store::open311(conn, &f, with_hidden)?;
            let numbers: Vec<i64> = rows.iter().map(|r| r.number).collect();
            let notes = store::latest_public_notes(conn, &numbers)?;
            Ok((rows, notes))
        })
        .await?;
    let settings = st.refdata.settings();
    Ok(rows
        .into_iter()
        .map(|r| request_of(st, &settings, r, &notes))
        .collect())
}

async fn list_requests(
    st: &AppState,
    p: &HashMap<String, String>,
    format: Format,
) -> Result<HttpResponse, Fault> {
    let f = filter_of(st, p)?;
    let list = load_requests(st, f, false).await?;
    Ok(open311::respond(StatusCode::OK, format, &list))
}

async fn one_request(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> HttpResponse {
    let file = path.into_inner();
    let (id, format) = match file_format(&file) {
        Ok(v) => v,
        Err(f) => return f.respond(Format::Json),
    };
    let result = async {
        let p = params(req.query_string());
        check_jurisdiction(&p)?;
        let number: i64 = id
            .parse()
            .map_err(|_| Fault::not_found(format!("service request `{id}` not found")))?;
        // A hidden report is answered only to whoever holds its tracking
        // code (`?code=`); to anyone else it does not exist.
        let (hidden, code) = st
            .db
            .read(move |conn| -> Result<_, crate::db::DbError> {
                let hidden = store::get(conn, number)?.map(|r| r.hidden);
                Ok((hidden, crate::db::tracking::code_of(conn, number)?))
            })
            .await?;
        let opened = crate::tracking::matches(code.as_deref(), p.get("code").map(String::as_str));
        if hidden == Some(true) && !opened {
            return Err(Fault::not_found(format!(
                "service request `{id}` not found"
            )));
        }
        let list = load_requests(
            &st,
            Open311Filter {
                numbers: Some(vec![number]),
                limit: 1,
                ..Default::default()
            },
            true,
        )
        .await?;
        if list.is_empty() {
            return Err(Fault::not_found(format!(
                "service request `{id}` not found"
            )));
        }
        Ok(open311::respond(StatusCode::OK, format, &list))
    }
    .await;
    answer(format, result)
}

/// Requests are filed at once (`type` realtime), so a token is the
/// request's own id; tokens answer for any filed request.
async fn token(st: web::Data<AppState>, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let file = path.into_inner();
    let (id, format) = match file_format(&file) {
        Ok(v) => v,
        Err(f) => return f.respond(Format::Json),
    };
    let result = async {
        check_jurisdiction(&params(req.query_string()))?;
        let number: i64 = id
            .parse()
            .map_err(|_| Fault::not_found(format!("token `{id}` not found")))?;
        let found = st
            .db
            .read(move |conn| store::get(conn, number))
            .await?
            .is_some();
        if !found {
            return Err(Fault::not_found(format!("token `{id}` not found")));
        }
        Ok(open311::respond(
            StatusCode::OK,
            format,
            &vec![TokenAnswer {
                service_request_id: number.to_string(),
                token: number.to_string(),
            }],
        ))
    }
    .await;
    answer(format, result)
}

/// The form of POST requests, read into a report.
fn new_report(channel: &str, form: &[(String, String)]) -> Result<NewReport, Fault> {
    let one = |k: &str| {
        form.iter()
            .find(|(key, v)| key == k && !v.is_empty())
            .map(|(_, v)| v.clone())
    };
    let service_code = one("service_code").ok_or_else(|| Fault::bad("service_code is required"))?;
    let number = |k: &str| -> Result<Option<f64>, Fault> {
        one(k)
            .map(|v| {
                v.parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| Fault::bad(format!("{k} `{v}` is not a number")))
            })
            .transpose()
    };
    let (lat, lon) = (number("lat")?, number("long")?);
    let address = one("address_string");
    let kelurahan = one("attribute[kelurahan]");
    let located =
        (lat.is_some() && lon.is_some()) || address.is_some() || one("address_id").is_some();
    if !located {
        return Err(Fault::bad(
            "a location is required: lat and long, or address_string, or address_id",
        ));
    }
    let name = [one("first_name"), one("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let hidden = match one("attribute[hidden]").as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(Fault::bad(format!(
                "attribute[hidden] `{other}`: use true or false"
            )))
        }
    };
    let tags = one("attribute[tags]")
        .map(|t| {
            t.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let media: Vec<String> = form
        .iter()
        .filter(|(k, v)| (k == "media_url" || k == "media_url[]") && !v.is_empty())
        .map(|(_, v)| v.clone())
        .collect();
    Ok(NewReport {
        channel: channel.to_string(),
        channel_ref: one("attribute[reference]"),
        reporter_name: (!name.is_empty()).then_some(name),
        reporter_contact: one("email").or_else(|| one("phone")),
        hidden,
        description: one("description").unwrap_or_else(|| service_code.clone()),
        category: service_code,
        tags,
        address,
        lat,
        lon,
        kelurahan,
        received_at: None,
        photo_urls: media,
    })
}

async fn post_request(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Payload,
) -> HttpResponse {
    let file = path.into_inner();
    let (name, format) = match file_format(&file) {
        Ok(v) => v,
        Err(f) => return f.respond(Format::Json),
    };
    let result = async {
        if name != "requests" {
            return Err(Fault::not_found(format!("no resource `{name}` to POST to")));
        }
        if !has_media_type(&req, &["application/x-www-form-urlencoded"]) {
            return Err(Fault::bad(
                "send the request form-encoded (application/x-www-form-urlencoded)",
            ));
        }
        let bytes = read_limited(body, FORM_LIMIT)
            .await
            .map_err(|e| Fault::bad(e.to_string()))?;
        let form: Vec<(String, String)> = form_urlencoded::parse(&bytes)
            .map(|(k, v)| (k.into_owned(), v.trim().to_string()))
            .collect();
        let lookup: HashMap<String, String> = form
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .cloned()
            .collect();
        let key = lookup
            .get("api_key")
            .cloned()
            .ok_or_else(|| Fault::forbidden("api_key is required to file a request"))?;
        let integ = integrator_from(st.clone(), key)
            .await
            .map_err(|e| match e {
                crate::error::ApiError::Unauthorized(_) => {
                    Fault::forbidden("invalid api_key; cannot file the request")
                }
                other => Fault {
                    status: other
                        .problem()
                        .status
                        .try_into()
                        .unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
                    description: "the service is unavailable; try again later".into(),
                },
            })?;
        check_jurisdiction(&lookup)?;
        if let Some(code) = lookup.get("service_code") {
            if st.refdata.category(code).is_none() {
                return Err(Fault::not_found(format!("service_code `{code}` not found")));
            }
        }
        let new = new_report(&integ.channel, &form)?;
        let by = integrator(&st, &integ);
        let checked = validator::Validate::validate(&new)
            .map_err(|e| crate::error::ApiError::fields(crate::extract::flatten(&e, "")))
            .map(|()| new);
        let filed = match checked {
            Ok(new) => intake_route::file(&st, &by, new).await,
            Err(e) => Err(e),
        };
        let number = filed.map(|f| f.number).map_err(|e| {
            let p = e.problem();
            let detail = match &p.errors {
                Some(errs) if !errs.is_empty() => errs
                    .iter()
                    .map(|f| format!("{}: {}", open311_field(&f.field), f.message))
                    .collect::<Vec<_>>()
                    .join("; "),
                _ => p.detail,
            };
            Fault::bad(detail)
        })?;
        // The filer is this channel, new report or repeat: it gets the code
        // to pass on to the reporter.
        let code = st
            .db
            .read(move |conn| crate::db::tracking::code_of(conn, number))
            .await?;
        let link = crate::tracking::path(number, code.as_deref());
        Ok(open311::respond(
            StatusCode::OK,
            format,
            &vec![Created {
                service_request_id: number.to_string(),
                service_notice: Some(format!("Laporan #{number} diterima. Lacak di {link}")),
                account_id: None,
                tracking_code: code,
            }],
        ))
    }
    .await;
    answer(format, result)
}

/// Our field names as the Open311 client sent them.
fn open311_field(field: &str) -> String {
    match field {
        "category" => "service_code".into(),
        "lon" => "long".into(),
        "kelurahan" => "attribute[kelurahan]".into(),
        "channel_ref" => "attribute[reference]".into(),
        "reporter_contact" => "email".into(),
        "reporter_name" => "first_name".into(),
        "address" => "address_string".into(),
        f if f.starts_with("photo_urls") => "media_url".into(),
        f if f.starts_with("tags") => "attribute[tags]".into(),
        f => f.to_string(),
    }
}
