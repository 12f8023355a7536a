//! Stored kelurahan boundaries (GeoJSON geometry text per kelurahan).

use crate::db::schema::boundaries;
use crate::db::{DbConn, DbError};
use diesel::prelude::*;

/// The stored kelurahan boundaries (unreadable ones are left out).
pub fn load(conn: &mut DbConn) -> Result<Vec<(String, geo::MultiPolygon<f64>)>, DbError> {
    let rows: Vec<(String, String)> = boundaries::table
        .order(boundaries::kelurahan_code)
        .select((boundaries::kelurahan_code, boundaries::geometry))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(code, g)| Some((code, crate::boundaries::shape_of(&g)?)))
        .collect())
}

/// Stores boundaries, replacing those of the same kelurahan.
pub fn save(
    conn: &mut DbConn,
    features: &[crate::boundaries::Feature],
    at: chrono::NaiveDateTime,
) -> Result<(), DbError> {
    for f in features {
        diesel::delete(boundaries::table.find(&f.code)).execute(conn)?;
        diesel::insert_into(boundaries::table)
            .values((
                boundaries::kelurahan_code.eq(&f.code),
                boundaries::geometry.eq(&f.geometry),
                boundaries::loaded_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Removes every boundary.
pub fn clear(conn: &mut DbConn) -> Result<usize, DbError> {
    Ok(diesel::delete(boundaries::table).execute(conn)?)
}

/// The stored boundaries as GeoJSON geometry text, by kelurahan.
pub fn geometries(conn: &mut DbConn) -> Result<Vec<(String, String)>, DbError> {
    Ok(boundaries::table
        .order(boundaries::kelurahan_code)
        .select((boundaries::kelurahan_code, boundaries::geometry))
        .load(conn)?)
}

/// How many boundaries are stored and when the last was loaded: changes
/// whenever any process loads or clears them.
pub fn stamp(conn: &mut DbConn) -> Result<(i64, Option<chrono::NaiveDateTime>), DbError> {
    Ok(boundaries::table
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::max(boundaries::loaded_at),
        ))
        .first(conn)?)
}
