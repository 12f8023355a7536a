//! The integration-test harness: a real server (the same actix app as
//! `crm serve`) on a free port over a fresh database, SQLite or PostgreSQL,
//! driven over HTTP. `both_backends!` runs each case on both engines.

#![allow(dead_code)]

pub mod pg;
pub mod process;

use crm_api::app::{self, WebDir};
use crm_api::db::users;
use crm_api::state::{AppState, Options};
use crm_domain::Role;
use reqwest::{Method, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// Which engine a case runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The password of every test account.
pub const PASSWORD: &str = "test-password";
pub const GAMBIR: &str = "31.71.01.1001";
pub const KEBON_KELAPA: &str = "31.71.01.1005";
pub const GAMBIR_KEC: &str = "31.71.01";
pub const KEBON_JERUK: &str = "31.73.05.1001";

/// Test accounts: username, role, unit.
pub const ACCOUNTS: &[(&str, Role, &str)] = &[
    ("admin", Role::Administrator, "JSC"),
    ("monitoring", Role::Monitoring, "JSC"),
    ("petugas.gambir", Role::Officer, GAMBIR),
    ("petugas.kebonjeruk", Role::Officer, KEBON_JERUK),
    ("camat.gambir", Role::UnitHead, GAMBIR_KEC),
    ("sudin.bm", Role::Officer, "DBM-3171"),
    ("verifikator", Role::Verifier, "BIROPEM"),
    ("petugas2.gambir", Role::Officer, GAMBIR),
    ("lurah.gambir", Role::UnitHead, GAMBIR),
    ("satpol.jp", Role::Officer, SATPOL_JP),
    ("petugas.kebonkelapa", Role::Officer, KEBON_KELAPA),
    ("lurah.kebonjeruk", Role::UnitHead, KEBON_JERUK),
];

/// Satpol PP of Central Jakarta.
pub const SATPOL_JP: &str = "SATPOLPP-3171";
/// Sudin Bina Marga of Central Jakarta.
pub const SUDIN_BM_JP: &str = "DBM-3171";

/// A running server over its own database.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    /// What the server was opened with (to open it again: a restart).
    pub opts: Options,
    pub backend: Backend,
    /// Tokens already signed in for, by username: a client keeps its token
    /// rather than signing in for every call (sign-ins are rate limited).
    tokens: std::sync::Mutex<std::collections::HashMap<String, String>>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, true).await
    }

    /// A server whose completions wait for a verifier (`verification`) or not.
    pub async fn spawn_with(backend: Backend, verification: bool) -> TestApp {
        Self::spawn_configured(backend, verification, |_| {}).await
    }

    /// A server opened with options changed by `configure`.
    pub async fn spawn_configured(
        backend: Backend,
        verification: bool,
        configure: impl FnOnce(&mut Options),
    ) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = match backend {
            Backend::Sqlite => format!("sqlite://{}/crm.sqlite", dir.path().display()),
            Backend::Postgres => actix_web::rt::task::spawn_blocking(pg::fresh_database)
                .await
                .expect("pg"),
        };
        let opts = Options {
            database_url: url,
            jwt_secret: b"integration-test-secret-0123456789".to_vec(),
            secrets_key: b"integration-sealing-key-0123456789".to_vec(),
            previous_secrets_key: None,
            token_ttl_secs: 3600,
            media_dir: dir.path().join("media"),
            media_url: None,
            verification,
            tile_url: None,
            delivery: crm_api::config::DeliveryArgs {
                webhook_backoff_ms: 50,
                webhook_timeout: 2,
                webhook_max_attempts: 3,
                // The tests' receivers listen on 127.0.0.1.
                webhook_allow_private: true,
                ..Default::default()
            },
            limits: Default::default(),
            replica: Default::default(),
        };
        let mut opts = opts;
        configure(&mut opts);
        let kept = opts.clone();
        let state = actix_web::rt::task::spawn_blocking(move || {
            let state = AppState::open(&opts).expect("open the database");
            state
                .db
                .write_blocking(|conn| -> Result<(), crm_api::db::DbError> {
                    for (username, role, unit) in ACCOUNTS {
                        users::ensure(
                            conn,
                            &users::NewUser {
                                username,
                                password: PASSWORD,
                                full_name: username,
                                role: *role,
                                unit_code: Some(unit),
                            },
                        )?;
                    }
                    Ok(())
                })
                .expect("accounts");
            state
        })
        .await
        .expect("start-up");
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let st = state.clone();
        let server = actix_web::HttpServer::new(move || app::build(st.clone(), WebDir(None)))
            .workers(2)
            .disable_signals()
            .listen(listener)
            .expect("listen")
            .run();
        actix_web::rt::spawn(server);
        TestApp {
            base: format!("http://127.0.0.1:{port}"),
            client: reqwest::Client::new(),
            state,
            opts: kept,
            backend,
            tokens: Default::default(),
            _dir: dir,
        }
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{}", self.base, path))
    }

    /// Writes a report as the demo loader does (its history given):
    /// returns its number.
    pub async fn write_demo(
        &self,
        details: crm_api::db::lifecycle::ReportDetails,
        arrival: crm_domain::arrival::Arrival,
    ) -> i64 {
        let refdata = self.state.refdata.clone();
        self.state
            .db
            .write(move |conn| crm_api::demo::create(conn, &details, &arrival, &refdata.reckon()))
            .await
            .expect("demo report written")
            .number
    }

    /// The access token of `username`: signed in once, then kept.
    pub async fn login(&self, username: &str) -> String {
        let kept = self
            .tokens
            .lock()
            .ok()
            .and_then(|t| t.get(username).cloned());
        if let Some(token) = kept {
            return token;
        }
        let token = self.sign_in(username).await;
        if let Ok(mut t) = self.tokens.lock() {
            t.insert(username.to_string(), token.clone());
        }
        token
    }

    /// Signs in afresh and returns the access token.
    pub async fn sign_in(&self, username: &str) -> String {
        let resp = self
            .request(Method::POST, "/api/v1/auth/login")
            .json(&json!({"username": username, "password": PASSWORD}))
            .send()
            .await
            .expect("login request");
        assert_eq!(resp.status(), 200, "login of {username}");
        let body: Value = resp.json().await.expect("json");
        body["access_token"].as_str().expect("token").to_string()
    }

    pub async fn get(&self, token: &str, path: &str) -> Response {
        self.request(Method::GET, path)
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> Response {
        self.request(Method::POST, path)
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// Files a report as staff; asserts it was created and returns it.
    pub async fn file(&self, token: &str, body: Value) -> Value {
        let resp = self.post(token, "/api/v1/reports", &body).await;
        let status = resp.status();
        let v: Value = resp.json().await.expect("json");
        assert_eq!(status, 201, "filing failed: {v}");
        v
    }

    /// Every report number the Monitoring Room can list, following cursors.
    pub async fn all_numbers(&self, query: &str) -> Vec<i64> {
        let token = self.login("monitoring").await;
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut path = format!("/api/v1/reports?limit=7{query}");
            if let Some(c) = &cursor {
                path.push_str(&format!("&cursor={c}"));
            }
            let page: Value = json_of(self.get(&token, &path).await, 200).await;
            for item in page["items"].as_array().expect("items") {
                out.push(item["number"].as_i64().expect("number"));
            }
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => break,
            }
        }
        out
    }
}

