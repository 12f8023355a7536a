//! What every handler shares: the database, the reference data, the token
//! keys, the photo store, the live event broadcast and the deployment's rules.

use crate::auth::token::TokenKeys;
use crate::boundaries::{Boundaries, SharedBoundaries};
use crate::config::DeliveryArgs;
use crate::db::Db;
use crate::live::Live;
use crate::media::Media;
use crate::refdata::RefData;
use crate::sealed::Sealer;
use std::path::PathBuf;
use std::sync::Arc;

/// How to open the application state.
#[derive(Debug, Clone)]
pub struct Options {
    pub database_url: String,
    pub jwt_secret: Vec<u8>,
    /// The key material sealing stored secrets, and a retiring one.
    pub secrets_key: Vec<u8>,
    pub previous_secrets_key: Option<Vec<u8>>,
    pub token_ttl_secs: i64,
    /// Folder of the photo store.
    pub media_dir: PathBuf,
    /// S3-compatible storage for photos instead (`s3://bucket/prefix`).
    pub media_url: Option<String>,
    /// Completions wait for a verifier (the "CRM v2" rule): the first
    /// settings version of a new database takes it; afterwards the
    /// administrator's setting rules.
    pub verification: bool,
    /// A map tile URL template (`…/{z}/{x}/{y}.png`) for the heatmap.
    pub tile_url: Option<String>,
    /// Webhook and e-mail delivery.
    pub delivery: DeliveryArgs,
    /// Public limits and trusted proxies.
    pub limits: crate::config::LimitArgs,
    /// A streaming replica for heavy reads.
    pub replica: crate::config::ReplicaArgs,
}

/// Shared application state (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub refdata: Arc<RefData>,
    pub tokens: Arc<TokenKeys>,
    /// Seals webhook secrets at rest.
    pub sealer: Sealer,
    pub media: Media,
    /// Live report events for the server-sent-events stream.
    pub live: Live,
    /// Tells the other servers on the same PostgreSQL what changed here.
    pub relay: crate::cluster::Relay,
    pub tile_url: Option<String>,
    /// Kelurahan boundaries placing reports by their coordinates.
    pub boundaries: SharedBoundaries,
    pub delivery: Arc<DeliveryArgs>,
    /// Wakes the delivery worker when events were written.
    pub outbox_wake: Arc<tokio::sync::Notify>,
    /// The web app's Content-Security-Policy (it names the tile origin).
    pub content_security_policy: Arc<str>,
    /// Limits on signing in.
    pub sign_in: crate::auth::limits::SignInLimits,
    /// The limit per address on the public endpoints.
    pub public_limits: crate::auth::limits::PublicLimits,
    /// The limit per API key.
    pub key_limits: crate::auth::limits::KeyLimits,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Arc<[ipnet::IpNet]>,
    /// The bound on heavy reads.
    pub heavy: crate::heavy::HeavyWork,
    /// Session generations and used stream tickets.
    pub sessions: crate::auth::sessions::Sessions,
    /// Public statistics kept for a minute.
    pub public_stats: crate::flows::public_stats::Cache,
    /// Whether this server is stopping.
    pub shutdown: crate::shutdown::Shutdown,
}

