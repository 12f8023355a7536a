//! Bad input gets a 4xx problem naming what is wrong, and writes nothing.

use crate::both_backends;
use crate::common::{act, fields, json_of, problem, report, TestApp, GAMBIR};
use reqwest::Method;
use serde_json::{json, Value};

async fn bad_reports_are_refused_and_nothing_is_written(app: TestApp) {
    let token = app.login("petugas.gambir").await;
    let send_raw = |body: String, ct: &'static str| {
        app.request(Method::POST, "/api/v1/reports")
            .bearer_auth(&token)
            .header("content-type", ct)
            .body(body)
            .send()
    };
    // Malformed JSON.
    let p = problem(
        send_raw("{\"channel\": ".into(), "application/json")
            .await
            .expect("req"),
        400,
    )
    .await;
    assert!(p["detail"]
        .as_str()
        .unwrap_or("")
        .contains("malformed JSON"));
    // Not JSON at all.
    problem(
        send_raw("channel=x".into(), "application/x-www-form-urlencoded")
            .await
            .expect("req"),
        415,
    )
    .await;
    // Oversize.
    let mut big = report(Some(GAMBIR));
    big["description"] = json!("x".repeat(400 * 1024));
    problem(
        send_raw(big.to_string(), "application/json")
            .await
            .expect("req"),
        413,
    )
    .await;

    // Wrong types, unknown fields, rule failures and unknown references, each named.
    let cases: Vec<(Value, &str)> = vec![
        (json!({"lat": "north"}), "lat"),
        (json!({"hidden": "yes"}), "hidden"),
        (json!({"tags": "not a list"}), "tags"),
        (json!({"status": "selesai"}), "status"),
        (json!({"received_at": "yesterday"}), "received_at"),
        (json!({"lat": 95.0, "lon": 106.8}), "lat"),
        (json!({"description": "abc"}), "description"),
        (json!({"category": "no-such-category"}), "category"),
        (json!({"channel": "fax"}), "channel"),
        (json!({"channel": "jaki"}), "channel"),
        (json!({"kelurahan": "31.71.01"}), "kelurahan"),
        (json!({"kelurahan": "99.99"}), "kelurahan"),
        (json!({"lat": -6.2}), "lon"),
        (
            json!({"received_at": "2999-01-01T00:00:00Z"}),
            "received_at",
        ),
        // Before the records began: would walk the journal through every
        // month since.
        (
            json!({"received_at": "0001-01-01T00:00:00Z"}),
            "received_at",
        ),
    ];
    for (patch, field) in cases {
        let mut body = report(Some(GAMBIR));
        for (k, v) in patch.as_object().expect("object") {
            body[k] = v.clone();
        }
        let p = problem(app.post(&token, "/api/v1/reports", &body).await, 422).await;
        assert!(
            fields(&p).contains(&field.to_string()),
            "expected `{field}` named for {patch}: {p}"
        );
    }
    let missing = json!({"channel": "kantor-kelurahan"});
    let p = problem(app.post(&token, "/api/v1/reports", &missing).await, 422).await;
    assert!(
        p["detail"].as_str().unwrap_or("").contains("category"),
        "{p}"
    );

    assert!(app.all_numbers("").await.is_empty(), "nothing was written");
}

async fn bad_queries_and_unknown_things_are_named(app: TestApp) {
    let token = app.login("monitoring").await;
    for (query, field) in [
        ("status=done", "status"),
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("unit=99", "unit"),
        ("category=nope", "category"),
        ("received_from=yesterday", "received_from"),
        ("cursor=!!!", "cursor"),
        ("colour=red", "colour"),
    ] {
        let p = problem(
            app.get(&token, &format!("/api/v1/reports?{query}")).await,
            422,
        )
        .await;
        assert_eq!(fields(&p), vec![field.to_string()], "{query}: {p}");
    }
    let p = problem(
        app.request(Method::GET, "/api/v1/units?level=planet")
            .send()
            .await
            .expect("req"),
        422,
    )
    .await;
    assert_eq!(fields(&p), vec!["level".to_string()]);
    problem(app.get(&token, "/api/v1/reports/123456").await, 404).await;
    problem(app.get(&token, "/api/v1/reports/not-a-number").await, 404).await;
    problem(app.get(&token, "/api/v1/no-such-thing").await, 404).await;
    problem(
        app.request(Method::GET, "/no-such-page")
            .send()
            .await
            .expect("req"),
        404,
    )
    .await;
    let p = problem(
        app.request(Method::PUT, "/healthz")
            .send()
            .await
            .expect("req"),
        404,
    )
    .await;
    assert!(p["detail"].is_string());
    let page: Value = json_of(app.get(&token, "/api/v1/reports?limit=200").await, 200).await;
    assert!(page["items"].as_array().is_some());
}

