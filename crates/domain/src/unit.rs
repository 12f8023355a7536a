//! Government units: the territorial tree (provinsi → kota → kecamatan →
//! kelurahan) and the sectoral units (dinas/badan/biro and their sudin per
//! kota), and the questions asked of the tree (what lies below a unit).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

/// The kind of a unit. Units of one level are peers in the monthly score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    Provinsi,
    Kota,
    Kecamatan,
    Kelurahan,
    /// A province-level dinas, badan or biro.
    Dinas,
    /// A dinas's unit in one kota (suku dinas, suku badan, bagian).
    Sudin,
}

impl UnitLevel {
    /// Every level.
    pub const ALL: [UnitLevel; 6] = [
        UnitLevel::Provinsi,
        UnitLevel::Kota,
        UnitLevel::Kecamatan,
        UnitLevel::Kelurahan,
        UnitLevel::Dinas,
        UnitLevel::Sudin,
    ];

    /// The identifier used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitLevel::Provinsi => "provinsi",
            UnitLevel::Kota => "kota",
            UnitLevel::Kecamatan => "kecamatan",
            UnitLevel::Kelurahan => "kelurahan",
            UnitLevel::Dinas => "dinas",
            UnitLevel::Sudin => "sudin",
        }
    }

    /// The level as people name it (Bahasa Indonesia).
    pub fn label(self) -> &'static str {
        match self {
            UnitLevel::Provinsi => "Provinsi",
            UnitLevel::Kota => "Kota",
            UnitLevel::Kecamatan => "Kecamatan",
            UnitLevel::Kelurahan => "Kelurahan",
            UnitLevel::Dinas => "Dinas",
            UnitLevel::Sudin => "Suku Dinas",
        }
    }
}

impl fmt::Display for UnitLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for UnitLevel {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        UnitLevel::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| format!("unknown unit level `{s}`"))
    }
}

/// The code of the province, the root of the tree.
pub const PROVINCE_CODE: &str = "31";

/// The code of the Monitoring Room's unit (Jakarta Smart City).
pub const MONITORING_ROOM_CODE: &str = "JSC";

/// A province-level sectoral unit and the name of its unit in each kota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectoralDef {
    pub code: &'static str,
    pub name: &'static str,
    /// The name of its unit in a kota, before the kota's short name; `None`
    /// when it has no unit per kota.
    pub per_kota: Option<&'static str>,
}

const fn sec(
    code: &'static str,
    name: &'static str,
    per_kota: Option<&'static str>,
) -> SectoralDef {
    SectoralDef {
        code,
        name,
        per_kota,
    }
}

/// The dinas, badan and biro the system starts with.
pub const SECTORAL_UNITS: &[SectoralDef] = &[
    sec("SATPOLPP", "Satuan Polisi Pamong Praja", Some("Satpol PP")),
    sec("DISHUB", "Dinas Perhubungan", Some("Sudin Perhubungan")),
    sec("DBM", "Dinas Bina Marga", Some("Sudin Bina Marga")),
    sec(
        "DPE",
        "Dinas Perindustrian dan Energi",
        Some("Sudin Perindustrian dan Energi"),
    ),
    sec("DISHUT", "Dinas Kehutanan", Some("Sudin Kehutanan")),
    sec(
        "DSDA",
        "Dinas Sumber Daya Air",
        Some("Sudin Sumber Daya Air"),
    ),
    sec(
        "DLH",
        "Dinas Lingkungan Hidup",
        Some("Sudin Lingkungan Hidup"),
    ),
    sec("DINSOS", "Dinas Sosial", Some("Sudin Sosial")),
    sec(
        "DISPARBUD",
        "Dinas Pariwisata dan Kebudayaan",
        Some("Sudin Pariwisata dan Kebudayaan"),
    ),
    sec(
        "BPRD",
        "Badan Pajak dan Retribusi Daerah",
        Some("Suku Badan Pajak dan Retribusi Daerah"),
    ),
    sec(
        "BPBUMD",
        "Badan Pembinaan BUMD",
        Some("Suku Badan Pembinaan BUMD"),
    ),
    sec("BIROPEM", "Biro Pemerintahan", Some("Bagian Pemerintahan")),
    sec(
        MONITORING_ROOM_CODE,
        "Ruang Monitoring Jakarta Smart City",
        None,
    ),
];

