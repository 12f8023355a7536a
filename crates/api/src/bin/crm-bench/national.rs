//! Toward a country (docs/scaling.md): PostgreSQL at
//! `CRM_BENCH_NATIONAL_REPORTS` (default 10,000,000) reports, run when
//! `CRM_BENCH_PG_NATIONAL_URL` names a database (empty, or loaded by an
//! earlier run, which is kept). The load copies a template of 50,000
//! generated reports (written as the demo writes them) in SQL, each copy
//! shifted three days further back, so the records span months like a
//! city's; then the reads a national deployment leans on are timed: the
//! first page of a list by scope, one report with its history, searches,
//! and the loads behind a month's score.

use crm_api::db::reports::{count, ListFilter};
use crm_api::db::{Db, DbConn, DbError};
use diesel::sql_types::{BigInt, Text};
use diesel::RunQueryDsl;
use std::time::Instant;

/// Reports in the template the copies are made of.
const TEMPLATE: usize = 50_000;

#[derive(diesel::QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The columns of `table` that can be written (not generated, not `id`).
fn columns(conn: &mut DbConn, table: &str) -> Result<Vec<Column>, DbError> {
    Ok(diesel::sql_query(
        "SELECT column_name::text AS column_name, data_type::text AS data_type \
         FROM information_schema.columns \
         WHERE table_name = $1 AND is_generated = 'NEVER' AND column_name <> 'id' \
         ORDER BY ordinal_position",
    )
    .bind::<Text, _>(table)
    .load(conn)?)
}

/// `INSERT … SELECT` of copy `k` of the template rows of `table`: report
/// numbers moved by `k × stride`, times `3k` days back, channel references
/// left out (they are unique per channel).
fn copy_sql(
    table: &str,
    cols: &[Column],
    number_col: &str,
    k: i64,
    stride: i64,
    max: i64,
) -> String {
    let names: Vec<&str> = cols.iter().map(|c| c.column_name.as_str()).collect();
    let values: Vec<String> = cols
        .iter()
        .map(|c| {
            let n = c.column_name.as_str();
            if n == number_col {
                format!("{n} + {}", k * stride)
            } else if n == "channel_ref" {
                "NULL".to_string()
            } else if c.data_type.starts_with("timestamp") {
                format!("{n} - interval '{} days'", 3 * k)
            } else {
                n.to_string()
            }
        })
        .collect();
    format!(
        "INSERT INTO {table} ({}) SELECT {} FROM {table} WHERE {number_col} <= {max}",
        names.join(", "),
        values.join(", ")
    )
}