/// Posts an action (`take-up`, `dispose`, …) on a report.
pub async fn act(app: &TestApp, token: &str, number: i64, action: &str, body: Value) -> Response {
    app.post(token, &format!("/api/v1/reports/{number}/{action}"), &body)
        .await
}

/// Posts an action that must succeed; returns the report after it.
pub async fn act_ok(app: &TestApp, token: &str, number: i64, action: &str, body: Value) -> Value {
    json_of(act(app, token, number, action, body).await, 200).await
}

/// A small PNG photo.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::DynamicImage::new_rgb8(w, h);
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

/// Posts a follow-up with a note and photos (multipart).
pub async fn follow_up(
    app: &TestApp,
    token: &str,
    number: i64,
    note: &str,
    photos: Vec<Vec<u8>>,
) -> Response {
    let mut form = reqwest::multipart::Form::new().text("note", note.to_string());
    for (i, p) in photos.into_iter().enumerate() {
        form = form.part(
            "photo",
            reqwest::multipart::Part::bytes(p).file_name(format!("foto{i}.png")),
        );
    }
    app.request(
        Method::POST,
        &format!("/api/v1/reports/{number}/follow-ups"),
    )
    .bearer_auth(token)
    .multipart(form)
    .send()
    .await
    .expect("request")
}

