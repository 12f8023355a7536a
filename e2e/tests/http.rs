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
        assert!(body.contains("crm_web.js"), "{path}: {body}");
    }
    let r = http.get(s.url("/missing.js")).send().await.expect("req");
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
}
