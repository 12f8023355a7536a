//! Command line and environment: `crm serve`, `crm openapi`, `crm migrate`.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Citizen Relation Management for Jakarta.
#[derive(Debug, Parser)]
#[command(name = "crm", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Log lines as text (default) or as one JSON object per line.
    #[arg(long, global = true, env = "CRM_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the web app.
    Serve(Box<ServeArgs>),
    /// Print the OpenAPI 3 document as JSON.
    Openapi,
    /// Create or migrate the database and load missing reference data, then exit.
    Migrate(DbArgs),
    /// Manage staff accounts from the command line (the first
    /// administrator, recovery): against the configured database.
    User(UserArgs),
    /// Write a consistent backup of the database while the server runs
    /// (SQLite: `VACUUM INTO`; PostgreSQL: `pg_dump` custom format).
    Backup(BackupArgs),
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The file to write (it must not exist).
    #[arg(long)]
    pub to: std::path::PathBuf,
}

#[derive(Debug, Args)]
pub struct UserArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(subcommand)]
    pub action: UserAction,
}

/// What to do to an account.
#[derive(Debug, clap::Subcommand)]
pub enum UserAction {
    /// Create an account; prints its temporary password (changed at the
    /// first sign-in).
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        full_name: String,
        /// administrator, monitoring, officer, unit_head or verifier.
        #[arg(long)]
        role: String,
        /// The unit's code (default: the Monitoring Room, for administrators).
        #[arg(long)]
        unit: Option<String>,
    },
    /// Give an account a new temporary password (printed) and end its
    /// sessions; reactivates it if it was deactivated.
    ResetPassword { username: String },
    /// Deactivate an account: its sessions end, it cannot sign in.
    Deactivate { username: String },
}

#[derive(Debug, Args)]
pub struct DbArgs {
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/crm.sqlite")]
    pub database_url: String,
}

/// A PostgreSQL streaming replica for heavy reads.
#[derive(Debug, Clone, Args)]
pub struct ReplicaArgs {
    /// A streaming replica of the PostgreSQL database: statistics, recaps,
    /// exports, scores and searches read from it while it keeps up, and
    /// from the primary when it is down or lags.
    #[arg(long, env = "CRM_DATABASE_READ_URL")]
    pub database_read_url: Option<String>,
    /// How far behind the primary (in milliseconds) the replica may be and
    /// still be read.
    #[arg(long, env = "CRM_READ_MAX_LAG_MS", default_value_t = 5000)]
    pub read_max_lag_ms: u64,
}