/// The report as the Monitoring Room sees it.
pub async fn read(app: &TestApp, number: i64) -> Value {
    let token = app.login("monitoring").await;
    json_of(
        app.get(&token, &format!("/api/v1/reports/{number}")).await,
        200,
    )
    .await
}

/// A report's version and number of history entries.
pub async fn mark(app: &TestApp, number: i64) -> (i64, usize) {
    let r = read(app, number).await;
    (
        r["version"].as_i64().expect("version"),
        r["history"].as_array().map_or(0, Vec::len),
    )
}

/// A minimal valid staff-filed report.
pub fn report(kelurahan: Option<&str>) -> Value {
    let mut v = json!({
        "channel": "kantor-kelurahan",
        "category": "sampah",
        "description": "Sampah menumpuk di depan pasar sejak kemarin",
        "reporter_name": "Budi Santoso",
        "reporter_contact": "081234567890",
    });
    if let Some(k) = kelurahan {
        v["kelurahan"] = json!(k);
    }
    v
}

/// Asserts the status and returns the JSON body.
pub async fn json_of<T: DeserializeOwned>(resp: Response, status: u16) -> T {
    let got = resp.status().as_u16();
    let text = resp.text().await.expect("body");
    assert_eq!(got, status, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not the JSON expected ({e}): {text}"))
}

/// Asserts a problem+json answer with this status; returns the problem.
pub async fn problem(resp: Response, status: u16) -> Value {
    let ct = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let got = resp.status().as_u16();
    let text = resp.text().await.expect("body");
    assert_eq!(got, status, "unexpected status; body: {text}");
    assert_eq!(ct, "application/problem+json", "content type of: {text}");
    let v: Value = serde_json::from_str(&text).expect("problem JSON");
    assert_eq!(v["status"], status);
    assert!(
        v["type"].is_string() && v["title"].is_string() && v["detail"].is_string(),
        "{v}"
    );
    // Every problem carries a code the web app's catalogues know, and so
    // does each invalid field.
    let known = |code: &Value, params: &Value| {
        code.as_str().is_some_and(|c| {
            crm_domain::message::Message::from_parts(c, Some(params).filter(|p| !p.is_null()))
                .is_some()
        })
    };
    assert!(known(&v["code"], &v["params"]), "unknown code in {v}");
    for e in v["errors"].as_array().into_iter().flatten() {
        assert!(known(&e["code"], &e["params"]), "unknown field code in {v}");
    }
    v
}

/// The fields a problem names.
pub fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Runs each named async case on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! both_backends {
    ($($case:ident),* $(,)?) => {
        $(
            mod $case {
                #[actix_web::test]
                async fn sqlite() {
                    super::$case($crate::common::TestApp::spawn($crate::common::Backend::Sqlite).await).await;
                }
                #[actix_web::test]
                async fn postgres() {
                    super::$case($crate::common::TestApp::spawn($crate::common::Backend::Postgres).await).await;
                }
            }
        )*
    };
}
