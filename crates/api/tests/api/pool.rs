//! The pool's PostgreSQL connections when the server drops them (a restart,
//! a failover, an administrator ending sessions).

use crate::common::{report, Backend, TestApp, GAMBIR};
use diesel::{Connection, RunQueryDsl};
use std::time::Duration;

/// Ends every session of the test database but the one asking.
async fn drop_connections(app: &TestApp) {
    let url = app.opts.database_url.clone();
    actix_web::rt::task::spawn_blocking(move || {
        let mut admin = diesel::PgConnection::establish(&url).expect("connect");
        diesel::sql_query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .execute(&mut admin)
        .expect("terminate");
    })
    .await
    .expect("terminate");
}

/// A quiet server's next calls all succeed: a connection that has rested
/// is checked before it is lent. A busy one's connections are lent without
/// the check, so each lost one fails at most the one call that finds out,
/// with 503 (never a 500), and is replaced, even when what found out was
/// preparing a statement the connection had not run yet.
#[actix_web::test]
async fn connections_the_database_dropped_are_replaced() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let t = app.login("petugas.gambir").await;
    let n = app.file(&t, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("number");
    let call = |path: String| {
        let (app, t) = (&app, &t);
        async move { app.get(t, &path).await.status().as_u16() }
    };
    let read = format!("/api/v1/reports/{n}");
    let list = "/api/v1/reports?limit=5&status=selesai".to_string();

    // Busy: the connections were handed back just now, and none has
    // prepared the list's statement.
    for _ in 0..5 {
        assert_eq!(call(read.clone()).await, 200);
    }
    drop_connections(&app).await;
    let mut busy = Vec::new();
    for _ in 0..40 {
        busy.push(call(list.clone()).await);
    }
    assert!(busy.iter().all(|s| [200, 503].contains(s)), "{busy:?}");
    assert!(busy.iter().filter(|s| **s == 503).count() <= 16, "{busy:?}");
    assert!(busy[20..].iter().all(|s| *s == 200), "{busy:?}");

    // Quiet: every connection rested before the next call.
    drop_connections(&app).await;
    actix_web::rt::time::sleep(Duration::from_millis(800)).await;
    for _ in 0..20 {
        assert_eq!(call(read.clone()).await, 200, "after a quiet drop");
    }
}
