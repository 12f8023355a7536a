//! Full-text search over a report's description, address and public notes,
//! one rule for both engines: every word of the query must occur, as a word
//! or the start of one. SQLite answers from the FTS5 table `reports_fts`,
//! PostgreSQL from the generated `reports.search` tsvector (GIN index), both
//! kept current by triggers (see the monitoring migration); `terms` is the
//! one reading of a query and `db::reports::list` the one entry point.

use crate::db::connection::MultiBackend;
use crate::db::schema::reports;
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
/// kind (`h` holder, `s` status, `c` category, `k` channel) and the code
/// without `.` and `-`, lower-cased — exactly as the migration's triggers
/// write it (unit, category and channel codes hold only ASCII letters,
/// digits, `.` and `-`).
pub fn facet(kind: char, code: &str) -> String {
    std::iter::once(kind)
        .chain(
            code.chars()
                .filter(|c| !matches!(c, '.' | '-'))
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

/// PostgreSQL: a filter on `reports` matching every one of `terms` in the
/// generated `search` tsvector (SQLite searches through
/// `db::reports::list`'s FTS5 path instead).
pub fn pg_matches(
    terms: &[String],
) -> Box<dyn BoxableExpression<reports::table, MultiBackend, SqlType = Bool>> {
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
