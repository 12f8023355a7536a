//! The city's recap of a kota, as its own yearly report lays it out: for a
//! month the reports completed with the geotag split, the kecamatan ranking
//! and the best and worst kelurahan with grades, the kota's TKD score, the
//! top categories and units and the channel share; for a year the month
//! table. As JSON, or as an XLSX workbook.

use crate::auth::Staff;
use crate::db::reports::ListFilter;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::flows::scores::{boards_now, frozen_boards, live_boards_counting, parse_period};
use crate::state::AppState;
use crate::table::{workbook, Cell, Table};
use actix_web::{get, http::header, web, HttpResponse};
use chrono::Utc;
use crm_domain::api::{
    MonthRecap, Problem, Ranked, RecapQuery, RecapRank, ScoreBoard, Share, UnitScoreRow, YearRecap,
    YearRow,
};
use crm_domain::period::Period;
use crm_domain::recap as figures;
use crm_domain::stats::{Counts, StatRow};
use crm_domain::time::start_of_day_wib;
use crm_domain::UnitLevel;

fn kota_of(st: &AppState, staff: &Staff, code: &str) -> Result<String, ApiError> {
    let u = st
        .refdata
        .unit(code)
        .filter(|u| u.level == UnitLevel::Kota)
        .ok_or_else(|| ApiError::field("kota", format!("`{code}` is not a kota")))?;
    if !staff.may_see(&st.refdata, Some(code)) {
        return Err(ApiError::Forbidden(format!(
            "kota `{code}` lies outside your scope"
        )));
    }
    Ok(u.name.clone())
}

