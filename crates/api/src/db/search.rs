//! Full-text search over a report's description, address and public notes,
//! behind one function for both engines: SQLite's FTS5 table `reports_fts`
//! and PostgreSQL's generated `reports.search` tsvector (GIN index), both
//! kept current by triggers (see the monitoring migration). Every word of
//! the query must occur, as a word or the start of one.

use crate::db::connection::MultiBackend;
use crate::db::schema::reports;
use crate::db::DbConn;
use diesel::dsl::sql;
use diesel::expression::BoxableExpression;
use diesel::sql_types::{Bool, Text};

/// At most this many words count.
pub const MAX_TERMS: usize = 8;
/// Longest word kept.
pub const MAX_TERM_CHARS: usize = 40;

/// The words of a query: letters and digits, lower-cased; punctuation and
/// operators of either engine never reach it.
pub fn terms(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().chars().take(MAX_TERM_CHARS).collect())
        .take(MAX_TERMS)
        .collect()
}

/// A filter on `reports` matching every one of `terms`.
pub fn matches(
    conn: &DbConn,
    terms: &[String],
) -> Box<dyn BoxableExpression<reports::table, MultiBackend, SqlType = Bool>> {
    match conn {
        DbConn::Sqlite(_) => {
            let m = terms
                .iter()
                .map(|t| format!("\"{t}\"*"))
                .collect::<Vec<_>>()
                .join(" ");
            Box::new(
                sql::<Bool>(
                    "reports.number IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ",
                )
                .bind::<Text, _>(m)
                .sql(")"),
            )
        }
        DbConn::Postgres(_) => {
            let m = terms
                .iter()
                .map(|t| format!("{t}:*"))
                .collect::<Vec<_>>()
                .join(" & ");
            Box::new(
                sql::<Bool>("reports.search @@ to_tsquery('simple', ")
                    .bind::<Text, _>(m)
                    .sql(")"),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_and_punctuation_never_reach_the_engine() {
        assert_eq!(
            terms("Sampah  \"menumpuk\"* OR jl.Sudirman"),
            vec!["sampah", "menumpuk", "or", "jl", "sudirman"]
        );
        assert_eq!(terms("':* & | !()"), Vec::<String>::new());
        assert_eq!(terms("a b c d e f g h i j").len(), MAX_TERMS);
    }
}
