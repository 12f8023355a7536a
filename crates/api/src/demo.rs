//! The demo data set for `crm serve --demo`: staff accounts for each role and
//! about 2,000 plausible reports over the last three months (JAKI and Qlue
//! dominant, common categories, every status, coordinates inside Jakarta),
//! each with a history that matches its status. Deterministic for one day.

use crate::db::reports::{self as store, NewHistoryRow, NewReportRow};
use crate::db::time::{now, to_db};
use crate::db::{users, Db, DbConn, DbError};
use chrono::{DateTime, Duration, Utc};
use crm_domain::lifecycle::ActionKind;
use crm_domain::unit::{sudin_code, MONITORING_ROOM_CODE};
use crm_domain::{ReportStatus, Role};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo12345";

/// How many reports the demo holds.
pub const DEMO_REPORTS: usize = 2000;

/// A demo account, as printed at start.
#[derive(Debug, Clone)]
pub struct Login {
    pub username: &'static str,
    pub description: &'static str,
}

const GAMBIR_KEL: &str = "31.71.01.1001";
const GAMBIR_KEC: &str = "31.71.01";
const JAKPUS: &str = "31.71";

struct DemoUser {
    username: &'static str,
    full_name: &'static str,
    role: Role,
    unit: &'static str,
    description: &'static str,
}

fn demo_users() -> Vec<DemoUser> {
    vec![
        DemoUser {
            username: "petugas.gambir",
            full_name: "Rina Wulandari",
            role: Role::Officer,
            unit: GAMBIR_KEL,
            description: "petugas Kelurahan Gambir",
        },
        DemoUser {
            username: "lurah.gambir",
            full_name: "Agus Setiawan",
            role: Role::UnitHead,
            unit: GAMBIR_KEL,
            description: "lurah Gambir",
        },
        DemoUser {
            username: "camat.gambir",
            full_name: "Dewi Kartika",
            role: Role::UnitHead,
            unit: GAMBIR_KEC,
            description: "camat Gambir",
        },
        DemoUser {
            username: "walikota.jakpus",
            full_name: "Bambang Hermanto",
            role: Role::UnitHead,
            unit: JAKPUS,
            description: "walikota Jakarta Pusat",
        },
        DemoUser {
            username: "sudin.binamarga.jp",
            full_name: "Yusuf Pratama",
            role: Role::Officer,
            unit: "DBM-3171",
            description: "petugas Sudin Bina Marga Jakarta Pusat",
        },
        DemoUser {
            username: "monitoring",
            full_name: "Sari Handayani",
            role: Role::Monitoring,
            unit: MONITORING_ROOM_CODE,
            description: "Ruang Monitoring (JSC)",
        },
        DemoUser {
            username: "verifikator",
            full_name: "Hendra Gunawan",
            role: Role::Verifier,
            unit: "BIROPEM",
            description: "verifikator Biro Pemerintahan",
        },
    ]
}

/// Creates the demo accounts (when missing) and, when the database has no
/// reports, the demo reports. Returns the accounts to print.
pub fn load(db: &Db) -> Result<Vec<Login>, DbError> {
    let accounts = demo_users();
    db.write_blocking(|conn: &mut DbConn| -> Result<(), DbError> {
        for u in &accounts {
            users::ensure(
                conn,
                &users::NewUser {
                    username: u.username,
                    password: DEMO_PASSWORD,
                    full_name: u.full_name,
                    role: u.role,
                    unit_code: Some(u.unit),
                },
            )?;
        }
        Ok(())
    })?;
    let existing = db.read_blocking(store::count)?;
    if existing == 0 {
        let kelurahan = db.read_blocking(|conn| -> Result<Vec<String>, DbError> {
            use crate::db::schema::units;
            use diesel::prelude::*;
            Ok(units::table
                .filter(units::level.eq("kelurahan"))
                .select(units::code)
                .order(units::code)
                .load(conn)?)
        })?;
        let now = now();
        let reports = generate(&kelurahan, now, DEMO_REPORTS);
        db.write_blocking(|conn: &mut DbConn| -> Result<(), DbError> {
            for (row, history) in &reports {
                store::insert_with_history(conn, row, history)?;
            }
            Ok(())
        })?;
        log::info!("loaded {} demo reports", reports.len());
    }
    Ok(accounts
        .iter()
        .map(|u| Login {
            username: u.username,
            description: u.description,
        })
        .chain(std::iter::once(Login {
            username: "admin",
            description: "administrator (password: CRM_ADMIN_PASSWORD)",
        }))
        .collect())
}

fn pick<'a, T>(rng: &mut StdRng, weighted: &'a [(T, u32)]) -> &'a T {
    let total: u32 = weighted.iter().map(|(_, w)| *w).sum();
    let mut x = rng.gen_range(0..total.max(1));
    for (item, w) in weighted {
        if x < *w {
            return item;
        }
        x -= w;
    }
    &weighted[0].0
}

