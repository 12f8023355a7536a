//! Report categories: their follow-up time bands and their weight in the
//! monthly score. These are the defaults the database is seeded with; an
//! administrator may change them there.

use serde::{Deserialize, Serialize};

/// Follow-up time bands in hours: below `t1` scores 100, `t1` to below `t2`
/// 80, `t2` to below `t3` 60, `t3` and above 40.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bands {
    pub t1: f64,
    pub t2: f64,
    pub t3: f64,
}

impl Bands {
    /// The bands of every category that has none of its own.
    pub const DEFAULT: Bands = Bands::new(24.0, 72.0, 168.0);

    /// Bands from three thresholds in hours.
    pub const fn new(t1: f64, t2: f64, t3: f64) -> Self {
        Bands { t1, t2, t3 }
    }

    /// The band score (100, 80, 60 or 40) of a completion time in hours.
    pub fn score(&self, hours: f64) -> f64 {
        if hours < self.t1 {
            100.0
        } else if hours < self.t2 {
            80.0
        } else if hours < self.t3 {
            60.0
        } else {
            40.0
        }
    }

    /// Whether the thresholds rise strictly and are positive.
    pub fn is_valid(&self) -> bool {
        self.t1 > 0.0 && self.t1 < self.t2 && self.t2 < self.t3 && self.t3.is_finite()
    }
}

/// A category as seeded: code, name, bands and weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CategoryDef {
    pub code: &'static str,
    pub name: &'static str,
    pub bands: Bands,
    pub weight: f64,
}

const fn cat(code: &'static str, name: &'static str, bands: Bands, weight: f64) -> CategoryDef {
    CategoryDef {
        code,
        name,
        bands,
        weight,
    }
}

const D: Bands = Bands::DEFAULT;

/// Categories whose completion needs no photo as evidence by default: the
/// administrative matters, settled with a document or a reply rather than
/// work on site.
pub const EVIDENCE_WAIVED: &[&str] = &[
    "hukum",
    "kearsipan",
    "kependudukan-dan-catatan-sipil",
    "penanaman-modal",
    "perencanaan-pembangunan",
];

/// Whether completing a report of this category needs a photo, by default.
pub fn evidence_required_by_default(code: &str) -> bool {
    !EVIDENCE_WAIVED.contains(&code)
}

