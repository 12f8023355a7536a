//! The Monitoring Room in headless Chromium over the release binary with
//! demo data: the dashboard draws its charts and the heatmap, and a report
//! filed over the API shows on the open dashboard without a reload; the
//! warnings page and the recap render.

use crm_e2e::{Browser, Server};
use serde_json::json;
use std::time::{Duration, Instant};

async fn count(b: &Browser, css: &str) -> usize {
    b.client
        .find_all(fantoccini::Locator::Css(css))
        .await
        .map(|v| v.len())
        .unwrap_or(0)
}

async fn number_in(b: &Browser, css: &str) -> u64 {
    let t = b.wait_for(css).await.text().await.unwrap_or_default();
    t.trim()
        .parse()
        .unwrap_or_else(|_| panic!("`{css}` is not a number: {t}"))
}

#[tokio::test]
async fn a_monitor_watches_the_city_live() {
    let s = Server::start(true).await;
    let b = Browser::start().await;
    b.sign_in(&s, "monitoring", "demo12345").await;
    b.client.goto(&s.url("/dasbor")).await.expect("open");

    // Charts and the heatmap from the demo data.
    b.wait_for("#chart-status svg").await;
    b.wait_for("#chart-days svg").await;
    b.wait_for("#chart-completion svg").await;
    b.wait_for("#heatmap polygon.cell").await;
    assert!(
        count(&b, "#chart-status svg rect").await >= 5,
        "status bars"
    );
    assert!(
        count(&b, "#chart-days svg polyline, #chart-days svg path").await >= 2,
        "two lines"
    );
    assert!(
        count(&b, "#heatmap polygon.cell").await > 5,
        "several cells"
    );
    assert!(
        count(&b, "#heatmap circle.kelurahan").await > 20,
        "kelurahan points"
    );
    b.wait_text("#stat-status", "Selesai").await;
    let before = number_in(&b, "#stat-total").await;
    assert!(before > 0, "the demo month has reports");
    // Every chart has a text alternative and its figures as a table, and
    // its labels read at 12 px or more.
    for id in [
        "chart-status",
        "chart-days",
        "chart-response",
        "chart-completion",
        "chart-handovers",
        "chart-channels",
    ] {
        let label = b
            .wait_for(&format!("#{id}[role=\"img\"]"))
            .await
            .attr("aria-label")
            .await
            .expect("attr")
            .unwrap_or_default();
        assert!(label.len() > 10, "#{id}: `{label}`");
        assert!(
            count(&b, &format!("#{id}-table tbody tr")).await >= 1,
            "#{id}"
        );
    }
    let smallest = b
        .client
        .execute(
            "return Math.min(...[...document.querySelectorAll('#chart-status svg text')]\
             .map(t => t.getBoundingClientRect().height).filter(h => h > 0));",
            vec![],
        )
        .await
        .expect("measure");
    assert!(
        smallest.as_f64().is_some_and(|h| h >= 12.0),
        "chart labels render at {smallest} px"
    );
    // A window of days instead of the month: none before the records.
    b.client
        .execute(
            "for (const [id, v] of [['dash-from', '2020-01-01'], ['dash-to', '2020-01-31']]) {\
               const e = document.getElementById(id); e.value = v;\
               e.dispatchEvent(new Event('change', { bubbles: true })); }",
            vec![],
        )
        .await
        .expect("pick the window");
    let deadline = Instant::now() + Duration::from_secs(20);
    while number_in(&b, "#stat-total").await != 0 {
        assert!(Instant::now() < deadline, "the window was not applied");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    b.client
        .execute(
            "for (const id of ['dash-from', 'dash-to']) {\
               const e = document.getElementById(id); e.value = '';\
               e.dispatchEvent(new Event('change', { bubbles: true })); }",
            vec![],
        )
        .await
        .expect("clear the window");
    let deadline = Instant::now() + Duration::from_secs(20);
    while number_in(&b, "#stat-total").await != before {
        assert!(Instant::now() < deadline, "the month did not come back");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // A report filed over the API appears without a reload.
    b.client
        .execute("window.__stillHere = true;", vec![])
        .await
        .expect("mark the page");
    let http = reqwest::Client::new();
    let token = s.login("petugas.gambir", "demo12345").await;
    let r = http
        .post(s.url("/api/v1/reports"))
        .bearer_auth(token)
        .json(&json!({
            "channel": "kantor-kelurahan",
            "category": "sampah",
            "description": "Sampah menumpuk di Jl. Tanah Abang II",
            "kelurahan": "31.71.01.1001",
            "lat": -6.1754, "lon": 106.8272
        }))
        .send()
        .await
        .expect("file");
    assert_eq!(r.status(), 201);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = number_in(&b, "#stat-total").await;
        if now == before + 1 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the dashboard still shows {now}, not {}",
            before + 1
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let same_page = b
        .client
        .execute("return window.__stillHere === true;", vec![])
        .await
        .expect("check");
    assert_eq!(same_page, json!(true), "the page was reloaded");

    // What still waits, and the recap of the kota.
    b.client.goto(&s.url("/pantauan")).await.expect("open");
    b.wait_for("#targets-waiting").await;
    assert!(number_in(&b, "#count-waiting").await >= 1);
    b.client.goto(&s.url("/rekap")).await.expect("open");
    b.wait_for("#recap-kota option").await;
    b.click("#recap-show").await;
    b.wait_text("#recap-heading", "Jakarta Pusat").await;
    b.wait_for("#recap-kecamatan").await;
    b.close().await;
}

/// The notifications page shows a hundred at a time and the older ones on
/// request, while the bell counts every unread one.
#[tokio::test]
async fn notifications_come_a_page_at_a_time() {
    let s = Server::start(true).await;
    let officer = s.login("petugas.gambir", "demo12345").await;
    let mut filed = Vec::new();
    for i in 0..101 {
        let n = s
            .file(
                &officer,
                &json!({
                    "channel": "kantor-kelurahan", "category": "sampah",
                    "description": format!("Sampah menumpuk di gang {i} Jl. Abdul Muis"),
                    "kelurahan": "31.71.01.1001",
                }),
            )
            .await;
        filed.push(format!("#{n}"));
    }
    let b = Browser::start().await;
    b.sign_in(&s, "lurah.gambir", "demo12345").await;
    b.settle_on(&s, "/notifikasi", "#notifications ul.notifications li")
        .await;
    assert_eq!(count(&b, "#notifications ul.notifications li").await, 100);
    assert!(
        number_in(&b, "#bell-count").await >= 101,
        "the bell counts all"
    );
    b.click("#notifications-more").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while count(&b, "#notifications ul.notifications li").await <= 100 {
        assert!(Instant::now() < deadline, "the older page did not come");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let links: Vec<String> = {
        let mut out = Vec::new();
        for li in b
            .client
            .find_all(fantoccini::Locator::Css(
                "#notifications ul.notifications li a",
            ))
            .await
            .expect("links")
        {
            out.push(li.text().await.unwrap_or_default());
        }
        out
    };
    for n in &filed {
        assert!(links.contains(n), "{n} is on one of the two pages");
    }
    // The unit's inbox comes a hundred at a time too, the longest waiting
    // first (the demo's older reports of Gambir among them); the next page
    // holds the newest.
    b.settle_on(&s, "/kotak-masuk", "#inbox li").await;
    assert_eq!(count(&b, "#inbox li").await, 100);
    b.click("#inbox-more").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while count(&b, "#inbox li").await <= 100 {
        assert!(
            Instant::now() < deadline,
            "the next page of the inbox did not come"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut shown = Vec::new();
    for li in b
        .client
        .find_all(fantoccini::Locator::Css("#inbox li"))
        .await
        .expect("inbox rows")
    {
        shown.push(format!(
            "#{}",
            li.attr("data-number")
                .await
                .ok()
                .flatten()
                .unwrap_or_default()
        ));
    }
    let mut once = shown.clone();
    once.sort();
    once.dedup();
    assert_eq!(once.len(), shown.len(), "no report twice: {shown:?}");
    let ours: Vec<String> = shown.into_iter().filter(|n| filed.contains(n)).collect();
    assert_eq!(ours, filed, "every filed report, the longest waiting first");
    b.close().await;
}
