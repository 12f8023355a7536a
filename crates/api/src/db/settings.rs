//! The administrator's settings, one row per version (its values as JSON),
//! never changed once written: a new version is a new row valid from its
//! moment.

use crate::db::schema::settings_versions;
use crate::db::time::{from_db, to_db};
use crate::db::{DbConn, DbError};
use chrono::{DateTime, Utc};
use crm_domain::api::SettingsVersion;
use crm_domain::settings::{Settings, Version, Versions};
use diesel::prelude::*;

#[derive(Queryable)]
struct Row {
    version: i64,
    valid_from: chrono::NaiveDateTime,
    body: String,
    changed_by: Option<String>,
    reason: String,
}

/// Every version, oldest first. A row whose values cannot be read (written
/// by a newer release with more fields, say) is read with the defaults for
/// what is missing.
pub fn load(conn: &mut DbConn) -> Result<Vec<SettingsVersion>, DbError> {
    let rows: Vec<Row> = settings_versions::table
        .order((settings_versions::valid_from, settings_versions::version))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| SettingsVersion {
            version: r.version,
            valid_from: from_db(r.valid_from),
            changed_by: r.changed_by,
            reason: r.reason,
            settings: read(&r.body),
        })
        .collect())
}

/// A stored version: a value it lacks (stored before that setting existed)
/// reads as the default.
fn read(body: &str) -> Settings {
    let mut merged = serde_json::to_value(Settings::default()).unwrap_or_default();
    match (
        serde_json::from_str::<serde_json::Value>(body),
        merged.as_object_mut(),
    ) {
        (Ok(serde_json::Value::Object(stored)), Some(base)) => base.extend(stored),
        (Err(e), _) => log::warn!("settings: a stored version cannot be read ({e})"),
        _ => log::warn!("settings: a stored version is not an object"),
    }
    serde_json::from_value(merged).unwrap_or_else(|e| {
        log::warn!("settings: a stored version cannot be read ({e}); using the defaults");
        Settings::default()
    })
}

/// The versions as the rules need them.
pub fn versions(list: &[SettingsVersion]) -> Versions {
    Versions::new(
        list.iter()
            .map(|v| Version {
                version: v.version,
                valid_from: v.valid_from,
                settings: v.settings.clone(),
            })
            .collect(),
    )
}

/// Writes the first version (valid from the beginning) unless one exists.
/// Servers starting together write it once.
pub fn ensure_first(conn: &mut DbConn, first: &Settings) -> Result<(), DbError> {
    if latest(conn)? > 0 {
        return Ok(());
    }
    let body = serde_json::to_string(first).unwrap_or_default();
    // Another server may write it first.
    crate::db::inserted_unless_taken(
        diesel::insert_into(settings_versions::table)
            .values((
                settings_versions::version.eq(1_i64),
                settings_versions::valid_from.eq(DateTime::UNIX_EPOCH.naive_utc()),
                settings_versions::body.eq(body),
                settings_versions::reason.eq("Nilai awal saat sistem dipasang"),
            ))
            .execute(conn),
    )
    .map(|_| ())
}

/// The latest version's number.
pub fn latest(conn: &mut DbConn) -> Result<i64, DbError> {
    Ok(settings_versions::table
        .select(diesel::dsl::max(settings_versions::version))
        .first::<Option<i64>>(conn)?
        .unwrap_or(0))
}

/// Adds version `version` valid from `at` (call in the change's
/// transaction; a version written meanwhile by another server fails on the
/// primary key).
pub fn insert(
    conn: &mut DbConn,
    version: i64,
    at: DateTime<Utc>,
    settings: &Settings,
    by: &str,
    reason: &str,
) -> Result<SettingsVersion, DbError> {
    diesel::insert_into(settings_versions::table)
        .values((
            settings_versions::version.eq(version),
            settings_versions::valid_from.eq(to_db(at)),
            settings_versions::body.eq(serde_json::to_string(settings).unwrap_or_default()),
            settings_versions::changed_by.eq(by),
            settings_versions::reason.eq(reason),
        ))
        .execute(conn)?;
    Ok(SettingsVersion {
        version,
        valid_from: from_db(to_db(at)),
        changed_by: Some(by.to_string()),
        reason: reason.to_string(),
        settings: settings.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_stored_before_a_setting_existed_reads_its_default() {
        let s = read(r#"{"response_hours": 4.0, "cutoff_day": 5}"#);
        assert_eq!(s.response_hours, 4.0);
        assert_eq!(s.cutoff_day, 5);
        assert_eq!(s.similar_radius_m, Settings::default().similar_radius_m);
        assert_eq!(read("not json"), Settings::default());
    }
}
