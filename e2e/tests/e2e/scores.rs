//! The old system's data imported over HTTP into the release binary, and a
//! lurah reading, in headless Chromium, why the kelurahan got its score.

use crm_e2e::{Browser, Server, ADMIN_PASSWORD};

const JUNE: &str = "\
nomor,kelurahan,kategori,status,timestamp,complete,kanal
1044857,GAMBIR,Sampah,complete,6/1/2021 8:00,6/1/2021 18:00,Qlue
1044858,31.71.01.1001,jalan-rusak,Complete,6/2/2021 8:00,6/5/2021 16:00,qlue
1044859,Gambir,sampah,wait,6/3/2021 8:00,,
1044860,Kebon Kelapa,Pengemis,complete,6/4/2021 8:00,6/5/2021 4:00,
";

#[tokio::test]
async fn a_lurah_sees_why_the_kelurahan_scored_what_it_did() {
    let s = Server::start(true).await;
    let http = reqwest::Client::new();
    let admin = s.login("admin", ADMIN_PASSWORD).await;
    let r = http
        .post(s.url("/api/v1/imports/reports"))
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body(JUNE)
        .send()
        .await
        .expect("import");
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());

    let b = Browser::start().await;
    b.sign_in(&s, "lurah.gambir", "demo12345").await;
    b.client
        .goto(&s.url("/skor/31.71.01.1001?period=2021-06"))
        .await
        .expect("open");
    // Gambir: 3 reports, 2 complete (10 h Sampah → 100, 80 h Jalan Rusak →
    // 60); Kebon Kelapa 1 of 1: final (13.33 + 32 + 1.1 + 20) ÷ 81.1 × 100.
    let fin = b.wait_text("#explain-final", "81.92").await;
    assert!(fin.contains("66.43") && fin.contains("81.10"), "{fin}");
    b.wait_text("#explain-grade", "B").await;
    b.wait_text("#explain-coordination", "unit pemegang laporan")
        .await;
    let vars = b.wait_text("#variables", "Penyelesaian").await;
    assert!(vars.contains("2 ÷ 3 × 100"), "{vars}");
    assert!(vars.contains("a = 1.00, m = 1.50, b = 2.00"), "{vars}");
    let reports = b.wait_text("#explain-reports", "#1044858").await;
    assert!(
        reports.contains("80.00") && reports.contains("60"),
        "{reports}"
    );
    assert!(reports.contains("belum selesai"), "{reports}");
    b.wait_for("#what-if").await;

    // The ranking of June 2021 lists Gambir first.
    b.client.goto(&s.url("/skor")).await.expect("open");
    let shown = b
        .wait_for("#score-period")
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default();
    let last_month = {
        use chrono::Datelike;
        let now = chrono::Utc::now() + chrono::Duration::hours(7);
        let (y, m) = if now.month() == 1 {
            (now.year() - 1, 12)
        } else {
            (now.year(), now.month() - 1)
        };
        format!("{y:04}-{m:02}")
    };
    assert_eq!(
        shown, last_month,
        "the ranking opens on the month being decided"
    );
    b.client
        .execute(
            "const i = document.querySelector('#score-period'); i.value = '2021-06'; \
             i.dispatchEvent(new Event('change'));",
            vec![],
        )
        .await
        .expect("set period");
    let ranking = b.wait_text("#ranking", "Gambir").await;
    assert!(ranking.contains("Kebon Kelapa"), "{ranking}");
    // The lurah's own unit stands out, and is named above the table.
    b.wait_for("#ranking tr.mine[data-unit=\"31.71.01.1001\"]")
        .await;
    let mine = b.wait_text("#my-rank", "Gambir").await;
    assert!(mine.contains("#1"), "{mine}");
    b.close().await;
}
