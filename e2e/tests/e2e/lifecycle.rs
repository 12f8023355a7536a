//! A report's whole life in headless Chromium against the release binary:
//! a kelurahan officer takes it up and hands it to the Sudin Bina Marga, the
//! sudin officer takes it up, follows up with a photo and completes it, a
//! verifier approves it from the queue, and the public tracking page shows
//! the history and the photo but not the reporter.

use crm_e2e::{png, Browser, Server};
use serde_json::{json, Value};

const PASSWORD: &str = "demo12345";
const REPORTER: &str = "Siti Rahmawati Kusumaningrum";
const CONTACT: &str = "081299887766";

async fn open_report(b: &Browser, s: &Server, number: i64) {
    b.client
        .goto(&s.url(&format!("/laporan/{number}")))
        .await
        .expect("open report");
    b.wait_for("#report-detail").await;
}

async fn act(b: &Browser, action: &str, note: Option<&str>) {
    b.click(&format!(
        "#actions button[data-action=\"{action}\"]:not([disabled])"
    ))
    .await;
    b.wait_for(&format!("#action-form[data-action=\"{action}\"]"))
        .await;
    // The opened form has the focus, at its title.
    let mut focused = None;
    for _ in 0..40 {
        let active = b.client.active_element().await.expect("focus");
        focused = active.attr("id").await.expect("id");
        if focused.as_deref() == Some("action-title") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        focused.as_deref(),
        Some("action-title"),
        "{action}: the form has the focus"
    );
    if let Some(n) = note {
        b.type_into("#action-note", n).await;
    }
}

