//! Accessibility in headless Chromium: axe-core (installed by
//! `scripts/setup.sh --test` from npm into `.tools`) runs on every page of
//! each role, and no page has a serious or critical violation.

use crm_e2e::{workspace, Browser, Server, ADMIN_PASSWORD};
use serde_json::Value;

const PASSWORD: &str = "demo12345";

/// The serious and critical violations on the open page: (rule, targets).
async fn violations(b: &Browser, axe: &str) -> Vec<(String, String)> {
    b.client.execute(axe, vec![]).await.expect("load axe-core");
    let found = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, { resultTypes: ['violations'] })\
               .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')\
                 .map(v => [v.id, v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').slice(0, 160)).join(' | ')])))\
               .catch(e => done([['axe-error', String(e)]]));",
            vec![],
        )
        .await
        .expect("run axe-core");
    match found {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| {
                let id = v.get(0)?.as_str()?.to_string();
                let nodes = v.get(1)?.as_str()?.to_string();
                Some((id, nodes))
            })
            .collect(),
        other => vec![("unexpected".into(), other.to_string())],
    }
}

async fn check(b: &Browser, s: &Server, axe: &str, pages: &[(&str, &str)], out: &mut Vec<String>) {
    for (path, ready) in pages {
        b.settle_on(s, path, ready).await;
        for (rule, nodes) in violations(b, axe).await {
            out.push(format!("{path}: {rule}: {nodes}"));
        }
    }
}

#[tokio::test]
async fn no_page_has_a_serious_or_critical_accessibility_violation() {
    every_page_at(None).await;
}

/// The same on a 390 px phone, where the header folds into a menu.
#[tokio::test]
async fn no_page_on_a_phone_has_a_serious_or_critical_accessibility_violation() {
    every_page_at(Some((390, 844))).await;
}

async fn every_page_at(size: Option<(u32, u32)>) {
    let axe_path = workspace().join(".tools/node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&axe_path).unwrap_or_else(|e| {
        panic!(
            "axe-core is missing at {} ({e}): run scripts/setup.sh --test",
            axe_path.display()
        )
    });
    let s = Server::start(true).await;
    let b = Browser::start().await;
    if let Some((w, h)) = size {
        b.client.set_window_size(w, h).await.expect("window size");
    }
    let mut found = Vec::new();
    check(
        &b,
        &s,
        &axe,
        &[
            ("/masuk", "#username"),
            ("/lacak", "main"),
            ("/statistik", "main"),
        ],
        &mut found,
    )
    .await;
    b.sign_in(&s, "petugas.gambir", PASSWORD).await;
    let n = s.first_report("lurah.gambir", PASSWORD).await;
    let report = format!("/laporan/{n}");
    check(
        &b,
        &s,
        &axe,
        &[
            ("/kotak-masuk", "#inbox, #inbox-empty"),
            ("/laporan", "main"),
            ("/laporan/baru", "main"),
            (report.as_str(), "#report-detail"),
            ("/dasbor", "#dashboard"),
            ("/pantauan", "main"),
            ("/beban-kerja", "main"),
            ("/skor", "main"),
            ("/rekap", "main"),
            ("/notifikasi", "main"),
            ("/kata-sandi", "main"),
        ],
        &mut found,
    )
    .await;
    b.sign_out().await;
    b.sign_in(&s, "verifikator", PASSWORD).await;
    check(
        &b,
        &s,
        &axe,
        &[("/kotak-masuk", "#verify-queue, #inbox-empty")],
        &mut found,
    )
    .await;
    b.sign_out().await;
    b.sign_in(&s, "admin", ADMIN_PASSWORD).await;
    check(
        &b,
        &s,
        &axe,
        &[
            ("/admin/kanal", "main"),
            ("/admin/pengiriman", "main"),
            ("/admin/unit", "main"),
            ("/admin/kategori", "main"),
            ("/admin/pengaturan", "#settings-form"),
            ("/admin/impor", "main"),
            ("/admin/audit", "main"),
            ("/akun", "main"),
            ("/tinjauan", "main"),
        ],
        &mut found,
    )
    .await;
    b.close().await;
    assert!(
        found.is_empty(),
        "serious or critical accessibility violations:\n{}",
        found.join("\n")
    );
}

/// The keyboard's first stop is "Langsung ke isi", and following it puts
/// the focus on the page itself, past the header and the menu.
#[tokio::test]
async fn the_first_tab_skips_the_header_to_the_page() {
    const TAB: &str = "\u{e004}";
    const ENTER: &str = "\u{e007}";
    let s = Server::start(false).await;
    let b = Browser::start().await;
    b.client.goto(&s.url("/statistik")).await.expect("open");
    b.wait_for("main").await;
    b.client
        .active_element()
        .await
        .expect("focus")
        .send_keys(TAB)
        .await
        .expect("tab");
    let first = b.client.active_element().await.expect("focus");
    assert_eq!(first.text().await.expect("text"), "Langsung ke isi");
    first.send_keys(ENTER).await.expect("enter");
    let now = b.client.active_element().await.expect("focus");
    assert_eq!(
        now.attr("id").await.expect("id").as_deref(),
        Some("isi"),
        "the page has the focus"
    );
    b.close().await;
}
