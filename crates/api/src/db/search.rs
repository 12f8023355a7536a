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

/// The FTS5 query of `terms`: each a quoted prefix, all required.
pub fn fts_query(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{t}\"*"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The token of a filter value in the FTS5 `facets` column: a one-letter
/// kind (`h` holder, `s` status, `c` category, `k` channel) and the code's
/// letters and digits, lower-cased — as the migration's triggers write it.
pub fn facet(kind: char, code: &str) -> String {
    std::iter::once(kind)
        .chain(
            code.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase()),
        )
        .collect()
}

/// SQLite: the FTS5 query of `terms` in the text columns, and, for each
/// group of facet tokens, one of them in `facets` (an empty group matches
/// nothing).
pub fn fts_query_with(terms: &[String], groups: &[Vec<String>]) -> String {
    let mut parts = vec![format!(
        "{{description address notes}} : ({})",
        fts_query(terms)
    )];
    for g in groups {
        let any = if g.is_empty() {
            "hnothing".to_string()
        } else {
            g.join(" OR ")
        };
        parts.push(format!("facets : ({any})"));
    }
    parts.join(" AND ")
}

/// A filter on `reports` matching every one of `terms`.
pub fn matches(
    conn: &DbConn,
    terms: &[String],
) -> Box<dyn BoxableExpression<reports::table, MultiBackend, SqlType = Bool>> {
    match conn {
        DbConn::Sqlite(_) => {
            let m = fts_query(terms);
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
    fn filters_become_facet_tokens_outside_the_text_columns() {
        assert_eq!(facet('h', "31.71.01.1001"), "h3171011001");
        assert_eq!(facet('h', "DBM-3171"), "hdbm3171");
        assert_eq!(facet('c', "jalan-rusak"), "cjalanrusak");
        assert_eq!(
            fts_query_with(
                &["jal".into()],
                &[vec!["h3171011001".into(), "hdbm3171".into()], vec!["sproses".into()]]
            ),
            "{description address notes} : (\"jal\"*) AND facets : (h3171011001 OR hdbm3171) AND facets : (sproses)"
        );
    }

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
