//! Keeps this process's kelurahan boundaries in step with the database:
//! when another server loads or clears them, this one reloads within a
//! minute (back to the built-in ones after a clear).

use crate::boundaries::Boundaries;
use crate::db::boundaries as stored;
use crate::db::DbError;
use crate::state::AppState;
use std::sync::Arc;
use std::time::Duration;

/// How often the stored boundaries are compared with the loaded ones.
const EVERY: Duration = Duration::from_secs(60);

/// Starts the watch.
pub fn spawn(st: AppState) {
    actix_web::rt::spawn(async move {
        let mut seen = st.db.read(stored::stamp).await.ok();
        loop {
            tokio::time::sleep(EVERY).await;
            match refresh(&st, seen).await {
                Ok(now) => seen = Some(now),
                Err(e) => log::warn!("boundaries: {e}"),
            }
        }
    });
}

/// Reloads the boundaries when their stamp changed; returns the stamp.
pub async fn refresh(
    st: &AppState,
    seen: Option<(i64, Option<chrono::NaiveDateTime>)>,
) -> Result<(i64, Option<chrono::NaiveDateTime>), DbError> {
    let now = st.db.read(stored::stamp).await?;
    if seen != Some(now) {
        reload(st).await?;
    }
    Ok(now)
}

/// Reads the stored boundaries into this process; returns them.
pub async fn reload(st: &AppState) -> Result<Arc<Boundaries>, DbError> {
    let shapes = st.db.read(stored::load).await?;
    st.boundaries.set(Boundaries::stored_or_built_in(shapes));
    Ok(st.boundaries.get())
}

/// [`reload`] for callers already on a blocking thread.
pub fn reload_blocking(st: &AppState) -> Result<(), DbError> {
    let shapes = st.db.read_blocking(stored::load)?;
    st.boundaries.set(Boundaries::stored_or_built_in(shapes));
    Ok(())
}
