//! The monthly score over HTTP on both engines: hand-worked numbers from
//! reports taken through their lifecycle, the roll-up to the kecamatan, the
//! score as of an earlier moment, and bad queries.

use crate::both_backends;
use crate::common::{
    act_ok, follow_up, json_of, png, problem, report, TestApp, GAMBIR, GAMBIR_KEC, KEBON_KELAPA,
    SUDIN_BM_JP,
};
use chrono::{DateTime, Duration, Utc};
use crm_domain::arrival::{arrival_entry, Arrival};
use crm_domain::lifecycle::{ActionKind, Entry};
use crm_domain::period::Period;
use crm_domain::ReportStatus;
use serde_json::{json, Value};

async fn file_at(app: &TestApp, token: &str, kel: &str, category: &str, received: &str) -> i64 {
    let mut body = report(Some(kel));
    body["category"] = json!(category);
    body["received_at"] = json!(received);
    app.file(token, body).await["number"].as_i64().expect("n")
}

/// A step of a report's past: `kind` into `status` by `unit` (none: the
/// Monitoring Room), handing on to `to`.
fn step(
    at: DateTime<Utc>,
    kind: ActionKind,
    status: ReportStatus,
    unit: Option<&str>,
    to: Option<&str>,
) -> Entry {
    Entry {
        at,
        kind,
        status,
        unit: unit.map(str::to_string),
        note: Some("Ditangani".to_string()),
        public: true,
        to_unit: to.map(str::to_string),
        flagged: false,
    }
}

/// Writes a report received (and recorded) at `received` at `first` (none:
/// in triage), with the `later` steps of its past; returns its number.
async fn write_past(
    app: &TestApp,
    received: DateTime<Utc>,
    first: Option<&str>,
    later: Vec<Entry>,
) -> i64 {
    let (mut details, _) = crm_api::demo::generate(&[GAMBIR.to_string()], Utc::now(), 1)
        .pop()
        .expect("a demo report");
    details.received_at = received;
    details.created_at = received;
    details.channel_ref = None;
    let arrival = Arrival::replayed(
        received,
        arrival_entry(first.map(str::to_string), received, "Diterima".into()),
        later,
    );
    app.write_demo(details, arrival).await
}

async fn complete(app: &TestApp, officer: &str, n: i64) {
    let t = app.login(officer).await;
    act_ok(app, &t, n, "take-up", json!({})).await;
    json_of::<Value>(follow_up(app, &t, n, "Beres", vec![png(8, 8)]).await, 200).await;
    act_ok(app, &t, n, "complete", json!({"note": "Beres"})).await;
    let v = app.login("verifikator").await;
    act_ok(app, &v, n, "approve", json!({})).await;
}

fn close(v: &Value, want: f64) {
    let got = v.as_f64().unwrap_or(f64::NAN);
    assert!((got - want).abs() < 1e-6, "{got} != {want}");
}