impl Default for ReplicaArgs {
    fn default() -> Self {
        ReplicaArgs {
            database_read_url: None,
            read_max_lag_ms: 5000,
        }
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CRM_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub replica: ReplicaArgs,
    /// Load the demo data set when the database has no reports.
    #[arg(long, env = "CRM_DEMO", value_parser = clap::builder::BoolishValueParser::new(), default_value_t = false, num_args = 0..=1, default_missing_value = "true")]
    pub demo: bool,
    /// Development mode: without CRM_JWT_SECRET, make a random signing key.
    #[arg(long, default_value_t = false)]
    pub dev: bool,
    /// Folder of the built web app (index.html and its files).
    #[arg(long, env = "CRM_WEB_DIR", default_value = "frontend/dist")]
    pub web_dir: PathBuf,
    /// Lifetime of an access token, in seconds.
    #[arg(long, env = "CRM_TOKEN_TTL", default_value_t = 8 * 3600)]
    pub token_ttl: i64,
    /// Folder where photos are kept.
    #[arg(long, env = "CRM_MEDIA_DIR", default_value = "data/media")]
    pub media_dir: PathBuf,
    /// Keep photos in S3-compatible object storage (`s3://bucket/prefix`)
    /// instead of --media-dir, so several servers share them. Endpoint,
    /// region and keys come from the AWS_* environment variables.
    #[arg(long, env = "CRM_MEDIA_URL")]
    pub media_url: Option<String>,
    /// Completions wait for a verifier before they are Selesai.
    #[arg(long, env = "CRM_VERIFICATION", value_parser = clap::builder::BoolishValueParser::new(), default_value_t = true, action = clap::ArgAction::Set)]
    pub verification: bool,
    /// Map tiles under the heatmap: a URL template with `{z}`, `{x}`, `{y}`
    /// (none by default: the map works offline over kelurahan points).
    #[arg(long, env = "CRM_TILE_URL")]
    pub tile_url: Option<String>,
    /// Worker threads (default: one per core).
    #[arg(long, env = "CRM_WORKERS")]
    pub workers: Option<usize>,
    /// Where the operators' metrics are served, in Prometheus format, with
    /// no sign-in (bind it to a network only operators reach, e.g.
    /// 127.0.0.1:9464). Without it, `GET /metrics` on the main address
    /// answers administrators only.
    #[arg(long, env = "CRM_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// Seconds a stopping server (SIGTERM, Ctrl-C) gives requests and
    /// deliveries in flight to finish.
    #[arg(long, env = "CRM_SHUTDOWN_GRACE", default_value_t = 30)]
    pub shutdown_grace: u64,
    #[command(flatten)]
    pub delivery: DeliveryArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Limits on what anyone on the internet may ask, and who the client is
/// behind a reverse proxy.
#[derive(Debug, Clone, Args)]
pub struct LimitArgs {
    /// Requests a minute one address may make to the public endpoints
    /// (tracking, feedback, statistics, public photos, Open311); a burst of
    /// a quarter of it is allowed at once.
    #[arg(long, env = "CRM_PUBLIC_RATE_PER_MINUTE", default_value_t = 240)]
    pub public_rate_per_minute: u32,
    /// Requests a second one API key may make after a burst of 30 times
    /// as many (a channel catching up on its backlog).
    #[arg(long, env = "CRM_KEY_RATE_PER_SECOND", default_value_t = 20)]
    pub key_rate_per_second: u32,
    /// Reverse proxies whose `X-Forwarded-For` names the client (addresses
    /// or CIDR blocks, comma separated). From anyone else the header is
    /// ignored and the connection's address is the client.
    #[arg(long, env = "CRM_TRUSTED_PROXIES", value_delimiter = ',', value_parser = proxy)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Heavy reads (statistics, heatmaps, recaps, scores, the target board,
    /// exports) computed at once across the server; 0: twice the cores.
    #[arg(long, env = "CRM_HEAVY_AT_ONCE", default_value_t = 0)]
    pub heavy_at_once: usize,
    /// Heavy reads one account may have under way at once (more: 429).
    #[arg(long, env = "CRM_HEAVY_PER_ACCOUNT", default_value_t = 4)]
    pub heavy_per_account: usize,
    /// How long a heavy read waits for its turn before 503, milliseconds.
    #[arg(long, env = "CRM_HEAVY_WAIT_MS", default_value_t = 20_000)]
    pub heavy_wait_ms: u64,
}

/// A trusted proxy: an address or a CIDR block.
fn proxy(s: &str) -> Result<ipnet::IpNet, String> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("`{s}` is neither an address nor a CIDR block"))
}

impl Default for LimitArgs {
    fn default() -> Self {
        LimitArgs {
            public_rate_per_minute: 240,
            key_rate_per_second: 20,
            trusted_proxies: Vec::new(),
            heavy_at_once: 0,
            heavy_per_account: 4,
            heavy_wait_ms: 20_000,
        }
    }
}