async fn rows_of(
    st: &AppState,
    kota: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<StatRow>, ApiError> {
    let f = ListFilter {
        received_from: Some(start_of_day_wib(from)),
        received_to: to.succ_opt().map(start_of_day_wib),
        holders: Some(st.refdata.tree().subtree(kota)),
        ..Default::default()
    };
    crate::flows::dashboard::stat_rows(&st.db.heavy().await, f).await
}

/// The boards of `levels` in one computation (or from the journal).
async fn level_boards<const N: usize>(
    st: &AppState,
    p: Period,
    levels: [UnitLevel; N],
) -> Result<[ScoreBoard; N], ApiError> {
    boards_now(st, p, &levels)
        .await?
        .try_into()
        .map_err(missing)
}

fn missing<T>(_: T) -> ApiError {
    ApiError::Internal("a board is missing".into())
}

fn started(p: Period) -> Result<(), ApiError> {
    if p.start() > Utc::now() {
        return Err(ApiError::field("period", format!("{p} has not begun")));
    }
    Ok(())
}

/// A kota's month.
pub async fn month(
    st: &web::Data<AppState>,
    p: Period,
    kota: &str,
    kota_name: String,
) -> Result<MonthRecap, ApiError> {
    started(p)?;
    let levels = [UnitLevel::Kota, UnitLevel::Kecamatan, UnitLevel::Kelurahan];
    // A frozen month's boards come from the journal and its reports are
    // read for the counts; a live month's reports are counted as its
    // scores read them.
    let (boards, counts) = match frozen_boards(st, p, &levels).await? {
        Some(boards) => {
            let (from, to) = p.days();
            (boards, Counts::of_rows(&rows_of(st, kota, from, to).await?))
        }
        None => {
            let area = st.refdata.tree().subtree(kota);
            live_boards_counting(st, p, Utc::now(), &levels, Some(area)).await?
        }
    };
    let [kota_board, kec, kel]: [ScoreBoard; 3] = boards.try_into().map_err(missing)?;
    let within = |b: &ScoreBoard| -> Vec<UnitScoreRow> {
        b.units
            .iter()
            .filter(|u| st.refdata.tree().is_within(&u.unit_code, kota))
            .cloned()
            .collect()
    };
    let (kec, kel) = (within(&kec), within(&kel));
    let me = kota_board.units.iter().find(|u| u.unit_code == kota);
    let (top, bottom) = figures::best_and_worst(&figures::ranks(kel.iter()), figures::ENDS);
    let done = counts.completed();
    Ok(MonthRecap {
        period: p.to_string(),
        kota_code: kota.to_string(),
        kota_name,
        frozen: kota_board.frozen,
        received: counts.received,
        completed: done.completed,
        completed_geotagged: done.geotagged,
        completed_not_geotagged: done.not_geotagged,
        final_score: me.map(|m| m.final_score),
        grade: me.map(|m| m.grade.as_str().to_string()),
        kecamatan: figures::ranks(kec.iter()),
        kelurahan_top: top,
        kelurahan_bottom: bottom,
        top_categories: counts.top_categories(5, st.refdata.as_ref()),
        top_units: counts.top_units(5, st.refdata.as_ref()),
        by_channel: counts.by_channel(st.refdata.as_ref()),
    })
}

/// A kota's year, month by month up to now.
pub async fn year(
    st: &web::Data<AppState>,
    y: i32,
    kota: &str,
    kota_name: String,
) -> Result<YearRecap, ApiError> {
    let first = Period::new(y, 1).ok_or_else(|| ApiError::field("period", "no such year"))?;
    started(first)?;
    let now = Period::of(Utc::now());
    let months: Vec<Period> = (1..=12)
        .filter_map(|m| Period::new(y, m))
        .filter(|p| *p <= now)
        .collect();
    let last = months.last().copied().unwrap_or(first);
    let (from, _) = first.days();
    let (_, to) = last.days();
    let rows = rows_of(st, kota, from, to).await?;
    let mut table = Vec::new();
    for m in &months {
        let inside: Vec<&StatRow> = rows.iter().filter(|r| m.contains(r.received_at)).collect();
        let done = Counts::of_rows(inside.iter().copied()).completed();
        let [b] = level_boards(st, *m, [UnitLevel::Kota]).await?;
        let me = b.units.iter().find(|u| u.unit_code == kota);
        table.push(YearRow {
            period: m.to_string(),
            received: inside.len() as u64,
            completed: done.completed,
            final_score: me.map(|u| u.final_score),
            grade: me.map(|u| u.grade.as_str().to_string()),
            frozen: b.frozen,
        });
    }
    // Days so far: the year's last month may not be over.
    let today = crm_domain::time::to_wib(Utc::now()).date_naive();
    let days = (to.min(today) - from).num_days() + 1;
    let totals = figures::year_totals(&table, days);
    let counts = Counts::of_rows(&rows);
    Ok(YearRecap {
        year: y,
        kota_code: kota.to_string(),
        kota_name,
        received: totals.received,
        completed: totals.completed,
        mean_per_month: totals.mean_per_month,
        mean_per_day: totals.mean_per_day,
        mean_score: totals.mean_score,
        months: table,
        top_categories: counts.top_categories(5, st.refdata.as_ref()),
        top_units: counts.top_units(5, st.refdata.as_ref()),
        by_channel: counts.by_channel(st.refdata.as_ref()),
    })
}

/// A figure as the recap shows it: two decimals (the API keeps them whole).
fn shown(x: f64) -> Cell {
    Cell::Number((x * 100.0).round() / 100.0)
}

fn shown_opt(x: Option<f64>) -> Cell {
    x.map_or(Cell::Empty, shown)
}

fn ranked_table(name: &str, rows: &[Ranked]) -> Table {
    Table {
        name: name.into(),
        headers: vec!["No".into(), "Kode".into(), "Nama".into(), "Jumlah".into()],
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    Cell::Number((i + 1) as f64),
                    r.code.as_str().into(),
                    r.name.as_str().into(),
                    Cell::Number(r.count as f64),
                ]
            })
            .collect(),
    }
}

fn share_table(rows: &[Share]) -> Table {
    Table {
        name: "Kanal".into(),
        headers: vec!["Kanal".into(), "Jumlah".into(), "Persen".into()],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.name.as_str().into(),
                    Cell::Number(r.count as f64),
                    shown(r.percent),
                ]
            })
            .collect(),
    }
}

fn rank_table(name: &str, rows: &[RecapRank]) -> Table {
    Table {
        name: name.into(),
        headers: [
            "Peringkat",
            "Kode",
            "Nama",
            "Indeks",
            "Nilai",
            "Jumlah laporan",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Number(f64::from(r.rank)),
                    r.unit_code.as_str().into(),
                    r.unit_name.as_str().into(),
                    r.grade.as_str().into(),
                    shown(r.final_score),
                    Cell::Number(r.total as f64),
                ]
            })
            .collect(),
    }
}