/// The categories the system starts with: every category with its own bands
/// or weight, and the other common ones (default bands, weight 0).
pub const DEFAULT_CATEGORIES: &[CategoryDef] = &[
    cat("sampah", "Sampah", Bands::new(29.0, 45.0, 67.0), 1.5),
    cat(
        "pelanggaran",
        "Pelanggaran",
        Bands::new(17.0, 26.0, 38.0),
        2.0,
    ),
    cat(
        "jalan-rusak",
        "Jalan Rusak",
        Bands::new(47.0, 72.0, 107.0),
        4.0,
    ),
    cat("pengemis", "Pengemis", Bands::new(9.0, 15.0, 22.0), 2.0),
    cat(
        "kaki-lima-liar",
        "Kaki Lima Liar",
        Bands::new(20.0, 31.0, 46.0),
        3.0,
    ),
    cat(
        "lampu-jalan-rusak",
        "Lampu Jalan Rusak",
        Bands::new(21.0, 32.0, 47.0),
        3.0,
    ),
    cat(
        "pohon-tumbang",
        "Pohon Tumbang",
        Bands::new(16.0, 25.0, 37.0),
        2.0,
    ),
    cat(
        "fasilitas-umum",
        "Fasilitas Umum",
        Bands::new(15.0, 24.0, 36.0),
        2.0,
    ),
    cat(
        "parkir-liar",
        "Parkir Liar",
        Bands::new(19.0, 30.0, 44.0),
        4.0,
    ),
    cat(
        "pelanggaran-izin-bangunan",
        "Pelanggaran Izin Bangunan",
        Bands::new(46.0, 70.0, 105.0),
        4.0,
    ),
    cat(
        "kawasan-dilarang-merokok",
        "Kawasan Dilarang Merokok",
        Bands::new(14.0, 22.0, 32.0),
        0.0,
    ),
    cat(
        "makanan-non-hygienis",
        "Makanan Non Hygienis",
        Bands::new(11.0, 18.0, 26.0),
        0.0,
    ),
    cat(
        "laporan-transjakarta",
        "Laporan Transjakarta",
        Bands::new(5.0, 9.0, 12.0),
        0.0,
    ),
    cat(
        "iklan-tidak-berijin",
        "Iklan Tidak Berijin",
        Bands::new(14.0, 22.0, 33.0),
        0.0,
    ),
    cat(
        "pajak-kos2an",
        "Pajak Kos2an",
        Bands::new(18.0, 28.0, 42.0),
        0.0,
    ),
    cat(
        "fogging-dbd",
        "Fogging DBD",
        Bands::new(17.0, 27.0, 39.0),
        0.0,
    ),
    cat("rptra", "RPTRA", Bands::new(17.0, 27.0, 39.0), 0.0),
    cat("kemacetan", "Kemacetan", D, 2.0),
    cat("kebakaran", "Kebakaran", D, 2.0),
    cat("kriminal", "Kriminal", D, 4.0),
    cat("bencana-banjir", "Bencana Banjir", D, 0.0),
    cat("pencegahan-banjir", "Pencegahan Banjir", D, 0.0),
    cat("joki-3-in-1", "Joki 3 in 1", D, 0.0),
    cat("narkoba", "Narkoba", D, 0.0),
    cat("potensi-teroris", "Potensi Teroris", D, 0.0),
    cat("hukum", "Hukum", D, 0.0),
    cat("kearsipan", "Kearsipan", D, 0.0),
    cat(
        "kebudayaan-dan-pariwisata",
        "Kebudayaan dan Pariwisata",
        D,
        0.0,
    ),
    cat(
        "keluarga-berencana",
        "Keluarga Berencana dan Keluarga Sejahtera",
        D,
        0.0,
    ),
    cat(
        "kependudukan-dan-catatan-sipil",
        "Kependudukan dan Catatan Sipil",
        D,
        0.0,
    ),
    cat(
        "kesatuan-bangsa-dan-politik",
        "Kesatuan Bangsa dan Politik",
        D,
        0.0,
    ),
    cat("kesehatan", "Kesehatan", D, 0.0),
    cat("ketenagakerjaan", "Ketenagakerjaan", D, 0.0),
    cat(
        "komunikasi-dan-informatika",
        "Komunikasi dan Informatika",
        D,
        0.0,
    ),
    cat("koperasi-dan-ukm", "Koperasi dan UKM", D, 0.0),
    cat("lingkungan-hidup", "Lingkungan Hidup", D, 0.0),
    cat("olahraga-dan-pemuda", "Olahraga dan Pemuda", D, 0.0),
    cat("pekerjaan-umum", "Pekerjaan Umum", D, 0.0),
    cat(
        "pemberdayaan-perempuan",
        "Pemberdayaan Perempuan dan Perlindungan Anak",
        D,
        0.0,
    ),
    cat("penanaman-modal", "Penanaman Modal", D, 0.0),
    cat("penataan-ruang", "Penataan Ruang", D, 0.0),
    cat("pendidikan", "Pendidikan", D, 0.0),
    cat("perdagangan", "Perdagangan", D, 0.0),
    cat("perencanaan-pembangunan", "Perencanaan Pembangunan", D, 0.0),
    cat("perhubungan", "Perhubungan", D, 0.0),
    cat("lainnya", "Lainnya", D, 0.0),
];

