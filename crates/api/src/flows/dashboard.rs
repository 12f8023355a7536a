//! The rows the dashboard, the recap and the public statistics count
//! ([`StatRow`]), read in slices of their receipt window side by side
//! ([`crate::heavy::slices`]), each on its own connection.

use crate::db::monitor;
use crate::db::reports::ListFilter;
use crate::db::Db;
use crate::error::ApiError;
use actix_web::web;
use crm_domain::stats::StatRow;

/// The rows of the reports `f` finds. A window without both ends is read
/// in one piece.
pub async fn stat_rows(db: &Db, f: ListFilter) -> Result<Vec<StatRow>, ApiError> {
    let (Some(from), Some(to)) = (f.received_from, f.received_to) else {
        return db
            .read(move |conn| monitor::stat_rows(conn, &f).map_err(ApiError::from))
            .await;
    };
    let reads = crate::heavy::slices(from, to).into_iter().map(|(a, b)| {
        let slice = ListFilter {
            received_from: Some(a),
            received_to: Some(b),
            ..f.clone()
        };
        db.read_slice(move |conn| monitor::stat_rows(conn, &slice).map_err(ApiError::from))
    });
    let parts = futures_util::future::try_join_all(reads).await?;
    joined(parts).await
}

/// The parts in order, in one allocation of the size needed, put together
/// off the workers.
pub async fn joined<T: Send + 'static>(parts: Vec<Vec<T>>) -> Result<Vec<T>, ApiError> {
    web::block(move || {
        let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for part in parts {
            all.extend(part);
        }
        all
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))
}