fn month_book(r: &MonthRecap) -> Vec<Table> {
    let n = |x: u64| Cell::Number(x as f64);
    vec![
        Table {
            name: "Ringkasan".into(),
            headers: vec!["Uraian".into(), "Nilai".into()],
            rows: vec![
                vec!["Kota".into(), r.kota_name.as_str().into()],
                vec!["Periode".into(), r.period.as_str().into()],
                vec!["Laporan masuk".into(), n(r.received)],
                vec!["Selesai".into(), n(r.completed)],
                vec![
                    "Selesai, dengan titik lokasi".into(),
                    n(r.completed_geotagged),
                ],
                vec![
                    "Selesai, tanpa titik lokasi".into(),
                    n(r.completed_not_geotagged),
                ],
                vec!["Nilai TKD".into(), shown_opt(r.final_score)],
                vec!["Indeks".into(), r.grade.clone().into()],
                vec![
                    "Sumber nilai".into(),
                    (if r.frozen {
                        "jurnal (final)"
                    } else {
                        "sementara"
                    })
                    .into(),
                ],
            ],
        },
        rank_table("Kecamatan", &r.kecamatan),
        rank_table("Kelurahan terbaik", &r.kelurahan_top),
        rank_table("Kelurahan terendah", &r.kelurahan_bottom),
        ranked_table("Kategori", &r.top_categories),
        ranked_table("Unit kerja", &r.top_units),
        share_table(&r.by_channel),
    ]
}

fn year_book(r: &YearRecap) -> Vec<Table> {
    vec![
        Table {
            name: "Tahunan".into(),
            headers: [
                "Bulan",
                "Laporan masuk",
                "Selesai",
                "Nilai",
                "Indeks",
                "Dibekukan",
            ]
            .map(String::from)
            .to_vec(),
            rows: r
                .months
                .iter()
                .map(|m| {
                    vec![
                        m.period.as_str().into(),
                        Cell::Number(m.received as f64),
                        Cell::Number(m.completed as f64),
                        shown_opt(m.final_score),
                        m.grade.clone().into(),
                        (if m.frozen { "ya" } else { "belum" }).into(),
                    ]
                })
                .collect(),
        },
        ranked_table("Kategori", &r.top_categories),
        ranked_table("Unit kerja", &r.top_units),
        share_table(&r.by_channel),
    ]
}

fn xlsx(tables: &[Table], stem: &str) -> Result<HttpResponse, ApiError> {
    let bytes = workbook(tables).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{stem}.xlsx\""),
        ))
        .body(bytes))
}

/// A kota's recap: `period=YYYY-MM` gives the month ([`MonthRecap`]),
/// `period=YYYY` the year table ([`YearRecap`]); `format=xlsx` gives the
/// same as a workbook.
#[utoipa::path(
    tag = "monitoring", security(("bearer" = [])), params(RecapQuery),
    responses(
        (status = 200, description = "The month's recap (MonthRecap) or the year's (YearRecap), or an XLSX workbook", body = MonthRecap),
        (status = 403, description = "The kota lies outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad period, kota or format, named", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "You already have 4 statistics, score or export requests under way (`--heavy-per-account`); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[get("/recap")]
pub async fn recap(
    st: web::Data<AppState>,
    staff: Staff,
    q: ValidQuery<RecapQuery>,
) -> Result<HttpResponse, ApiError> {
    let _place = st.heavy.enter(&staff.username).await?;
    let kota_name = kota_of(&st, &staff, &q.kota)?;
    let as_xlsx = match q.format.as_deref() {
        None | Some("json") => false,
        Some("xlsx") => true,
        Some(f) => {
            return Err(ApiError::field(
                "format",
                format!("`{f}`: use json or xlsx"),
            ))
        }
    };
    let stem = format!("rekap-{}-{}", q.kota, q.period);
    if q.period.len() == 4 {
        let y: i32 = q
            .period
            .parse()
            .map_err(|_| ApiError::field("period", "use YYYY-MM or YYYY"))?;
        let r = year(&st, y, &q.kota, kota_name).await?;
        return if as_xlsx {
            xlsx(&year_book(&r), &stem)
        } else {
            Ok(HttpResponse::Ok().json(r))
        };
    }
    let p = parse_period(&q.period)?;
    let r = month(&st, p, &q.kota, kota_name).await?;
    if as_xlsx {
        xlsx(&month_book(&r), &stem)
    } else {
        Ok(HttpResponse::Ok().json(r))
    }
}
