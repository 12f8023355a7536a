//! Signing in, tokens, and who may call what.

use crate::both_backends;
use crate::common::{json_of, problem, TestApp, GAMBIR, PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};

async fn login_gives_a_bearer_token(app: TestApp) {
    let resp = app
        .request(Method::POST, "/api/v1/auth/login")
        .json(&json!({"username": "petugas.gambir", "password": PASSWORD}))
        .send()
        .await
        .expect("req");
    let t: Value = json_of(resp, 200).await;
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["expires_in"], 3600);
    let token = t["access_token"].as_str().expect("token");
    let me: Value = json_of(app.get(token, "/api/v1/auth/me").await, 200).await;
    assert_eq!(me["username"], "petugas.gambir");
    assert_eq!(me["role"], "officer");
    assert_eq!(me["unit_code"], GAMBIR);
    assert_eq!(me["unit_name"], "Gambir");
}

async fn wrong_credentials_get_401(app: TestApp) {
    for body in [
        json!({"username": "petugas.gambir", "password": "wrong"}),
        json!({"username": "nobody", "password": PASSWORD}),
    ] {
        let resp = app
            .request(Method::POST, "/api/v1/auth/login")
            .json(&body)
            .send()
            .await
            .expect("req");
        let p = problem(resp, 401).await;
        assert_eq!(p["detail"], "wrong username or password");
    }
    let resp = app
        .request(Method::POST, "/api/v1/auth/login")
        .header("content-type", "application/json")
        .body("{\"username\": ")
        .send()
        .await
        .expect("req");
    problem(resp, 400).await;
}

async fn staff_endpoints_need_a_valid_token(app: TestApp) {
    let resp = app
        .request(Method::GET, "/api/v1/reports")
        .send()
        .await
        .expect("req");
    let p = problem(resp, 401).await;
    assert!(p["detail"].as_str().unwrap_or("").contains("Bearer"));
    let resp = app
        .request(Method::GET, "/api/v1/reports")
        .bearer_auth("forged.token.here")
        .send()
        .await
        .expect("req");
    problem(resp, 401).await;
    let resp = app
        .request(Method::GET, "/api/v1/reports")
        .header("authorization", "Basic YWRtaW46YWRtaW4=")
        .send()
        .await
        .expect("req");
    problem(resp, 401).await;
    // A token signed with another secret is refused.
    let other = crm_api::auth::token::TokenKeys::new(b"another-secret-0123456789abcdef", 600);
    let now = chrono::Utc::now().timestamp();
    let forged = other
        .sign(&crm_api::auth::token::Claims {
            sub: "1".into(),
            usr: "admin".into(),
            name: "x".into(),
            role: crm_domain::Role::Administrator,
            unit: None,
            iss: crm_api::auth::token::ISSUER.into(),
            aud: crm_api::auth::token::AUDIENCE.into(),
            iat: now,
            exp: now + 600,
            ver: 0,
            jti: None,
            until: None,
            pwc: false,
        })
        .expect("sign");
    problem(app.get(&forged, "/api/v1/reports").await, 401).await;
}

/// Twenty wrong passwords in a row for `admin`: after six the account is
/// locked out and answers 429 with `Retry-After`, even to the right
/// password, before any password is checked; other accounts still sign in. (One address is held
/// to 30 attempts at once; the unit tests of the limits try that.)
async fn guessing_a_password_is_stopped(app: TestApp) {
    let try_login = |user: &'static str, password: &'static str| {
        app.request(Method::POST, "/api/v1/auth/login")
            .json(&json!({"username": user, "password": password}))
            .send()
    };
    let mut statuses = Vec::new();
    for _ in 0..20 {
        let r = try_login("admin", "tebak-tebakan").await.expect("send");
        statuses.push(r.status().as_u16());
        if r.status() == 429 {
            let wait: u64 = r.headers()["retry-after"]
                .to_str()
                .ok()
                .and_then(|v| v.parse().ok())
                .expect("Retry-After in seconds");
            assert!((1..=60).contains(&wait), "{wait}");
            let p = problem(r, 429).await;
            assert_eq!(p["type"], "/problems/too-many-requests");
        }
    }
    // Six wrong passwords are answered; from then on the account is
    // locked out (doubling each time) before any password is checked.
    assert_eq!(&statuses[..6], &[401; 6], "{statuses:?}");
    assert!(statuses[6..].iter().all(|s| *s == 429), "{statuses:?}");
    let right = try_login("admin", PASSWORD).await.expect("send");
    assert_eq!(right.status(), 429, "locked even with the right password");
    let other = try_login("petugas.gambir", PASSWORD).await.expect("send");
    assert_eq!(other.status(), 200, "other accounts are not locked");
}

both_backends!(
    login_gives_a_bearer_token,
    wrong_credentials_get_401,
    staff_endpoints_need_a_valid_token,
    guessing_a_password_is_stopped,
);

/// Signing out ends the session: the token is refused from the next
/// request, and so is a stream ticket asked with it; signing in again works.
async fn signing_out_ends_the_token(app: TestApp) {
    let token = app.sign_in("petugas2.gambir").await;
    json_of::<Value>(app.get(&token, "/api/v1/auth/me").await, 200).await;
    let ticket: Value = json_of(
        app.post(&token, "/api/v1/events/ticket", &json!({})).await,
        200,
    )
    .await;
    let ticket = ticket["ticket"].as_str().expect("ticket").to_string();
    let out = app.post(&token, "/api/v1/auth/logout", &json!({})).await;
    assert_eq!(out.status(), 204);
    let p = problem(app.get(&token, "/api/v1/auth/me").await, 401).await;
    assert!(p["detail"].as_str().expect("detail").contains("ended"));
    problem(
        app.request(Method::GET, &format!("/api/v1/events?ticket={ticket}"))
            .send()
            .await
            .expect("send"),
        401,
    )
    .await;
    let again = app.sign_in("petugas2.gambir").await;
    json_of::<Value>(app.get(&again, "/api/v1/auth/me").await, 200).await;
    // Another account's session is untouched.
    let other = app.login("petugas.gambir").await;
    json_of::<Value>(app.get(&other, "/api/v1/auth/me").await, 200).await;
}

both_backends!(signing_out_ends_the_token);