/// Delivery of notifications to channels' webhooks and reporters' e-mail.
#[derive(Debug, Clone, Args)]
pub struct DeliveryArgs {
    /// Attempts of one delivery before it is dead (left for an administrator).
    #[arg(long, env = "CRM_WEBHOOK_MAX_ATTEMPTS", default_value_t = 12)]
    pub webhook_max_attempts: i32,
    /// Wait before the first retry, in milliseconds; it doubles with each
    /// failed attempt, up to one hour.
    #[arg(long, env = "CRM_WEBHOOK_BACKOFF_MS", default_value_t = 5000)]
    pub webhook_backoff_ms: u64,
    /// How long a receiver may take to answer, in seconds.
    #[arg(long, env = "CRM_WEBHOOK_TIMEOUT", default_value_t = 10)]
    pub webhook_timeout: u64,
    /// Deliver at all (off: events are still written, and wait).
    #[arg(long, env = "CRM_DELIVERY", value_parser = clap::builder::BoolishValueParser::new(), default_value_t = true, action = clap::ArgAction::Set)]
    pub delivery: bool,
    /// E-mail to reporters who gave an address, through this SMTP server
    /// (`smtp://host:25`, `smtp://user:pass@host:587?tls=required`,
    /// `smtps://host:465`). Off when not set.
    #[arg(long, env = "CRM_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of those e-mails.
    #[arg(
        long,
        env = "CRM_SMTP_FROM",
        default_value = "CRM Jakarta <no-reply@localhost>"
    )]
    pub smtp_from: String,
    /// Days a delivered or skipped delivery stays listed before it is
    /// forgotten (dead and pending ones stay until settled).
    #[arg(long, env = "CRM_OUTBOX_RETENTION_DAYS", default_value_t = 30)]
    pub outbox_retention_days: u32,
    /// Let webhooks go to loopback, private and link-local addresses
    /// (receivers on the same network); off, such addresses are refused.
    #[arg(long, env = "CRM_WEBHOOK_ALLOW_PRIVATE", value_parser = clap::builder::BoolishValueParser::new(), default_value_t = false, num_args = 0..=1, default_missing_value = "true")]
    pub webhook_allow_private: bool,
    /// The public address of this server, for links in e-mails.
    #[arg(long, env = "CRM_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    pub public_url: String,
    /// The SMS gateway (off unless `--sms-url` is given).
    #[command(flatten)]
    pub sms: SmsArgs,
}

/// A generic HTTP SMS gateway: text messages to reporters who gave a
/// mobile number, and staff notices to accounts with one. `{to}` (the
/// number as +62…) and `{text}` are replaced in the URL (percent-encoded)
/// and in the body (escaped for JSON when the content type is JSON,
/// percent-encoded for a form).
#[derive(Debug, Clone, Default, Args)]
pub struct SmsArgs {
    /// The gateway's address, e.g. `https://sms.example.id/send` or
    /// `https://gw.example.id/api?to={to}&msg={text}`. Off when not set.
    #[arg(long, env = "CRM_SMS_URL")]
    pub sms_url: Option<String>,
    /// The HTTP method (POST, PUT or GET).
    #[arg(long, env = "CRM_SMS_METHOD", default_value = "POST")]
    pub sms_method: String,
    /// The body template (not sent with GET).
    #[arg(
        long,
        env = "CRM_SMS_BODY",
        default_value = r#"{"to":"{to}","text":"{text}"}"#
    )]
    pub sms_body: String,
    /// The body's content type.
    #[arg(long, env = "CRM_SMS_CONTENT_TYPE", default_value = "application/json")]
    pub sms_content_type: String,
    /// One header for the gateway's authentication, `Name: value` (e.g.
    /// `Authorization: Bearer …`).
    #[arg(long, env = "CRM_SMS_AUTH_HEADER")]
    pub sms_auth_header: Option<String>,
}

impl Default for DeliveryArgs {
    fn default() -> Self {
        DeliveryArgs {
            webhook_max_attempts: 12,
            webhook_backoff_ms: 5000,
            webhook_timeout: 10,
            webhook_allow_private: false,
            delivery: true,
            smtp_url: None,
            smtp_from: "CRM Jakarta <no-reply@localhost>".into(),
            outbox_retention_days: 30,
            public_url: "http://127.0.0.1:8080".into(),
            sms: SmsArgs {
                sms_url: None,
                sms_method: "POST".into(),
                sms_body: r#"{"to":"{to}","text":"{text}"}"#.into(),
                sms_content_type: "application/json".into(),
                sms_auth_header: None,
            },
        }
    }
}
