//! Channel integrations in headless Chromium over the release binary: the
//! administrator points Qlue's webhook at an address where nothing listens
//! (the signing secret is shown once, and again when rotated), makes Qlue
//! an API key on the page, Qlue files a report with that key, the webhook
//! delivery of the report fails and shows as failed, and the administrator
//! sends it again.

use crm_e2e::{Browser, Server, ADMIN_PASSWORD};
use fantoccini::Locator;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Nothing listens on the discard port: every delivery fails to connect.
const HOOK: &str = "http://127.0.0.1:9/hook";

async fn count(b: &Browser, css: &str) -> usize {
    b.client
        .find_all(Locator::Css(css))
        .await
        .map(|v| v.len())
        .unwrap_or(0)
}

/// Reads an element's attribute (or, with `prop`, its DOM property), trying
/// again while the element is being redrawn.
async fn read(b: &Browser, css: &str, name: &str, prop: bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(e) = b.client.find(Locator::Css(css)).await {
            let got = if prop {
                e.prop(name).await
            } else {
                e.attr(name).await
            };
            if let Ok(v) = got {
                return v.unwrap_or_default();
            }
        }
        assert!(Instant::now() < deadline, "no `{name}` on `{css}`");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn attr(b: &Browser, css: &str, name: &str) -> String {
    read(b, css, name, false).await
}

async fn text(b: &Browser, css: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(e) = b.client.find(Locator::Css(css)).await {
            if let Ok(t) = e.text().await {
                return t.trim().to_string();
            }
        }
        assert!(Instant::now() < deadline, "no `{css}` on the page");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The last four characters: what the channel table shows of a secret.
fn tail(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

#[tokio::test]
async fn an_administrator_wires_up_qlue_and_sends_a_failed_delivery_again() {
    let s = Server::start(false).await;
    let b = Browser::start().await;
    b.sign_in(&s, "admin", ADMIN_PASSWORD).await;

    // The administrator's own links lead to the channels.
    b.click("#nav-integrations").await;
    let qlue = "tr.channel[data-code=\"qlue\"]";
    b.wait_for(qlue).await;
    assert_eq!(count(&b, "tr.channel").await, 14, "every channel is listed");
    assert_eq!(
        text(&b, &format!("{qlue} td.hook-url")).await,
        "—",
        "no webhook yet"
    );

    // A new webhook: its secret is shown, once.
    b.click(&format!("{qlue} button.edit")).await;
    b.wait_for("#webhook-form[data-code=\"qlue\"]").await;
    b.type_into("#webhook-url", HOOK).await;
    let active = b.wait_for("#webhook-active").await;
    assert!(
        active.is_selected().await.expect("checkbox"),
        "a new webhook is on"
    );
    b.click("#webhook-save").await;
    let secret = text(&b, "#webhook-secret").await;
    assert!(secret.len() >= 16, "a real secret: {secret}");
    b.wait_text("#webhook-secret-box", "tidak ditampilkan lagi")
        .await;
    b.wait_text(&format!("{qlue} td.hook-url"), HOOK).await;
    b.wait_text(&format!("{qlue} td.hook-hint"), &tail(&secret))
        .await;

    // Opened again, the page no longer shows it.
    b.client.goto(&s.url("/admin/kanal")).await.expect("open");
    b.wait_text(&format!("{qlue} td.hook-url"), HOOK).await;
    assert_eq!(count(&b, "#webhook-secret").await, 0, "shown only once");

    // A rotation shows the new secret and says the old one still signs.
    b.click(&format!("{qlue} button.edit")).await;
    b.wait_for("#webhook-form[data-code=\"qlue\"]").await;
    assert_eq!(
        read(&b, "#webhook-url", "value", true).await,
        HOOK,
        "prefilled"
    );
    b.click("#webhook-rotate").await;
    let rotated = text(&b, "#webhook-secret").await;
    assert_ne!(rotated, secret, "a new secret");
    b.wait_text("#webhook-secret-box", "24 jam").await;
    b.wait_text(&format!("{qlue} td.hook-hint"), &tail(&rotated))
        .await;
    b.click("#webhook-secret-done").await;

    // An API key for Qlue, made on the page and shown once.
    b.wait_for("#key-channel option[value=\"qlue\"]").await;
    b.wait_for("#key-channel")
        .await
        .select_by_value("qlue")
        .await
        .expect("choose Qlue");
    b.type_into("#key-label", "Qlue e2e").await;
    b.click("#key-create").await;
    let key = text(&b, "#new-key").await;
    assert!(key.len() >= 16, "a real key: {key}");
    b.wait_for("tr.api-key[data-channel=\"qlue\"]").await;
    b.wait_text(&format!("{qlue} td.keys"), "1").await;

    // Qlue files a report with its key.
    let created = reqwest::Client::new()
        .post(s.url("/api/v1/reports"))
        .header("X-API-Key", &key)
        .json(&json!({
            "channel": "qlue",
            "channel_ref": "QLUE-E2E-1",
            "category": "sampah",
            "description": "Sampah menumpuk di pinggir kali Ciliwung",
            "kelurahan": "31.71.01.1001",
        }))
        .send()
        .await
        .expect("file");
    assert_eq!(created.status(), 201, "the key files for Qlue");
    let created: Value = created.json().await.expect("json");
    let number = created["number"].as_i64().expect("number");

    // Its webhook delivery is listed and fails: it is sent in the
    // background, so refresh until it was tried.
    b.click("#nav-deliveries").await;
    b.wait_for("#deliveries").await;
    let of_report = format!("tr.delivery[data-report=\"{number}\"]");
    let tried = format!(
        "{of_report}[data-state=\"pending\"]:not([data-attempts=\"0\"]), \
         {of_report}[data-state=\"dead\"]"
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while count(&b, &tried).await == 0 {
        assert!(Instant::now() < deadline, "no failed delivery of #{number}");
        tokio::time::sleep(Duration::from_secs(1)).await;
        b.click("#deliveries-refresh").await;
    }
    let id = attr(&b, &tried, "data-id").await;
    let row = format!("tr.delivery[data-id=\"{id}\"]");
    let href = attr(&b, &format!("{row} a"), "href").await;
    assert!(href.ends_with(&format!("/laporan/{number}")), "{href}");
    b.wait_text(&row, "Laporan diterima").await;
    let state = attr(&b, &row, "data-state").await;
    assert!(
        state == "pending" || state == "dead",
        "nothing listens, so it cannot be {state}"
    );
    assert_ne!(text(&b, &format!("{row} td.last-error")).await, "—");

    // Among the failed ones (or the dead, if it already gave up).
    let filter = if state == "dead" { "dead" } else { "failed" };
    b.wait_for("#delivery-state")
        .await
        .select_by_value(filter)
        .await
        .expect("filter");
    b.wait_for(&format!("#deliveries[data-filter=\"{filter}\"] {row}"))
        .await;
    assert_eq!(
        count(&b, "tr.delivery[data-state=\"delivered\"]").await,
        0,
        "only failed ones"
    );
    let counted: u64 = text(&b, &format!("#count-{filter}"))
        .await
        .parse()
        .expect("a count");
    assert!(counted >= 1, "counted as {filter}");

    // Sent again: due now, pending.
    let next_before = attr(&b, &row, "data-next").await;
    let attempts_before = attr(&b, &row, "data-attempts").await;
    b.click(&format!("{row} button.retry")).await;
    b.wait_text("#retry-done", &format!("#{id}")).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let state = attr(&b, &row, "data-state").await;
        let next = attr(&b, &row, "data-next").await;
        let attempts = attr(&b, &row, "data-attempts").await;
        if state == "pending" && (next != next_before || attempts != attempts_before) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still {state}, next {next} (was {next_before}), attempts {attempts}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    b.close().await;
}
