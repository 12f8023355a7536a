//! SQLite settings for the whole process, made before its first connection.
//!
//! **Plans that stay compiled.** Diesel binds every `LIMIT` and `OFFSET` as a
//! parameter (`.first()` is `LIMIT ?`). SQLite as built here lets a bound
//! value steer the plan, so it marks such a statement to be compiled again
//! whenever the value is bound anew: a cached statement for a report read by
//! number was parsed and planned again on every request. With
//! `SQLITE_DBCONFIG_ENABLE_QPSG` the plan never depends on bound values, and
//! a cached statement stays compiled. Diesel does not hand out its raw
//! connection, so the setting is applied by an auto-extension, which SQLite
//! runs on every connection as it opens.
//!
//! **Savepoints kept in memory up to a bound.** Group commit runs every write
//! in its own savepoint, and a savepoint keeps the pages it would restore in
//! a sub-journal, written to a temporary file past 64 KiB: `pwrite` under it
//! was a fifth of the writer's time during intake. Up to
//! [`SAVEPOINT_IN_MEMORY`] (a filing's pages) it now stays in memory; a
//! larger write (a prune of the outbox, a settings change over every open
//! report, the start-up fill of schedules) still spills to a file, so memory
//! stays bounded.
//!
//! The only `unsafe` code in the workspace: SQLite offers these settings
//! only through its C interface.
#![allow(unsafe_code)]

use libsqlite3_sys as ffi;
use std::ffi::{c_char, c_int};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

static REGISTER: Once = Once::new();

/// Called by SQLite for each new connection.
unsafe extern "C" fn stable_plans(
    db: *mut ffi::sqlite3,
    _error: *mut *mut c_char,
    _api: *const ffi::sqlite3_api_routines,
) -> c_int {
    // SAFETY: SQLite hands a valid, open connection to an auto-extension;
    // the option takes an int and a nullable out-pointer.
    unsafe {
        ffi::sqlite3_db_config(
            db,
            ffi::SQLITE_DBCONFIG_ENABLE_QPSG,
            1 as c_int,
            std::ptr::null_mut::<c_int>(),
        )
    }
}

/// How much of one savepoint's sub-journal stays in memory. It must stay
/// under 128 KiB: a spill writes everything held so far in one call, and
/// SQLite's Unix file layer writes at most 128 KiB a call, so a larger bound
/// makes every write that outgrows it fail as "database or disk is full".
pub const SAVEPOINT_IN_MEMORY: c_int = 120 << 10;
const _: () = assert!(SAVEPOINT_IN_MEMORY <= 0x1ffff, "a spill must fit one write");

/// Whether SQLite took the savepoint memory bound (it refuses it once it
/// has been initialised).
static BOUND_TAKEN: AtomicBool = AtomicBool::new(false);

