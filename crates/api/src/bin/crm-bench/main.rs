//! `just bench`: measures the API over HTTP against the engine underneath
//! ([`http`]), then the persistence paths the API stands on, over a fresh
//! SQLite file (and PostgreSQL when `CRM_BENCH_PG_URL` names an empty
//! database), and prints the figures recorded in BENCHMARKS.md, with the
//! size of the web app as served ([`web`]).
//!
//! Sizes: `CRM_BENCH_REPORTS` (default 200000) reports are bulk-loaded, then
//! single filings (one transaction each, as the API does), scoped list
//! queries and single-report reads are timed.

mod http;
mod national;
mod scale;
mod web;

use crm_api::db::lifecycle::{self, Recorder};
use crm_api::db::reports::{self as store, ListFilter};
use crm_api::db::workload::{self, InboxOf};
use crm_api::db::{Db, DbError};
use crm_api::demo;
use crm_domain::arrival::Arrival;
use crm_domain::lifecycle::{apply, Action, Actor, Rules};
use crm_domain::Role;
use crm_domain::{ReportStatus, UnitTree};
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report_latencies(name: &str, mut v: Vec<Duration>) {
    v.sort();
    println!(
        "  {name:<44} n={:<5} p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms",
        v.len(),
        percentile(&v, 0.50),
        percentile(&v, 0.95),
        percentile(&v, 0.99)
    );
}

/// Opens a benchmark database with its reference data: the pool, the
/// kelurahan codes and the unit tree.
fn open(url: &str) -> Result<(Db, Vec<String>, UnitTree), DbError> {
    let db = Db::open(url)?;
    crm_api::db::reference::ensure(&db)?;
    let (units, _, _) = db.read_blocking(crm_api::db::reference::load)?;
    let kelurahan: Vec<String> = units
        .iter()
        .filter(|u| u.level == crm_domain::UnitLevel::Kelurahan)
        .map(|u| u.code.clone())
        .collect();
    let tree = UnitTree::new(units.iter().map(|u| crm_domain::unit::UnitNode {
        code: u.code.clone(),
        parent_code: u.parent_code.clone(),
        level: u.level,
        name: u.name.clone(),
    }));
    Ok((db, kelurahan, tree))
}