/// The code and parameters a problem carries.
fn said(p: &Value) -> (String, Value) {
    (
        p["code"].as_str().unwrap_or("").to_string(),
        p["params"].clone(),
    )
}

async fn refusals_carry_the_codes_the_web_app_translates(app: TestApp) {
    let token = app.login("petugas.gambir").await;
    let p = problem(app.get(&token, "/api/v1/reports/123456").await, 404).await;
    assert_eq!(
        said(&p),
        ("report_not_found".into(), json!({"number": 123456}))
    );

    let wrong = app
        .request(Method::POST, "/api/v1/auth/login")
        .json(&json!({"username": "petugas.gambir", "password": "wrong"}))
        .send()
        .await
        .expect("req");
    assert_eq!(said(&problem(wrong, 401).await).0, "sign_in_failed");
    let bare = app
        .request(Method::GET, "/api/v1/auth/me")
        .send()
        .await
        .expect("req");
    assert_eq!(said(&problem(bare, 401).await).0, "sign_in_first");
    let forged = app.get("not-a-token", "/api/v1/auth/me").await;
    assert_eq!(said(&problem(forged, 401).await).0, "session_expired");

    let n = app.file(&token, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("number");
    let elsewhere = app.login("petugas.kebonjeruk").await;
    let p = problem(
        app.get(&elsewhere, &format!("/api/v1/reports/{n}")).await,
        403,
    )
    .await;
    assert_eq!(
        said(&p),
        ("report_out_of_scope".into(), json!({"number": n}))
    );

    // The state refuses: the code, its action, and the report as it stands.
    let p = problem(
        act(&app, &token, n, "complete", json!({"note": "Sudah"})).await,
        409,
    )
    .await;
    assert_eq!(
        said(&p),
        ("not_in_work".into(), json!({"action": "complete"}))
    );
    assert_eq!(p["current"]["number"], n);
    // The role refuses.
    let p = problem(act(&app, &token, n, "approve", json!({})).await, 403).await;
    assert_eq!(
        said(&p),
        ("verifier_only".into(), json!({"action": "approve"}))
    );
    // A field is wrong: the field's own code.
    let p = problem(
        act(
            &app,
            &token,
            n,
            "dispose",
            json!({"to": "DBM-3171", "reason": " "}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["code"], "invalid");
    assert_eq!(p["errors"][0]["field"], "reason");
    assert_eq!(p["errors"][0]["code"], "required");

    // The report page says why each refused action is refused, by code.
    let view: Value = json_of(app.get(&token, &format!("/api/v1/reports/{n}")).await, 200).await;
    let action = |kind: &str| {
        view["actions"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["action"] == kind))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(action("take_up")["allowed"], true);
    assert!(action("take_up")["reason_code"].is_null());
    assert_eq!(action("complete")["reason_code"], "not_in_work");
    assert_eq!(
        action("complete")["reason_params"],
        json!({"action": "complete"})
    );
    assert_eq!(action("approve")["reason_code"], "verifier_only");
    for a in view["actions"].as_array().into_iter().flatten() {
        if a["allowed"] == false {
            let code = a["reason_code"]
                .as_str()
                .expect("a refused action has a code");
            assert!(
                crm_domain::message::Message::from_parts(code, a.get("reason_params")).is_some(),
                "{a}"
            );
        }
    }
}

both_backends!(
    bad_reports_are_refused_and_nothing_is_written,
    bad_queries_and_unknown_things_are_named,
    refusals_carry_the_codes_the_web_app_translates
);