async fn scores_follow_the_formula_on_hand_worked_reports(app: TestApp) {
    // Every report was received 30 hours ago, so its category alone decides
    // its band: Jalan Rusak (t1 47) → 100, Pengemis (t3 22) → 40, Sampah
    // (29–45) → 80.
    let received = Utc::now() - Duration::hours(30);
    let period = Period::of(received).to_string();
    let at = received.to_rfc3339();
    let g = app.login("petugas.gambir").await;
    let road = file_at(&app, &g, GAMBIR, "jalan-rusak", &at).await;
    let beggar = file_at(&app, &g, GAMBIR, "pengemis", &at).await;
    let _open = file_at(&app, &g, GAMBIR, "sampah", &at).await;
    let trash = file_at(&app, &g, KEBON_KELAPA, "sampah", &at).await;
    let before_work = Utc::now();
    complete(&app, "petugas.gambir", road).await;
    complete(&app, "petugas.gambir", beggar).await;
    complete(&app, "petugas.kebonkelapa", trash).await;

    let m = app.login("monitoring").await;
    let board: Value = json_of(
        app.get(
            &m,
            &format!("/api/v1/scores?period={period}&level=kelurahan"),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(board["period"], period);
    assert_eq!(board["frozen"], false);
    let units = board["units"].as_array().expect("units");
    assert_eq!(
        units.len(),
        2,
        "units without reports have no score: {board}"
    );
    // Gambir: 3 reports, 2 complete; time (100 + 40) / 2; weight 4 + 2;
    // peers' complete counts 2 and 1: Gambir is the largest → effort 100.
    let gambir_obtained = 0.2 * (200.0 / 3.0) + 0.4 * 70.0 + 0.2 * 6.0 + 0.2 * 100.0;
    let gambir_final = gambir_obtained / 81.2 * 100.0;
    // Kebon Kelapa: 1 of 1; time 80; weight 1.5; the smallest → effort 40.
    let kk_final = (20.0 + 32.0 + 0.3 + 8.0) / 80.3 * 100.0;
    let g_row = &units[0];
    assert_eq!(g_row["unit_code"], GAMBIR);
    assert_eq!(g_row["unit_name"], "Gambir");
    assert_eq!(
        (g_row["total"].clone(), g_row["complete"].clone()),
        (json!(3), json!(2))
    );
    close(&g_row["completion"], 200.0 / 3.0);
    close(&g_row["follow_up_time"], 70.0);
    close(&g_row["category_weight"], 6.0);
    close(&g_row["effort"], 100.0);
    close(&g_row["obtained"], gambir_obtained);
    close(&g_row["maximum"], 81.2);
    close(&g_row["final_score"], gambir_final);
    assert_eq!(g_row["grade"], "B");
    assert_eq!(g_row["rank"], 1);
    let k_row = &units[1];
    assert_eq!(k_row["unit_code"], KEBON_KELAPA);
    close(&k_row["final_score"], kk_final);
    close(&k_row["effort"], 40.0);
    assert_eq!(k_row["grade"], "B");

    // The kecamatan takes the report-weighted mean.
    let kec: Value = json_of(
        app.get(
            &m,
            &format!("/api/v1/scores?period={period}&level=kecamatan"),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(kec["units"][0]["unit_code"], GAMBIR_KEC);
    close(
        &kec["units"][0]["final_score"],
        (gambir_final * 3.0 + kk_final) / 4.0,
    );
    assert_eq!(kec["units"][0]["total"], 4);

    // The explanation: the reports behind each variable, the peers, and
    // what would raise the score.
    let e: Value = json_of(
        app.get(&m, &format!("/api/v1/scores/{GAMBIR}?period={period}"))
            .await,
        200,
    )
    .await;
    close(&e["score"]["final_score"], gambir_final);
    assert_eq!(e["score"]["rank"], 1);
    assert_eq!(
        e["peers"],
        json!({"count": 2, "a": 1.0, "m": 1.5, "b": 2.0})
    );
    let bands: Vec<Value> = e["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| r["band_score"].clone())
        .collect();
    assert_eq!(bands, [json!(100.0), json!(40.0), Value::Null]);
    assert_eq!(e["reports"][0]["category_name"], "Jalan Rusak");
    assert!(e["if_one_more_completed"].as_f64().expect("what if") > gambir_final);
    assert!(e["if_all_within_first_band"].as_f64().expect("what if") > gambir_final);
    let ek: Value = json_of(
        app.get(&m, &format!("/api/v1/scores/{GAMBIR_KEC}?period={period}"))
            .await,
        200,
    )
    .await;
    assert_eq!(ek["children"].as_array().map(Vec::len), Some(2));
    assert_eq!(ek["level"], "kecamatan");
    let none: Value = json_of(
        app.get(&m, &format!("/api/v1/scores/31.71.02.1001?period={period}"))
            .await,
        200,
    )
    .await;
    assert_eq!(none["score"], Value::Null, "no reports: no score, not 0");
    problem(
        app.get(&m, &format!("/api/v1/scores/NOPE?period={period}"))
            .await,
        404,
    )
    .await;

    // As of the moment before any work: every report counted, none complete.
    let as_of = before_work.to_rfc3339().replace('+', "%2B");
    let early: Value = json_of(
        app.get(
            &m,
            &format!("/api/v1/scores?period={period}&level=kelurahan&as_of={as_of}"),
        )
        .await,
        200,
    )
    .await;
    let early_units = early["units"].as_array().expect("units");
    assert_eq!(early_units.len(), 2);
    for u in early_units {
        assert_eq!(u["complete"], 0);
        close(&u["follow_up_time"], 0.0);
    }
}

async fn bad_score_queries_are_named(app: TestApp) {
    let m = app.login("monitoring").await;
    for (q, field) in [
        ("period=2026-13&level=kelurahan", "period"),
        ("period=oktober&level=kelurahan", "period"),
        ("period=2026-10&level=desa", "level"),
        (
            "period=2026-10&level=kelurahan&as_of=2026-09-01T00:00:00Z",
            "as_of",
        ),
        ("period=2026-10&level=kelurahan&as_of=kemarin", "as_of"),
        (
            "period=2026-10&level=kelurahan&as_of=9999-12-31T00:00:00Z",
            "as_of",
        ),
    ] {
        let p = problem(app.get(&m, &format!("/api/v1/scores?{q}")).await, 422).await;
        assert_eq!(crate::common::fields(&p), [field], "{q}: {p}");
    }
    problem(app.get(&m, "/api/v1/scores?level=kelurahan").await, 422).await;
    let anon = app
        .request(
            reqwest::Method::GET,
            "/api/v1/scores?period=2026-10&level=kelurahan",
        )
        .send()
        .await
        .expect("send");
    problem(anon, 401).await;
    // A month with no report: no units, not zeros.
    let empty: Value = json_of(
        app.get(&m, "/api/v1/scores?period=2020-01&level=kota")
            .await,
        200,
    )
    .await;
    assert_eq!(empty["units"], json!([]));
    assert_eq!(empty["cutoff"], "2020-02-08T16:59:59Z");
}

async fn category_tables_are_versioned(app: TestApp) {
    let admin = app.login("admin").await;
    let csv = "kelurahan,kategori,status,timestamp,complete\n\
               Gambir,Sampah,complete,6/1/2021 8:00,6/1/2021 18:00\n";
    let r = app
        .request(reqwest::Method::POST, "/api/v1/imports/reports")
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    let body = json!({"weight": 10.0, "bands": {"t1": 29.0, "t2": 45.0, "t3": 67.0}, "evidence_required": true});
    let officer = app.login("petugas.gambir").await;
    let put = |token: String, code: &'static str, body: Value| {
        app.request(reqwest::Method::PUT, &format!("/api/v1/categories/{code}"))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    problem(
        put(officer.clone(), "sampah", body.clone())
            .await
            .expect("send"),
        403,
    )
    .await;
    let bad = json!({"weight": 1.0, "bands": {"t1": 50.0, "t2": 45.0, "t3": 67.0}, "evidence_required": true});
    let p = problem(put(admin.clone(), "sampah", bad).await.expect("send"), 422).await;
    assert_eq!(crate::common::fields(&p), ["bands"]);
    problem(
        put(admin.clone(), "nope", body.clone())
            .await
            .expect("send"),
        404,
    )
    .await;
    let c: Value = json_of(put(admin.clone(), "sampah", body).await.expect("send"), 200).await;
    assert_eq!(c["weight"], 10.0);
    let cats: Value = json_of(app.get(&admin, "/api/v1/categories").await, 200).await;
    assert!(cats.as_array().is_some_and(|l| l
        .iter()
        .any(|c| c["code"] == "sampah" && c["weight"] == 10.0)));

    // June 2021 keeps the weight valid at its cut-off.
    let m = app.login("monitoring").await;
    let june: Value = json_of(
        app.get(&m, "/api/v1/scores?period=2021-06&level=kelurahan")
            .await,
        200,
    )
    .await;
    close(&june["units"][0]["category_weight"], 1.5);
    // A report of this month takes the new one.
    let received = Utc::now() - Duration::hours(30);
    let n = file_at(&app, &officer, GAMBIR, "sampah", &received.to_rfc3339()).await;
    complete(&app, "petugas.gambir", n).await;
    let now: Value = json_of(
        app.get(
            &m,
            &format!(
                "/api/v1/scores?period={}&level=kelurahan",
                Period::of(received)
            ),
        )
        .await,
        200,
    )
    .await;
    close(&now["units"][0]["category_weight"], 10.0);
}

/// Gambir's row (total and complete) on a period's kelurahan board.
async fn gambir_row(app: &TestApp, token: &str, period: Period) -> Option<(u64, u64)> {
    let board: Value = json_of(
        app.get(
            token,
            &format!("/api/v1/scores?period={period}&level=kelurahan"),
        )
        .await,
        200,
    )
    .await;
    board["units"]
        .as_array()?
        .iter()
        .find(|u| u["unit_code"] == GAMBIR)
        .map(|u| {
            (
                u["total"].as_u64().unwrap_or(0),
                u["complete"].as_u64().unwrap_or(0),
            )
        })
}

async fn a_report_in_transit_at_its_cutoffs_counts_where_it_was_taken_up(app: TestApp) {
    // Received about ten weeks ago and still in transit (the old system's
    // "disposisi"): at every cut-off since, no unit had taken it on, so it
    // moves month by month to the first period whose cut-off lies ahead.
    let received = Utc::now() - Duration::days(70);
    let now = Utc::now();
    let rules = crm_domain::settings::Versions::default();
    let mut counted_in = Period::of(received);
    while rules.cutoff(counted_in) <= now {
        counted_in = counted_in.next();
    }
    assert!(
        counted_in > Period::of(received).next(),
        "the test needs a report of an earlier month"
    );
    let admin = app.login("admin").await;
    let csv = format!(
        "nomor,kelurahan,kategori,status,timestamp\n2044001,{GAMBIR},sampah,disposisi,{}\n",
        received.to_rfc3339()
    );
    json_of::<Value>(crate::imports::post_csv(&app, &admin, "", &csv).await, 200).await;
    let m = app.login("monitoring").await;
    assert_eq!(
        gambir_row(&app, &m, counted_in).await,
        None,
        "in transit, it counts for no unit"
    );
    let g = app.login("petugas.gambir").await;
    act_ok(&app, &g, 2044001, "take-up", json!({})).await;
    assert_eq!(
        gambir_row(&app, &m, counted_in).await,
        Some((1, 0)),
        "taken up before the cut-off, it counts for Gambir in {counted_in}"
    );
    assert_eq!(
        gambir_row(&app, &m, Period::of(received)).await,
        None,
        "and not in the month it arrived"
    );
}

/// Reports in every state the lifecycle, the import and the demo loader
/// leave: the score read from the rows that tell their state, and from the
/// histories of the rest, counts exactly as the replay of every history.
async fn the_score_from_settled_rows_counts_as_the_replay_of_every_history(app: TestApp) {
    use crm_api::db::scores;
    use crm_domain::tkd;
    let now = Utc::now();
    // Demo reports of the last 90 days, of every status.
    for (details, arrival) in
        crm_api::demo::generate(&[GAMBIR.to_string(), KEBON_KELAPA.to_string()], now, 150)
    {
        app.write_demo(details, arrival).await;
    }
    // Two reports of two months ago handed on to the suku dinas and taken
    // up there a minute after and a minute before their month's cut-off:
    // the first, in transit then, counts in the month after for the suku
    // dinas; the second in its own month. Their rows last changed then.
    let month = Period::of(now).prev().prev();
    let cutoff = app.state.refdata.rules().cutoff(month);
    let mut moved_by_a_minute = Vec::new();
    for (i, taken_up) in [cutoff + Duration::minutes(1), cutoff - Duration::minutes(1)]
        .into_iter()
        .enumerate()
    {
        let received = month.start() + Duration::days(3 + i as i64);
        let handed_on = step(
            received + Duration::hours(1),
            ActionKind::Dispose,
            ReportStatus::Disposisi,
            Some(GAMBIR),
            Some(SUDIN_BM_JP),
        );
        let taken = step(
            taken_up,
            ActionKind::TakeUp,
            ReportStatus::Proses,
            Some(SUDIN_BM_JP),
            None,
        );
        moved_by_a_minute
            .push(write_past(&app, received, Some(GAMBIR), vec![handed_on, taken]).await);
    }
    // A report of the same month left in triage past its cut-off, handed
    // on by the Monitoring Room after the next month's end and taken up
    // before that month's cut-off: it counts in the next month, for Gambir.
    // (In a month's first two hours the hand-over is made two hours ago,
    // within the next month, where it counts the same.)
    let handed = (month.next().end() + Duration::minutes(30)).min(now - Duration::hours(2));
    let triaged = write_past(
        &app,
        month.start() + Duration::days(5),
        None,
        vec![
            step(
                handed,
                ActionKind::Dispose,
                ReportStatus::Disposisi,
                None,
                Some(GAMBIR),
            ),
            step(
                handed + Duration::minutes(30),
                ActionKind::TakeUp,
                ReportStatus::Proses,
                Some(GAMBIR),
                None,
            ),
        ],
    )
    .await;
    // Imported reports of this month, of six and of ten weeks ago.
    let admin = app.login("admin").await;
    let mut csv = String::from("nomor,kelurahan,kategori,status,timestamp,complete\n");
    for (i, (status, days)) in [
        ("menunggu", 2),
        ("proses", 2),
        ("disposisi", 2),
        ("selesai", 2),
        ("proses", 42),
        ("selesai", 42),
        // In transit since ten weeks ago: one taken up below (it counts in
        // the first period whose cut-off lies ahead), one left so.
        ("disposisi", 70),
        ("disposisi", 70),
    ]
    .into_iter()
    .enumerate()
    {
        let received = now - Duration::days(days);
        let complete = if status == "selesai" {
            (received + Duration::hours(20)).to_rfc3339()
        } else {
            String::new()
        };
        csv.push_str(&format!(
            "{},{GAMBIR},sampah,{status},{},{complete}\n",
            3_055_001 + i,
            received.to_rfc3339()
        ));
    }
    json_of::<Value>(crate::imports::post_csv(&app, &admin, "", &csv).await, 200).await;
    // Reports filed a day ago and taken through every action.
    let at = (now - Duration::hours(26)).to_rfc3339();
    let g = app.login("petugas.gambir").await;
    let m = app.login("monitoring").await;
    let v = app.login("verifikator").await;
    let sudin = app.login("sudin.bm").await;
    act_ok(&app, &g, 3_055_007, "take-up", json!({})).await;
    let mut filed = Vec::new();
    for _ in 0..9 {
        filed.push(file_at(&app, &g, GAMBIR, "sampah", &at).await);
    }
    let [done, rejected, in_transit, taken_over, closed, reopened, corrected, estimated, undone] =
        filed[..]
    else {
        unreachable!("nine reports were filed")
    };
    // Received six weeks ago and forwarded by its channel only now, after
    // its month's cut-off: no unit held it then, so it counts later.
    let late = file_at(
        &app,
        &g,
        GAMBIR,
        "sampah",
        &(now - Duration::days(45)).to_rfc3339(),
    )
    .await;
    complete(&app, "petugas.gambir", done).await;
    complete(&app, "petugas.gambir", undone).await;
    act_ok(&app, &v, undone, "reopen", json!({"reason": "Belum beres"})).await;
    act_ok(&app, &g, rejected, "take-up", json!({})).await;
    json_of::<Value>(
        follow_up(&app, &g, rejected, "Beres", vec![png(8, 8)]).await,
        200,
    )
    .await;
    act_ok(&app, &g, rejected, "complete", json!({"note": "Beres"})).await;
    act_ok(
        &app,
        &v,
        rejected,
        "reject",
        json!({"reason": "Foto kurang"}),
    )
    .await;
    for n in [in_transit, taken_over] {
        act_ok(
            &app,
            &g,
            n,
            "dispose",
            json!({"to": SUDIN_BM_JP, "reason": "Jalan"}),
        )
        .await;
    }
    act_ok(&app, &sudin, taken_over, "take-up", json!({})).await;
    for n in [closed, reopened] {
        act_ok(
            &app,
            &m,
            n,
            "close",
            json!({"reason": "invalid", "note": "Bukan laporan"}),
        )
        .await;
    }
    act_ok(
        &app,
        &m,
        reopened,
        "reopen",
        json!({"reason": "Ternyata benar"}),
    )
    .await;
    act_ok(
        &app,
        &m,
        corrected,
        "correct",
        json!({"note": "Jalan berlubang", "category": "jalan-rusak"}),
    )
    .await;
    act_ok(&app, &g, estimated, "take-up", json!({})).await;
    let until = (now + Duration::days(40)).date_naive().to_string();
    act_ok(
        &app,
        &g,
        estimated,
        "estimate",
        json!({"until": until, "reason": "Anggaran"}),
    )
    .await;

    let rules = app.state.refdata.rules();
    let cats = crm_api::flows::scores::tables_at(&app.state, Utc::now())
        .await
        .expect("category tables");
    let mut compared = 0;
    let mut moved_in = 0;
    let mut settled = 0;
    let mut replayed = 0;
    let mut late_counted = 0;
    let mut period = Period::of(Utc::now());
    for _ in 0..4 {
        // Now, and an hour ago (before the actions above).
        for as_of in [Utc::now(), Utc::now() - Duration::hours(1)] {
            if as_of < period.start() {
                continue;
            }
            let span = crm_api::jobs::journal::span(period, as_of, &rules);
            // Every report of the window, each replayed: what the reads
            // that pick the reports that can count must agree with.
            let every = scores::Span {
                start: span.since,
                ..span
            };
            let counted_at = tkd::counted_at(period, as_of, &rules);
            let (split, whole, all) = app
                .state
                .db
                .read(move |c| -> Result<_, crm_api::db::DbError> {
                    Ok((
                        scores::counting(c, span, counted_at)?,
                        scores::histories(c, span)?,
                        scores::histories(c, every)?,
                    ))
                })
                .await
                .expect("the period's reports");
            assert_eq!(split.len(), whole.len(), "{period}: the same reports");
            let mut expected = tkd::contributions(period, as_of, &rules, &whole, &cats);
            expected.sort_by_key(|c| c.number);
            let mut truth = tkd::contributions(period, as_of, &rules, &all, &cats);
            truth.sort_by_key(|c| c.number);
            assert_eq!(
                expected, truth,
                "{period} as of {as_of}: no report left out"
            );
            moved_in += expected
                .iter()
                .filter(|c| {
                    all.iter()
                        .any(|r| r.number == c.number && r.received_at < span.start)
                })
                .count();
            // Where the reports taken up a minute either side of their
            // month's cut-off count: the first in the month after, for the
            // suku dinas; the second in its own month.
            for (number, own) in moved_by_a_minute.iter().zip([false, true]) {
                let here = expected.iter().find(|c| c.number == *number);
                if period == month {
                    assert_eq!(here.is_some(), own, "{period}: report {number}");
                } else if period == month.next() {
                    assert_eq!(
                        here.map(|c| c.unit.as_str()),
                        (!own).then_some(SUDIN_BM_JP),
                        "{period}: report {number}"
                    );
                }
            }
            let here = expected.iter().find(|c| c.number == triaged);
            if period == month {
                assert!(here.is_none(), "{period}: report {triaged} was in triage");
            } else if period == month.next() {
                assert_eq!(
                    here.map(|c| c.unit.as_str()),
                    Some(GAMBIR),
                    "{period}: report {triaged}, handed on after the month's end"
                );
            }
            late_counted += expected
                .iter()
                .filter(|c| c.number == late && c.unit == GAMBIR)
                .count();
            assert_eq!(
                tkd::counted(period, as_of, &rules, &split, &cats),
                expected,
                "{period} as of {as_of}"
            );
            // As the boards read them: in slices of the period side by
            // side, beside the earlier reports moved into it.
            let (live, _) = crm_api::flows::scores::live(&app.state, period, as_of)
                .await
                .expect("the period read in slices");
            assert_eq!(live, expected, "{period} as of {as_of}, read in slices");
            compared += expected.len();
            settled += split.settled.len();
            replayed += split.histories.len();
        }
        period = period.prev();
    }
    assert!(compared > 100, "{compared} contributions compared");
    assert!(settled > 100, "{settled} reports read from their rows");
    assert!(replayed >= 9, "{replayed} reports replayed");
    assert!(
        moved_in >= 1,
        "{moved_in} earlier reports counted in a later period"
    );
    assert!(
        late_counted >= 1,
        "the report forwarded after its month's cut-off counts in a later period"
    );
}

both_backends!(
    the_score_from_settled_rows_counts_as_the_replay_of_every_history,
    a_report_in_transit_at_its_cutoffs_counts_where_it_was_taken_up,
    category_tables_are_versioned,
    scores_follow_the_formula_on_hand_worked_reports,
    bad_score_queries_are_named,
);
