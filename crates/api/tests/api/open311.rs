//! Open311 GeoReport v2: every document has the shape of the spec's own
//! examples (`tests/fixtures/open311/`), in XML and JSON; a request filed
//! with an integrator's key is read back in both formats; every error is
//! the spec's, with its status code.

use crate::both_backends;
use crate::channels::key_for;
use crate::common::{TestApp, GAMBIR};
use quick_xml::events::Event;
use reqwest::Method;
use serde_json::Value;
use std::collections::BTreeSet;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/open311/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every element path of an XML document (`services/service/group`).
fn xml_paths(xml: &str) -> BTreeSet<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut out = BTreeSet::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                stack.push(String::from_utf8_lossy(e.name().as_ref()).to_string());
                out.insert(stack.join("/"));
            }
            Ok(Event::Empty(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).to_string();
                out.insert(format!("{}/{name}", stack.join("/")));
            }
            Ok(Event::End(_)) => {
                stack.pop();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML ({e}): {xml}"),
        }
    }
    out
}

/// Every key path of a JSON document (arrays are looked through).
fn json_paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| json_paths(i, prefix, out)),
        Value::Object(map) => {
            for (k, v) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}/{k}")
                };
                out.insert(p.clone());
                json_paths(v, &p, out);
            }
        }
        _ => {}
    }
}

fn paths_of_json(text: &str) -> BTreeSet<String> {
    let v: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("JSON ({e}): {text}"));
    let mut out = BTreeSet::new();
    json_paths(&v, "", &mut out);
    out
}

/// Our document has every element or field the spec's example has.
fn assert_shape(ours: &BTreeSet<String>, spec: &BTreeSet<String>, what: &str) {
    let missing: Vec<&String> = spec.difference(ours).collect();
    assert!(
        missing.is_empty(),
        "{what}: missing {missing:?}; ours {ours:?}"
    );
}

async fn get(app: &TestApp, path: &str) -> (u16, String, String) {
    let r = app.request(Method::GET, path).send().await.expect("req");
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, ct, r.text().await.expect("body"))
}

async fn post_form(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form.iter())
        .finish();
    let r = app
        .request(Method::POST, path)
        .header(
            "Content-Type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )
        .body(body)
        .send()
        .await
        .expect("req");
    (r.status().as_u16(), r.text().await.expect("body"))
}