fn load(db: &Db, kelurahan: &[String], n: usize) -> Result<(), DbError> {
    let t = Instant::now();
    if db.read_blocking(count)? == 0 {
        super::load_generated(db, kelurahan, TEMPLATE)?;
    }
    let max: i64 = db.read_blocking(|conn| -> Result<i64, DbError> {
        let c: Count = diesel::sql_query(
            "SELECT COALESCE(max(number), 0) AS n FROM reports WHERE number < 1000000",
        )
        .get_result(conn)?;
        Ok(c.n)
    })?;
    let stride = 1_000_000i64;
    let (report_cols, history_cols) = db.read_blocking(|conn| -> Result<_, DbError> {
        Ok((columns(conn, "reports")?, columns(conn, "report_history")?))
    })?;
    let mut have = usize::try_from(db.read_blocking(count)?).unwrap_or(0);
    if have >= n {
        return Ok(());
    }
    let mut k = (have as i64 / max.max(1)).max(1);
    while have < n {
        let (r, h) = (
            copy_sql("reports", &report_cols, "number", k, stride, max),
            copy_sql(
                "report_history",
                &history_cols,
                "report_number",
                k,
                stride,
                max,
            ),
        );
        db.write_blocking(|conn| -> Result<(), DbError> {
            diesel::sql_query(r).execute(conn)?;
            diesel::sql_query(h).execute(conn)?;
            Ok(())
        })?;
        have = usize::try_from(db.read_blocking(count)?).unwrap_or(0);
        k += 1;
        if k % 20 == 0 {
            println!(
                "  … {have} reports ({:.0} reports/s)",
                have as f64 / t.elapsed().as_secs_f64()
            );
        }
    }
    db.write_blocking(|conn| -> Result<(), DbError> {
        diesel::sql_query(
            "SELECT setval(pg_get_serial_sequence('reports', 'number'), (SELECT max(number) FROM reports))",
        )
        .execute(conn)?;
        Ok(())
    })?;
    db.read_blocking(|conn| -> Result<(), DbError> {
        diesel::sql_query("ANALYZE").execute(conn)?;
        Ok(())
    })?;
    {
        println!(
            "  loaded in {:.0} s ({:.0} reports/s by SQL copies)",
            t.elapsed().as_secs_f64(),
            have as f64 / t.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

pub fn bench(url: &str, n: usize) -> Result<(), DbError> {
    println!("== PostgreSQL toward a country: {n} reports");
    let (db, kelurahan, tree) = super::open(url)?;
    load(&db, &kelurahan, n)?;
    let total = db.read_blocking(count)?;
    let numbers: Vec<i64> = db.read_blocking(|conn| -> Result<Vec<i64>, DbError> {
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = BigInt)]
            number: i64,
        }
        let rows: Vec<N> =
            diesel::sql_query("SELECT number FROM reports TABLESAMPLE SYSTEM (0.1) LIMIT 500")
                .load(conn)?;
        Ok(rows.into_iter().map(|r| r.number).collect())
    })?;
    println!("  {total} reports");

    let scopes: Vec<(&str, Option<Vec<String>>)> = vec![
        ("province", None),
        ("kota (Pusat)", Some(tree.subtree("31.71"))),
        ("kecamatan", Some(tree.subtree("31.71.01"))),
        ("kelurahan", Some(vec![kelurahan[0].clone()])),
    ];
    for (name, holders) in scopes {
        super::time_pages(&db, &format!("list first page, scope {name}"), 100, |_| {
            ListFilter {
                holders: holders.clone(),
                limit: 51,
                ..Default::default()
            }
        })?;
    }

    let mut lat = Vec::new();
    for number in &numbers {
        let s = Instant::now();
        let one = db.read_blocking(|conn| crm_api::flows::case::load(conn, *number))?;
        lat.push(s.elapsed());
        std::hint::black_box(one);
    }
    super::report_latencies("one report with its history", lat);

    for (name, words, holders) in [
        (
            "search: word",
            vec!["sampah", "jalan", "trotoar", "parkir"],
            None,
        ),
        (
            "search: word + kecamatan",
            vec!["sampah", "jalan", "trotoar", "pengemis"],
            Some(tree.subtree("31.71.01")),
        ),
    ] {
        super::time_pages(&db, name, 50, |i| ListFilter {
            holders: holders.clone(),
            search: Some(crm_api::db::search::terms(words[i % words.len()])),
            limit: 51,
            ..Default::default()
        })?;
    }

    // A month's score: the reports that may count (the month and the
    // twelve before it) with their histories, then the domain's computation.
    let period = crm_domain::period::Period::of(chrono::Utc::now())
        .prev()
        .prev();
    let rules = crm_domain::settings::Versions::default();
    let cutoff = rules.cutoff(period);
    let span = crm_api::jobs::journal::span(period, cutoff, &rules);
    let s = Instant::now();
    let reports = db.read_blocking(|conn| crm_api::db::scores::counting(conn, span, cutoff))?;
    let loaded = s.elapsed();
    let cats = db.read_blocking(|conn| crm_api::db::reference::category_table_at(conn, cutoff))?;
    let c = Instant::now();
    let counted = crm_domain::tkd::counted(period, cutoff, &rules, &reports, &cats);
    let rows = crm_domain::tkd::scores_from(
        &counted,
        &tree,
        &cats,
        crm_domain::UnitLevel::Kelurahan,
        &rules.current().scoring(),
    );
    println!(
        "  score of {period}: {} reports loaded in {:.2} s, computed in {:.2} s ({} counted, {} kelurahan)",
        reports.len(),
        loaded.as_secs_f64(),
        c.elapsed().as_secs_f64(),
        counted.len(),
        rows.len()
    );
    Ok(())
}
