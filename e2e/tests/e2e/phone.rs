//! The web app on a 390 px phone, in headless Chromium against the release
//! binary with the demo data: the header is one compact row with the bell
//! and a menu button; the menu reaches every destination of the role, each
//! readable and inside the screen, and closes once a page is chosen; every
//! page has its own title; the document's language follows the app's; a
//! link opened before signing in is where the sign-in leads.

use crm_e2e::{png, Browser, Server, ADMIN_PASSWORD};
use fantoccini::Locator;

const PASSWORD: &str = "demo12345";

/// The links of the open menu: (href, shown text).
async fn menu_links(b: &Browser) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for a in b
        .client
        .find_all(Locator::Css("#main-menu nav a"))
        .await
        .expect("menu links")
    {
        let href = a.attr("href").await.ok().flatten().unwrap_or_default();
        let text = a.text().await.unwrap_or_default();
        out.push((href, text));
    }
    out
}

/// The element's box: (x, y, width, height).
async fn rect(b: &Browser, css: &str) -> (f64, f64, f64, f64) {
    b.wait_for(css)
        .await
        .rectangle()
        .await
        .unwrap_or_else(|e| panic!("no box for `{css}`: {e}"))
}

async fn reaches_every_destination(
    b: &Browser,
    s: &Server,
    user: &str,
    password: &str,
    want: &[&str],
) {
    b.sign_in(s, user, password).await;
    // One compact row: brand, bell, menu button; the menu itself closed.
    let (_, _, _, header_h) = rect(b, "header.topbar").await;
    assert!(
        header_h <= 72.0,
        "the header is {header_h} px tall on a phone"
    );
    let (bx, _, bw, _) = rect(b, "#bell").await;
    assert!(bx + bw <= 390.0, "the bell is on the screen");
    let menu = b.wait_for("#main-menu").await;
    assert!(
        !menu.is_displayed().await.unwrap_or(true),
        "the menu starts closed"
    );

    b.click("#menu-toggle").await;
    let toggle = b.wait_for("#menu-toggle").await;
    assert_eq!(
        toggle.attr("aria-expanded").await.ok().flatten().as_deref(),
        Some("true")
    );
    let links = menu_links(b).await;
    let hrefs: Vec<&str> = links.iter().map(|(h, _)| h.as_str()).collect();
    for w in want {
        assert!(hrefs.contains(w), "{user}: the menu lacks {w}: {hrefs:?}");
    }
    for a in b
        .client
        .find_all(Locator::Css("#main-menu nav a"))
        .await
        .expect("links")
    {
        let (x, _, w, h) = a.rectangle().await.expect("box");
        let text = a.text().await.unwrap_or_default();
        assert!(a.is_displayed().await.unwrap_or(false), "{text} is shown");
        assert!(x >= 0.0 && x + w <= 390.0, "{text} lies inside the screen");
        assert!(h >= 40.0, "{text} is {h} px tall: too small to tap");
    }
    assert!(b
        .wait_for("#logout")
        .await
        .is_displayed()
        .await
        .unwrap_or(false));

    // Every destination opens from the menu, which then closes, and the page
    // is named in the title.
    let mut titles = std::collections::HashSet::new();
    for w in want {
        if !b
            .wait_for("#main-menu")
            .await
            .is_displayed()
            .await
            .unwrap_or(false)
        {
            b.click("#menu-toggle").await;
        }
        b.click(&format!("#main-menu nav a[href='{w}']")).await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let url = b.client.current_url().await.expect("url");
            if url.path() == *w {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{w} did not open: {url}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(
            !b.wait_for("#main-menu")
                .await
                .is_displayed()
                .await
                .unwrap_or(true),
            "the menu closes once {w} is chosen"
        );
        let title = b.client.title().await.expect("title");
        assert!(
            title.ends_with("CRM Jakarta") && title != "CRM Jakarta",
            "{w}: `{title}`"
        );
        titles.insert(title);
    }
    assert_eq!(
        titles.len(),
        want.len(),
        "every page has its own title: {titles:?}"
    );
    b.click("#menu-toggle").await;
    b.click("#logout").await;
    b.wait_for("#username").await;
}

#[tokio::test]
async fn a_phone_reaches_every_page_through_the_menu() {
    let s = Server::start(true).await;
    let b = Browser::start().await;
    b.client
        .set_window_size(390, 844)
        .await
        .expect("a phone-sized window");
    reaches_every_destination(
        &b,
        &s,
        "petugas.gambir",
        PASSWORD,
        &[
            "/kotak-masuk",
            "/laporan",
            "/laporan/baru",
            "/dasbor",
            "/pantauan",
            "/beban-kerja",
            "/skor",
            "/rekap",
            "/lacak",
            "/statistik",
        ],
    )
    .await;
    reaches_every_destination(
        &b,
        &s,
        "admin",
        ADMIN_PASSWORD,
        &[
            "/kotak-masuk",
            "/admin/kanal",
            "/admin/pengiriman",
            "/admin/unit",
            "/admin/kategori",
            "/admin/pengaturan",
            "/admin/impor",
            "/admin/audit",
            "/akun",
        ],
    )
    .await;

    // The language switch renames the page and the document's language.
    b.sign_in(&s, "petugas.gambir", PASSWORD).await;
    b.click("#menu-toggle").await;
    b.click("#nav-lang").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let lang = b
            .client
            .execute("return document.documentElement.lang", vec![])
            .await
            .expect("lang");
        let title = b.client.title().await.expect("title");
        if lang == "en" && title.starts_with("Inbox") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "lang {lang}, title `{title}`"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // A deep link opened while signed out survives the sign-in (to a report
    // of Gambir's: which demo reports are, changes with the day).
    let number = s.first_report("petugas.gambir", PASSWORD).await;
    let link = format!("/laporan/{number}");
    b.click("#menu-toggle").await;
    b.click("#logout").await;
    b.wait_for("#username").await;
    b.client
        .goto(&s.url(&link))
        .await
        .expect("open a report's link");
    b.type_into("#username", "petugas.gambir").await;
    b.type_into("#password", PASSWORD).await;
    b.click("#login-submit").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let url = b.client.current_url().await.expect("url");
        if url.path() == link {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "landed on {url}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    b.wait_text("h1", &number.to_string()).await;
    b.close().await;
}

/// On a 390 px phone an officer takes a report up and completes it with
/// its evidence photo in one form.
#[tokio::test]
async fn an_officer_completes_a_report_with_its_photo_in_one_form_on_a_phone() {
    let s = Server::start(true).await;
    let token = s.login("petugas.gambir", PASSWORD).await;
    let n = s
        .file(
            &token,
            &serde_json::json!({
                "channel": "kantor-kelurahan", "category": "sampah",
                "description": "Sampah menumpuk di depan Pasar Tanah Abang",
                "kelurahan": "31.71.01.1001",
            }),
        )
        .await;
    let dir = tempfile::tempdir().expect("dir");
    let photo = dir.path().join("bukti.png");
    std::fs::write(&photo, png(64, 48)).expect("write photo");

    let b = Browser::start().await;
    b.client
        .set_window_size(390, 844)
        .await
        .expect("a phone-sized window");
    b.sign_in(&s, "petugas.gambir", PASSWORD).await;
    // The inbox says how long is left of the response target, and filters
    // to what is late (a fresh report is not).
    let item = format!("#inbox li[data-number=\"{n}\"]");
    b.wait_text(&format!("{item} .due"), "sisa").await;
    b.wait_for("#inbox-show")
        .await
        .select_by_value("late")
        .await
        .expect("show the late ones");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while b.client.find(Locator::Css(&item)).await.is_ok() {
        assert!(std::time::Instant::now() < deadline, "the filter kept #{n}");
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    b.wait_for("#inbox-show")
        .await
        .select_by_value("")
        .await
        .expect("show all");
    b.click(&format!("#inbox li[data-number=\"{n}\"] a")).await;
    b.wait_for("#report-detail").await;
    b.click("#actions button[data-action=\"take_up\"]:not([disabled])")
        .await;
    b.click("#action-submit").await;
    b.wait_text("#report-status", "Proses").await;
    b.click("#actions button[data-action=\"complete\"]:not([disabled])")
        .await;
    b.type_into("#action-note", "Sampah sudah diangkut truk DLH")
        .await;
    b.wait_for("#photos")
        .await
        .send_keys(&photo.display().to_string())
        .await
        .expect("attach photo");
    // The form fits the screen: its button is inside the 390 px width.
    let right = b
        .client
        .execute(
            "return document.getElementById('action-submit').getBoundingClientRect().right;",
            vec![],
        )
        .await
        .expect("measure");
    assert!(
        right.as_f64().is_some_and(|r| r <= 390.0),
        "the submit button ends at {right}"
    );
    b.click("#action-submit").await;
    b.wait_for("#verifying").await;
    b.wait_for("#history li[data-kind=\"follow_up\"] .photos img")
        .await;
    b.wait_text("#history", "Sampah sudah diangkut truk DLH")
        .await;
    b.close().await;
}