/// The seeded category with this code, if any.
pub fn find(code: &str) -> Option<&'static CategoryDef> {
    DEFAULT_CATEGORIES.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn band_edges_fall_in_the_higher_band() {
        let b = Bands::new(29.0, 45.0, 67.0);
        assert_eq!(b.score(0.0), 100.0);
        assert_eq!(b.score(28.999), 100.0);
        assert_eq!(b.score(29.0), 80.0);
        assert_eq!(b.score(44.99), 80.0);
        assert_eq!(b.score(45.0), 60.0);
        assert_eq!(b.score(66.5), 60.0);
        assert_eq!(b.score(67.0), 40.0);
        assert_eq!(b.score(1000.0), 40.0);
    }

    #[test]
    fn table_matches_the_city_rules() {
        let sampah = find("sampah").expect("sampah");
        assert_eq!(
            (sampah.bands, sampah.weight),
            (Bands::new(29.0, 45.0, 67.0), 1.5)
        );
        let tj = find("laporan-transjakarta").expect("transjakarta");
        assert_eq!((tj.bands, tj.weight), (Bands::new(5.0, 9.0, 12.0), 0.0));
        let kriminal = find("kriminal").expect("kriminal");
        assert_eq!((kriminal.bands, kriminal.weight), (Bands::DEFAULT, 4.0));
        let jalan = find("jalan-rusak").expect("jalan rusak");
        assert_eq!(
            (jalan.bands, jalan.weight),
            (Bands::new(47.0, 72.0, 107.0), 4.0)
        );
        let with_bands = DEFAULT_CATEGORIES
            .iter()
            .filter(|c| c.bands != Bands::DEFAULT)
            .count();
        assert_eq!(with_bands, 17);
        let with_weight = DEFAULT_CATEGORIES.iter().filter(|c| c.weight > 0.0).count();
        assert_eq!(with_weight, 13);
    }

    #[test]
    fn codes_and_names_are_unique_and_bands_valid() {
        let codes: HashSet<_> = DEFAULT_CATEGORIES.iter().map(|c| c.code).collect();
        let names: HashSet<_> = DEFAULT_CATEGORIES.iter().map(|c| c.name).collect();
        assert_eq!(codes.len(), DEFAULT_CATEGORIES.len());
        assert_eq!(names.len(), DEFAULT_CATEGORIES.len());
        assert!(DEFAULT_CATEGORIES.iter().all(|c| c.bands.is_valid()));
    }
}

/// The group a category is listed under (Open311 `group`, and wherever
/// categories are shown by theme). Categories not named here are "Lainnya".
pub fn group_of(code: &str) -> &'static str {
    match code {
        "sampah" | "lingkungan-hidup" | "fogging-dbd" => "Kebersihan dan Lingkungan",
        "jalan-rusak" | "lampu-jalan-rusak" | "fasilitas-umum" | "pekerjaan-umum"
        | "penataan-ruang" | "rptra" => "Jalan dan Prasarana",
        "pelanggaran"
        | "pengemis"
        | "kaki-lima-liar"
        | "parkir-liar"
        | "pelanggaran-izin-bangunan"
        | "kawasan-dilarang-merokok"
        | "iklan-tidak-berijin"
        | "joki-3-in-1" => "Ketertiban Umum",
        "laporan-transjakarta" | "kemacetan" | "perhubungan" => "Transportasi",
        "kebakaran" | "kriminal" | "bencana-banjir" | "pencegahan-banjir" | "pohon-tumbang"
        | "narkoba" | "potensi-teroris" => "Bencana dan Keamanan",
        "makanan-non-hygienis" | "kesehatan" | "keluarga-berencana" => "Kesehatan",
        "hukum"
        | "kearsipan"
        | "kependudukan-dan-catatan-sipil"
        | "kesatuan-bangsa-dan-politik"
        | "komunikasi-dan-informatika"
        | "penanaman-modal"
        | "perencanaan-pembangunan"
        | "pajak-kos2an" => "Pelayanan Pemerintahan",
        "ketenagakerjaan"
        | "koperasi-dan-ukm"
        | "perdagangan"
        | "kebudayaan-dan-pariwisata"
        | "olahraga-dan-pemuda"
        | "pendidikan"
        | "pemberdayaan-perempuan" => "Ekonomi dan Sosial",
        _ => "Lainnya",
    }
}

#[cfg(test)]
mod group_tests {
    use super::*;

    #[test]
    fn every_category_but_lainnya_has_its_own_group() {
        for c in DEFAULT_CATEGORIES {
            let g = group_of(c.code);
            assert_eq!(g == "Lainnya", c.code == "lainnya", "{}", c.code);
        }
    }
}
