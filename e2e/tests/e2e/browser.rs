//! The web app in headless Chromium against the release binary with the demo
//! data: the sign-in form, signing in, the list showing a report just filed,
//! its page (also on reload), and signing out.

use crm_e2e::{Browser, Server};
use fantoccini::Locator;
use serde_json::{json, Value};
use std::time::Duration;

#[tokio::test]
async fn officer_signs_in_and_sees_the_new_report() {
    let s = Server::start(true).await;
    let http = reqwest::Client::new();
    let token = s.login("petugas.gambir", "demo12345").await;
    let description = "Lampu jalan di Jl. Medan Merdeka Barat mati sejak kemarin malam";
    let created: Value = http
        .post(s.url("/api/v1/reports"))
        .bearer_auth(&token)
        .json(
            &json!({"channel": "kantor-kelurahan", "category": "lampu-jalan-rusak",
            "description": description, "kelurahan": "31.71.01.1001"}),
        )
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    let number = created["number"].as_i64().expect("number");

    let b = Browser::start().await;
    let c = &b.client;
    c.goto(&s.url("/")).await.expect("open");
    // Not signed in: the app sends us to the sign-in form.
    let user = c
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("#username"))
        .await
        .expect("sign-in form");
    assert!(c
        .current_url()
        .await
        .expect("url")
        .path()
        .ends_with("/masuk"));
    let heading = c
        .find(Locator::Css("h1"))
        .await
        .expect("h1")
        .text()
        .await
        .expect("text");
    assert_eq!(heading, "Masuk");

    // A wrong password is refused with a message.
    user.send_keys("petugas.gambir").await.expect("type");
    c.find(Locator::Css("#password"))
        .await
        .expect("pw")
        .send_keys("salah")
        .await
        .expect("type");
    c.find(Locator::Css("#login-submit"))
        .await
        .expect("btn")
        .click()
        .await
        .expect("click");
    let err = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(".error"))
        .await
        .expect("error");
    assert!(err.text().await.expect("text").contains("salah"));

    let pw = c.find(Locator::Css("#password")).await.expect("pw");
    pw.clear().await.expect("clear");
    pw.send_keys("demo12345").await.expect("type");
    c.find(Locator::Css("#login-submit"))
        .await
        .expect("btn")
        .click()
        .await
        .expect("click");

    // Signed in, the officer lands on the unit's inbox, where the new
    // report waits.
    let waiting = c
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(&format!(
            "#inbox li[data-number=\"{number}\"]"
        )))
        .await
        .expect("the new report in the inbox");
    let text = waiting.text().await.expect("text");
    assert!(
        text.contains("Menunggu") && text.contains("Lampu Jalan Rusak"),
        "{text}"
    );
    assert!(
        c.current_url()
            .await
            .expect("url")
            .path()
            .ends_with("/kotak-masuk"),
        "lands on the inbox"
    );
    c.goto(&s.url("/laporan")).await.expect("open the list");
    let row_sel = format!("tr[data-number=\"{number}\"]");
    let row = c
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(&row_sel))
        .await
        .expect("the new report in the list");
    let text = row.text().await.expect("text");
    assert!(text.contains(&format!("#{number}")), "{text}");
    assert!(text.contains("Lampu Jalan Rusak"), "{text}");
    assert!(text.contains("Menunggu"), "{text}");
    let who = c
        .find(Locator::Css("#who"))
        .await
        .expect("who")
        .text()
        .await
        .expect("text");
    assert!(who.contains("Rina Wulandari"), "{who}");
    // Only Gambir's reports: every row is held by Kelurahan Gambir.
    let rows = c
        .find_all(Locator::Css("#report-list tbody tr"))
        .await
        .expect("rows");
    assert!(rows.len() > 1);
    for r in rows.iter().take(10) {
        assert!(r.text().await.expect("text").contains("Gambir"));
    }

    // The report's page, then the same address reloaded.
    row.find(Locator::Css("a"))
        .await
        .expect("link")
        .click()
        .await
        .expect("click");
    let detail = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#history li"))
        .await
        .expect("history");
    assert!(detail.text().await.expect("text").contains("Menunggu"));
    let page = c
        .find(Locator::Css("#report-detail"))
        .await
        .expect("detail")
        .text()
        .await
        .expect("text");
    assert!(page.contains(description), "{page}");
    // Its place: Gambir's outline on a small map drawn offline.
    let map = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#location-map path.outline"))
        .await
        .expect("the location map");
    let d = map.attr("d").await.expect("attr").unwrap_or_default();
    assert!(d.starts_with('M') && d.matches('L').count() >= 3, "{d}");
    assert!(c
        .current_url()
        .await
        .expect("url")
        .path()
        .ends_with(&format!("/laporan/{number}")));
    c.refresh().await.expect("reload");
    let again = c
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("#report-detail"))
        .await
        .expect("detail after reload");
    assert!(again.text().await.expect("text").contains(description));

    // Filters: Selesai only hides the new (waiting) report.
    c.goto(&s.url("/laporan")).await.expect("open list");
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(&row_sel))
        .await
        .expect("list");
    c.find(Locator::Css("#filter-status option[value=\"selesai\"]"))
        .await
        .expect("option")
        .click()
        .await
        .expect("pick");
    c.find(Locator::Css("#filters button[type=\"submit\"]"))
        .await
        .expect("apply")
        .click()
        .await
        .expect("click");
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath(
            "//table[@id='report-list']//tbody/tr[1]//span[contains(@class,'badge-selesai')]",
        ))
        .await
        .expect("filtered list");
    assert!(
        c.find(Locator::Css(&row_sel)).await.is_err(),
        "the waiting report is filtered out"
    );

    c.find(Locator::Css("#logout"))
        .await
        .expect("logout")
        .click()
        .await
        .expect("click");
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#username"))
        .await
        .expect("back to sign-in");
    b.close().await;
}