/// Applies the settings: every SQLite connection opened from now on keeps
/// its plans stable, and its savepoints in memory up to the bound
/// (idempotent; call before opening one).
pub fn install() {
    REGISTER.call_once(|| {
        // SAFETY: a process-wide option taking one int, set before SQLite
        // is initialised (the auto-extension below initialises it); SQLite
        // refuses it with SQLITE_MISUSE otherwise, which is only logged.
        let rc =
            unsafe { ffi::sqlite3_config(ffi::SQLITE_CONFIG_STMTJRNL_SPILL, SAVEPOINT_IN_MEMORY) };
        if rc == ffi::SQLITE_OK {
            BOUND_TAKEN.store(true, Ordering::Relaxed);
        } else {
            log::warn!("SQLite did not take the savepoint memory bound (code {rc})");
        }
        // SAFETY: registering a function with the signature SQLite expects;
        // it stays valid for the life of the process.
        let rc = unsafe { ffi::sqlite3_auto_extension(Some(stable_plans)) };
        if rc != ffi::SQLITE_OK {
            log::warn!("SQLite did not take the plan-stability extension (code {rc})");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CString;

    /// Runs `sql` 20 times with a new bound value each time and says how
    /// often SQLite compiled it again.
    unsafe fn reprepares(db: *mut ffi::sqlite3, sql: &str) -> c_int {
        let sql = CString::new(sql).expect("no NUL");
        let mut stmt = std::ptr::null_mut();
        let rc = unsafe {
            ffi::sqlite3_prepare_v2(db, sql.as_ptr(), -1, &mut stmt, std::ptr::null_mut())
        };
        assert_eq!(rc, ffi::SQLITE_OK);
        for i in 0..20 {
            unsafe {
                ffi::sqlite3_reset(stmt);
                ffi::sqlite3_bind_int64(stmt, 1, i);
                while ffi::sqlite3_step(stmt) == ffi::SQLITE_ROW {}
            }
        }
        let n = unsafe { ffi::sqlite3_stmt_status(stmt, ffi::SQLITE_STMTSTATUS_REPREPARE, 0) };
        unsafe { ffi::sqlite3_finalize(stmt) };
        n
    }

    /// A savepoint whose sub-journal outgrows the memory bound goes on in a
    /// file: a write that large commits, and one rolled back to its
    /// savepoint is restored from the file while its transaction goes on.
    #[test]
    fn a_savepoint_larger_than_the_bound_spills_to_a_file_and_succeeds() {
        use diesel::connection::SimpleConnection;
        use diesel::result::Error::RollbackTransaction;
        use diesel::{Connection, RunQueryDsl, SqliteConnection};
        install();
        assert!(
            BOUND_TAKEN.load(Ordering::Relaxed),
            "the bound was set before SQLite started"
        );
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = dir.path().join("spill.sqlite");
        let mut conn =
            SqliteConnection::establish(&url.to_string_lossy()).expect("a SQLite file opens");
        let rows = 4 * SAVEPOINT_IN_MEMORY as usize / 1000;
        conn.batch_execute(&format!(
            "PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER PRIMARY KEY, s TEXT);
             WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < {rows})
             INSERT INTO t SELECT n, printf('%.1000c', 'a') FROM k;"
        ))
        .expect("the table fills");
        conn.transaction(|c| {
            c.transaction(|c| c.batch_execute("UPDATE t SET s = printf('%.1000c', 'b')"))
        })
        .expect("a savepoint four times the bound commits");
        conn.transaction(|c| {
            let undone = c.transaction(|c| {
                c.batch_execute("UPDATE t SET s = 'c'")?;
                Err::<(), _>(RollbackTransaction)
            });
            assert!(matches!(undone, Err(RollbackTransaction)), "{undone:?}");
            c.batch_execute("UPDATE t SET s = s || 'd' WHERE n = 1")
        })
        .expect("the transaction goes on after its savepoint is rolled back");
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let count = |conn: &mut SqliteConnection, sql: &str| -> usize {
            let n: Vec<Count> = diesel::sql_query(sql).load(conn).expect("the table reads");
            n[0].n as usize
        };
        assert_eq!(
            count(&mut conn, "SELECT count(*) AS n FROM t WHERE s LIKE 'b%'"),
            rows,
            "every row as the first update left it, none as the rolled-back one"
        );
        assert_eq!(
            count(&mut conn, "SELECT count(*) AS n FROM t WHERE s LIKE '%d'"),
            1,
            "the write after the rollback landed"
        );
    }

    #[test]
    fn a_limit_bound_anew_does_not_compile_the_statement_again() {
        install();
        let path = CString::new(":memory:").expect("no NUL");
        let mut db = std::ptr::null_mut();
        unsafe {
            assert_eq!(ffi::sqlite3_open(path.as_ptr(), &mut db), ffi::SQLITE_OK);
            let mut on: c_int = -1;
            ffi::sqlite3_db_config(db, ffi::SQLITE_DBCONFIG_ENABLE_QPSG, -1 as c_int, &mut on);
            assert_eq!(on, 1, "the auto-extension set the option");
            let create =
                CString::new("CREATE TABLE t (n INTEGER PRIMARY KEY, s TEXT)").expect("no NUL");
            ffi::sqlite3_exec(
                db,
                create.as_ptr(),
                None,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            );
            assert_eq!(reprepares(db, "SELECT s FROM t WHERE n = 5 LIMIT ?"), 0);
            // Without the option, the same statement is compiled each time.
            ffi::sqlite3_db_config(
                db,
                ffi::SQLITE_DBCONFIG_ENABLE_QPSG,
                0 as c_int,
                std::ptr::null_mut::<c_int>(),
            );
            assert!(reprepares(db, "SELECT s FROM t WHERE n = 5 LIMIT ?") > 10);
            ffi::sqlite3_close(db);
        }
    }
}
