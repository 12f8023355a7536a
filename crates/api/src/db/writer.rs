//! Group commit for SQLite, which has one writer: a single thread takes
//! every write waiting at that moment (up to [`MAX_GROUP`]), runs each in its
//! own savepoint inside one transaction, commits once, and only then answers
//! each. A write that fails rolls back its own savepoint and is answered
//! with its error; the others land. Durability is that of any commit: an
//! answered write is in the database file's write-ahead log.

use super::connection::{Manager, Pooled};
use super::{DbConn, DbError};
use diesel::Connection;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Arc, Mutex};

/// Writes at most one transaction carries.
pub const MAX_GROUP: usize = 64;

/// A write waiting for the writer.
trait Job: Send {
    /// Runs the write in its own savepoint.
    fn run(&mut self, conn: &mut DbConn);
    /// Answers the caller once the transaction's fate is known.
    fn finish(self: Box<Self>, committed: Result<(), String>);
}

struct Pending<T, E, F> {
    f: Option<F>,
    carried: crate::trace::Carried,
    out: Option<Result<T, E>>,
    reply: tokio::sync::oneshot::Sender<Result<T, E>>,
}

impl<T, E, F> Job for Pending<T, E, F>
where
    F: FnOnce(&mut DbConn) -> Result<T, E> + Send,
    T: Send,
    E: From<DbError> + From<diesel::result::Error> + Send,
{
    fn run(&mut self, conn: &mut DbConn) {
        if let Some(f) = self.f.take() {
            self.out = Some(self.carried.run(|| conn.transaction(f)));
        }
    }

    fn finish(self: Box<Self>, committed: Result<(), String>) {
        let this = *self;
        let answer = match (committed, this.out) {
            (Ok(()), Some(out)) => out,
            (Ok(()), None) => Err(E::from(DbError::Task("the write did not run".into()))),
            // Its own error says more than the group's rollback.
            (Err(_), Some(Err(e))) => Err(e),
            (Err(why), _) => Err(E::from(DbError::Task(format!(
                "the write was not committed: {why}"
            )))),
        };
        // A caller that stopped waiting (a dropped request) needs no
        // answer; what it wrote has landed all the same.
        let _ = this.reply.send(answer);
    }
}

/// The handle of the writer thread; the thread ends when every handle is
/// dropped.
pub struct Writer {
    queue: mpsc::Sender<Box<dyn Job>>,
}

impl Writer {
    /// Starts the writer thread with its own connection from `manager`;
    /// it holds `lock` while it writes (the other writers of this process,
    /// start-up work and jobs, take it too).
    pub fn start(manager: Manager, lock: Arc<Mutex<()>>) -> Result<Self, DbError> {
        let (queue, jobs) = mpsc::channel::<Box<dyn Job>>();
        std::thread::Builder::new()
            .name("crm-writer".into())
            .spawn(move || serve(&manager, &lock, &jobs))
            .map_err(|e| DbError::Task(format!("cannot start the writer: {e}")))?;
        Ok(Writer { queue })
    }

    /// Hands `f` to the writer; the answer comes after the commit.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
    {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.send(f, tx)?;
        rx.await
            .map_err(|_| E::from(DbError::Task("the writer stopped".into())))?
    }

    fn send<T, E, F>(
        &self,
        f: F,
        reply: tokio::sync::oneshot::Sender<Result<T, E>>,
    ) -> Result<(), E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
    {
        self.queue
            .send(Box::new(Pending {
                f: Some(f),
                carried: crate::trace::Carried::here(),
                out: None,
                reply,
            }))
            .map_err(|_| E::from(DbError::Task("the writer stopped".into())))
    }
}

/// The writer's loop: wait for a write, gather those queued behind it,
/// write them in one transaction, answer them all.
fn serve(manager: &Manager, lock: &Mutex<()>, jobs: &mpsc::Receiver<Box<dyn Job>>) {
    use r2d2::ManageConnection;
    let mut conn: Option<Pooled> = None;
    while let Ok(first) = jobs.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match jobs.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        if conn.is_none() {
            conn = manager
                .connect()
                .map_err(|e| tracing::error!("writer: {e}"))
                .ok();
        }
        let committed = match conn.as_mut() {
            Some(c) => {
                // A poisoned lock only means another writer panicked; its
                // transaction was rolled back.
                let _guard = lock.lock().unwrap_or_else(|p| p.into_inner());
                commit(c, &mut group)
            }
            None => Err(Outcome::Failed("the database cannot be opened".into())),
        };
        crate::meters::write_group(group.len());
        let committed = match committed {
            Ok(()) => Ok(()),
            Err(Outcome::Failed(why)) => Err(why),
            Err(Outcome::Panicked) => {
                // Its transaction's state is unknown: a new connection.
                conn = None;
                Err("a write in the same transaction failed; try again".into())
            }
        };
        for job in group {
            job.finish(committed.clone());
        }
    }
}

/// Why a group did not land.
enum Outcome {
    Failed(String),
    Panicked,
}

/// Runs the group in one transaction; a write that panics rolls the whole
/// group back.
fn commit(conn: &mut DbConn, group: &mut [Box<dyn Job>]) -> Result<(), Outcome> {
    let _span = tracing::debug_span!("transaction", writes = group.len()).entered();
    let mut panicked = false;
    let out = conn.transaction::<_, diesel::result::Error, _>(|conn| {
        for job in group.iter_mut() {
            if catch_unwind(AssertUnwindSafe(|| job.run(conn))).is_err() {
                tracing::error!("a write panicked; its group is rolled back");
                panicked = true;
                return Err(diesel::result::Error::RollbackTransaction);
            }
        }
        Ok(())
    });
    match out {
        _ if panicked => Err(Outcome::Panicked),
        Ok(()) => Ok(()),
        Err(e) => Err(Outcome::Failed(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use crate::db::{Db, DbError};
    use diesel::connection::SimpleConnection;
    use diesel::RunQueryDsl;

    async fn insert(db: &Db, x: i64) -> Result<(), DbError> {
        db.write(move |conn| -> Result<(), DbError> {
            diesel::sql_query(format!("INSERT INTO t (x) VALUES ({x})")).execute(conn)?;
            Ok(())
        })
        .await
    }

    async fn count(db: &Db) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        db.read(|conn| -> Result<i64, DbError> {
            Ok(diesel::sql_query("SELECT count(*) AS n FROM t")
                .get_result::<N>(conn)?
                .n)
        })
        .await
        .expect("count")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn writes_together_land_apart_from_one_that_fails_or_panics() {
        let dir = tempfile::tempdir().expect("dir");
        let db = Db::open(&format!("sqlite://{}/w.sqlite", dir.path().display())).expect("open");
        db.write(|conn| -> Result<(), DbError> {
            conn.batch_execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")?;
            Ok(())
        })
        .await
        .expect("table");
        // 200 writers at once, one of them repeating a key: it alone fails.
        let mut tasks = Vec::new();
        for i in 0..200i64 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                insert(&db, if i == 150 { 3 } else { i }).await
            }));
        }
        let mut failed = 0;
        for t in tasks {
            if t.await.expect("task").is_err() {
                failed += 1;
            }
        }
        assert_eq!(failed, 1, "only the repeated key fails");
        assert_eq!(count(&db).await, 199);
        // A write that panics is refused, and the writer goes on.
        let refused = db
            .write(|_conn| -> Result<(), DbError> { panic!("a bug in a write") })
            .await;
        assert!(refused.is_err());
        insert(&db, 1000).await.expect("the writer still writes");
        assert_eq!(count(&db).await, 200);
    }
}