const CHANNEL_MIX: &[(&str, u32)] = &[
    ("jaki", 58),
    ("qlue", 22),
    ("lapor-1708", 4),
    ("twitter", 3),
    ("email", 2),
    ("sms", 2),
    ("facebook", 1),
    ("balai-warga", 1),
    ("medsos-gubernur", 1),
    ("kantor-kelurahan", 3),
    ("kantor-kecamatan", 1),
    ("kantor-walikota", 1),
    ("pendopo-balai-kota", 1),
];

/// Category, share, the sudin it is handed to, and what citizens write.
const CATEGORY_MIX: &[(&str, u32, &str, &[&str])] = &[
    ("sampah", 20, "DLH", &["Tumpukan sampah di pinggir jalan belum diangkut sejak tiga hari, baunya mengganggu warga.", "Warga membuang sampah sembarangan di saluran air dekat sekolah.", "Tempat sampah di taman penuh dan berserakan."]),
    ("parkir-liar", 12, "DISHUB", &["Banyak motor parkir di trotoar sehingga pejalan kaki harus turun ke jalan.", "Parkir liar di depan minimarket menyebabkan kemacetan setiap sore."]),
    ("jalan-rusak", 10, "DBM", &["Jalan berlubang cukup dalam, sudah ada pengendara motor yang jatuh.", "Aspal mengelupas sepanjang 20 meter setelah hujan deras."]),
    ("kaki-lima-liar", 8, "SATPOLPP", &["Pedagang kaki lima berjualan di atas trotoar dan badan jalan.", "PKL kembali berjualan di depan stasiun setelah ditertibkan."]),
    ("lampu-jalan-rusak", 7, "DPE", &["Lampu penerangan jalan mati sejak seminggu, jalan sangat gelap di malam hari.", "Tiang lampu miring dan kabelnya menjuntai."]),
    ("pohon-tumbang", 5, "DISHUT", &["Pohon besar tumbang menutup sebagian jalan setelah hujan angin.", "Dahan pohon hampir patah di atas halte, mohon dipangkas."]),
    ("fasilitas-umum", 7, "DBM", &["Trotoar rusak dan ubinnya lepas di depan kantor pos.", "Halte bus rusak, atapnya bocor."]),
    ("pelanggaran", 6, "SATPOLPP", &["Ada bangunan liar di atas saluran air.", "Warung buka hingga larut malam dan mengganggu ketertiban."]),
    ("kemacetan", 5, "DISHUB", &["Kemacetan parah setiap pagi di persimpangan karena lampu lalu lintas mati.", "Angkot ngetem sembarangan menyebabkan macet."]),
    ("pengemis", 4, "DINSOS", &["Ada pengemis dan anak jalanan di lampu merah setiap sore.", "Manusia gerobak tidur di trotoar depan pertokoan."]),
    ("bencana-banjir", 4, "DSDA", &["Genangan air setinggi 30 cm setelah hujan, saluran tersumbat.", "Air masuk ke rumah warga karena pompa tidak berfungsi."]),
    ("pelanggaran-izin-bangunan", 3, "SATPOLPP", &["Pembangunan rumah tinggal melebihi batas dan tidak ada papan IMB."]),
    ("kebakaran", 1, "SATPOLPP", &["Kabel listrik terbakar di gang sempit, mohon pengecekan instalasi."]),
    ("lainnya", 3, "BIROPEM", &["Mohon informasi layanan pembuatan KTP elektronik di kelurahan."]),
];

const NAMES: &[&str] = &[
    "Budi Santoso",
    "Siti Aminah",
    "Andi Wijaya",
    "Nur Hidayati",
    "Rudi Hartono",
    "Maria Ulfa",
    "Joko Susilo",
    "Fitri Rahmawati",
    "Eko Prasetyo",
    "Lestari Ningsih",
    "Hadi Purnomo",
    "Yuni Astuti",
];

const STREETS: &[&str] = &[
    "Jl. Kebon Sirih",
    "Jl. Cempaka Putih Raya",
    "Jl. Gunung Sahari",
    "Jl. Pramuka",
    "Jl. Kramat Raya",
    "Jl. Pasar Minggu",
    "Jl. Daan Mogot",
    "Jl. Pluit Raya",
    "Jl. Raya Bogor",
    "Jl. Panjang",
];

/// A point inside the kota of a kelurahan code.
fn coordinates(rng: &mut StdRng, kelurahan: &str) -> (f64, f64) {
    let (lat, lon, spread) = match kelurahan.get(0..5) {
        Some("31.71") => (-6.180, 106.835, 0.025),
        Some("31.72") => (-6.125, 106.870, 0.035),
        Some("31.73") => (-6.165, 106.765, 0.035),
        Some("31.74") => (-6.265, 106.810, 0.040),
        Some("31.75") => (-6.235, 106.895, 0.040),
        _ => (-5.745, 106.615, 0.010),
    };
    (
        lat + rng.gen_range(-spread..spread),
        lon + rng.gen_range(-spread..spread),
    )
}

