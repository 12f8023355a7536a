//! Importing the old system's data pull on both engines: histories that
//! reproduce status and times, scores over imported data, all-or-nothing
//! refusals naming every bad line, dry runs, and who may import.

use crate::both_backends;
use crate::common::{json_of, problem, report, TestApp, GAMBIR, KEBON_KELAPA};
use reqwest::Method;
use serde_json::Value;

pub(crate) const JUNE: &str = "\
nomor,kelurahan,kategori,status,timestamp,complete,kanal,deskripsi
1044857,GAMBIR,Sampah,complete,6/1/2021 8:00,6/1/2021 18:00,Qlue,Sampah menumpuk
1044858,31.71.01.1001,jalan-rusak,Complete,6/2/2021 8:00,6/5/2021 16:00,qlue,Jalan berlubang
1044859,Gambir,sampah,wait,6/3/2021 8:00,,,
1044860,Kebon Kelapa,Pengemis,complete,6/4/2021 8:00,6/5/2021 4:00,,
1044861,31.71.01.1005,Sampah,complete,6/30/2021 23:00,7/9/2021 1:00,,Selesai sesudah cut-off
";

pub(crate) async fn post_csv(
    app: &TestApp,
    token: &str,
    query: &str,
    body: &str,
) -> reqwest::Response {
    app.request(Method::POST, &format!("/api/v1/imports/reports{query}"))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(body.to_string())
        .send()
        .await
        .expect("send")
}

fn close(v: &Value, want: f64) {
    let got = v.as_f64().unwrap_or(f64::NAN);
    assert!((got - want).abs() < 1e-6, "{got} != {want}");
}

