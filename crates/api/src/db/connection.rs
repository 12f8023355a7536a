//! The connection type over both engines, the r2d2 manager that opens the
//! right one for a URL (and tunes SQLite) and checks a rested one, and the
//! embedded migrations.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::DbError;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// A connection to either engine.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// Runs a query on the engine's own connection: `native!(conn, |c| query.load(c))`.
///
/// Through the two-engine connection, diesel writes a query's SQL anew on
/// every run (it serialises the query before it looks in its statement
/// cache); on the engine's own connection the statement is found in the cache
/// by the query's type, without writing any SQL. The body is compiled once
/// for each engine, so a query is still written once. Used where a profile
/// showed the cost: reading a report.
macro_rules! native {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::connection::DbConn::Sqlite($c) => $body,
            $crate::db::connection::DbConn::Postgres($c) => $body,
        }
    };
}
pub(crate) use native;

/// The engine behind a database URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A parsed database URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbUrl {
    /// A file path (or `:memory:`).
    Sqlite(String),
    /// A libpq connection URL.
    Postgres(String),
}

impl DbUrl {
    /// The engine of this URL.
    pub fn backend(&self) -> Backend {
        match self {
            DbUrl::Sqlite(_) => Backend::Sqlite,
            DbUrl::Postgres(_) => Backend::Postgres,
        }
    }
}

/// A database URL as it may be shown or logged: any password replaced by
/// `***` (`postgres://crm:***@db/crm`).
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user_info, host)) => {
            let user = user_info.split_once(':').map_or(user_info, |(u, _)| u);
            let masked = if user_info.contains(':') {
                format!("{user}:***")
            } else {
                user.to_string()
            };
            format!("{scheme}://{masked}@{host}{tail}")
        }
        None => url.to_string(),
    }
}

impl FromStr for DbUrl {
    type Err = String;

    /// `postgres://…` or `postgresql://…` select PostgreSQL; `sqlite://path`,
    /// `sqlite:path` or a bare path select SQLite.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return Ok(DbUrl::Postgres(s.to_string()));
        }
        let path = s
            .strip_prefix("sqlite://")
            .or_else(|| s.strip_prefix("sqlite:"))
            .unwrap_or(s);
        if path.is_empty() {
            return Err(format!("database URL `{s}` names no SQLite file"));
        }
        if path.contains("://") {
            return Err(format!(
                "unsupported database URL `{}`: use sqlite://PATH or postgres://…",
                redacted(s)
            ));
        }
        Ok(DbUrl::Sqlite(path.to_string()))
    }
}

/// Opens connections for the pool.
pub struct Manager {
    url: DbUrl,
}

impl Manager {
    pub fn new(url: DbUrl) -> Self {
        Manager { url }
    }
}

/// A connection handed back to the pool this recently is lent again
/// without asking the server whether it is still there (as HikariCP's
/// bypass window): under load every checkout would otherwise cost a round
/// trip. A connection lost meanwhile fails the one statement that finds
/// out, and is then dropped ([`Pooled::lost`]).
const RECENTLY_USED: Duration = Duration::from_millis(500);

/// A connection as the pool holds it.
pub struct Pooled {
    conn: DbConn,
    /// When it was last handed back.
    returned: Instant,
    /// Set when a statement found the server gone (PostgreSQL).
    lost: Arc<AtomicBool>,
}

impl Pooled {
    /// Whether a statement found the connection's server gone: it must not
    /// be lent again. Diesel marks its transaction manager broken when a
    /// statement that ran finds out, but not when preparing one does.
    pub fn lost(&self) -> bool {
        self.lost.load(Ordering::Relaxed)
    }
}

impl std::ops::Deref for Pooled {
    type Target = DbConn;
    fn deref(&self) -> &DbConn {
        &self.conn
    }
}

impl std::ops::DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut DbConn {
        &mut self.conn
    }
}

/// Whether a statement's error says the connection itself is gone.
pub fn connection_lost(e: &diesel::result::Error) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    matches!(
        e,
        Error::DatabaseError(
            DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
            _
        )
    )
}

/// A PostgreSQL connection that flags itself lost when a statement (its
/// preparation included) finds its server gone.
fn watched(mut conn: PgConnection, lost: &Arc<AtomicBool>) -> PgConnection {
    use diesel::connection::InstrumentationEvent;
    let flag = lost.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::FinishQuery { error: Some(e), .. } = event {
            if connection_lost(e) {
                flag.store(true, Ordering::Relaxed);
            }
        }
    });
    conn
}