fn kota_of(kelurahan: &str) -> &str {
    kelurahan.get(0..5).unwrap_or(JAKPUS)
}

/// Generates the demo reports with their history (report numbers are filled
/// in on insert).
pub fn generate(
    kelurahan: &[String],
    now: DateTime<Utc>,
    count: usize,
) -> Vec<(NewReportRow, Vec<NewHistoryRow>)> {
    let seed = now
        .date_naive()
        .to_string()
        .bytes()
        .fold(7u64, |a, b| a.wrapping_mul(31).wrapping_add(u64::from(b)));
    let mut rng = StdRng::seed_from_u64(seed);
    let gambir_area: Vec<&String> = kelurahan
        .iter()
        .filter(|k| k.starts_with(GAMBIR_KEC))
        .collect();
    let jakpus: Vec<&String> = kelurahan.iter().filter(|k| k.starts_with(JAKPUS)).collect();
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let age_minutes = rng.gen_range(10..90 * 24 * 60);
        let received = now - Duration::minutes(age_minutes);
        let channel = *pick(&mut rng, CHANNEL_MIX);
        let cat_weights: Vec<(usize, u32)> = CATEGORY_MIX
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.1))
            .collect();
        let (category, _, dinas, texts) = CATEGORY_MIX[*pick(&mut rng, &cat_weights)];
        let triage = rng.gen_bool(0.03) && age_minutes < 3 * 24 * 60;
        let kel: Option<String> = if triage || kelurahan.is_empty() {
            None
        } else {
            let r = rng.gen_range(0..100);
            let from: &[&String] = if r < 10 && !gambir_area.is_empty() {
                &gambir_area
            } else if r < 30 && !jakpus.is_empty() {
                &jakpus
            } else {
                &[]
            };
            Some(if from.is_empty() {
                kelurahan[rng.gen_range(0..kelurahan.len())].clone()
            } else {
                from[rng.gen_range(0..from.len())].clone()
            })
        };
        let age_days = age_minutes as f64 / 1440.0;
        let status = if kel.is_none() {
            ReportStatus::Menunggu
        } else {
            let done_share = (age_days / 20.0).min(0.85);
            let x: f64 = rng.gen();
            if x < done_share {
                ReportStatus::Selesai
            } else {
                *pick(
                    &mut rng,
                    &[
                        (ReportStatus::Menunggu, 3),
                        (ReportStatus::Proses, 4),
                        (ReportStatus::Disposisi, 2),
                        (ReportStatus::Koordinasi, 2),
                    ],
                )
            }
        };
        let geotagged = kel.is_some() && rng.gen_bool(0.8);
        let (lat, lon) = match (&kel, geotagged) {
            (Some(k), true) => {
                let (a, b) = coordinates(&mut rng, k);
                (Some(a), Some(b))
            }
            _ => (None, None),
        };
        let text = texts[rng.gen_range(0..texts.len())];
        let street = STREETS[rng.gen_range(0..STREETS.len())];
        let name = NAMES[rng.gen_range(0..NAMES.len())];
        let created = received + Duration::minutes(rng.gen_range(0..5));
        let mut row = NewReportRow {
            channel_code: channel.to_string(),
            channel_ref: matches!(channel, "jaki" | "qlue" | "lapor-1708")
                .then(|| format!("{channel}-{}", 500_000 + i)),
            reporter_name: Some(name.to_string()),
            reporter_contact: Some(format!(
                "08{:010}",
                rng.gen_range(1_000_000_000u64..9_999_999_999)
            )),
            hidden: rng.gen_bool(0.05),
            category_code: category.to_string(),
            tags: "[]".into(),
            description: text.to_string(),
            address: Some(format!(
                "{street} No. {}, RT {:02}/RW {:02}",
                rng.gen_range(1..200),
                rng.gen_range(1..15),
                rng.gen_range(1..10)
            )),
            lat,
            lon,
            kelurahan_code: kel.clone(),
            holder_code: kel.clone(),
            status: status.as_str().into(),
            received_at: to_db(received),
            first_response_at: None,
            completed_at: None,
            verified_at: None,
            created_at: to_db(created),
            updated_at: to_db(created),
            version: 1,
            holder_since: Some(to_db(created)),
            awaiting_verification: false,
            evidence: false,
            estimate_at: None,
            assignee_id: None,
            rating: None,
            handovers: 0,
            photo_urls: "[]".into(),
            location_flag: None,
        };
        let entry = |at: DateTime<Utc>,
                     status: ReportStatus,
                     unit: Option<&str>,
                     actor: &str,
                     note: String,
                     kind: ActionKind| NewHistoryRow {
            report_number: 0,
            at: to_db(at),
            status: status.as_str().into(),
            unit_code: unit.map(str::to_string),
            actor_user_id: None,
            actor_name: Some(actor.to_string()),
            note: Some(note),
            public: true,
            kind: kind.as_str().into(),
            to_unit_code: None,
            flagged: false,
        };
        let channel_name = channel.to_uppercase();
        let mut history = vec![entry(
            created,
            ReportStatus::Menunggu,
            kel.as_deref(),
            &channel_name,
            match &kel {
                Some(_) => "Laporan diterima dan diteruskan ke kelurahan".into(),
                None => "Laporan diterima; menunggu triase Ruang Monitoring".into(),
            },
            ActionKind::Arrive,
        )];
        if let Some(k) = &kel {
            let elapsed = now - created;
            let respond =
                Duration::minutes(rng.gen_range(5..(elapsed.num_minutes().clamp(6, 600))));
            let t1 = (created + respond).min(now);
            let mut at = t1;
            let mut version = 1;
            if status != ReportStatus::Menunggu {
                row.first_response_at = Some(to_db(t1));
                version += 1;
                let officer = "Petugas Kelurahan";
                match status {
                    ReportStatus::Disposisi => {
                        let sudin = sudin_code(dinas, kota_of(k));
                        let mut e = entry(
                            t1,
                            ReportStatus::Disposisi,
                            Some(k),
                            officer,
                            "Bukan kewenangan kelurahan; diteruskan ke suku dinas terkait".into(),
                            ActionKind::Dispose,
                        );
                        e.to_unit_code = Some(sudin.clone());
                        history.push(e);
                        row.holder_code = Some(sudin);
                        row.holder_since = Some(to_db(t1));
                        row.handovers = 1;
                    }
                    ReportStatus::Koordinasi => {
                        history.push(entry(
                            t1,
                            ReportStatus::Koordinasi,
                            Some(k),
                            officer,
                            "Dikoordinasikan dengan Satpol PP dan 3 pilar setempat".into(),
                            ActionKind::Coordinate,
                        ));
                    }
                    _ => {
                        history.push(entry(
                            t1,
                            ReportStatus::Proses,
                            Some(k),
                            officer,
                            "Segera ditindaklanjuti".into(),
                            ActionKind::TakeUp,
                        ));
                    }
                }
                if status == ReportStatus::Selesai {
                    let left = (now - t1).num_minutes().max(2);
                    let done = (t1
                        + Duration::minutes(rng.gen_range(1..left.clamp(2, 7 * 24 * 60))))
                    .min(now);
                    history.push(entry(
                        done,
                        ReportStatus::Proses,
                        Some(k),
                        officer,
                        "Sudah ditindaklanjuti bersama 3 pilar; lokasi telah dibersihkan dan ditertibkan".into(),
                        ActionKind::Complete,
                    ));
                    let verified = (done + Duration::minutes(rng.gen_range(10..240))).min(now);
                    history.push(entry(
                        verified,
                        ReportStatus::Selesai,
                        Some(k),
                        "Verifikator Biro Pemerintahan",
                        "Penyelesaian diverifikasi".into(),
                        ActionKind::Approve,
                    ));
                    row.evidence = true;
                    row.completed_at = Some(to_db(done));
                    row.verified_at = Some(to_db(verified));
                    at = verified;
                    version += 1;
                }
            }
            row.updated_at = to_db(at.max(created));
            row.version = version;
        }
        out.push((row, history));
    }
    out.sort_by_key(|(r, _)| r.received_at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_reports_cover_every_status_with_matching_history() {
        let kel: Vec<String> = vec![
            "31.71.01.1001".into(),
            "31.71.01.1002".into(),
            "31.74.01.1001".into(),
        ];
        let now = DateTime::from_timestamp(1_780_000_000, 0).expect("valid");
        let reports = generate(&kel, now, 600);
        assert_eq!(reports.len(), 600);
        for s in ReportStatus::ALL {
            assert!(
                reports.iter().any(|(r, _)| r.status == s.as_str()),
                "no {s}"
            );
        }
        for (r, h) in &reports {
            assert!(r.received_at <= to_db(now));
            assert_eq!(h.last().map(|e| e.status.as_str()), Some(r.status.as_str()));
            assert_eq!(r.completed_at.is_some(), r.status == "selesai");
            assert!(
                h.windows(2).all(|w| w[0].at <= w[1].at),
                "history out of order"
            );
        }
        let jaki = reports
            .iter()
            .filter(|(r, _)| r.channel_code == "jaki")
            .count();
        assert!(jaki > 250, "JAKI should dominate, got {jaki}");
    }
}
