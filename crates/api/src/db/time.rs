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

/// An instant read from a `TIMESTAMP` column where many rows are read at
/// once (scores, statistics, the monitoring boards). On SQLite the column
/// holds text, and diesel parses it with chrono's format parser, trying
/// formats in turn: that was a fifth of a statistics request. The text
/// diesel writes (`2026-11-03 04:05:06.123456`) is read here directly; any
/// other stored form goes to diesel's parser. On PostgreSQL it is diesel's
/// own binary decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, diesel::deserialize::FromSqlRow)]
pub struct Stamp(pub NaiveDateTime);

impl Stamp {
    /// The instant, in UTC.
    pub fn utc(self) -> DateTime<Utc> {
        from_db(self.0)
    }
}

impl From<Stamp> for NaiveDateTime {
    fn from(s: Stamp) -> Self {
        s.0
    }
}

/// A [`Stamp`] from a nullable column, for the stored rows whose fields stay
/// `Option<NaiveDateTime>` (`#[diesel(deserialize_as = MaybeStamp)]`): a
/// report's row has eight timestamps, read on every report and every page
/// of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, diesel::deserialize::FromSqlRow)]
pub struct MaybeStamp(pub Option<NaiveDateTime>);

impl From<MaybeStamp> for Option<NaiveDateTime> {
    fn from(s: MaybeStamp) -> Self {
        s.0
    }
}

/// `YYYY-MM-DD HH:MM:SS` with an optional fraction of one to nine digits,
/// as diesel writes a timestamp on SQLite.
fn parse_written(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date =
        chrono::NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 7)?, num(8, 10)?)?;
    let nanos = match &b[19..] {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            num(20, b.len())? * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    let time =
        chrono::NaiveTime::from_hms_nano_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?, nanos)?;
    Some(date.and_time(time))
}

mod decode {
    //! `Stamp` and `MaybeStamp` from each engine's raw value.
    use super::{parse_written, MaybeStamp, Stamp};
    use crate::db::connection::MultiRawValue;
    use chrono::NaiveDateTime;
    use diesel::backend::Backend;
    use diesel::deserialize::{self, FromSql};
    use diesel::pg::Pg;
    use diesel::sql_types::{Nullable, Timestamp};
    use diesel::sqlite::{Sqlite, SqliteType};

    impl FromSql<Timestamp, Sqlite> for Stamp {
        fn from_sql(
            mut value: diesel::sqlite::SqliteValue<'_, '_, '_>,
        ) -> deserialize::Result<Self> {
            if value.value_type() == Some(SqliteType::Text) {
                if let Some(t) = parse_written(value.read_text()) {
                    return Ok(Stamp(t));
                }
            }
            <NaiveDateTime as FromSql<Timestamp, Sqlite>>::from_sql(value).map(Stamp)
        }
    }

    impl FromSql<Timestamp, Pg> for Stamp {
        fn from_sql(value: diesel::pg::PgValue<'_>) -> deserialize::Result<Self> {
            <NaiveDateTime as FromSql<Timestamp, Pg>>::from_sql(value).map(Stamp)
        }
    }

    impl FromSql<Timestamp, crate::db::connection::MultiBackend> for Stamp {
        fn from_sql(value: MultiRawValue<'_>) -> deserialize::Result<Self> {
            value.from_sql::<Self, Timestamp>()
        }
    }