fn bench(label: &str, url: &str, n: usize) -> Result<(), DbError> {
    println!("== {label}: {n} reports");
    let (db, kelurahan, tree) = open(url)?;

    let now = crm_api::db::time::now();
    let rows = demo::generate(&kelurahan, now, n);
    let history_rows: usize = rows.iter().map(|(_, a)| a.entries.len()).sum();
    let t = Instant::now();
    for chunk in rows.chunks(5000) {
        db.write_blocking(|conn| demo::create_many(conn, chunk, &|_| None))?;
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "  bulk load (5000 reports per transaction)     {:>9.0} reports/s  ({} history rows, {secs:.1} s)",
        n as f64 / secs,
        history_rows
    );

    // Single filings: one durable transaction per report, report + history.
    let mut singles = demo::generate(&kelurahan, now, 2000);
    for (details, arrival) in &mut singles {
        details.channel_ref = None;
        let first = arrival.entries[0].clone();
        *arrival = Arrival::replayed(details.created_at, first, Vec::new());
    }
    let mut lat = Vec::with_capacity(singles.len());
    let mut filed = Vec::with_capacity(singles.len());
    let t = Instant::now();
    for (details, arrival) in &singles {
        let s = Instant::now();
        let number = db.write_blocking(|conn| -> Result<i64, DbError> {
            Ok(demo::create(conn, details, arrival, &|_| None)?.number)
        })?;
        lat.push(s.elapsed());
        filed.push((number, arrival.case.holder.clone()));
    }
    println!(
        "  single filings, one transaction each         {:>9.0} filings/s",
        singles.len() as f64 / t.elapsed().as_secs_f64()
    );
    report_latencies("single filing", lat);

    // Actions as the API runs them: read the case in the write transaction,
    // decide with the domain, write the state (version-guarded) and one
    // history entry.
    let mut lat = Vec::new();
    let t = Instant::now();
    for (number, holder) in &filed {
        let actor = Actor::Staff {
            user_id: 1,
            role: Role::Officer,
            unit: holder.clone(),
        };
        let action = if lat.len() % 2 == 0 {
            Action::TakeUp { note: None }
        } else {
            Action::Comment {
                text: "Sedang ditangani".into(),
                public: true,
            }
        };
        let s = Instant::now();
        db.write_blocking(|conn| -> Result<(), DbError> {
            let Some((row, case, _)) = lifecycle::load(conn, *number)? else {
                return Ok(());
            };
            if let Ok(outcome) = apply(&case, &actor, &action, chrono::Utc::now(), Rules::default())
            {
                let who = Recorder {
                    user_id: None,
                    name: "bench".into(),
                };
                // Without the reference data the schedule is left for the
                // server to work out when it starts.
                let rec = lifecycle::Recording {
                    who: &who,
                    photos: &[],
                    photos_public: true,
                    reckon: &|_| None,
                };
                lifecycle::save(conn, &case, row.version, &outcome, &rec)?;
            }
            Ok(())
        })?;
        lat.push(s.elapsed());
    }
    println!(
        "  actions (take up / comment), one tx each     {:>9.0} actions/s",
        filed.len() as f64 / t.elapsed().as_secs_f64()
    );
    report_latencies("one action", lat);
    let mut lat = Vec::new();
    for i in 0..200usize {
        let unit = &kelurahan[(i * 37) % kelurahan.len()];
        let of = InboxOf::Unit(unit.clone());
        let s = Instant::now();
        let page = db.read_blocking(|conn| workload::inbox(conn, &of, None, 200))?;
        lat.push(s.elapsed());
        std::hint::black_box(page);
    }
    report_latencies("inbox of a kelurahan", lat);

    // Scoped list queries, as officers and heads page through them.
    let scopes: Vec<Vec<String>> = ["31.71.01.1001", "31.71.01", "31.71", "31.73", "31"]
        .iter()
        .map(|c| tree.subtree(c))
        .collect();
    for (name, holders) in [
        "kelurahan",
        "kecamatan",
        "kota (Pusat)",
        "kota (Barat)",
        "province",
    ]
    .iter()
    .zip(&scopes)
    {
        time_pages(&db, &format!("list first page, scope {name}"), 200, |i| {
            ListFilter {
                status: (i % 2 == 0).then_some(ReportStatus::Menunggu),
                holders: Some(holders.clone()),
                limit: 51,
                ..Default::default()
            }
        })?;
    }
    let mut lat = Vec::new();
    let max = db.read_blocking(store::count)?;
    for i in 0..500i64 {
        let number = 1 + (i * 7919) % max;
        let s = Instant::now();
        let r = db.read_blocking(|conn| -> Result<_, DbError> {
            Ok((store::get(conn, number)?, store::history(conn, number)?))
        })?;
        lat.push(s.elapsed());
        std::hint::black_box(r);
    }
    report_latencies("read one report with history", lat);
    Ok(())
}