async fn an_old_data_pull_comes_in_with_its_history_and_scores(app: TestApp) {
    let admin = app.login("admin").await;
    let dry: Value = json_of(post_csv(&app, &admin, "?dry_run=true", JUNE).await, 200).await;
    assert_eq!(
        (dry["imported"].clone(), dry["valid"].clone()),
        (0.into(), 5.into())
    );
    assert!(
        app.all_numbers("").await.is_empty(),
        "a dry run wrote reports"
    );

    let done: Value = json_of(post_csv(&app, &admin, "", JUNE).await, 200).await;
    assert_eq!(done["imported"], 5);
    let m = app.login("monitoring").await;
    let r: Value = json_of(app.get(&m, "/api/v1/reports/1044858").await, 200).await;
    assert_eq!(r["status"], "selesai");
    assert_eq!(r["channel"], "qlue");
    assert_eq!(r["holder_code"], GAMBIR);
    assert_eq!(
        r["received_at"], "2021-06-02T01:00:00Z",
        "M/D/YYYY H:MM read as WIB"
    );
    assert_eq!(r["completed_at"], "2021-06-05T09:00:00Z");
    let kinds: Vec<&str> = r["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|h| h["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["arrive", "take_up", "complete", "approve"]);
    let waiting: Value = json_of(app.get(&m, "/api/v1/reports/1044859").await, 200).await;
    assert_eq!(waiting["status"], "menunggu");
    // New reports continue after the old numbers.
    let g = app.login("petugas.gambir").await;
    let n = app.file(&g, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("n");
    assert_eq!(n, 1044862);

    // June 2021 from the imported data, by hand: Gambir 3 reports, 2
    // complete (10 h Sampah → 100, 80 h Jalan Rusak → 60; weights 1.5 + 4);
    // Kebon Kelapa 2 reports, 1 complete by the cut-off (20 h Pengemis → 60,
    // weight 2; the other completed after 8 July 23:59:59).
    let board: Value = json_of(
        app.get(&m, "/api/v1/scores?period=2021-06&level=kelurahan")
            .await,
        200,
    )
    .await;
    let units = board["units"].as_array().expect("units");
    assert_eq!(units.len(), 2, "{board}");
    assert_eq!(units[0]["unit_code"], GAMBIR);
    close(
        &units[0]["final_score"],
        (0.2 * (200.0 / 3.0) + 32.0 + 1.1 + 20.0) / 81.1 * 100.0,
    );
    assert_eq!(units[0]["grade"], "B");
    assert_eq!(units[1]["unit_code"], KEBON_KELAPA);
    assert_eq!(
        (units[1]["total"].clone(), units[1]["complete"].clone()),
        (2.into(), 1.into())
    );
    close(
        &units[1]["final_score"],
        (10.0 + 24.0 + 0.4 + 8.0) / 80.4 * 100.0,
    );
    assert_eq!(units[1]["grade"], "D");

    // The same numbers again are refused, and nothing is written.
    let p = problem(post_csv(&app, &admin, "", JUNE).await, 422).await;
    assert_eq!(p["errors"].as_array().map(Vec::len), Some(5), "{p}");
    assert_eq!(app.all_numbers("").await.len(), 6);
}

async fn bad_lines_are_all_named_and_nothing_is_written(app: TestApp) {
    let admin = app.login("admin").await;
    let csv = "\
kelurahan,kategori,status,timestamp,complete
Gambir,Sampah,wait,6/1/2021 8:00,
Atlantis,Sampah,wait,6/1/2021 8:00,
Gambir,Sampah,complete,6/1/2021 8:00,
Gambir,Banjir Bandang,done,13/45/2021 8:00,
Gambir,Sampah,proses,6/1/2021 9:00,
";
    let p = problem(post_csv(&app, &admin, "", csv).await, 422).await;
    // Each problem of each line is named apart, with its code.
    let lines = crate::common::fields(&p);
    assert_eq!(
        lines,
        ["line 3", "line 4", "line 5", "line 5", "line 5"],
        "{p}"
    );
    let codes: Vec<&str> = p["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "unknown_value",
            "complete_required",
            "unknown_value",
            "unknown_value",
            "bad_time"
        ],
        "{p}"
    );
    assert_eq!(p["errors"][0]["params"]["value"], "Atlantis");
    assert!(
        app.all_numbers("").await.is_empty(),
        "a refused import wrote reports"
    );

    let p = problem(
        post_csv(&app, &admin, "", "kelurahan,status\nGambir,wait\n").await,
        422,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .is_some_and(|d| d.contains("kategori") && d.contains("timestamp")),
        "{p}"
    );
    problem(
        post_csv(&app, &admin, "", "kelurahan,kategori,status,timestamp\n").await,
        422,
    )
    .await;
    let json = app
        .request(Method::POST, "/api/v1/imports/reports")
        .bearer_auth(&admin)
        .json(&serde_json::json!({"kelurahan": "Gambir"}))
        .send()
        .await
        .expect("send");
    problem(json, 415).await;
    let officer = app.login("petugas.gambir").await;
    problem(post_csv(&app, &officer, "", JUNE).await, 403).await;
    problem(
        post_csv(&app, &admin, "?default_channel=merpati", JUNE).await,
        422,
    )
    .await;
}

