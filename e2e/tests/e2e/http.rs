//! The release binary over real HTTP: sign in, file, read, list; an
//! integrator with its key; errors as problem+json.

use crm_e2e::{Server, ADMIN_PASSWORD};
use serde_json::{json, Value};

async fn token(http: &reqwest::Client, s: &Server, user: &str, password: &str) -> String {
    let r = http
        .post(s.url("/api/v1/auth/login"))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.expect("json");
    v["access_token"].as_str().expect("token").to_string()
}

#[tokio::test]
async fn login_file_read_and_list_over_http() {
    let s = Server::start(false).await;
    let http = reqwest::Client::new();

    let r = http
        .get(s.url("/api/v1/reports"))
        .send()
        .await
        .expect("req");
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["content-type"], "application/problem+json");

    let admin = token(&http, &s, "admin", ADMIN_PASSWORD).await;
    let body = json!({
        "channel": "kantor-kelurahan",
        "category": "jalan-rusak",
        "description": "Jalan berlubang di depan SDN 01, membahayakan pengendara",
        "kelurahan": "31.73.05.1001",
        "reporter_name": "Siti Aminah",
    });
    let r = http
        .post(s.url("/api/v1/reports"))
        .bearer_auth(&admin)
        .json(&body)
        .send()
        .await
        .expect("req");
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.expect("json");
    let number = created["number"].as_i64().expect("number");
    assert_eq!(created["holder_name"], "Kebon Jeruk");

    let got: Value = http
        .get(s.url(&format!("/api/v1/reports/{number}")))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert_eq!(got["description"], body["description"]);
    let list: Value = http
        .get(s.url("/api/v1/reports?unit=31.73&status=menunggu"))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert_eq!(list["items"][0]["number"], number);

    // An integrator key for Qlue files a report with its own reference, once.
    let key: Value = http
        .post(s.url("/api/v1/api-keys"))
        .bearer_auth(&admin)
        .json(&json!({"channel": "qlue", "label": "Qlue"}))
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    let key = key["key"].as_str().expect("key").to_string();
    let qlue = json!({"channel": "qlue", "channel_ref": "Q-77", "category": "sampah",
        "description": "Sampah menumpuk di kali", "lat": -6.2, "lon": 106.8});
    for expected in [201, 200] {
        let r = http
            .post(s.url("/api/v1/reports"))
            .header("X-API-Key", &key)
            .json(&qlue)
            .send()
            .await
            .expect("req");
        assert_eq!(r.status(), expected);
    }

    let r = http
        .post(s.url("/api/v1/reports"))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("req");
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["content-type"], "application/problem+json");

    let spec: Value = http
        .get(s.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert!(spec["paths"]["/api/v1/reports"].is_object());
    let docs = http.get(s.url("/api/docs/")).send().await.expect("req");
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.expect("text").contains("swagger"));
}

#[tokio::test]
async fn app_routes_get_the_app_and_missing_assets_a_404() {
    let s = Server::start(false).await;
    let http = reqwest::Client::new();
    for path in [
        "/skor/31.71.01.1001?period=2021-06",
        "/laporan/12",
        "/lacak",
    ] {
        let r = http.get(s.url(path)).send().await.expect("req");
        assert_eq!(r.status(), 200, "{path}");
        let body = r.text().await.expect("text");
        assert!(body.contains("/boot.js"), "{path}: {body}");
    }
    let r = http.get(s.url("/missing.js")).send().await.expect("req");
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["content-type"], "application/problem+json");

    // The app runs under a policy that allows only its own scripts and its
    // WebAssembly (the browser tests run it so), and no page may frame it.
    let r = http.get(s.url("/")).send().await.expect("req");
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let page = r.text().await.expect("page");
    assert!(
        !page.contains("<script type=\"module\">"),
        "no inline script: {page}"
    );
    // API answers are not kept by browsers or proxies.
    let r = http
        .get(s.url("/api/v1/reports"))
        .send()
        .await
        .expect("req");
    assert_eq!(r.headers()["cache-control"], "no-store");
}

/// A webhook receiver on the loopback interface that answers 200 to every
/// request; stops when the test process ends.
fn receiver() -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(2)));
            let mut buf = [0u8; 65536];
            let _ = stream.read(&mut buf);
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        }
    });
    port
}

#[tokio::test]
async fn one_request_id_follows_a_filing_from_its_access_line_to_its_delivery() {
    let dir = tempfile::tempdir().expect("dir");
    let log = dir.path().join("crm.log");
    let s = Server::start_logging(&log).await;
    let http = reqwest::Client::new();
    let admin = token(&http, &s, "admin", ADMIN_PASSWORD).await;
    let hook = format!("http://127.0.0.1:{}/hook", receiver());
    let r = http
        .put(s.url("/api/v1/channels/jaki/webhook"))
        .bearer_auth(&admin)
        .json(&json!({"url": hook}))
        .send()
        .await
        .expect("webhook");
    assert_eq!(r.status(), 200);
    let key: Value = http
        .post(s.url("/api/v1/api-keys"))
        .bearer_auth(&admin)
        .json(&json!({"channel": "jaki", "label": "JAKI"}))
        .send()
        .await
        .expect("key")
        .json()
        .await
        .expect("json");
    let key = key["key"].as_str().expect("key").to_string();

    let r = http
        .post(s.url("/api/v1/reports"))
        .header("X-API-Key", &key)
        .json(&json!({
            "channel": "jaki", "channel_ref": "JAKI-TRACE-1", "category": "sampah",
            "description": "Sampah menumpuk di depan pasar", "kelurahan": "31.71.01.1001"
        }))
        .send()
        .await
        .expect("file");
    assert_eq!(r.status(), 201);
    let id = r.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(id.len() >= 16, "a request id: {id}");

    // The delivery worker sends the arrival event; its attempt is logged
    // under the filing's request id.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let lines = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let mine: Vec<Value> = text
            .lines()
            .filter(|l| l.contains(&id))
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        let message = |v: &Value| v["fields"]["message"].as_str().unwrap_or("").to_string();
        if mine.iter().any(|v| message(v) == "delivered") {
            break mine.iter().map(message).collect::<Vec<_>>();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no delivery logged under {id}:\n{text}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    for want in ["answered", "event written to the outbox", "delivered"] {
        assert!(
            lines.iter().any(|m| m == want),
            "no `{want}` line under request {id}: {lines:?}"
        );
    }

    // Another request has another id, and a problem answer names its own.
    let r = http
        .get(s.url("/api/v1/reports/99999999"))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 404);
    let other = r.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert_ne!(other, id);
    let problem: Value = r.json().await.expect("problem");
    assert_eq!(problem["request_id"], other.as_str());
}

#[test]
fn a_short_signing_secret_is_refused_at_start() {
    let dir = tempfile::tempdir().expect("dir");
    let out = std::process::Command::new(crm_e2e::crm_binary())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args([
            "--database-url",
            &format!("sqlite://{}/crm.sqlite", dir.path().display()),
        ])
        .env("CRM_JWT_SECRET", "sixteen-chars-ok")
        .env_remove("DATABASE_URL")
        .output()
        .expect("run crm");
    assert!(!out.status.success(), "a 16-byte secret was accepted");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("at least 32 bytes"), "{err}");
}