/// The code of a sectoral unit's unit in a kota: `DISHUB-3171`.
pub fn sudin_code(dinas_code: &str, kota_code: &str) -> String {
    format!("{dinas_code}-{}", kota_code.replace('.', ""))
}

/// The kota a unit lies in, by its code: `31.71` for a kelurahan, kecamatan
/// or the kota itself in it (`31.71.01.1001`), and for a sudin of it
/// (`DBM-3171`); `None` for the province, a dinas or the Monitoring Room.
pub fn kota_of(code: &str) -> Option<String> {
    if let Some(rest) = code.strip_prefix("31.") {
        let kota = rest.get(..2)?;
        return kota
            .chars()
            .all(|c| c.is_ascii_digit())
            .then(|| format!("31.{kota}"));
    }
    let (_, suffix) = code.rsplit_once('-')?;
    (suffix.len() == 4 && suffix.starts_with("31") && suffix.chars().all(|c| c.is_ascii_digit()))
        .then(|| format!("31.{}", &suffix[2..]))
}

/// The short name of a kota ("Jakarta Pusat" for "Kota Administrasi Jakarta
/// Pusat").
pub fn kota_short_name(name: &str) -> &str {
    name.trim_start_matches("Kota Administrasi ")
        .trim_start_matches("Kabupaten Administrasi ")
}

/// One node of the tree, as the tree needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitNode {
    pub code: String,
    pub parent_code: Option<String>,
    pub level: UnitLevel,
    pub name: String,
}

/// The whole tree of units, for questions of scope.
#[derive(Debug, Clone, Default)]
pub struct UnitTree {
    nodes: HashMap<String, UnitNode>,
    children: HashMap<String, Vec<String>>,
}

impl UnitTree {
    /// Builds the tree from its nodes (in any order).
    pub fn new(nodes: impl IntoIterator<Item = UnitNode>) -> Self {
        let mut tree = UnitTree::default();
        for node in nodes {
            if let Some(parent) = &node.parent_code {
                tree.children
                    .entry(parent.clone())
                    .or_default()
                    .push(node.code.clone());
            }
            tree.nodes.insert(node.code.clone(), node);
        }
        for kids in tree.children.values_mut() {
            kids.sort();
        }
        tree
    }

    /// The unit with this code.
    pub fn get(&self, code: &str) -> Option<&UnitNode> {
        self.nodes.get(code)
    }