async fn a_frozen_period_never_changes(app: TestApp) {
    let admin = app.login("admin").await;
    // The import freezes a month whose cut-off has passed at once.
    let answer: Value = json_of(post_csv(&app, &admin, "", JUNE).await, 200).await;
    assert_eq!(june_state(&answer), ("frozen".into(), 5.into()));
    let m = app.login("monitoring").await;
    let url = "/api/v1/scores?period=2021-06&level=kelurahan";
    let journal: Value = json_of(app.get(&m, url).await, 200).await;
    assert_eq!(journal["frozen"], true);
    assert_eq!(journal["as_of"], journal["cutoff"]);
    let live: Value = json_of(
        app.get(&m, &format!("{url}&as_of=2021-07-08T16:59:59Z"))
            .await,
        200,
    )
    .await;
    assert_eq!(live["frozen"], false);
    assert_eq!(
        journal["units"], live["units"],
        "the journal is the computation at cut-off"
    );
    let kec: Value = json_of(
        app.get(&m, "/api/v1/scores?period=2021-06&level=kecamatan")
            .await,
        200,
    )
    .await;
    assert_eq!(kec["frozen"], true);
    assert_eq!(kec["units"].as_array().map(Vec::len), Some(1));

    // Freezing again does nothing.
    let st = app.state.clone();
    let again = actix_web::rt::task::spawn_blocking(move || {
        crm_api::jobs::journal::freeze_due(&st, chrono::Utc::now())
    })
    .await
    .expect("task")
    .expect("freeze");
    assert!(again.is_empty(), "{again:?}");

    // Rewrite a report's history after the freeze: the live computation
    // moves, the journal does not.
    app.state
        .db
        .write_blocking(|conn| -> Result<usize, crm_api::db::DbError> {
            use crm_api::db::schema::report_history as h;
            use diesel::prelude::*;
            Ok(diesel::delete(
                h::table
                    .filter(h::report_number.eq(1044857))
                    .filter(h::kind.eq("approve")),
            )
            .execute(conn)?)
        })
        .expect("edit");
    let recomputed: Value = json_of(
        app.get(&m, &format!("{url}&as_of=2021-07-08T16:59:59Z"))
            .await,
        200,
    )
    .await;
    assert_eq!(recomputed["frozen"], false);
    assert_eq!(recomputed["units"][0]["complete"], 1, "{recomputed}");
    let still: Value = json_of(app.get(&m, url).await, 200).await;
    assert_eq!(still["units"], journal["units"]);
    assert_eq!(still["units"][0]["complete"], 2);
    let e: Value = json_of(
        app.get(&m, &format!("/api/v1/scores/{GAMBIR}?period=2021-06"))
            .await,
        200,
    )
    .await;
    assert_eq!(e["frozen"], true);
    assert_eq!(e["score"]["complete"], 2, "explained from the journal");
    assert_eq!(e["reports"].as_array().map(Vec::len), Some(3));
}

