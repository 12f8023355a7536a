//! What every handler shares: the database, the reference data and the
//! token keys.

use crate::auth::token::TokenKeys;
use crate::db::Db;
use crate::refdata::RefData;
use std::sync::Arc;

/// Shared application state (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub refdata: Arc<RefData>,
    pub tokens: Arc<TokenKeys>,
}

impl AppState {
    /// Opens the database, migrates it, loads missing reference data and
    /// reads it into memory.
    pub fn open(
        database_url: &str,
        jwt_secret: &[u8],
        token_ttl_secs: i64,
    ) -> anyhow::Result<Self> {
        let db = Db::open(database_url)?;
        crate::db::reference::ensure(&db)?;
        let (units, cats, chans) = db.read_blocking(crate::db::reference::load)?;
        Ok(AppState {
            db,
            refdata: Arc::new(RefData::new(units, cats, chans)),
            tokens: Arc::new(TokenKeys::new(jwt_secret, token_ttl_secs)),
        })
    }
}