    /// On each engine: a value is a [`Stamp`], NULL is none.
    macro_rules! maybe_stamp {
        ($($engine:ty),*) => {$(
            impl FromSql<Nullable<Timestamp>, $engine> for MaybeStamp {
                fn from_sql(value: <$engine as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                    <Stamp as FromSql<Timestamp, $engine>>::from_sql(value).map(|s| MaybeStamp(Some(s.0)))
                }

                fn from_nullable_sql(
                    value: Option<<$engine as Backend>::RawValue<'_>>,
                ) -> deserialize::Result<Self> {
                    match value {
                        Some(value) => <Self as FromSql<Nullable<Timestamp>, $engine>>::from_sql(value),
                        None => Ok(MaybeStamp(None)),
                    }
                }
            }
        )*};
    }
    maybe_stamp!(Sqlite, Pg, crate::db::connection::MultiBackend);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_form_reads_as_chrono_reads_it() {
        for text in [
            "2026-11-03 04:05:06",
            "2026-11-03 04:05:06.1",
            "2026-11-03 04:05:06.123456",
            "2026-11-03 23:59:59.123456789",
            "1999-02-28 00:00:00.000001",
        ] {
            let chrono = NaiveDateTime::parse_from_str(text, "%F %T%.f").expect("chrono reads it");
            assert_eq!(parse_written(text), Some(chrono), "{text}");
        }
        let t = Utc::now().naive_utc();
        assert_eq!(parse_written(&t.format("%F %T%.f").to_string()), Some(t));
    }

    /// Read through the two-engine connection: diesel's own text, the
    /// other forms diesel reads (ISO with `T` and `Z`, a Julian day number)
    /// and NULL.
    #[test]
    fn a_column_reads_as_diesel_would_read_it() {
        use crate::db::DbConn;
        use diesel::connection::SimpleConnection;
        use diesel::prelude::*;
        use diesel::sql_types::{Nullable, Timestamp};
        let mut conn = DbConn::Sqlite(
            diesel::SqliteConnection::establish(":memory:").expect("an in-memory database"),
        );
        conn.batch_execute(
            "CREATE TABLE t (n INTEGER PRIMARY KEY, at TIMESTAMP);
             INSERT INTO t VALUES (1, '2026-11-03 04:05:06.123456'),
                                  (2, '2026-11-03T04:05:06Z'),
                                  (3, 2461347.5),
                                  (4, NULL);",
        )
        .expect("rows");
        let read = |conn: &mut DbConn| -> Vec<Option<Stamp>> {
            diesel::dsl::sql::<Nullable<Timestamp>>("SELECT at FROM t ORDER BY n")
                .load(conn)
                .expect("every form reads")
        };
        let naive = |conn: &mut DbConn| -> Vec<Option<NaiveDateTime>> {
            diesel::dsl::sql::<Nullable<Timestamp>>("SELECT at FROM t ORDER BY n")
                .load(conn)
                .expect("diesel reads them")
        };
        let ours: Vec<Option<NaiveDateTime>> = read(&mut conn)
            .into_iter()
            .map(|s| s.map(|s| s.0))
            .collect();
        assert_eq!(ours, naive(&mut conn));
        assert_eq!(
            ours[0],
            NaiveDateTime::parse_from_str("2026-11-03 04:05:06.123456", "%F %T%.f").ok()
        );
        assert!(ours[2].is_some(), "a Julian day number");
        assert_eq!(ours[3], None);
        // The same through the engine's own connection, where stored rows
        // are read, and as `MaybeStamp`.
        let DbConn::Sqlite(native) = &mut conn else {
            unreachable!("made as SQLite above")
        };
        let maybe: Vec<MaybeStamp> =
            diesel::dsl::sql::<Nullable<Timestamp>>("SELECT at FROM t ORDER BY n")
                .load(native)
                .expect("every form reads");
        let maybe: Vec<Option<NaiveDateTime>> = maybe.into_iter().map(Into::into).collect();
        assert_eq!(maybe, ours);
    }

    #[test]
    fn any_other_text_is_left_to_diesel() {
        for text in [
            "",
            "2026-11-03T04:05:06",
            "2026-11-03 04:05",
            "2026-11-03 04:05:06+07:00",
            "2026-11-03 04:05:06.",
            "2026-11-03 04:05:06.1234567890",
            "2026-02-30 04:05:06",
            "2026-11-03 24:05:06",
            "2026-11-0x 04:05:06",
            "२०२६-11-03 04:05:06",
        ] {
            assert_eq!(parse_written(text), None, "{text}");
        }
    }
}