async fn export_then_import_gives_the_same_scores(app: TestApp) {
    let admin = app.login("admin").await;
    json_of::<Value>(post_csv(&app, &admin, "", JUNE).await, 200).await;
    let m = app.login("monitoring").await;
    let resp = app.get(&m, "/api/v1/exports/reports?period=2021-06").await;
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .is_ok_and(|c| c.starts_with("text/csv")));
    assert!(resp.headers()["content-disposition"]
        .to_str()
        .is_ok_and(|c| c.contains("laporan-2021-06.csv")));
    let csv = resp.text().await.expect("csv");
    assert!(
        csv.starts_with("nomor,kelurahan,kategori,status,timestamp,complete,kanal"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 6, "{csv}");

    // Into a fresh system: the same scores, to the last decimal.
    let other = TestApp::spawn(app.backend).await;
    let admin2 = other.login("admin").await;
    let done: Value = json_of(post_csv(&other, &admin2, "", &csv).await, 200).await;
    assert_eq!(done["imported"], 5);
    let url = "/api/v1/scores?period=2021-06&level=kelurahan";
    let a: Value = json_of(app.get(&m, url).await, 200).await;
    let m2 = other.login("monitoring").await;
    let b: Value = json_of(other.get(&m2, url).await, 200).await;
    assert_eq!(a["units"], b["units"]);
    // And out again, identical.
    let again = other
        .get(&m2, "/api/v1/exports/reports?period=2021-06")
        .await
        .text()
        .await
        .expect("csv");
    assert_eq!(again, csv);

    // Scores as CSV and XLSX.
    let s = app
        .get(&m, "/api/v1/exports/scores?period=2021-06&level=kelurahan")
        .await
        .text()
        .await
        .expect("csv");
    let mut lines = s.lines();
    assert!(lines
        .next()
        .is_some_and(|h| h.starts_with("peringkat,kode_unit,unit")));
    assert!(
        lines
            .next()
            .is_some_and(|l| l.starts_with(&format!("1,{GAMBIR},Gambir,3,2,"))),
        "{s}"
    );
    let x = app
        .get(
            &m,
            "/api/v1/exports/scores?period=2021-06&level=kelurahan&format=xlsx",
        )
        .await;
    assert_eq!(x.status(), 200);
    assert_eq!(
        x.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(&x.bytes().await.expect("bytes")[..2], b"PK");
    let p = problem(
        app.get(&m, "/api/v1/exports/reports?period=2021-06&format=pdf")
            .await,
        422,
    )
    .await;
    assert_eq!(crate::common::fields(&p), ["format"]);
    // A kelurahan officer exports only the kelurahan's reports.
    let g = app.login("petugas.kebonkelapa").await;
    let mine = app
        .get(&g, "/api/v1/exports/reports?period=2021-06")
        .await
        .text()
        .await
        .expect("csv");
    assert_eq!(mine.lines().count(), 3, "{mine}");
}

/// A citizen's description that a spreadsheet would run as a formula is
/// exported as text.
async fn an_exported_formula_stays_text(app: TestApp) {
    let m = app.login("monitoring").await;
    let mut body = report(Some(GAMBIR));
    body["description"] = serde_json::json!("=HYPERLINK(\"http://evil.example\",\"klik\")");
    app.file(&m, body).await;
    let period = crm_domain::period::Period::of(chrono::Utc::now()).to_string();
    let csv = app
        .get(&m, &format!("/api/v1/exports/reports?period={period}"))
        .await
        .text()
        .await
        .expect("csv");
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(
        !csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"),
        "{csv}"
    );
}

/// Rows of the first sheet of an XLSX file.
fn xlsx_rows(bytes: &[u8]) -> usize {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an XLSX is a zip");
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .expect("the sheet")
        .read_to_string(&mut xml)
        .expect("xml");
    xml.matches("<row ").count()
}

/// Exports larger than a page (2,000 reports) hold every report once, in
/// order: the month export and the filtered list, CSV streamed as it is
/// read and XLSX built in constant memory.
async fn a_large_export_holds_every_report_once(app: TestApp) {
    const N: usize = 4_500;
    let mut csv =
        String::from("nomor,kelurahan,kategori,status,timestamp,complete,kanal,deskripsi\n");
    for i in 0..N {
        let day = 1 + i % 28;
        csv.push_str(&format!(
            "{},GAMBIR,Sampah,complete,3/{day}/2021 8:00,3/{day}/2021 18:00,Qlue,Laporan {i}\n",
            2_000_000 + i
        ));
    }
    let admin = app.login("admin").await;
    let done: Value = json_of(post_csv(&app, &admin, "", &csv).await, 200).await;
    assert_eq!(done["imported"], N);
    let m = app.login("monitoring").await;
    let numbers = |text: &str| -> Vec<i64> {
        text.lines()
            .skip(1)
            .map(|l| {
                l.split(',')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(-1)
            })
            .collect()
    };

    let resp = app.get(&m, "/api/v1/exports/reports?period=2021-03").await;
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers().get("content-length").is_none(),
        "streamed, not built whole: {:?}",
        resp.headers()
    );
    let month = numbers(&resp.text().await.expect("csv"));
    assert_eq!(month.len(), N);
    assert!(
        month.windows(2).all(|w| w[0] < w[1]),
        "ascending, no repeats"
    );

    let list = app
        .get(&m, "/api/v1/exports/report-list?received_from=2021-03-01T00:00:00Z&received_to=2021-04-01T00:00:00Z")
        .await;
    assert_eq!(list.status(), 200);
    let listed = numbers(&list.text().await.expect("csv"));
    assert_eq!(listed.len(), N);
    assert!(
        listed.windows(2).all(|w| w[0] > w[1]),
        "newest first, no repeats"
    );
    let mut a = month.clone();
    let mut b = listed.clone();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b, "the same reports");

    let x = app
        .get(&m, "/api/v1/exports/reports?period=2021-03&format=xlsx")
        .await;
    assert_eq!(x.status(), 200);
    assert_eq!(xlsx_rows(&x.bytes().await.expect("bytes")), N + 1);
    let x = app
        .request(Method::GET, "/api/v1/exports/report-list?received_from=2021-03-01T00:00:00Z&received_to=2021-04-01T00:00:00Z")
        .bearer_auth(&m)
        .header("accept", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .send()
        .await
        .expect("xlsx");
    assert_eq!(x.status(), 200);
    assert_eq!(xlsx_rows(&x.bytes().await.expect("bytes")), N + 1);
}

