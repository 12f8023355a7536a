//! The demo data set for `crm serve --demo`: staff accounts for each role and
//! about 2,000 plausible reports over the last three months (JAKI and Qlue
//! dominant, common categories, every status, coordinates inside Jakarta),
//! each with a history that matches its status. Deterministic for one day.

use crate::db::lifecycle::{self, Recorder, ReportDetails};
use crate::db::reports as store;
use crate::db::schedule::Reckon;
use crate::db::time::now;
use crate::db::{users, Db, DbConn, DbError};
use crate::refdata::RefData;
use chrono::{DateTime, Duration, Utc};
use crm_domain::arrival::{arrival_entry, Arrival};
use crm_domain::lifecycle::{ActionKind, Entry};
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
            username: "satpol.jp",
            full_name: "Rudi Hartono",
            role: Role::Officer,
            unit: "SATPOLPP-3171",
            description: "petugas Satpol PP Jakarta Pusat",
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
pub fn load(db: &Db, refdata: &RefData, password: &str) -> Result<Vec<Login>, DbError> {
    let accounts = demo_users();
    db.write_blocking(|conn: &mut DbConn| -> Result<(), DbError> {
        for u in &accounts {
            users::ensure(
                conn,
                &users::NewUser {
                    username: u.username,
                    password,
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
        let kelurahan = db.read_blocking(crate::db::reference::kelurahan_codes)?;
        let now = now();
        let reports = generate(&kelurahan, now, DEMO_REPORTS);
        db.write_blocking(|conn: &mut DbConn| create_many(conn, &reports, &refdata.reckon()))?;
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

/// Who the demo records as the actor of an entry: the channel, the
/// kelurahan's officer or the verifier.
fn recorder(channel: &str, e: &Entry) -> Recorder {
    Recorder {
        user_id: None,
        name: match e.kind {
            ActionKind::Arrive => channel.to_uppercase(),
            ActionKind::Approve => "Verifikator Biro Pemerintahan".into(),
            _ => "Petugas Kelurahan".into(),
        },
    }
}

/// Writes one generated report through the one door every new report takes,
/// its entries recorded as [`recorder`] names them; `reckon` works out its
/// schedule (`crate::db::schedule`).
pub fn create(
    conn: &mut DbConn,
    details: &ReportDetails,
    arrival: &Arrival,
    reckon: Reckon,
) -> Result<lifecycle::Created, DbError> {
    lifecycle::create(
        conn,
        details,
        arrival,
        &|e: &Entry| recorder(&details.channel, e),
        reckon,
    )
}

/// Writes many generated reports at once, as [`create`] writes each.
pub fn create_many(
    conn: &mut DbConn,
    reports: &[(ReportDetails, Arrival)],
    reckon: Reckon,
) -> Result<usize, DbError> {
    lifecycle::create_many(conn, reports, &|d, e| recorder(&d.channel, e), reckon)
}

/// Generates the demo reports: what each says of itself and its arrival
/// with the history that matches its status (numbers are drawn as they are
/// written).
pub fn generate(
    kelurahan: &[String],
    now: DateTime<Utc>,
    count: usize,
) -> Vec<(ReportDetails, Arrival)> {
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
        let details = ReportDetails {
            number: None,
            channel: channel.to_string(),
            channel_ref: matches!(channel, "jaki" | "qlue" | "lapor-1708")
                .then(|| format!("{channel}-{}", 500_000 + i)),
            reporter_name: Some(name.to_string()),
            reporter_contact: Some(format!(
                "08{:010}",
                rng.gen_range(1_000_000_000u64..9_999_999_999)
            )),
            hidden: rng.gen_bool(0.05),
            category: category.to_string(),
            tags: Vec::new(),
            description: text.to_string(),
            address: Some(format!(
                "{street} No. {}, RT {:02}/RW {:02}",
                rng.gen_range(1..200),
                rng.gen_range(1..15),
                rng.gen_range(1..10)
            )),
            lat,
            lon,
            kelurahan: kel.clone(),
            photo_urls: Vec::new(),
            location_flag: None,
            received_at: received,
            created_at: created,
        };
        let entry = |at: DateTime<Utc>,
                     status: ReportStatus,
                     unit: Option<&str>,
                     note: &str,
                     kind: ActionKind| Entry {
            at,
            kind,
            status,
            unit: unit.map(str::to_string),
            note: Some(note.to_string()),
            public: true,
            to_unit: None,
            flagged: false,
        };
        let first = arrival_entry(
            kel.clone(),
            created,
            match &kel {
                Some(_) => "Laporan diterima dan diteruskan ke kelurahan".into(),
                None => "Laporan diterima; menunggu triase Ruang Monitoring".into(),
            },
        );
        let mut later = Vec::new();
        if let (Some(k), false) = (&kel, status == ReportStatus::Menunggu) {
            let elapsed = now - created;
            let respond =
                Duration::minutes(rng.gen_range(5..(elapsed.num_minutes().clamp(6, 600))));
            let t1 = (created + respond).min(now);
            match status {
                ReportStatus::Disposisi => {
                    let mut e = entry(
                        t1,
                        ReportStatus::Disposisi,
                        Some(k),
                        "Bukan kewenangan kelurahan; diteruskan ke suku dinas terkait",
                        ActionKind::Dispose,
                    );
                    e.to_unit = Some(sudin_code(dinas, kota_of(k)));
                    later.push(e);
                }
                ReportStatus::Koordinasi => later.push(entry(
                    t1,
                    ReportStatus::Koordinasi,
                    Some(k),
                    "Dikoordinasikan dengan Satpol PP dan 3 pilar setempat",
                    ActionKind::Coordinate,
                )),
                _ => later.push(entry(
                    t1,
                    ReportStatus::Proses,
                    Some(k),
                    "Segera ditindaklanjuti",
                    ActionKind::TakeUp,
                )),
            }
            if status == ReportStatus::Selesai {
                let left = (now - t1).num_minutes().max(2);
                let done =
                    (t1 + Duration::minutes(rng.gen_range(1..left.clamp(2, 7 * 24 * 60)))).min(now);
                later.push(entry(
                    done,
                    ReportStatus::Proses,
                    Some(k),
                    "Sudah ditindaklanjuti bersama 3 pilar; lokasi telah dibersihkan dan ditertibkan",
                    ActionKind::Complete,
                ));
                let verified = (done + Duration::minutes(rng.gen_range(10..240))).min(now);
                later.push(entry(
                    verified,
                    ReportStatus::Selesai,
                    Some(k),
                    "Penyelesaian diverifikasi",
                    ActionKind::Approve,
                ));
            }
        }
        // Demo reports wait at their kelurahan from the moment they were
        // written.
        out.push((details, Arrival::replayed(created, first, later)));
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
            assert!(reports.iter().any(|(_, a)| a.case.status == s), "no {s}");
        }
        for (r, a) in &reports {
            let h = &a.entries;
            assert!(r.received_at <= now);
            assert_eq!(h.last().map(|e| e.status), Some(a.case.status));
            assert_eq!(
                a.case.completed_at.is_some(),
                a.case.status == ReportStatus::Selesai
            );
            assert!(
                h.windows(2).all(|w| w[0].at <= w[1].at),
                "history out of order"
            );
        }
        let jaki = reports.iter().filter(|(r, _)| r.channel == "jaki").count();
        assert!(jaki > 250, "JAKI should dominate, got {jaki}");
    }
}