/// Why a connection could not be opened or checked.
#[derive(Debug, thiserror::Error)]
pub enum ConnError {
    #[error(transparent)]
    Connect(#[from] diesel::ConnectionError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    #[error("cannot create the database folder: {0}")]
    Folder(#[from] std::io::Error),
}

impl r2d2::ManageConnection for Manager {
    type Connection = Pooled;
    type Error = ConnError;

    fn connect(&self) -> Result<Pooled, ConnError> {
        let lost = Arc::new(AtomicBool::new(false));
        Ok(Pooled {
            conn: self.open(&lost)?,
            returned: Instant::now(),
            lost,
        })
    }

    /// Asks the server, unless the connection was handed back a moment ago.
    fn is_valid(&self, conn: &mut Pooled) -> Result<(), ConnError> {
        if conn.returned.elapsed() < RECENTLY_USED {
            return Ok(());
        }
        conn.conn.batch_execute("SELECT 1").map_err(Into::into)
    }

    /// A connection handed back inside a transaction (its work panicked
    /// before the commit or rollback) is dropped, never lent again: a SQLite
    /// reader would keep its old snapshot, a writer its locks. So is one
    /// whose server was found gone ([`Pooled::lost`]).
    fn has_broken(&self, conn: &mut Pooled) -> bool {
        use diesel::connection::TransactionManager;
        conn.returned = Instant::now();
        if conn.lost() {
            return true;
        }
        let status = <DbConn as Connection>::TransactionManager::transaction_manager_status_mut(
            &mut conn.conn,
        );
        !matches!(status.transaction_depth(), Ok(None))
    }
}

impl Manager {
    /// Opens the engine's connection.
    fn open(&self, lost: &Arc<AtomicBool>) -> Result<DbConn, ConnError> {
        match &self.url {
            DbUrl::Postgres(url) => Ok(DbConn::Postgres(watched(
                PgConnection::establish(url)?,
                lost,
            ))),
            DbUrl::Sqlite(path) => {
                if path != ":memory:" {
                    if let Some(dir) = std::path::Path::new(path).parent() {
                        if !dir.as_os_str().is_empty() {
                            std::fs::create_dir_all(dir)?;
                        }
                    }
                }
                super::sqlite_settings::install();
                let mut conn = SqliteConnection::establish(path)?;
                conn.batch_execute(
                    "PRAGMA busy_timeout = 10000;
                     PRAGMA journal_mode = WAL;
                     PRAGMA synchronous = NORMAL;
                     PRAGMA foreign_keys = ON;",
                )?;
                Ok(DbConn::Sqlite(conn))
            }
        }
    }
}

/// Brings the schema up to date.
pub fn run_migrations(conn: &mut DbConn) -> Result<(), DbError> {
    let done = match conn {
        DbConn::Postgres(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    };
    match done {
        Ok(n) => {
            if n > 0 {
                log::info!("applied {n} migration(s)");
            }
            Ok(())
        }
        Err(e) => Err(DbError::Migration(e.to_string())),
    }
}

/// Whether the schema is up to date (no migration of this build pending).
pub fn migrated(conn: &mut DbConn) -> Result<bool, DbError> {
    let pending = match conn {
        DbConn::Postgres(c) => c.has_pending_migration(POSTGRES_MIGRATIONS),
        DbConn::Sqlite(c) => c.has_pending_migration(SQLITE_MIGRATIONS),
    };
    pending
        .map(|p| !p)
        .map_err(|e| DbError::Migration(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_scheme_picks_the_engine() {
        assert_eq!(
            "sqlite://data/crm.sqlite".parse(),
            Ok(DbUrl::Sqlite("data/crm.sqlite".into()))
        );
        assert_eq!(
            "sqlite::memory:".parse(),
            Ok(DbUrl::Sqlite(":memory:".into()))
        );
        assert_eq!("/tmp/x.db".parse(), Ok(DbUrl::Sqlite("/tmp/x.db".into())));
        assert_eq!(
            "postgres://u@localhost/crm"
                .parse::<DbUrl>()
                .map(|u| u.backend()),
            Ok(Backend::Postgres)
        );
        assert!("mysql://x".parse::<DbUrl>().is_err());
        assert!("sqlite://".parse::<DbUrl>().is_err());
    }

    #[test]
    fn passwords_never_leave_a_database_url() {
        use super::redacted;
        assert_eq!(
            redacted("postgres://crm:s3cret@db.internal:5432/crm?sslmode=require"),
            "postgres://crm:***@db.internal:5432/crm?sslmode=require"
        );
        assert_eq!(redacted("postgres://crm@db/crm"), "postgres://crm@db/crm");
        assert_eq!(
            redacted("postgres://u:p@ss:w@rd@host/db"),
            "postgres://u:***@host/db"
        );
        assert_eq!(
            redacted("sqlite://data/crm.sqlite"),
            "sqlite://data/crm.sqlite"
        );
        let err = "mysql://root:hunter2@x/db"
            .parse::<super::DbUrl>()
            .expect_err("unsupported");
        assert!(!err.contains("hunter2"), "{err}");
    }
}
