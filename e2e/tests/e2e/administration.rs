//! A city brought up by its administrator in headless Chromium against the
//! release binary, without demo data: three officers imported from a CSV
//! file on the accounts page (checked first, then imported, each with a
//! temporary password shown once); one signs in with it and is made to
//! choose a new password before anything else opens; the administrator
//! deactivates them, and their open session is sent to the sign-in page on
//! its next request. The administrator then adds a BUMD on the units page
//! and finds every change in the audit log.

use crm_e2e::{Browser, Server, ADMIN_PASSWORD};

#[tokio::test]
async fn an_administrator_onboards_and_offboards_officers_in_the_browser() {
    let s = Server::start(false).await;
    let dir = tempfile::tempdir().expect("dir");
    let csv = dir.path().join("petugas.csv");
    std::fs::write(
        &csv,
        "username,full_name,role,unit\n\
         budi.gambir,Budi Santoso,officer,31.71.01.1001\n\
         sari.gambir,Sari Lestari,Petugas,Kelurahan Gambir\n\
         andi.gambir,Andi Wijaya,officer,31.71.01.1001\n",
    )
    .expect("write csv");

    let bad = dir.path().join("salah.csv");
    std::fs::write(
        &bad,
        "username,full_name,role,unit\n\
         tono.gambir,Tono,tukang,31.71.01.1001\n",
    )
    .expect("write csv");

    let admin = Browser::start().await;
    admin.sign_in(&s, "admin", ADMIN_PASSWORD).await;
    admin.click("#nav-accounts").await;
    // A bad line is named in Indonesian, with what is wrong in it.
    admin
        .wait_for("#import-file")
        .await
        .send_keys(&bad.display().to_string())
        .await
        .expect("choose the bad file");
    admin.click("#import-check:not([disabled])").await;
    let refused = admin.wait_text("#import-errors li", "Baris 2").await;
    assert!(refused.contains("tukang tidak dikenal"), "{refused}");
    admin.client.refresh().await.expect("reload");
    admin
        .wait_for("#import-file")
        .await
        .send_keys(&csv.display().to_string())
        .await
        .expect("choose the file");
    // The button opens once the file is read.
    admin.click("#import-check:not([disabled])").await;
    admin.wait_text("#import-checked", "3").await;
    admin.click("#import-run").await;
    admin.wait_text("#import-done", "3").await;
    let temporary = admin
        .wait_for("#import-passwords tr[data-username='budi.gambir'] code.temporary")
        .await
        .text()
        .await
        .expect("the temporary password");
    assert_eq!(temporary.len(), 14, "{temporary}");
    admin.wait_text("#accounts", "sari.gambir").await;

    // The officer signs in with the temporary password: only the password
    // form opens.
    let officer = Browser::start().await;
    officer
        .client
        .goto(&s.url("/masuk"))
        .await
        .expect("sign-in page");
    officer.type_into("#username", "budi.gambir").await;
    officer.type_into("#password", &temporary).await;
    officer.click("#login-submit").await;
    officer.wait_for("#password-forced").await;
    officer
        .client
        .goto(&s.url("/laporan"))
        .await
        .expect("reports page");
    officer.wait_for("#password-forced").await;
    officer.type_into("#pw-current", &temporary).await;
    officer.type_into("#pw-new", "password1234").await;
    officer.type_into("#pw-again", "password1234").await;
    officer.click("#pw-submit").await;
    officer.wait_text(".field-error", "umum").await;
    for field in ["#pw-new", "#pw-again"] {
        officer.wait_for(field).await.clear().await.expect("clear");
    }
    officer.type_into("#pw-new", "kuda-laut-berenang-7").await;
    officer.type_into("#pw-again", "kuda-laut-berenang-7").await;
    officer.click("#pw-submit").await;
    officer.wait_for("#inbox, #inbox-empty").await;
    officer.wait_text("#who", "Budi Santoso").await;

    // The administrator deactivates the account; the officer's next
    // request ends the session.
    admin
        .click("#accounts tr[data-username='budi.gambir'] button.toggle")
        .await;
    admin
        .wait_text(
            "#accounts tr[data-username='budi.gambir'] .state",
            "Nonaktif",
        )
        .await;
    officer.click("a[href='/laporan']").await;
    officer.wait_for("#username").await;
    officer.type_into("#username", "budi.gambir").await;
    officer.type_into("#password", "kuda-laut-berenang-7").await;
    officer.click("#login-submit").await;
    officer.wait_for(".error, .notice").await;

    // A new BUMD from the units page, served to the pickers at once; the
    // audit log shows every change of this session.
    admin.click("#nav-units").await;
    admin.type_into("#unit-code", "BUMD-PAM").await;
    admin.type_into("#unit-name", "PAM Jaya").await;
    admin.click("#add-unit-submit").await;
    admin.wait_text("#add-unit .notice", "PAM Jaya").await;
    admin.type_into("#unit-search", "PAM Jaya").await;
    admin
        .wait_text("#units tr[data-code='BUMD-PAM']", "Aktif")
        .await;
    // The rules' numbers: a shorter response target, with a reason, in
    // force at once and kept as a new version.
    admin.click("#nav-settings").await;
    admin.wait_text("#settings-version", "1").await;
    admin
        .wait_for("#set-response")
        .await
        .clear()
        .await
        .expect("clear the response target");
    admin.type_into("#set-response", "4").await;
    admin
        .type_into("#set-reason", "Keputusan Kepala Dinas 12/2026")
        .await;
    admin.click("#settings-submit").await;
    admin.wait_text("#settings-saved", "tersimpan").await;
    admin
        .wait_text("#settings-history", "Keputusan Kepala Dinas 12/2026")
        .await;
    let token = s.login("admin", ADMIN_PASSWORD).await;
    let settings = s.get_json(&token, "/api/v1/settings").await;
    assert_eq!(settings["current"]["version"], 2, "{settings}");
    assert_eq!(settings["current"]["settings"]["response_hours"], 4.0);

    admin.click("#nav-audit").await;
    for action in [
        "settings.update",
        "unit.create",
        "user.deactivate",
        "user.import",
        "user.create",
    ] {
        admin.wait_text("#audit", action).await;
    }

    officer.close().await;
    admin.close().await;
}