/// The text of the first `name` element.
fn xml_text(xml: &str, name: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == name.as_bytes() => {
                let end = e.to_end().into_owned();
                let raw = reader.read_text(end.name()).ok()?;
                return quick_xml::escape::unescape(&raw)
                    .ok()
                    .map(|s| s.trim().to_string());
            }
            Ok(Event::Empty(e)) if e.name().as_ref() == name.as_bytes() => {
                return Some(String::new())
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

async fn a_client_lists_services_files_a_request_and_reads_it_back(app: TestApp) {
    let admin = app.login("admin").await;
    let key = key_for(&app, &admin, "jaki").await;

    // Discovery and services, in both formats, shaped like the spec's.
    let (s, ct, xml) = get(&app, "/open311/v2/discovery.xml").await;
    assert_eq!((s, ct.as_str()), (200, "text/xml; charset=utf-8"));
    assert_shape(
        &xml_paths(&xml),
        &xml_paths(&fixture("discovery.xml")),
        "discovery.xml",
    );
    // The endpoint is the configured public address, whatever `Host` a
    // client sends.
    let resp = app
        .request(Method::GET, "/open311/v2/discovery.json")
        .header("Host", "evil.example")
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 200);
    let d: Value = serde_json::from_str(&resp.text().await.expect("body")).expect("json");
    let url = d["endpoints"][0]["url"].as_str().expect("url").to_string();
    assert!(
        url.ends_with("/open311/v2") && !url.contains("evil"),
        "{url}"
    );

    let (s, ct, xml) = get(&app, "/open311/v2/services.xml").await;
    assert_eq!((s, ct.as_str()), (200, "text/xml; charset=utf-8"));
    assert_shape(
        &xml_paths(&xml),
        &xml_paths(&fixture("services.xml")),
        "services.xml",
    );
    let (s, ct, json) = get(&app, "/open311/v2/services.json?jurisdiction_id=jakarta").await;
    assert_eq!((s, ct.as_str()), (200, "application/json; charset=utf-8"));
    assert_shape(
        &paths_of_json(&json),
        &paths_of_json(&fixture("services.json")),
        "services.json",
    );
    let services: Vec<Value> = serde_json::from_str(&json).expect("array");
    assert_eq!(services.len(), 46, "one service per category");
    let sampah = services
        .iter()
        .find(|s| s["service_code"] == "sampah")
        .expect("sampah");
    assert_eq!(sampah["service_name"], "Sampah");
    assert_eq!(sampah["group"], "Kebersihan dan Lingkungan");
    assert_eq!(sampah["type"], "realtime");
    let groups: BTreeSet<&str> = services
        .iter()
        .filter_map(|s| s["group"].as_str())
        .collect();
    assert!(groups.len() >= 8, "{groups:?}");

    let (s, _, xml) = get(&app, "/open311/v2/services/sampah.xml").await;
    assert_eq!(s, 200);
    assert_shape(
        &xml_paths(&xml),
        &xml_paths(&fixture("service_definition.xml")),
        "service_definition.xml",
    );
    let (_, _, json) = get(&app, "/open311/v2/services/sampah.json").await;
    assert_shape(
        &paths_of_json(&json),
        &paths_of_json(&fixture("service_definition.json")),
        "service_definition.json",
    );

    // File one in JSON, with coordinates and the kelurahan attribute.
    let form = [
        ("api_key", key.as_str()),
        ("jurisdiction_id", "jakarta"),
        ("service_code", "sampah"),
        ("lat", "-6.1754"),
        ("long", "106.8272"),
        ("address_string", "Jl. Medan Merdeka Barat"),
        ("email", "warga@example.id"),
        ("first_name", "Siti"),
        ("last_name", "Aminah"),
        ("description", "Sampah menumpuk di trotoar\nsejak kemarin"),
        ("media_url", "https://cdn.example.id/foto/1.jpg"),
        ("attribute[kelurahan]", GAMBIR),
        ("attribute[reference]", "O311-1"),
    ];
    let (s, json) = post_form(&app, "/open311/v2/requests.json", &form).await;
    assert_eq!(s, 200, "{json}");
    assert_shape(
        &paths_of_json(&json),
        &paths_of_json(&fixture("post_response.json")),
        "POST json",
    );
    let created: Vec<Value> = serde_json::from_str(&json).expect("array");
    let id = created[0]["service_request_id"]
        .as_str()
        .expect("id")
        .to_string();
    // The same reference again is the same request.
    let (s, again) = post_form(&app, "/open311/v2/requests.json", &form).await;
    assert_eq!(s, 200);
    let again: Vec<Value> = serde_json::from_str(&again).expect("array");
    assert_eq!(again[0]["service_request_id"], id.as_str());

    // Read back in JSON.
    let (s, _, json) = get(&app, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(s, 200);
    assert_shape(
        &paths_of_json(&json),
        &paths_of_json(&fixture("requests.json")),
        "request json",
    );
    let one: Vec<Value> = serde_json::from_str(&json).expect("a list of one");
    assert_eq!(one.len(), 1);
    let r = &one[0];
    assert_eq!(r["service_request_id"], id.as_str());
    assert_eq!(r["status"], "open");
    assert_eq!(r["service_code"], "sampah");
    assert_eq!(r["service_name"], "Sampah");
    assert_eq!(
        r["description"],
        "Sampah menumpuk di trotoar\nsejak kemarin"
    );
    assert_eq!(r["agency_responsible"], "Gambir");
    assert_eq!(r["address"], "Jl. Medan Merdeka Barat");
    assert_eq!(r["lat"], -6.1754);
    assert_eq!(r["long"], 106.8272);
    assert_eq!(r["media_url"], "https://cdn.example.id/foto/1.jpg");
    assert!(r["status_notes"]
        .as_str()
        .is_some_and(|n| n.contains("Gambir")));
    let requested = r["requested_datetime"].as_str().expect("requested");
    assert!(requested.ends_with("+07:00"), "{requested}");
    let req_t = chrono::DateTime::parse_from_rfc3339(requested).expect("w3c");
    let exp_t =
        chrono::DateTime::parse_from_rfc3339(r["expected_datetime"].as_str().expect("expected"))
            .expect("w3c");
    // Sampah: first band 29 h.
    assert_eq!((exp_t - req_t).num_hours(), 29);
    // No reporter's details are ever given out.
    assert!(!json.contains("warga@example.id") && !json.contains("Aminah"));

    // Staff see who filed it and how.
    let officer = app.login("petugas.gambir").await;
    let staff: Value = app
        .get(&officer, &format!("/api/v1/reports/{id}"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(staff["channel"], "jaki");
    assert_eq!(staff["channel_ref"], "O311-1");
    assert_eq!(staff["reporter_name"], "Siti Aminah");
    assert_eq!(staff["reporter_contact"], "warga@example.id");

    // Once taken up and completed, it reads closed.
    crate::common::act_ok(
        &app,
        &officer,
        id.parse().expect("n"),
        "take-up",
        serde_json::json!({}),
    )
    .await;

    // File one in XML and read it back in XML.
    let form_xml = [
        ("api_key", key.as_str()),
        ("service_code", "jalan-rusak"),
        ("address_string", "Jl. Kebon Sirih 10"),
        ("description", "Jalan berlubang <dalam> & berbahaya"),
    ];
    let (s, xml) = post_form(&app, "/open311/v2/requests.xml", &form_xml).await;
    assert_eq!(s, 200, "{xml}");
    assert_shape(
        &xml_paths(&xml),
        &xml_paths(&fixture("post_response.xml")),
        "POST xml",
    );
    let id2 = xml_text(&xml, "service_request_id").expect("id");
    let (s, _, xml) = get(&app, &format!("/open311/v2/requests/{id2}.xml")).await;
    assert_eq!(s, 200);
    assert_shape(
        &xml_paths(&xml),
        &xml_paths(&fixture("request_single.xml")),
        "request xml",
    );
    assert_eq!(
        xml_text(&xml, "service_code").as_deref(),
        Some("jalan-rusak")
    );
    assert_eq!(
        xml_text(&xml, "description").as_deref(),
        Some("Jalan berlubang <dalam> & berbahaya")
    );
    assert_eq!(xml_text(&xml, "status").as_deref(), Some("open"));
    // No kelurahan and no coordinates: the Monitoring Room triages it.
    assert_eq!(
        xml_text(&xml, "agency_responsible").as_deref(),
        Some("Ruang Monitoring (triase)")
    );

    // The list with the spec's filters.
    let (s, _, json) = get(
        &app,
        &format!("/open311/v2/requests.json?service_request_id={id},{id2}"),
    )
    .await;
    assert_eq!(s, 200);
    let both: Vec<Value> = serde_json::from_str(&json).expect("array");
    assert_eq!(both.len(), 2);
    let (_, _, json) = get(&app, "/open311/v2/requests.json?service_code=jalan-rusak").await;
    let roads: Vec<Value> = serde_json::from_str(&json).expect("array");
    assert_eq!(roads.len(), 1);
    assert_eq!(roads[0]["service_request_id"], id2.as_str());
    let (_, _, json) = get(&app, "/open311/v2/requests.json?status=open").await;
    assert_eq!(
        serde_json::from_str::<Vec<Value>>(&json)
            .expect("array")
            .len(),
        2
    );
    let (_, _, xml) = get(&app, "/open311/v2/requests.xml?status=closed").await;
    assert!(!xml.contains("<request>"), "{xml}");
    assert_shape(
        &xml_paths(&xml),
        &["service_requests".to_string()].into_iter().collect(),
        "empty list",
    );
    let old = "start_date=2020-01-01T00:00:00Z&end_date=2020-03-01T00:00:00%2B07:00";
    let (s, _, json) = get(&app, &format!("/open311/v2/requests.json?{old}")).await;
    assert_eq!((s, json.as_str()), (200, "[]"));
    let (_, _, xml) = get(&app, "/open311/v2/requests.xml").await;
    assert_shape(
        &xml_paths(&xml),
        &xml_paths(&fixture("requests.xml")),
        "requests.xml",
    );

    // A token is its request's id.
    let (s, _, xml) = get(&app, &format!("/open311/v2/tokens/{id}.xml")).await;
    assert_eq!(s, 200);
    assert_shape(
        &xml_paths(&xml),
        &xml_paths(&fixture("token.xml")),
        "token.xml",
    );
    let (_, _, json) = get(&app, &format!("/open311/v2/tokens/{id}.json")).await;
    assert_shape(
        &paths_of_json(&json),
        &paths_of_json(&fixture("token.json")),
        "token.json",
    );

    // A hidden report stays out of lists; it is found by its id with its
    // tracking code, the filer's.
    let hidden = [
        ("api_key", key.as_str()),
        ("service_code", "sampah"),
        ("address_string", "Gang Buntu 3"),
        ("description", "Laporan yang disembunyikan"),
        ("attribute[hidden]", "true"),
    ];
    let (_, json) = post_form(&app, "/open311/v2/requests.json", &hidden).await;
    let h: Vec<Value> = serde_json::from_str(&json).expect("array");
    let hid = h[0]["service_request_id"].as_str().expect("id").to_string();
    let code = h[0]["tracking_code"].as_str().expect("code").to_string();
    let (_, _, json) = get(&app, "/open311/v2/requests.json").await;
    assert!(!json.contains(&format!("\"{hid}\"")));
    let (s, _, _) = get(&app, &format!("/open311/v2/requests/{hid}.json")).await;
    assert_eq!(s, 404, "a hidden request without its code");
    let (s, _, json) = get(
        &app,
        &format!("/open311/v2/requests/{hid}.json?code={code}"),
    )
    .await;
    assert_eq!(s, 200);
    // …without where it happened.
    let one: Vec<Value> = serde_json::from_str(&json).expect("array");
    assert_eq!(one[0]["address"], Value::Null);
    assert!(!json.contains("Gang Buntu"));
    let (_, _, json) = get(
        &app,
        &format!("/open311/v2/requests.json?service_request_id={hid},{id}"),
    )
    .await;
    let listed: Vec<Value> = serde_json::from_str(&json).expect("array");
    assert_eq!(listed.len(), 1, "a list never shows a hidden report");
    assert_eq!(listed[0]["service_request_id"], id.as_str());
    // Dates alone are W3C too.
    let (s, _, json) = get(
        &app,
        "/open311/v2/requests.json?start_date=2020-01-01&end_date=2020-02-01",
    )
    .await;
    assert_eq!((s, json.as_str()), (200, "[]"));
}

/// Asserts a spec error in both formats' shape; returns its description.
async fn error_of(status: u16, got: (u16, String), xml: bool) -> String {
    let (s, body) = got;
    assert_eq!(s, status, "{body}");
    if xml {
        assert_shape(
            &xml_paths(&body),
            &xml_paths(&fixture("error_403.xml")),
            "errors xml",
        );
        assert_eq!(xml_text(&body, "code"), Some(status.to_string()));
        xml_text(&body, "description").expect("description")
    } else {
        assert_shape(
            &paths_of_json(&body),
            &paths_of_json(&fixture("error_403.json")),
            "errors json",
        );
        let v: Vec<Value> = serde_json::from_str(&body).expect("array");
        assert_eq!(v[0]["code"], status);
        v[0]["description"]
            .as_str()
            .expect("description")
            .to_string()
    }
}

async fn every_error_is_the_specs_with_its_status(app: TestApp) {
    let admin = app.login("admin").await;
    let key = key_for(&app, &admin, "jaki").await;
    let get2 = |path: &str| {
        let app = &app;
        let path = path.to_string();
        async move {
            let (s, _, body) = get(app, &path).await;
            (s, body)
        }
    };
    let good = |extra: &[(&'static str, &'static str)]| {
        let mut f: Vec<(&str, String)> = vec![
            ("service_code", "sampah".into()),
            ("lat", "-6.1754".into()),
            ("long", "106.8272".into()),
            ("description", "Sampah di jalan".into()),
        ];
        for (k, v) in extra {
            f.retain(|(kk, _)| kk != k);
            if !v.is_empty() {
                f.push((k, v.to_string()));
            }
        }
        f
    };
    let post = |form: Vec<(&'static str, String)>, ext: &'static str| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_form(app, &format!("/open311/v2/requests.{ext}"), &pairs).await
        }
    };
    // 403: no key, a wrong key; in XML and in JSON.
    let d = error_of(403, post(good(&[]), "xml").await, true).await;
    assert!(d.contains("api_key"), "{d}");
    let mut wrong = good(&[]);
    wrong.push(("api_key", "crmk_wrong".into()));
    error_of(403, post(wrong, "json").await, false).await;
    let with_key = |extra: &[(&'static str, &'static str)]| {
        let mut f = good(extra);
        f.push(("api_key", key.clone()));
        f
    };
    // 404: an unknown service or jurisdiction.
    let d = error_of(
        404,
        post(with_key(&[("service_code", "teleportasi")]), "json").await,
        false,
    )
    .await;
    assert!(d.contains("teleportasi"));
    error_of(
        404,
        post(with_key(&[("jurisdiction_id", "bandung")]), "xml").await,
        true,
    )
    .await;
    // 400: no service, no location, a bad number, a bad field.
    error_of(
        400,
        post(with_key(&[("service_code", "")]), "json").await,
        false,
    )
    .await;
    let d = error_of(
        400,
        post(with_key(&[("lat", ""), ("long", "")]), "json").await,
        false,
    )
    .await;
    assert!(d.contains("location"), "{d}");
    error_of(400, post(with_key(&[("lat", "north")]), "xml").await, true).await;
    let d = error_of(
        400,
        post(with_key(&[("attribute[kelurahan]", "31.71")]), "json").await,
        false,
    )
    .await;
    assert!(d.contains("attribute[kelurahan]"), "{d}");
    let d = error_of(
        400,
        post(with_key(&[("media_url", "javascript:alert(1)")]), "json").await,
        false,
    )
    .await;
    assert!(d.contains("media_url"), "{d}");
    // Not form-encoded.
    let r = app
        .request(Method::POST, "/open311/v2/requests.json")
        .json(&serde_json::json!({"service_code": "sampah"}))
        .send()
        .await
        .expect("req");
    error_of(
        400,
        (r.status().as_u16(), r.text().await.expect("body")),
        false,
    )
    .await;
    // Nothing was filed by any of these.
    let (_, _, json) = get(&app, "/open311/v2/requests.json").await;
    assert_eq!(json, "[]");

    // GET errors.
    error_of(
        404,
        get2("/open311/v2/services/teleportasi.xml").await,
        true,
    )
    .await;
    error_of(
        404,
        get2("/open311/v2/services.json?jurisdiction_id=bandung").await,
        false,
    )
    .await;
    error_of(404, get2("/open311/v2/requests/999999.json").await, false).await;
    error_of(404, get2("/open311/v2/requests/abc.xml").await, true).await;
    error_of(404, get2("/open311/v2/tokens/999999.xml").await, true).await;
    error_of(404, get2("/open311/v2/services.html").await, false).await;
    error_of(404, get2("/open311/v2/nothing.json").await, false).await;
    error_of(404, get2("/open311/v3/services.json").await, false).await;
    let d = error_of(
        400,
        get2("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z").await,
        false,
    )
    .await;
    assert!(d.contains("90 days"), "{d}");
    error_of(
        400,
        get2("/open311/v2/requests.json?start_date=yesterday").await,
        false,
    )
    .await;
    error_of(
        400,
        get2("/open311/v2/requests.xml?start_date=2026-01-01T00:00:00").await,
        true,
    )
    .await;
    error_of(
        400,
        get2("/open311/v2/requests.json?status=pending").await,
        false,
    )
    .await;
    error_of(
        400,
        get2("/open311/v2/requests.json?service_code=teleportasi").await,
        false,
    )
    .await;
    error_of(
        400,
        get2("/open311/v2/requests.json?service_request_id=1,x").await,
        false,
    )
    .await;
    error_of(
        400,
        get2("/open311/v2/requests.json?start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z").await,
        false,
    )
    .await;
}

both_backends!(
    a_client_lists_services_files_a_request_and_reads_it_back,
    every_error_is_the_specs_with_its_status,
);