#[tokio::test]
async fn a_report_from_the_kelurahan_to_the_sudin_to_the_public() {
    let s = Server::start(true).await;
    let token = s.login("petugas.gambir", PASSWORD).await;
    let n = s
        .file(
            &token,
            &json!({
                "channel": "kantor-kelurahan", "category": "jalan-rusak",
                "description": "Jalan berlubang besar di Jl. Abdul Muis, membahayakan pemotor",
                "kelurahan": "31.71.01.1001",
                "reporter_name": REPORTER, "reporter_contact": CONTACT,
            }),
        )
        .await;
    let photo_dir = tempfile::tempdir().expect("dir");
    let photo = photo_dir.path().join("bukti.png");
    std::fs::write(&photo, png(120, 90)).expect("write photo");

    let b = Browser::start().await;

    // The kelurahan officer takes it up, then hands it to the sudin.
    b.sign_in(&s, "petugas.gambir", PASSWORD).await;
    open_report(&b, &s, n).await;
    // One action comes first for a waiting report: taking it up.
    b.wait_for("#primary-action[data-action=\"take_up\"]").await;
    // What the officer may not do is said, in Indonesian, with why.
    b.click("#actions .why summary").await;
    let why = b
        .wait_text(
            "#actions .why li[data-action=\"approve\"]",
            "Hanya verifikator",
        )
        .await;
    assert!(!why.contains("only"), "{why}");
    let complete_why = b
        .wait_text(
            "#actions .why li[data-action=\"complete\"]",
            "Proses laporan ini",
        )
        .await;
    assert!(
        complete_why.contains("menyelesaikan laporan"),
        "{complete_why}"
    );
    act(&b, "take_up", None).await;
    b.click("#action-submit").await;
    b.wait_text("#report-status", "Proses").await;
    // The officer is told it went through.
    b.wait_text("#action-done", "Proses: tersimpan").await;
    // In work, completing comes first; the others keep their fixed order.
    b.wait_for("#primary-action[data-action=\"complete\"]")
        .await;
    let order: Value = b
        .client
        .execute(
            "return [...document.querySelectorAll('#actions .action-buttons button')] \
             .map(b => b.dataset.action);",
            vec![],
        )
        .await
        .expect("script");
    let order: Vec<&str> = order
        .as_array()
        .expect("list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let at = |a: &str| order.iter().position(|x| *x == a);
    assert!(
        at("dispose") < at("follow_up") && at("follow_up") < at("set_estimate"),
        "{order:?}"
    );
    assert!(
        at("complete").is_none(),
        "the primary action is not repeated: {order:?}"
    );
    act(
        &b,
        "dispose",
        Some("Jalan kota: kewenangan Sudin Bina Marga"),
    )
    .await;
    // The form says who reads the reason.
    b.wait_text("#note-audience", "hanya untuk petugas").await;
    b.type_into("#unit-picker", "DBM-3171").await;
    b.click("#action-submit").await;
    // Back in the inbox, which says where the report went.
    let flash = b.wait_text("#flash", "diteruskan ke").await;
    assert!(
        flash.contains(&format!("#{n}")) && flash.contains("Bina Marga"),
        "{flash}"
    );
    // It has left Gambir's inbox: it is the sudin's now.
    b.wait_for("#inbox, #inbox-empty").await;
    assert!(
        b.client
            .find(fantoccini::Locator::Css(&format!(
                "#inbox li[data-number=\"{n}\"]"
            )))
            .await
            .is_err(),
        "a report handed on stays in the inbox"
    );
    b.sign_out().await;

    // The sudin officer finds it in the inbox, takes it up, follows up with
    // a photo and completes it.
    b.sign_in(&s, "sudin.binamarga.jp", PASSWORD).await;
    b.click(&format!("#inbox li[data-number=\"{n}\"] a")).await;
    b.wait_for("#report-detail").await;
    act(&b, "take_up", None).await;
    b.click("#action-submit").await;
    b.wait_text("#report-status", "Proses").await;
    // Completing takes the evidence photo in its own form.
    act(&b, "complete", Some("Lubang sudah ditambal dengan aspal")).await;
    b.wait_text("label[for=\"photos\"]", "wajib").await;
    b.click("#action-submit").await;
    b.wait_text("#action-form .error", "foto bukti").await;
    b.wait_for("#photos")
        .await
        .send_keys(&photo.display().to_string())
        .await
        .expect("attach photo");
    b.click("#action-submit").await;
    b.wait_for("#history li[data-kind=\"follow_up\"] .photos img")
        .await;
    b.wait_for("#verifying").await;
    b.sign_out().await;

    // The verifier sees the evidence in the queue itself and approves it
    // with the keyboard.
    b.sign_in(&s, "verifikator", PASSWORD).await;
    let card = format!("#verify-queue li[data-number=\"{n}\"]");
    b.wait_for(&format!("{card} .evidence img")).await;
    b.wait_text(&format!("{card} .verify-note"), "Lubang sudah ditambal")
        .await;
    b.click(&format!("{card} .verify-note")).await;
    b.wait_for(&format!("{card}.chosen")).await;
    b.client
        .active_element()
        .await
        .expect("the page")
        .send_keys("a")
        .await
        .expect("press A");
    b.wait_text(&format!("{card} .verify-done"), "disetujui")
        .await;
    open_report(&b, &s, n).await;
    b.wait_text("#report-status", "Selesai").await;
    b.sign_out().await;

    // Anyone can track it: the history, the hand-over and the photo, never
    // the reporter.
    b.client
        .goto(&s.url("/lacak"))
        .await
        .expect("open tracking");
    b.type_into("#track-number", &n.to_string()).await;
    b.click("#track-submit").await;
    b.wait_text("#public-status", "Selesai").await;
    let history = b.wait_text("#public-history", "Bina Marga").await;
    assert!(history.contains("Gambir"), "{history}");
    assert!(history.contains("Lubang sudah ditambal"), "{history}");
    // Told as what happened, not as the staff's buttons.
    assert!(history.contains("Laporan diterima"), "{history}");
    assert!(
        history.contains("Diteruskan ke unit yang berwenang"),
        "{history}"
    );
    assert!(!history.contains("Proses Proses"), "{history}");
    // The hand-over's reason was written for the sudin, not the public.
    assert!(!history.contains("kewenangan"), "{history}");
    b.wait_for("#public-history li[data-kind=\"follow_up\"] img")
        .await;
    let loaded: Value = b
        .client
        .execute(
            "const i = document.querySelector('#public-history img'); \
             return i && i.complete && i.naturalWidth > 0;",
            vec![],
        )
        .await
        .expect("script");
    assert_eq!(loaded, json!(true), "the follow-up photo loads in public");
    let page = b.client.source().await.expect("source");
    assert!(!page.contains(REPORTER), "the reporter's name is public");
    assert!(!page.contains(CONTACT), "the reporter's contact is public");
    b.close().await;
}

/// The kelurahan asks two units to coordinate in one submission: both are
/// added on the form, one is removed and added back, and both become the
/// report's collaborators.
#[tokio::test]
async fn an_officer_asks_several_units_to_coordinate_at_once() {
    let s = Server::start(true).await;
    let token = s.login("petugas.gambir", PASSWORD).await;
    let n = s
        .file(
            &token,
            &json!({
                "channel": "kantor-kelurahan", "category": "jalan-rusak",
                "description": "PKL menutup trotoar dan saluran air di Jl. Abdul Muis",
                "kelurahan": "31.71.01.1001",
                "reporter_name": REPORTER, "reporter_contact": CONTACT,
            }),
        )
        .await;
    let b = Browser::start().await;
    b.sign_in(&s, "petugas.gambir", PASSWORD).await;
    open_report(&b, &s, n).await;
    act(&b, "take_up", None).await;
    b.click("#action-submit").await;
    b.wait_text("#report-status", "Proses").await;
    act(
        &b,
        "coordinate",
        Some("Mohon penertiban PKL dan perbaikan saluran"),
    )
    .await;
    b.type_into("#unit-picker", "SATPOLPP-3171").await;
    b.click("#add-unit").await;
    b.wait_for("#asked-units li").await;
    b.type_into("#unit-picker", "DBM-3171").await;
    b.click("#action-submit").await;
    b.wait_text("#report-status", "Koordinasi").await;
    let report = s.get_json(&token, &format!("/api/v1/reports/{n}")).await;
    let mut codes: Vec<&str> = report["collaborators"]
        .as_array()
        .expect("collaborators")
        .iter()
        .filter_map(|c| c["code"].as_str())
        .collect();
    codes.sort_unstable();
    assert_eq!(codes, ["DBM-3171", "SATPOLPP-3171"], "{report}");

    // Satpol's part is done: the holder releases it, then ends the rest.
    act(&b, "release", Some("PKL sudah ditertibkan")).await;
    b.wait_for("#release-unit option[value=\"SATPOLPP-3171\"]")
        .await;
    b.wait_for("#release-unit")
        .await
        .select_by_value("SATPOLPP-3171")
        .await
        .expect("pick the unit");
    b.click("#action-submit").await;
    b.wait_text("#history", "dilepas dari koordinasi").await;
    b.wait_text("#report-status", "Koordinasi").await;
    act(&b, "release", Some("Saluran tidak perlu diperbaiki")).await;
    b.click("#action-submit").await;
    b.wait_text("#report-status", "Proses").await;
    b.wait_text("#history", "koordinasi diakhiri").await;
    let report = s.get_json(&token, &format!("/api/v1/reports/{n}")).await;
    assert_eq!(report["collaborators"].as_array().map(Vec::len), Some(0));
    b.close().await;
}

/// Real multi-unit work: the kelurahan asks Satpol PP and Sudin Bina Marga
/// to coordinate; each finds the report in its list, adds a follow-up with
/// a photo, and the kelurahan completes it on their evidence.
#[tokio::test]
async fn coordinating_units_each_follow_up_and_the_kelurahan_completes() {
    let s = Server::start(true).await;
    let token = s.login("petugas.gambir", PASSWORD).await;
    let n = s
        .file(
            &token,
            &json!({
            "channel": "kantor-kelurahan", "category": "jalan-rusak",
            "description": "Galian kabel ditinggal terbuka dan PKL berjualan di atasnya, Jl. Kebon Sirih",
            "kelurahan": "31.71.01.1001",
            "reporter_name": REPORTER, "reporter_contact": CONTACT,
        }),
        )
        .await;
    let photo_dir = tempfile::tempdir().expect("dir");
    let photo = photo_dir.path().join("bukti.png");
    std::fs::write(&photo, png(120, 90)).expect("write photo");

    let b = Browser::start().await;
    b.sign_in(&s, "petugas.gambir", PASSWORD).await;
    open_report(&b, &s, n).await;
    act(&b, "take_up", None).await;
    b.click("#action-submit").await;
    b.wait_text("#report-status", "Proses").await;
    act(
        &b,
        "coordinate",
        Some("Mohon penertiban PKL dan penutupan galian"),
    )
    .await;
    b.type_into("#unit-picker", "SATPOLPP-3171").await;
    b.click("#add-unit").await;
    b.wait_for("#asked-units li").await;
    b.type_into("#unit-picker", "DBM-3171").await;
    b.click("#action-submit").await;
    b.wait_text("#report-status", "Koordinasi").await;
    b.sign_out().await;

    for (user, note) in [
        ("satpol.jp", "PKL sudah ditertibkan dan dipindahkan"),
        ("sudin.binamarga.jp", "Galian sudah ditutup dan dipadatkan"),
    ] {
        b.sign_in(&s, user, PASSWORD).await;
        // The collaborator finds it in its report list.
        b.client
            .goto(&s.url("/laporan"))
            .await
            .expect("open the list");
        b.click(&format!("tr[data-number=\"{n}\"] a")).await;
        b.wait_for("#report-detail").await;
        act(&b, "follow_up", Some(note)).await;
        b.wait_for("#photos")
            .await
            .send_keys(&photo.display().to_string())
            .await
            .expect("attach photo");
        b.click("#action-submit").await;
        b.wait_text("#history", note).await;
        b.sign_out().await;
    }

    b.sign_in(&s, "petugas.gambir", PASSWORD).await;
    open_report(&b, &s, n).await;
    b.wait_text("#history", "PKL sudah ditertibkan").await;
    b.wait_text("#history", "Galian sudah ditutup").await;
    act(
        &b,
        "complete",
        Some("Selesai bersama Satpol PP dan Sudin Bina Marga"),
    )
    .await;
    b.click("#action-submit").await;
    b.wait_for("#verifying").await;
    // (Signing out in the browser ended the first token's session.)
    let monitoring = s.login("monitoring", PASSWORD).await;
    let report = s
        .get_json(&monitoring, &format!("/api/v1/reports/{n}"))
        .await;
    assert_eq!(report["awaiting_verification"], true, "{report}");
    let photos = report["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter(|h| h["kind"] == "follow_up")
        .filter(|h| h["photos"].as_array().is_some_and(|p| !p.is_empty()))
        .count();
    assert_eq!(
        photos, 2,
        "each unit's follow-up carries its photo: {report}"
    );
    b.sign_out().await;

    // The verifier sees both photos in the queue and sends it back with a
    // reason (T opens the rejection).
    b.sign_in(&s, "verifikator", PASSWORD).await;
    let card = format!("#verify-queue li[data-number=\"{n}\"]");
    b.wait_for(&format!("{card} .evidence img:nth-child(2)"))
        .await;
    b.click(&format!("{card} .verify-note")).await;
    b.wait_for(&format!("{card}.chosen")).await;
    b.client
        .active_element()
        .await
        .expect("the page")
        .send_keys("t")
        .await
        .expect("press T");
    b.type_into(
        &format!("{card} .reject-reason"),
        "Foto galian belum menunjukkan aspal",
    )
    .await;
    b.click(&format!("{card} .reject-form button[type=\"submit\"]"))
        .await;
    b.wait_text(&format!("{card} .verify-done"), "ditolak")
        .await;
    let report = s
        .get_json(&monitoring, &format!("/api/v1/reports/{n}"))
        .await;
    assert_eq!(report["awaiting_verification"], false, "{report}");
    assert_ne!(report["status"], "selesai", "back with the unit: {report}");
    b.close().await;
}
