//! Reference data: the Jakarta administrative tree (shipped as CSV, ODbL),
//! the sectoral units, the categories and the 14 channels. Whatever is
//! missing is inserted at start; what exists is left as an administrator may
//! have changed it.

use crate::db::schema::{categories, category_versions, channels, units};
use crate::db::{Db, DbConn, DbError};
use crm_domain::api::{Category, Channel, Unit};
use crm_domain::unit::{kota_short_name, sudin_code, UnitNode, PROVINCE_CODE, SECTORAL_UNITS};
use crm_domain::{category::DEFAULT_CATEGORIES, channel::CHANNELS, Bands, UnitLevel};
use diesel::prelude::*;
use std::collections::HashSet;

/// Jakarta's official tree (Kemendagri codes): 1 provinsi, 6 kota, 44
/// kecamatan, 267 kelurahan. From idn-area-data 4.0.1, ODbL 1.0.
const WILAYAH_CSV: &str = include_str!("../../data/jakarta-wilayah.csv");

#[derive(Insertable, Queryable)]
#[diesel(table_name = units)]
struct UnitRow {
    code: String,
    parent_code: Option<String>,
    level: String,
    name: String,
    active: bool,
}

#[derive(Insertable, Queryable)]
#[diesel(table_name = categories)]
struct CategoryRow {
    code: String,
    name: String,
    weight: f64,
    t1: f64,
    t2: f64,
    t3: f64,
    evidence_required: bool,
}

#[derive(Insertable, Queryable)]
#[diesel(table_name = channels)]
struct ChannelRow {
    code: String,
    name: String,
    kind: String,
}

/// Every unit the system starts with, parents before children.
pub fn default_units() -> Vec<UnitNode> {
    let mut out = Vec::new();
    for line in WILAYAH_CSV.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        if let [code, parent, level, name] = cols[..] {
            if let Ok(level) = level.parse::<UnitLevel>() {
                out.push(UnitNode {
                    code: code.to_string(),
                    parent_code: (!parent.is_empty()).then(|| parent.to_string()),
                    level,
                    name: name.to_string(),
                });
            }
        }
    }
    let kota: Vec<(String, String)> = out
        .iter()
        .filter(|u| u.level == UnitLevel::Kota)
        .map(|u| (u.code.clone(), kota_short_name(&u.name).to_string()))
        .collect();
    for s in SECTORAL_UNITS {
        out.push(UnitNode {
            code: s.code.to_string(),
            parent_code: Some(PROVINCE_CODE.to_string()),
            level: UnitLevel::Dinas,
            name: s.name.to_string(),
        });
        if let Some(prefix) = s.per_kota {
            for (kcode, kname) in &kota {
                out.push(UnitNode {
                    code: sudin_code(s.code, kcode),
                    parent_code: Some(s.code.to_string()),
                    level: UnitLevel::Sudin,
                    name: format!("{prefix} {kname}"),
                });
            }
        }
    }
    out
}

/// Inserts whatever reference data is missing, in one transaction.
pub fn ensure(db: &Db) -> Result<(), DbError> {
    db.write_blocking(|conn: &mut DbConn| -> Result<(), DbError> {
        let have: HashSet<String> = units::table
            .select(units::code)
            .load(conn)?
            .into_iter()
            .collect();
        let mut added = 0;
        for u in default_units() {
            if have.contains(&u.code) {
                continue;
            }
            diesel::insert_into(units::table)
                .values(&UnitRow {
                    code: u.code,
                    parent_code: u.parent_code,
                    level: u.level.as_str().to_string(),
                    name: u.name,
                    active: true,
                })
                .execute(conn)?;
            added += 1;
        }
        let have: HashSet<String> = categories::table
            .select(categories::code)
            .load(conn)?
            .into_iter()
            .collect();
        for c in DEFAULT_CATEGORIES.iter().filter(|c| !have.contains(c.code)) {
            diesel::insert_into(categories::table)
                .values(&CategoryRow {
                    code: c.code.to_string(),
                    name: c.name.to_string(),
                    weight: c.weight,
                    t1: c.bands.t1,
                    t2: c.bands.t2,
                    t3: c.bands.t3,
                    evidence_required: crm_domain::category::evidence_required_by_default(c.code),
                })
                .execute(conn)?;
            diesel::insert_into(category_versions::table)
                .values((
                    category_versions::category_code.eq(c.code),
                    category_versions::valid_from.eq(chrono::DateTime::UNIX_EPOCH.naive_utc()),
                    category_versions::weight.eq(c.weight),
                    category_versions::t1.eq(c.bands.t1),
                    category_versions::t2.eq(c.bands.t2),
                    category_versions::t3.eq(c.bands.t3),
                    category_versions::evidence_required
                        .eq(crm_domain::category::evidence_required_by_default(c.code)),
                ))
                .execute(conn)?;
            added += 1;
        }
        let have: HashSet<String> = channels::table
            .select(channels::code)
            .load(conn)?
            .into_iter()
            .collect();
        for c in CHANNELS.iter().filter(|c| !have.contains(c.code)) {
            diesel::insert_into(channels::table)
                .values(&ChannelRow {
                    code: c.code.to_string(),
                    name: c.name.to_string(),
                    kind: c.kind.as_str().to_string(),
                })
                .execute(conn)?;
            added += 1;
        }
        if added > 0 {
            log::info!("loaded {added} missing reference rows");
        }
        Ok(())
    })
}

