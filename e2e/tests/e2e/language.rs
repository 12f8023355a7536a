//! The app speaks Bahasa Indonesia: every page of every role, opened in
//! headless Chromium with the demo data, shows no common English word
//! outside proper names; switched to English, it names statuses and roles
//! in English and the document's `lang` follows.

use crm_e2e::{Browser, Server, ADMIN_PASSWORD};
use serde_json::Value;
use std::collections::BTreeSet;

const PASSWORD: &str = "demo12345";

/// Common English words that no Indonesian sentence of the app uses.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "of",
    "is",
    "are",
    "not",
    "only",
    "with",
    "from",
    "this",
    "that",
    "your",
    "please",
    "sign",
    "error",
    "failed",
    "found",
    "report",
    "reports",
    "hours",
    "days",
    "page",
    "none",
    "done",
    "waiting",
    "received",
    "complete",
    "completed",
    "handed",
    "loading",
    "search",
    "save",
    "cancel",
    "score",
    "scores",
    "unknown",
    "invalid",
    "must",
    "may",
    "cannot",
    "why",
    "cut",
    "ping",
    "pong",
    "effort",
    "settings",
    "show",
    "more",
    "less",
    "next",
    "previous",
];

/// The English words on the open page (its visible text and the labels
/// read aloud: `title`, `aria-label`, `placeholder`).
async fn english_on(b: &Browser) -> BTreeSet<String> {
    let text: Value = b
        .client
        .execute(
            "const t = [document.body.innerText, document.title];\
             for (const e of document.querySelectorAll('[title],[aria-label],[placeholder]')) {\
               t.push(e.getAttribute('title') || '', e.getAttribute('aria-label') || '',\
                      e.getAttribute('placeholder') || ''); }\
             return t.join('\\n');",
            vec![],
        )
        .await
        .expect("page text");
    let text = text.as_str().unwrap_or("").to_lowercase();
    text.lines()
        .flat_map(|line| {
            line.split(|c: char| !c.is_alphabetic())
                .filter(|w| ENGLISH.contains(w))
                .map(move |w| format!("{w} in {:?}", line.chars().take(80).collect::<String>()))
        })
        .collect()
}

async fn check(b: &Browser, s: &Server, pages: &[(&str, &str)], out: &mut Vec<String>) {
    for (path, ready) in pages {
        b.settle_on(s, path, ready).await;
        let found = english_on(b).await;
        if !found.is_empty() {
            out.push(format!("{path}: {found:?}"));
        }
    }
}

#[tokio::test]
async fn no_page_speaks_english_in_the_indonesian_app() {
    let s = Server::start(true).await;
    let b = Browser::start().await;
    let mut found = Vec::new();
    check(
        &b,
        &s,
        &[
            ("/masuk", "#username"),
            ("/lacak", "main"),
            ("/statistik", "main"),
        ],
        &mut found,
    )
    .await;
    let n = s.first_report("lurah.gambir", PASSWORD).await;
    let report = format!("/laporan/{n}");
    let missing = "/laporan/99999999".to_string();
    b.sign_in(&s, "petugas.gambir", PASSWORD).await;
    check(
        &b,
        &s,
        &[
            ("/kotak-masuk", "#inbox, #inbox-empty"),
            ("/laporan", "main"),
            ("/laporan/baru", "main"),
            (report.as_str(), "#report-detail"),
            // An error from the server, in the user's words.
            (missing.as_str(), ".error"),
            ("/skor", "main"),
            ("/notifikasi", "main"),
            ("/kata-sandi", "main"),
        ],
        &mut found,
    )
    .await;
    // The refusals on the report page, opened.
    b.client.goto(&s.url(&report)).await.expect("open");
    b.wait_for("#report-detail").await;
    if let Ok(why) = b
        .client
        .find(fantoccini::Locator::Css("#actions .why summary"))
        .await
    {
        why.click().await.expect("open the reasons");
        let words = english_on(&b).await;
        if !words.is_empty() {
            found.push(format!("{report} (reasons): {words:?}"));
        }
    }
    b.sign_out().await;
    b.sign_in(&s, "monitoring", PASSWORD).await;
    check(
        &b,
        &s,
        &[
            ("/dasbor", "#dashboard"),
            ("/pantauan", "main"),
            ("/beban-kerja", "main"),
            ("/rekap", "main"),
        ],
        &mut found,
    )
    .await;
    b.sign_out().await;
    b.sign_in(&s, "verifikator", PASSWORD).await;
    check(
        &b,
        &s,
        &[("/kotak-masuk", "#verify-queue, #inbox-empty")],
        &mut found,
    )
    .await;
    b.sign_out().await;
    b.sign_in(&s, "admin", ADMIN_PASSWORD).await;
    check(
        &b,
        &s,
        &[
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

    // In English, statuses and roles are English, and `lang` follows.
    b.client.goto(&s.url("/laporan")).await.expect("open");
    b.wait_for("main").await;
    b.click("#nav-lang").await;
    let mut seen = Value::Null;
    for _ in 0..40 {
        seen = b
            .client
            .execute(
                "return [document.documentElement.lang, \
                   [...document.querySelectorAll('main option')].map(o => o.textContent)];",
                vec![],
            )
            .await
            .expect("lang and options");
        if seen[0] == "en" && seen[1].to_string().contains("In progress") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(seen[0], "en", "{seen}");
    let options = seen[1].to_string();
    assert!(
        options.contains("In progress") && options.contains("Done"),
        "{options}"
    );
    assert!(!options.contains("Menunggu"), "{options}");
    b.click("#nav-lang").await;
    b.close().await;
    assert!(
        found.is_empty(),
        "English words in the Indonesian app:\n{}",
        found.join("\n")
    );
}