    /// The units directly below `code`, by code.
    pub fn children(&self, code: &str) -> &[String] {
        self.children.get(code).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every unit of a level, by code.
    pub fn of_level(&self, level: UnitLevel) -> Vec<&UnitNode> {
        let mut v: Vec<&UnitNode> = self.nodes.values().filter(|n| n.level == level).collect();
        v.sort_by(|a, b| a.code.cmp(&b.code));
        v
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree has no unit.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The unit and every unit below it, the unit first. Empty when the code
    /// is unknown.
    pub fn subtree(&self, code: &str) -> Vec<String> {
        let mut out = Vec::new();
        if !self.nodes.contains_key(code) {
            return out;
        }
        let mut stack = vec![code.to_string()];
        while let Some(c) = stack.pop() {
            if let Some(kids) = self.children.get(&c) {
                stack.extend(kids.iter().rev().cloned());
            }
            out.push(c);
        }
        out
    }

    /// Whether `code` is `ancestor` or lies below it.
    pub fn is_within(&self, code: &str, ancestor: &str) -> bool {
        let mut cur = Some(code);
        while let Some(c) = cur {
            if c == ancestor {
                return true;
            }
            cur = self.nodes.get(c).and_then(|n| n.parent_code.as_deref());
        }
        false
    }
}

/// The levels a new unit of `level` may sit under: a kota under the
/// province, a kecamatan under a kota, a kelurahan under a kecamatan, a
/// dinas (or badan, biro, BUMD) under the province, a sudin under its dinas.
/// No new province.
pub fn parent_levels(level: UnitLevel) -> &'static [UnitLevel] {
    match level {
        UnitLevel::Provinsi => &[],
        UnitLevel::Kota | UnitLevel::Dinas => &[UnitLevel::Provinsi],
        UnitLevel::Kecamatan => &[UnitLevel::Kota],
        UnitLevel::Kelurahan => &[UnitLevel::Kecamatan],
        UnitLevel::Sudin => &[UnitLevel::Dinas],
    }
}

/// Why `code` cannot name a new unit, or `Ok`: 2–40 letters, digits, dots
/// and dashes.
pub fn check_code(code: &str) -> Result<(), String> {
    let ok = (2..=40).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if ok {
        Ok(())
    } else {
        Err("2 to 40 letters, digits, dots and dashes".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_units_sit_under_their_kind() {
        assert_eq!(parent_levels(UnitLevel::Sudin), &[UnitLevel::Dinas]);
        assert_eq!(parent_levels(UnitLevel::Dinas), &[UnitLevel::Provinsi]);
        assert!(parent_levels(UnitLevel::Provinsi).is_empty());
        assert!(check_code("BUMD-TJ").is_ok());
        assert!(check_code("31.71.01.1001").is_ok());
        assert!(check_code("a b").is_err());
        assert!(check_code("x").is_err());
    }

    #[test]
    fn the_kota_of_a_unit_is_read_from_its_code() {
        assert_eq!(kota_of("31.71.01.1001").as_deref(), Some("31.71"));
        assert_eq!(kota_of("31.71").as_deref(), Some("31.71"));
        assert_eq!(kota_of("DBM-3173").as_deref(), Some("31.73"));
        assert_eq!(kota_of("SATPOLPP-3171").as_deref(), Some("31.71"));
        assert_eq!(kota_of("31"), None);
        assert_eq!(kota_of("DBM"), None);
        assert_eq!(kota_of("JSC"), None);
    }

    fn node(code: &str, parent: Option<&str>, level: UnitLevel) -> UnitNode {
        UnitNode {
            code: code.into(),
            parent_code: parent.map(Into::into),
            level,
            name: code.into(),
        }
    }

    fn tree() -> UnitTree {
        UnitTree::new(vec![
            node("31.71.01.1001", Some("31.71.01"), UnitLevel::Kelurahan),
            node("31", None, UnitLevel::Provinsi),
            node("31.71", Some("31"), UnitLevel::Kota),
            node("31.71.01", Some("31.71"), UnitLevel::Kecamatan),
            node("31.71.01.1002", Some("31.71.01"), UnitLevel::Kelurahan),
            node("31.72", Some("31"), UnitLevel::Kota),
            node("DBM", Some("31"), UnitLevel::Dinas),
            node("DBM-3171", Some("DBM"), UnitLevel::Sudin),
        ])
    }

    #[test]
    fn subtree_holds_the_unit_and_everything_below() {
        let t = tree();
        assert_eq!(
            t.subtree("31.71"),
            vec!["31.71", "31.71.01", "31.71.01.1001", "31.71.01.1002"]
        );
        assert_eq!(t.subtree("31.71.01.1001"), vec!["31.71.01.1001"]);
        assert_eq!(t.subtree("DBM"), vec!["DBM", "DBM-3171"]);
        assert_eq!(t.subtree("31").len(), 8);
        assert!(t.subtree("99").is_empty());
    }

    #[test]
    fn within_follows_parents() {
        let t = tree();
        assert!(t.is_within("31.71.01.1002", "31.71"));
        assert!(t.is_within("31.71", "31.71"));
        assert!(!t.is_within("31.71.01.1002", "31.72"));
        assert!(t.is_within("DBM-3171", "31"));
        assert!(!t.is_within("DBM-3171", "31.71"));
    }

    #[test]
    fn names_and_codes_of_kota_units() {
        assert_eq!(sudin_code("DISHUB", "31.71"), "DISHUB-3171");
        assert_eq!(
            kota_short_name("Kota Administrasi Jakarta Pusat"),
            "Jakarta Pusat"
        );
        assert_eq!(
            kota_short_name("Kabupaten Administrasi Kepulauan Seribu"),
            "Kepulauan Seribu"
        );
    }
}