/// The monthly score over `n` reports received in one month, computed from
/// their histories in memory (the pure computation `GET /api/v1/scores`
/// and the cut-off journal run after loading).
fn bench_scores(n: usize) -> Result<(), Box<dyn std::error::Error>> {
    use chrono::Duration as D;
    use crm_domain::lifecycle::ActionKind as K;
    use crm_domain::period::Period;
    use crm_domain::tkd::{self, Fact, ReportHistory};
    println!("== monthly score: {n} reports in one month, in memory");
    let dir = tempfile_dir()?;
    let db = Db::open(&format!("sqlite://{}/refs.sqlite", dir.display()))?;
    crm_api::db::reference::ensure(&db)?;
    let (units, cats, _) = db.read_blocking(crm_api::db::reference::load)?;
    let kel: Vec<String> = units
        .iter()
        .filter(|u| u.level == crm_domain::UnitLevel::Kelurahan)
        .map(|u| u.code.clone())
        .collect();
    let tree = UnitTree::new(units.iter().map(|u| crm_domain::unit::UnitNode {
        code: u.code.clone(),
        parent_code: u.parent_code.clone(),
        level: u.level,
        name: u.name.clone(),
    }));
    let table: tkd::CategoryTable = cats
        .iter()
        .map(|c| (c.code.clone(), (c.bands, c.weight)))
        .collect();
    let p = Period::new(2021, 6).ok_or_else(|| DbError::Task("period".into()))?;
    let start = p.start();
    let fact = |at, kind, status, unit: &str| Fact {
        at,
        kind,
        status,
        unit: Some(unit.to_string()),
        to_unit: None,
        category_before: None,
    };
    let t = Instant::now();
    let reports: Vec<ReportHistory> = (0..n)
        .map(|i| {
            let unit = &kel[i % kel.len()];
            let received = start + D::seconds(((i * 2_591) % (29 * 86_400)) as i64);
            let mut facts = vec![fact(received, K::Arrive, ReportStatus::Menunggu, unit)];
            let taken = received + D::minutes((i % 300) as i64);
            facts.push(fact(taken, K::TakeUp, ReportStatus::Proses, unit));
            if i % 10 < 7 {
                let done = taken + D::minutes((i % 10_000) as i64);
                facts.push(fact(done, K::Complete, ReportStatus::Proses, unit));
                facts.push(fact(
                    done + D::minutes(30),
                    K::Approve,
                    ReportStatus::Selesai,
                    unit,
                ));
            }
            ReportHistory {
                number: i as i64 + 1,
                received_at: received,
                category: cats[i % cats.len()].code.clone(),
                estimate: None,
                facts,
            }
        })
        .collect();
    println!("  generated in {:.1} s", t.elapsed().as_secs_f64());
    let rules = crm_domain::settings::Versions::default();
    let as_of = rules.cutoff(p);
    for level in [
        crm_domain::UnitLevel::Kelurahan,
        crm_domain::UnitLevel::Kota,
    ] {
        let mut lat = Vec::new();
        for _ in 0..5 {
            let s = Instant::now();
            let rows = tkd::period_scores(p, as_of, &rules, &reports, &tree, &table, level);
            lat.push(s.elapsed());
            std::hint::black_box(rows);
        }
        report_latencies(&format!("scores of every {} unit", level.as_str()), lat);
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::var("CRM_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    bench_sessions();
    web::report();
    if std::env::var("CRM_BENCH_HTTP_SECS").ok().as_deref() != Some("0") {
        let dir = tempfile_dir()?;
        http::bench(&dir)?;
        let _ = std::fs::remove_dir_all(&dir);
    }
    let dir = tempfile_dir()?;
    scale::bench(&dir)?;
    let _ = std::fs::remove_dir_all(&dir);
    let dir = tempfile_dir()?;
    let sqlite = format!("sqlite://{}/bench.sqlite", dir.display());
    bench("SQLite (WAL, synchronous=NORMAL)", &sqlite, n)?;
    if let Ok(pg) = std::env::var("CRM_BENCH_PG_URL") {
        bench("PostgreSQL", &pg, n)?;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let d: usize = std::env::var("CRM_BENCH_DELIVERY_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    if d > 0 {
        let dir = tempfile_dir()?;
        let sqlite = format!("sqlite://{}/delivery.sqlite", dir.display());
        delivery::bench("SQLite", &sqlite, &dir, d)?;
        if let Ok(pg) = std::env::var("CRM_BENCH_PG_DELIVERY_URL") {
            delivery::bench("PostgreSQL", &pg, &dir, d)?;
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    let m: usize = std::env::var("CRM_BENCH_SCORE_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    bench_scores(m)?;
    let k: usize = std::env::var("CRM_BENCH_SEARCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    if k > 0 {
        // `CRM_BENCH_SEARCH_DB` keeps the loaded database for the next run.
        let kept = std::env::var("CRM_BENCH_SEARCH_DB").ok();
        let dir = tempfile_dir()?;
        let sqlite = match &kept {
            Some(path) => format!("sqlite://{path}"),
            None => format!("sqlite://{}/search.sqlite", dir.display()),
        };
        bench_search("SQLite FTS5", &sqlite, k)?;
        if let Ok(pg) = std::env::var("CRM_BENCH_PG_SEARCH_URL") {
            bench_search("PostgreSQL tsvector", &pg, k)?;
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    if let Ok(pg) = std::env::var("CRM_BENCH_PG_NATIONAL_URL") {
        let n: usize = std::env::var("CRM_BENCH_NATIONAL_REPORTS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(10_000_000);
        national::bench(&pg, n)?;
    }
    Ok(())
}

/// What it costs that tokens follow the account at once: checking a
/// token's signature and claims alone, and with the account's session
/// generation looked up (20,000 accounts in memory), per request.
fn bench_sessions() {
    use crm_api::auth::sessions::Sessions;
    use crm_api::auth::token::{Claims, TokenKeys, AUDIENCE, ISSUER};
    let keys = TokenKeys::new(b"bench-secret-0123456789abcdef-0123456789", 3600);
    let sessions = Sessions::load((1..=20_000).map(|id| (id, id % 3)).collect());
    let now = chrono::Utc::now().timestamp();
    let sign = |sub: usize| {
        keys.sign(&Claims {
            sub: sub.to_string(),
            usr: "petugas.gambir".into(),
            name: "Petugas".into(),
            role: crm_domain::Role::Officer,
            unit: Some("31.71.01.1001".into()),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now,
            exp: now + 3600,
            ver: 0,
            jti: None,
            until: None,
            pwc: false,
        })
        .unwrap_or_default()
    };
    // Each token's first use: its signature and claims are checked.
    let fresh: Vec<String> = (20_001..24_001).map(sign).collect();
    let start = Instant::now();
    for t in &fresh {
        std::hint::black_box(keys.check(std::hint::black_box(t)).is_ok());
    }
    let first = start.elapsed() / fresh.len() as u32;
    // The same token again: its claims as kept.
    let token = sign(12345);
    let rounds = 200_000u32;
    let start = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(keys.check(std::hint::black_box(&token)).is_ok());
    }
    let again = start.elapsed() / rounds;
    let start = Instant::now();
    for _ in 0..rounds {
        let ok = keys
            .check(std::hint::black_box(&token))
            .ok()
            .and_then(|c| c.sub.parse::<i64>().ok())
            .is_some_and(|id| sessions.current(id) == 0);
        std::hint::black_box(ok);
    }
    let with = start.elapsed() / rounds;
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!("## Token check per request (20,000 accounts)");
    println!(
        "  first use (signature and claims): {:.2} µs; again (claims kept): {:.2} µs; \
         again with the session generation: {:.2} µs",
        us(first),
        us(again),
        us(with)
    );
}

/// Full-text search over `n` reports: the first page of `GET
/// /api/v1/reports?q=…`, alone and combined with the other filters.
fn bench_search(label: &str, url: &str, n: usize) -> Result<(), DbError> {
    println!("== search, {label}: {n} reports");
    let (db, kelurahan, tree) = open(url)?;
    let t = Instant::now();
    let mut loaded = usize::try_from(db.read_blocking(store::count)?).unwrap_or(0);
    while loaded < n {
        let batch = (n - loaded).min(50_000);
        load_generated(&db, &kelurahan, batch)?;
        loaded += batch;
    }
    if t.elapsed().as_secs_f64() > 1.0 {
        println!(
            "  loaded with the search index                 {:>9.0} reports/s",
            n as f64 / t.elapsed().as_secs_f64()
        );
    }
    let kecamatan = tree.subtree("31.71.01");
    let one = vec![kelurahan[0].clone()];
    let cases: Vec<(&str, Vec<&str>, ListFilter)> = vec![
        (
            "common word",
            vec!["sampah", "jalan", "trotoar", "parkir"],
            ListFilter::default(),
        ),
        (
            "rare word",
            vec!["ktp", "imb", "kabel", "pompa"],
            ListFilter::default(),
        ),
        (
            "two words",
            vec![
                "lampu mati",
                "sampah saluran",
                "pohon tumbang",
                "jalan berlubang",
            ],
            ListFilter::default(),
        ),
        (
            "word start",
            vec!["samp", "jal", "trot", "park"],
            ListFilter::default(),
        ),
        (
            "word + status",
            vec!["sampah", "jalan", "macet", "banjir"],
            ListFilter {
                status: Some(ReportStatus::Menunggu),
                ..Default::default()
            },
        ),
        (
            "word + kecamatan scope",
            vec!["sampah", "jalan", "trotoar", "pengemis"],
            ListFilter {
                holders: Some(kecamatan),
                ..Default::default()
            },
        ),
        (
            "word + kelurahan + status",
            vec!["sampah", "jalan", "trotoar", "pengemis"],
            ListFilter {
                holders: Some(one),
                status: Some(ReportStatus::Selesai),
                ..Default::default()
            },
        ),
    ];
    let mut all = Vec::new();
    for (name, words, base) in cases {
        all.extend(time_pages(&db, &format!("search: {name}"), 100, |i| {
            let mut f = base.clone();
            f.search = Some(crm_api::db::search::terms(words[i % words.len()]));
            f.limit = 51;
            f
        })?);
    }
    report_latencies("search: all of the above", all);
    bench_nearby(&db)?;
    Ok(())
}

/// Similar reports near a place over the same reports: the index query of
/// `GET /api/v1/reports/nearby` over the cells covering the circle, then
/// the domain's distance and order, at places across the city, for the
/// default radius and the largest.
fn bench_nearby(db: &Db) -> Result<(), DbError> {
    use crm_domain::similar;
    let places: [(f64, f64); 4] = [
        (-6.175392, 106.827153),
        (-6.2443, 106.8006),
        (-6.1930, 106.7690),
        (-6.2250, 106.9000),
    ];
    let categories = ["sampah", "jalan-rusak", "parkir-liar", "banjir"];
    for radius in [
        f64::from(similar::DEFAULT_RADIUS_M),
        f64::from(similar::MAX_RADIUS_M),
    ] {
        let mut lat = Vec::new();
        let mut found = 0usize;
        for i in 0..200usize {
            let (y, x) = places[i % places.len()];
            let (y, x) = (y + (i as f64) * 1e-4, x - (i as f64) * 1e-4);
            let category = categories[i % categories.len()];
            let now = chrono::Utc::now();
            let s = Instant::now();
            let cells = crm_api::cells::cells_within(y, x, radius);
            let rows = db.read_blocking(|conn| {
                crm_api::db::nearby::in_cells(conn, category, &cells, now, 30)
            })?;
            let candidates = rows
                .into_iter()
                .filter(|r| {
                    similar::worth_showing(
                        r.status.parse().unwrap_or(ReportStatus::Menunggu),
                        r.completed_at.map(crm_api::db::time::from_db),
                        now,
                        30,
                    )
                })
                .map(|r| similar::Candidate {
                    distance_m: similar::distance_m((y, x), (r.lat, r.lon)),
                    item: r.number,
                })
                .collect();
            let shown = similar::nearest(candidates, radius, |n| *n);
            lat.push(s.elapsed());
            found += shown.len();
        }
        report_latencies(
            &format!(
                "nearby: {radius:.0} m ({:.1} shown on average)",
                found as f64 / 200.0
            ),
            lat,
        );
    }
    Ok(())
}

/// Writes `n` generated reports (without channel references) as the demo
/// writes them, 5,000 to a transaction.
fn load_generated(db: &Db, kelurahan: &[String], n: usize) -> Result<(), DbError> {
    let mut rows = demo::generate(kelurahan, crm_api::db::time::now(), n);
    // Numbered in the order they arrived, as the intake numbers them: a
    // window of days is then a run of neighbouring rows, as in a real file.
    rows.sort_by_key(|(details, _)| details.received_at);
    for (details, _) in &mut rows {
        details.channel_ref = None;
    }
    for chunk in rows.chunks(5000) {
        db.write_blocking(|conn| demo::create_many(conn, chunk, &|_| None))?;
    }
    Ok(())
}

/// Times `rounds` first pages of the list, of the filter `make(i)` gives
/// each round; prints and returns the latencies.
fn time_pages(
    db: &Db,
    name: &str,
    rounds: usize,
    make: impl Fn(usize) -> ListFilter,
) -> Result<Vec<Duration>, DbError> {
    let mut lat = Vec::with_capacity(rounds);
    for i in 0..rounds {
        let f = make(i);
        let s = Instant::now();
        let page = db.read_blocking(|conn| store::list(conn, &f))?;
        lat.push(s.elapsed());
        std::hint::black_box(page);
    }
    report_latencies(name, lat.clone());
    Ok(lat)
}

fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("crm-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Intake through the API's own filing path (report, history, outbox event
/// in one transaction) and webhook delivery of those events to a local
/// receiver, through the delivery worker's own claim/send/finish cycle.
mod delivery {
    use crm_api::config::DeliveryArgs;
    use crm_api::flows::file::{file, FilerOf};
    use crm_api::jobs::delivery::{client, run_once};
    use crm_api::state::{AppState, Options};
    use crm_domain::api::NewReport;
    use crm_domain::intake::Filer;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Instant;

    pub fn bench(
        label: &str,
        url: &str,
        dir: &std::path::Path,
        n: usize,
    ) -> Result<(), Box<dyn std::error::Error>> {
        println!("== delivery, {label}: {n} reports filed by a channel, each event sent to a local webhook");
        let opts = Options {
            database_url: url.to_string(),
            jwt_secret: b"bench-secret-0123456789abcdef".to_vec(),
            secrets_key: b"integration-sealing-key-0123456789".to_vec(),
            previous_secrets_key: None,
            token_ttl_secs: 3600,
            media_dir: dir.join("media"),
            media_url: None,
            verification: true,
            tile_url: None,
            delivery: DeliveryArgs {
                // The benchmark's receiver listens on 127.0.0.1.
                webhook_allow_private: true,
                ..DeliveryArgs::default()
            },
            limits: Default::default(),
            replica: Default::default(),
        };
        actix_web::rt::System::new().block_on(async move {
            let st = AppState::open(&opts)?;
            let got = Arc::new(AtomicUsize::new(0));
            let g = got.clone();
            let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
            let port = listener.local_addr()?.port();
            let server = actix_web::HttpServer::new(move || {
                let g = g.clone();
                actix_web::App::new().default_service(actix_web::web::to(move || {
                    g.fetch_add(1, Ordering::Relaxed);
                    async { actix_web::HttpResponse::Ok().finish() }
                }))
            })
            .workers(1)
            .disable_signals()
            .listen(listener)?
            .run();
            actix_web::rt::spawn(server);
            let hook = format!("http://127.0.0.1:{port}/hook");
            st.db
                .write(move |conn| {
                    crm_api::db::outbox::save_webhook(
                        conn,
                        "jaki",
                        &hook,
                        true,
                        "whsec_bench",
                        chrono::Utc::now(),
                    )
                })
                .await?;
            let by = FilerOf {
                filer: Filer::Integrator {
                    channel: "jaki".into(),
                },
                user_id: None,
                name: "JAKI".into(),
            };
            let t = Instant::now();
            for i in 0..n {
                let new = NewReport {
                    channel: "jaki".into(),
                    channel_ref: Some(format!("BENCH-{i}")),
                    category: "sampah".into(),
                    description: "Sampah menumpuk di depan pasar sejak kemarin".into(),
                    kelurahan: Some("31.71.01.1001".into()),
                    ..Default::default()
                };
                file(&st, &by, new)
                    .await
                    .map_err(|e| format!("filing failed: {e}"))?;
            }
            let filed = t.elapsed().as_secs_f64();
            println!(
                "  filed with their events                       {:>8.0} reports/s ({n} in {filed:.1} s)",
                n as f64 / filed
            );
            let http = client(&st.delivery)?;
            let t = Instant::now();
            while got.load(Ordering::Relaxed) < n {
                let sent = run_once(&st, &http, chrono::Utc::now()).await?;
                if sent == 0 && got.load(Ordering::Relaxed) < n {
                    actix_web::rt::time::sleep(std::time::Duration::from_millis(5)).await;
                }
                if t.elapsed().as_secs() > 600 {
                    return Err("deliveries did not finish in 10 minutes".into());
                }
            }
            let sent = t.elapsed().as_secs_f64();
            println!(
                "  delivered (signed, one POST each)             {:>8.0} events/s ({n} in {sent:.1} s)",
                n as f64 / sent
            );
            Ok::<(), Box<dyn std::error::Error>>(())
        })
    }
}