/// The same old-system month as [`JUNE`], in two files.
const JUNE_FIRST: &str = "\
nomor,kelurahan,kategori,status,timestamp,complete,kanal,deskripsi
1044857,GAMBIR,Sampah,complete,6/1/2021 8:00,6/1/2021 18:00,Qlue,Sampah menumpuk
1044858,31.71.01.1001,jalan-rusak,Complete,6/2/2021 8:00,6/5/2021 16:00,qlue,Jalan berlubang
1044859,Gambir,sampah,wait,6/3/2021 8:00,,,
";
const JUNE_SECOND: &str = "\
nomor,kelurahan,kategori,status,timestamp,complete,kanal,deskripsi
1044860,Kebon Kelapa,Pengemis,complete,6/4/2021 8:00,6/5/2021 4:00,,
1044861,31.71.01.1005,Sampah,complete,6/30/2021 23:00,7/9/2021 1:00,,Selesai sesudah cut-off
";

fn june_state(answer: &Value) -> (Value, Value) {
    let p = &answer["periods"][0];
    assert_eq!(p["period"], "2021-06", "{answer}");
    (p["state"].clone(), p["reports"].clone())
}

async fn a_history_in_two_files_gives_the_journal_of_one(app: TestApp) {
    let board = "/api/v1/scores?period=2021-06&level=kelurahan";
    // The whole month in one file, on a server of its own.
    let one = TestApp::spawn(app.backend).await;
    let admin1 = one.login("admin").await;
    let a: Value = json_of(post_csv(&one, &admin1, "", JUNE).await, 200).await;
    assert_eq!(june_state(&a), ("frozen".into(), 5.into()));
    let m1 = one.login("monitoring").await;
    let whole: Value = json_of(one.get(&m1, board).await, 200).await;
    assert_eq!(whole["frozen"], true);

    // The same month in two files: the first freezes it ...
    let admin = app.login("admin").await;
    let m = app.login("monitoring").await;
    let first: Value = json_of(post_csv(&app, &admin, "", JUNE_FIRST).await, 200).await;
    assert_eq!(june_state(&first), ("frozen".into(), 3.into()));
    let part: Value = json_of(app.get(&m, board).await, 200).await;
    assert_ne!(part["units"], whole["units"]);
    // ... the second says the month may be rebuilt, and is rebuilt when
    // asked, with a reason.
    let dry: Value = json_of(
        post_csv(&app, &admin, "?dry_run=true", JUNE_SECOND).await,
        200,
    )
    .await;
    assert_eq!(june_state(&dry), ("rebuildable".into(), 2.into()));
    problem(
        post_csv(&app, &admin, "?rebuild_reason=%20", JUNE_SECOND).await,
        422,
    )
    .await;
    let second: Value = json_of(
        post_csv(
            &app,
            &admin,
            "?rebuild_reason=Berkas%20kedua%20Juni",
            JUNE_SECOND,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(june_state(&second), ("rebuilt".into(), 2.into()));
    let rebuilt: Value = json_of(app.get(&m, board).await, 200).await;
    assert_eq!(rebuilt["frozen"], true);
    assert_eq!(
        rebuilt["units"], whole["units"],
        "two files give one file's journal"
    );
    let audit: Value = json_of(
        app.get(&admin, "/api/v1/audit?action=journal.rebuild")
            .await,
        200,
    )
    .await;
    assert_eq!(audit["items"][0]["target"], "period:2021-06");
    assert_eq!(audit["items"][0]["after"]["reason"], "Berkas kedua Juni");

    // Live work on a June report: the month never changes again.
    let officer = app.login("petugas.gambir").await;
    json_of::<Value>(
        app.post(
            &officer,
            "/api/v1/reports/1044859/comments",
            &serde_json::json!({"text": "Sedang dicek", "public": false}),
        )
        .await,
        200,
    )
    .await;
    let late = "nomor,kelurahan,kategori,status,timestamp,complete\n1044870,Gambir,Sampah,wait,6/10/2021 8:00,\n";
    let third: Value = json_of(
        post_csv(&app, &admin, "?rebuild_reason=Berkas%20ketiga", late).await,
        200,
    )
    .await;
    assert_eq!(june_state(&third), ("left_alone".into(), 1.into()));
    let p = problem(
        app.post(
            &admin,
            "/api/v1/journal/2021-06/rebuild",
            &serde_json::json!({"reason": "Coba lagi"}),
        )
        .await,
        409,
    )
    .await;
    assert!(
        p["detail"].as_str().is_some_and(|d| d.contains("live")),
        "{p}"
    );
    let still: Value = json_of(app.get(&m, board).await, 200).await;
    assert_eq!(still["units"], whole["units"]);
    // A month never frozen cannot be rebuilt.
    problem(
        app.post(
            &admin,
            "/api/v1/journal/2020-01/rebuild",
            &serde_json::json!({"reason": "Coba"}),
        )
        .await,
        404,
    )
    .await;
}

/// Rows without the old system's number take new numbers after every
/// number given, in the file's order, and later reports continue after
/// them, as do the numbers of a second import.
async fn rows_without_a_number_are_numbered_after_the_given_ones(app: TestApp) {
    let admin = app.login("admin").await;
    let g = app.login("petugas.gambir").await;
    let first = app.file(&g, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("n");
    let mixed = format!(
        "nomor,kelurahan,kategori,status,timestamp,complete,deskripsi\n\
         ,Gambir,Sampah,wait,6/3/2021 8:00,,pertama tanpa nomor\n\
         {given},Gambir,Sampah,wait,6/3/2021 9:00,,dengan nomor\n\
         ,Gambir,Sampah,complete,6/3/2021 10:00,6/3/2021 12:00,kedua tanpa nomor\n",
        given = first + 500
    );
    let done: Value = json_of(post_csv(&app, &admin, "", &mixed).await, 200).await;
    assert_eq!(done["imported"], 3);
    let m = app.login("monitoring").await;
    let description = |v: Value| v["description"].as_str().unwrap_or_default().to_string();
    for (n, want) in [
        (first + 500, "dengan nomor"),
        (first + 501, "pertama tanpa nomor"),
        (first + 502, "kedua tanpa nomor"),
    ] {
        let r: Value = json_of(app.get(&m, &format!("/api/v1/reports/{n}")).await, 200).await;
        assert_eq!(description(r), want, "report {n}");
    }
    let next = app.file(&g, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("n");
    assert_eq!(next, first + 503);
    let again = "kelurahan,kategori,status,timestamp,complete\nGambir,Sampah,wait,6/4/2021 8:00,\n";
    let done: Value = json_of(post_csv(&app, &admin, "", again).await, 200).await;
    assert_eq!(done["imported"], 1);
    let after: Value = json_of(
        app.get(&m, &format!("/api/v1/reports/{}", first + 504))
            .await,
        200,
    )
    .await;
    assert_eq!(after["channel"], "jaki", "{after}");
    let all = app.all_numbers("").await;
    assert_eq!(all.len(), 6, "{all:?}");
}

both_backends!(
    rows_without_a_number_are_numbered_after_the_given_ones,
    a_history_in_two_files_gives_the_journal_of_one,
    a_large_export_holds_every_report_once,
    export_then_import_gives_the_same_scores,
    a_frozen_period_never_changes,
    an_old_data_pull_comes_in_with_its_history_and_scores,
    bad_lines_are_all_named_and_nothing_is_written,
    an_exported_formula_stays_text,
);