/// Units, categories and channels, as stored.
pub type Reference = (Vec<Unit>, Vec<Category>, Vec<Channel>);

/// The codes of every kelurahan, in order.
pub fn kelurahan_codes(conn: &mut DbConn) -> Result<Vec<String>, DbError> {
    Ok(units::table
        .filter(units::level.eq(UnitLevel::Kelurahan.as_str()))
        .select(units::code)
        .order(units::code)
        .load(conn)?)
}

/// Reads units, categories and channels as stored.
pub fn load(conn: &mut DbConn) -> Result<Reference, DbError> {
    let unit_rows: Vec<UnitRow> = units::table.order(units::code).load(conn)?;
    let units = unit_rows
        .into_iter()
        .filter_map(|r| {
            Some(Unit {
                level: r.level.parse().ok()?,
                code: r.code,
                name: r.name,
                parent_code: r.parent_code,
                active: r.active,
            })
        })
        .collect();
    let cat_rows: Vec<CategoryRow> = categories::table.order(categories::name).load(conn)?;
    let cats = cat_rows
        .into_iter()
        .map(|r| Category {
            code: r.code,
            name: r.name,
            weight: r.weight,
            bands: Bands::new(r.t1, r.t2, r.t3),
            evidence_required: r.evidence_required,
        })
        .collect();
    let ch_rows: Vec<ChannelRow> = channels::table.load(conn)?;
    let order = |code: &str| {
        CHANNELS
            .iter()
            .position(|c| c.code == code)
            .unwrap_or(usize::MAX)
    };
    let mut chans: Vec<Channel> = ch_rows
        .into_iter()
        .filter_map(|r| {
            Some(Channel {
                kind: r.kind.parse().ok()?,
                code: r.code,
                name: r.name,
            })
        })
        .collect();
    chans.sort_by_key(|c| order(&c.code));
    Ok((units, cats, chans))
}

/// Adds a unit; `false` when the code is taken.
pub fn insert_unit(conn: &mut DbConn, u: &Unit) -> Result<bool, DbError> {
    let taken: i64 = units::table
        .filter(units::code.eq(&u.code))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Ok(false);
    }
    diesel::insert_into(units::table)
        .values(&UnitRow {
            code: u.code.clone(),
            parent_code: u.parent_code.clone(),
            level: u.level.as_str().to_string(),
            name: u.name.clone(),
            active: u.active,
        })
        .execute(conn)?;
    Ok(true)
}

/// Writes a unit's name and active flag.
pub fn update_unit(conn: &mut DbConn, u: &Unit) -> Result<(), DbError> {
    diesel::update(units::table.find(&u.code))
        .set((units::name.eq(&u.name), units::active.eq(u.active)))
        .execute(conn)?;
    Ok(())
}

/// How many open (not Selesai) reports the unit holds.
pub fn open_reports_held(conn: &mut DbConn, code: &str) -> Result<i64, DbError> {
    use crate::db::schema::reports;
    Ok(reports::table
        .filter(reports::holder_code.eq(code))
        .filter(reports::status.ne(crm_domain::ReportStatus::Selesai.as_str()))
        .count()
        .get_result(conn)?)
}

