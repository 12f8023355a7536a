//! Persistence: one code path over SQLite (embedded default) and PostgreSQL.
//!
//! [`DbConn`] is a diesel `MultiConnection`; [`Db`] owns an r2d2 pool of them
//! and runs blocking database work off the async executor. On SQLite every
//! write goes to one writer thread ([`writer`]: SQLite has one writer), which
//! commits the writes waiting together in one transaction; on PostgreSQL
//! each write is its own transaction on a pooled connection.

pub mod accounts;
pub mod audit;
pub mod boundaries;
pub mod closures;
pub mod connection;
pub mod fixed;
pub mod journal;
pub mod lifecycle;
pub mod monitor;
pub mod nearby;
pub mod outbox;
pub mod reference;
pub mod replica;
pub mod report_parts;
pub mod reports;
pub mod reviews;
pub mod schedule;
pub mod schema;
pub mod scores;
pub mod search;
pub mod settings;
mod sqlite_settings;
pub mod time;
pub mod tracking;
pub mod users;
pub mod workload;
pub mod writer;

pub use connection::{Backend, DbConn, DbUrl};

/// An insert that may meet a row another writer put first: `false` when
/// the key was taken (servers starting together, a slot claimed before).
pub fn inserted_unless_taken(r: diesel::QueryResult<usize>) -> Result<bool, DbError> {
    match r {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Asks the database to answer at all (the health check).
pub fn ping(conn: &mut DbConn) -> Result<(), diesel::result::Error> {
    diesel::connection::SimpleConnection::batch_execute(conn, "SELECT 1")
}

use diesel::Connection;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Errors of the persistence layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database unavailable: {0}")]
    Pool(#[from] r2d2::Error),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("background task failed: {0}")]
    Task(String),
}

/// A pool of connections to one database.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<connection::Manager>,
    backend: Backend,
    /// SQLite's writer thread (group commit).
    writer: Option<Arc<writer::Writer>>,
    /// Held by whoever writes to SQLite in this process: the writer thread,
    /// and start-up work and jobs writing on their own threads.
    write_lock: Arc<Mutex<()>>,
    /// One permit per pooled connection: a read waits here, on the async
    /// executor, rather than as a blocked thread on the pool.
    readers: Arc<tokio::sync::Semaphore>,
    /// Places for the slices of heavy reads ([`Db::read_slice`]): three
    /// fourths of the pool, so that however many heavy reads run, light
    /// reads find a connection.
    slices: Arc<tokio::sync::Semaphore>,
    /// A streaming replica for heavy reads, when one is configured.
    replica: Option<Arc<replica::Replica>>,
}

impl Db {
    /// Opens a pool on the database at `url` (`sqlite://path` or
    /// `postgres://…`) and runs pending migrations.
    pub fn open(url: &str) -> Result<Self, DbError> {
        let url: DbUrl = url.parse().map_err(DbError::Migration)?;
        let backend = url.backend();
        let size = match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        };
        let pool = r2d2::Pool::builder()
            .max_size(size)
            .min_idle(Some(1))
            // A SQLite file does not drop a connection: checking each one
            // as it is handed out (`SELECT 1`, parsed anew) only costs.
            .test_on_check_out(backend == Backend::Postgres)
            .connection_timeout(Duration::from_secs(10))
            .build(connection::Manager::new(url.clone()))?;
        let write_lock = Arc::new(Mutex::new(()));
        let writer = match backend {
            Backend::Sqlite => Some(Arc::new(writer::Writer::start(
                connection::Manager::new(url),
                write_lock.clone(),
            )?)),
            Backend::Postgres => None,
        };
        let db = Db {
            pool,
            backend,
            writer,
            write_lock,
            readers: Arc::new(tokio::sync::Semaphore::new(size as usize)),
            slices: Arc::new(tokio::sync::Semaphore::new(size as usize * 3 / 4)),
            replica: None,
        };
        let mut conn = db.pool.get()?;
        connection::run_migrations(&mut conn)?;
        Ok(db)
    }

    /// Which engine this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The same database, with a streaming replica (a PostgreSQL URL) for
    /// [`Db::heavy`] reads while it lags at most `max_lag` behind.
    pub fn with_replica(self, url: &str, max_lag: Duration) -> Result<Self, DbError> {
        if self.backend != Backend::Postgres {
            return Err(DbError::Migration(
                "--database-read-url needs PostgreSQL: a SQLite database has no streaming replica"
                    .into(),
            ));
        }
        let parsed: DbUrl = url.parse().map_err(DbError::Migration)?;
        if parsed.backend() != Backend::Postgres {
            return Err(DbError::Migration(format!(
                "--database-read-url must name a PostgreSQL replica, not `{}`",
                connection::redacted(url)
            )));
        }
        // Opened without waiting: a replica that is down now is simply not
        // read until it answers.
        let pool = r2d2::Pool::builder()
            .max_size(16)
            .min_idle(Some(0))
            .connection_timeout(Duration::from_secs(1))
            .build_unchecked(connection::Manager::new(parsed));
        let reader = Db {
            pool,
            backend: Backend::Postgres,
            writer: None,
            write_lock: Arc::new(Mutex::new(())),
            readers: Arc::new(tokio::sync::Semaphore::new(16)),
            slices: Arc::new(tokio::sync::Semaphore::new(12)),
            replica: None,
        };
        Ok(Db {
            replica: Some(Arc::new(replica::Replica::new(reader, max_lag))),
            ..self
        })
    }

    /// Where a heavy read (statistics, recaps, exports, scores, searches)
    /// goes: the replica while it answers and keeps up, else this database.
    pub async fn heavy(&self) -> Db {
        match &self.replica {
            Some(r) => match r.usable(self).await {
                Some(reader) => reader,
                None => self.clone(),
            },
            None => self.clone(),
        }
    }

    /// Where a read of the records as they stood at `at` goes: the replica
    /// (as [`Db::heavy`]) when `at` lies further back than the lag it may
    /// have, else this database.
    pub async fn heavy_as_of(&self, at: chrono::DateTime<chrono::Utc>) -> Db {
        match &self.replica {
            Some(r) if r.covers(at) => self.heavy().await,
            _ => self.clone(),
        }
    }

    /// The primary's current write position (PostgreSQL).
    pub(crate) fn wal_position(&self) -> Result<String, DbError> {
        self.read_blocking(replica::wal_position)
    }

    /// Runs `f` on a pooled connection, on a blocking thread.
    pub async fn read<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let permit = self
            .readers
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| E::from(DbError::Task(e.to_string())))?;
        tokio::task::spawn_blocking(crate::trace::carry(move || {
            let _permit = permit;
            let mut conn = pooled(&pool)?;
            f(&mut conn)
        }))
        .await
        .map_err(|e| E::from(DbError::Task(e.to_string())))?
    }

    /// One slice of a heavy read ([`crate::heavy::slices`]), as
    /// [`Db::read`] once a place among the slices is free: the slices of
    /// every heavy read under way together hold at most three fourths of
    /// the pool.
    pub async fn read_slice<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let _place = self
            .slices
            .acquire()
            .await
            .map_err(|e| E::from(DbError::Task(e.to_string())))?;
        self.read(f).await
    }

    /// A point read (one report by its number): on SQLite, when a connection
    /// is free at once, it runs on the calling thread, since the read takes
    /// less than handing it to a blocking thread and back; otherwise (and on
    /// PostgreSQL, which answers over the network) as [`Db::read`]. Only for
    /// reads of a few indexed rows: the caller's thread serves other
    /// requests.
    pub async fn read_point<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        if self.backend == Backend::Sqlite {
            if let Ok(_permit) = self.readers.clone().try_acquire_owned() {
                if let Some(mut conn) = self.pool.try_get() {
                    // A fault in the read answers as one on a blocking
                    // thread would, and never takes the worker down.
                    return std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut conn)))
                        .unwrap_or_else(|_| Err(E::from(DbError::Task("the read failed".into()))));
                }
            }
        }
        self.read(f).await
    }

    /// Runs `f` in one transaction, on a blocking thread: everything it
    /// writes lands together or not at all (on SQLite, inside the writer's
    /// group commit, in its own savepoint).
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
    {
        if let Some(w) = &self.writer {
            return w.write(f).await;
        }
        let db = self.clone();
        tokio::task::spawn_blocking(crate::trace::carry(move || db.write_blocking(f)))
            .await
            .map_err(|e| E::from(DbError::Task(e.to_string())))?
    }

    /// [`Db::write`] for callers already on a blocking thread (start-up
    /// work, jobs): its own transaction, outside the writer's groups.
    pub fn write_blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
        E: From<DbError> + From<diesel::result::Error>,
    {
        let mut conn = pooled(&self.pool)?;
        let _guard = match self.backend {
            // A poisoned lock only means another writer panicked; the
            // transaction it held was rolled back, so carry on.
            Backend::Sqlite => Some(self.write_lock.lock().unwrap_or_else(|p| p.into_inner())),
            Backend::Postgres => None,
        };
        let conn: &mut DbConn = &mut conn;
        let _span = tracing::debug_span!("transaction").entered();
        let out = conn.transaction(f);
        if out.is_err() {
            tracing::debug!("transaction rolled back");
        }
        out
    }

    /// Runs `f` on a pooled connection on the current thread.
    pub fn read_blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
        E: From<DbError>,
    {
        let mut conn = pooled(&self.pool)?;
        f(&mut conn)
    }

    /// Connections the pool holds, and those idle.
    pub fn pool_state(&self) -> (u32, u32) {
        let s = self.pool.state();
        (s.connections, s.idle_connections)
    }

    /// Whether every migration this build knows is applied.
    pub fn migrated(&self) -> Result<bool, DbError> {
        let mut conn = pooled(&self.pool)?;
        connection::migrated(&mut conn)
    }
}

/// A pooled connection, its wait recorded for the operators' metrics.
fn pooled(
    pool: &r2d2::Pool<connection::Manager>,
) -> Result<r2d2::PooledConnection<connection::Manager>, DbError> {
    let asked = std::time::Instant::now();
    let conn = pool.get()?;
    crate::meters::pool_wait(asked.elapsed());
    Ok(conn)
}
