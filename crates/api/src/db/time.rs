//! Instants in the database: UTC wall-clock `TIMESTAMP` columns on both
//! engines, converted at this one boundary.

use chrono::{DateTime, NaiveDateTime, Utc};

/// An instant as stored.
pub fn to_db(t: DateTime<Utc>) -> NaiveDateTime {
    t.naive_utc()
}

/// A stored instant.
pub fn from_db(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// Now, truncated to microseconds (what both engines keep).
pub fn now() -> DateTime<Utc> {
    let t = Utc::now();
    DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(t)
}