/// Adds a category with its first version (valid from the beginning: no
/// report had it before). `false` when the code is taken.
pub fn insert_category(conn: &mut DbConn, c: &Category, by: &str) -> Result<bool, DbError> {
    let taken: i64 = categories::table
        .filter(categories::code.eq(&c.code))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Ok(false);
    }
    diesel::insert_into(categories::table)
        .values(&CategoryRow {
            code: c.code.clone(),
            name: c.name.clone(),
            weight: c.weight,
            t1: c.bands.t1,
            t2: c.bands.t2,
            t3: c.bands.t3,
            evidence_required: c.evidence_required,
        })
        .execute(conn)?;
    diesel::insert_into(category_versions::table)
        .values((
            category_versions::category_code.eq(&c.code),
            category_versions::valid_from.eq(chrono::DateTime::UNIX_EPOCH.naive_utc()),
            category_versions::weight.eq(c.weight),
            category_versions::t1.eq(c.bands.t1),
            category_versions::t2.eq(c.bands.t2),
            category_versions::t3.eq(c.bands.t3),
            category_versions::evidence_required.eq(c.evidence_required),
            category_versions::changed_by.eq(by),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Changes a category's bands, weight and evidence rule, keeping the
/// figures as a new version valid from `at`. `None` for an unknown code.
pub fn update_category(
    conn: &mut DbConn,
    code: &str,
    weight: f64,
    bands: Bands,
    evidence_required: bool,
    at: chrono::NaiveDateTime,
    by: &str,
) -> Result<Option<Category>, DbError> {
    let changed = diesel::update(categories::table.find(code))
        .set((
            categories::weight.eq(weight),
            categories::t1.eq(bands.t1),
            categories::t2.eq(bands.t2),
            categories::t3.eq(bands.t3),
            categories::evidence_required.eq(evidence_required),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    diesel::insert_into(category_versions::table)
        .values((
            category_versions::category_code.eq(code),
            category_versions::valid_from.eq(at),
            category_versions::weight.eq(weight),
            category_versions::t1.eq(bands.t1),
            category_versions::t2.eq(bands.t2),
            category_versions::t3.eq(bands.t3),
            category_versions::evidence_required.eq(evidence_required),
            category_versions::changed_by.eq(by),
        ))
        .execute(conn)?;
    let name: String = categories::table
        .find(code)
        .select(categories::name)
        .first(conn)?;
    Ok(Some(Category {
        code: code.to_string(),
        name,
        weight,
        bands,
        evidence_required,
    }))
}

/// Every category's bands and weight as valid at `t` (the latest version
/// from at or before `t`; the first version for an earlier `t`).
pub fn category_table_at(
    conn: &mut DbConn,
    t: chrono::DateTime<chrono::Utc>,
) -> Result<crm_domain::tkd::CategoryTable, DbError> {
    let at = crate::db::time::to_db(t);
    let rows: Vec<(String, chrono::NaiveDateTime, f64, f64, f64, f64)> = category_versions::table
        .order((
            category_versions::category_code.asc(),
            category_versions::valid_from.asc(),
            category_versions::id.asc(),
        ))
        .select((
            category_versions::category_code,
            category_versions::valid_from,
            category_versions::weight,
            category_versions::t1,
            category_versions::t2,
            category_versions::t3,
        ))
        .load(conn)?;
    let mut table = crm_domain::tkd::CategoryTable::new();
    for (code, from, weight, t1, t2, t3) in rows {
        let entry = (Bands::new(t1, t2, t3), weight);
        if from <= at || !table.contains_key(&code) {
            table.insert(code, entry);
        }
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_has_the_official_counts() {
        let units = default_units();
        let count = |l: UnitLevel| units.iter().filter(|u| u.level == l).count();
        assert_eq!(count(UnitLevel::Provinsi), 1);
        assert_eq!(count(UnitLevel::Kota), 6);
        assert_eq!(count(UnitLevel::Kecamatan), 44);
        assert_eq!(count(UnitLevel::Kelurahan), 267);
        assert_eq!(count(UnitLevel::Dinas), SECTORAL_UNITS.len());
        assert_eq!(count(UnitLevel::Sudin), 12 * 6);
        let sudin = units
            .iter()
            .find(|u| u.code == "DISHUB-3171")
            .expect("sudin");
        assert_eq!(sudin.name, "Sudin Perhubungan Jakarta Pusat");
    }

    #[test]
    fn parents_come_before_children() {
        let mut seen = HashSet::new();
        for u in default_units() {
            if let Some(p) = &u.parent_code {
                assert!(seen.contains(p), "{} before its parent {p}", u.code);
            }
            seen.insert(u.code);
        }
    }
}