impl AppState {
    /// Opens the database, migrates it, loads missing reference data and
    /// reads it into memory; opens the photo store.
    pub fn open(opts: &Options) -> anyhow::Result<Self> {
        // Counting starts before the first request.
        crate::meters::install();
        crate::sms::check(&opts.delivery.sms).map_err(anyhow::Error::msg)?;
        let db = Db::open(&opts.database_url)?;
        let db = match opts.replica.database_read_url.as_deref() {
            Some(url) if !url.trim().is_empty() => db.with_replica(
                url,
                std::time::Duration::from_millis(opts.replica.read_max_lag_ms),
            )?,
            _ => db,
        };
        crate::db::reference::ensure(&db)?;
        let coded = db.write_blocking(crate::db::tracking::fill_missing)?;
        if coded > 0 {
            tracing::info!(reports = coded, "tracking codes given to earlier reports");
        }
        let sealer = Sealer::new(&opts.secrets_key, opts.previous_secrets_key.as_deref());
        let s = sealer.clone();
        let (resealed, unopened) =
            db.write_blocking(move |conn| crate::db::outbox::reseal(conn, &s))?;
        if resealed > 0 {
            tracing::info!(
                secrets = resealed,
                "webhook secrets sealed under the current key"
            );
        }
        for channel in unopened {
            tracing::error!(%channel, "the webhook secret does not open with CRM_SECRETS_KEY (or CRM_SECRETS_KEY_PREVIOUS); deliveries to it wait until the key is given or the secret is rotated");
        }
        let first = crm_domain::settings::Settings {
            verification: opts.verification,
            ..Default::default()
        };
        db.write_blocking(move |conn| crate::db::settings::ensure_first(conn, &first))?;
        let (units, cats, chans) = db.read_blocking(crate::db::reference::load)?;
        let settings = db.read_blocking(crate::db::settings::load)?;
        if settings
            .last()
            .is_some_and(|s| s.settings.verification != opts.verification)
        {
            tracing::warn!("--verification differs from the administrator's setting, which is used (the flag only seeds a new database)");
        }
        let relay = crate::cluster::Relay::default();
        let sessions = crate::auth::sessions::Sessions::load(
            db.read_blocking(crate::db::users::token_versions)?,
        )
        .relayed(relay.clone());
        let boundaries = SharedBoundaries::default();
        boundaries.set(Boundaries::stored_or_built_in(
            db.read_blocking(crate::db::boundaries::load)?,
        ));
        let refdata = Arc::new(
            RefData::new(units, cats, chans)
                .with_settings(settings)
                .relayed(relay.clone()),
        );
        let scheduled = fill_schedules(&db, &refdata)?;
        if scheduled > 0 {
            tracing::info!(
                reports = scheduled,
                "time-target schedules worked out for earlier reports"
            );
        }
        Ok(AppState {
            db,
            refdata,
            tokens: Arc::new(TokenKeys::new(&opts.jwt_secret, opts.token_ttl_secs)),
            sealer,
            media: match opts.media_url.as_deref().filter(|u| !u.trim().is_empty()) {
                Some(url) => Media::s3(url)?,
                None => Media::local(&opts.media_dir)?,
            },
            live: Live::new(relay.clone()),
            relay,
            tile_url: opts.tile_url.clone().filter(|u| !u.is_empty()),
            boundaries,
            delivery: Arc::new(opts.delivery.clone()),
            outbox_wake: Arc::new(tokio::sync::Notify::new()),
            sign_in: Default::default(),
            public_limits: crate::auth::limits::PublicLimits::new(
                opts.limits.public_rate_per_minute,
            ),
            trusted_proxies: opts.limits.trusted_proxies.clone().into(),
            key_limits: crate::auth::limits::KeyLimits::new(
                opts.limits.key_rate_per_second.saturating_mul(30),
                opts.limits.key_rate_per_second,
            ),
            public_stats: Default::default(),
            shutdown: Default::default(),
            heavy: (&opts.limits).into(),
            sessions,
            content_security_policy: crate::headers::content_security_policy(
                opts.tile_url.as_deref().and_then(crate::headers::origin_of),
            )
            .into(),
        })
    }
}

/// Works out the schedules of open reports written before schedules were
/// kept, a batch per transaction; returns how many.
fn fill_schedules(db: &Db, refdata: &RefData) -> Result<usize, crate::db::DbError> {
    use crate::db::schedule;
    let (mut done, mut after) = (0, 0);
    loop {
        let missing = db.read_blocking(|c| schedule::missing(c, after, schedule::FILL_BATCH))?;
        let Some(&last) = missing.last() else {
            return Ok(done);
        };
        db.write_blocking(|c| schedule::refresh(c, &missing, &refdata.reckon()))?;
        done += missing.len();
        after = last;
    }
}
