//! Hand-written statements that stay compiled. Diesel keeps a statement
//! compiled on its connection only when its query builder can tell that is
//! safe, and never a raw `sql_query`. [`ByNumber`] is a fixed SQL text
//! around one number: the connection caches it by that text, as it caches
//! diesel's own inserts, so it is parsed once per connection; its rows are
//! read by position, like the query builder's.

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, HasSqlType, SqlType};
use diesel::{QueryResult, RunQueryDsl};
use std::marker::PhantomData;

/// A fixed SQL text with one number bound between each two of its pieces
/// (`?` on SQLite, `$1`, `$2`… on PostgreSQL, written by the engine's own
/// query builder), whose rows have the columns `ST`.
#[derive(Debug, Clone, Copy)]
pub struct ByNumber<ST> {
    pieces: &'static [&'static str],
    number: i64,
    columns: PhantomData<ST>,
}

impl<ST> ByNumber<ST> {
    /// The statement `pieces[0] number pieces[1] number … pieces[n]`.
    pub const fn new(pieces: &'static [&'static str], number: i64) -> Self {
        ByNumber {
            pieces,
            number,
            columns: PhantomData,
        }
    }
}

/// No static id: the connection's cache keys the statement by its text.
impl<ST> QueryId for ByNumber<ST> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<ST: SqlType> Query for ByNumber<ST> {
    type SqlType = ST;
}

impl<ST, DB> QueryFragment<DB> for ByNumber<ST>
where
    DB: Backend + HasSqlType<BigInt>,
    i64: ToSql<BigInt, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        for (i, piece) in self.pieces.iter().enumerate() {
            if i > 0 {
                out.push_bind_param::<BigInt, i64>(&self.number)?;
            }
            out.push_sql(piece);
        }
        Ok(())
    }
}

impl<ST, Conn> RunQueryDsl<Conn> for ByNumber<ST> {}
