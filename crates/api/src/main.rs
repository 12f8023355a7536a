//! The `crm` binary: serve, print the OpenAPI document, or migrate.

use actix_web::HttpServer;
use anyhow::Context;
use clap::Parser;
use crm_api::app::{self, WebDir};
use crm_api::auth::token::MIN_SECRET_BYTES;
use crm_api::config::{Cli, Command, ServeArgs};
use crm_api::db::{users, Db};
use crm_api::state::{AppState, Options};
use crm_api::{demo, openapi};
use crm_domain::Role;

// Many threads allocate and free request-sized buffers: glibc's arenas
// fragmented to several hundred MB resident after a heavy read.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Openapi => {
            print!("{}", openapi::json());
            Ok(())
        }
        Command::Migrate(args) => {
            crm_api::trace::init(cli.log_format);
            let db = Db::open(&args.database_url)?;
            crm_api::db::reference::ensure(&db)?;
            log::info!(
                "database at {} is up to date",
                crm_api::db::connection::redacted(&args.database_url)
            );
            Ok(())
        }
        Command::Backup(args) => {
            crm_api::trace::init(cli.log_format);
            println!("{}", crm_api::backup::run(&args.db.database_url, &args.to)?);
            Ok(())
        }
        Command::User(args) => {
            crm_api::trace::init(cli.log_format);
            let db = Db::open(&args.db.database_url)?;
            crm_api::db::reference::ensure(&db)?;
            println!("{}", crm_api::operator::run(&db, args.action)?);
            Ok(())
        }
        Command::Serve(args) => {
            crm_api::trace::init(cli.log_format);
            actix_web::rt::System::new().block_on(serve(*args))
        }
    }
}

fn jwt_secret(dev: bool) -> anyhow::Result<Vec<u8>> {
    match std::env::var("CRM_JWT_SECRET") {
        Ok(s) if s.len() >= MIN_SECRET_BYTES => Ok(s.into_bytes()),
        Ok(_) => anyhow::bail!(
            "CRM_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes: set it to a long random string (e.g. `head -c 48 /dev/urandom | base64`)"
        ),
        Err(_) if dev => {
            log::warn!("--dev: CRM_JWT_SECRET is not set; signing tokens with a random key made for this run (tokens end when the server stops)");
            let mut key = [0u8; 32];
            rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
            Ok(key.to_vec())
        }
        Err(_) => anyhow::bail!(
            "CRM_JWT_SECRET is not set: set it to a long random string, or pass --dev to make one for this run"
        ),
    }
}

/// The key material sealing stored secrets: `CRM_SECRETS_KEY`, else the
/// token signing key; and `CRM_SECRETS_KEY_PREVIOUS` while one is retired.
/// A development server whose signing key is made for the run seals with a
/// fixed, published key, so its webhooks survive a restart.
fn secrets_key(jwt_secret: &[u8], dev: bool) -> anyhow::Result<(Vec<u8>, Option<Vec<u8>>)> {
    let read = |name: &str| -> anyhow::Result<Option<Vec<u8>>> {
        match std::env::var(name).ok().filter(|s| !s.is_empty()) {
            Some(s) if s.len() >= MIN_SECRET_BYTES => Ok(Some(s.into_bytes())),
            Some(_) => anyhow::bail!(
                "{name} must be at least {MIN_SECRET_BYTES} bytes: set it to a long random string (e.g. `head -c 48 /dev/urandom | base64`)"
            ),
            None => Ok(None),
        }
    };
    let previous = read("CRM_SECRETS_KEY_PREVIOUS")?;
    match read("CRM_SECRETS_KEY")? {
        Some(key) => Ok((key, previous)),
        None if dev && std::env::var_os("CRM_JWT_SECRET").is_none() => {
            log::warn!("--dev: CRM_SECRETS_KEY is not set; webhook secrets are sealed with the published development key");
            Ok((
                b"crm development sealing key, not a secret".to_vec(),
                previous,
            ))
        }
        None => {
            log::info!("CRM_SECRETS_KEY is not set: webhook secrets are sealed with a key derived from the token signing key (set CRM_SECRETS_KEY to change that key freely)");
            Ok((jwt_secret.to_vec(), previous))
        }
    }
}

/// The demo accounts' password: `demo12345` on a development server, and
/// otherwise only one given in `CRM_DEMO_PASSWORD` (no server on the
/// internet opens with a published password).
fn demo_password(demo: bool, dev: bool) -> anyhow::Result<String> {
    match std::env::var("CRM_DEMO_PASSWORD").ok().filter(|p| !p.is_empty()) {
        Some(p) => {
            if let Err(why) = crm_domain::account::check_password("demo", &p) {
                if !dev {
                    anyhow::bail!("CRM_DEMO_PASSWORD {why}");
                }
            }
            Ok(p)
        }
        None if dev || !demo => Ok(demo::DEMO_PASSWORD.to_string()),
        None => anyhow::bail!(
            "--demo without --dev needs CRM_DEMO_PASSWORD: the demo accounts' published password is for development servers only"
        ),
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let secret = jwt_secret(args.dev)?;
    let (secrets_key, previous_secrets_key) = secrets_key(&secret, args.dev)?;
    let demo_password = demo_password(args.demo, args.dev)?;
    let admin_password = std::env::var("CRM_ADMIN_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty());
    if let Some(pw) = &admin_password {
        if let Err(why) = crm_domain::account::check_password("admin", pw) {
            if args.dev {
                log::warn!(
                    "--dev: CRM_ADMIN_PASSWORD {why}; accepted for this development server only"
                );
            } else {
                anyhow::bail!("CRM_ADMIN_PASSWORD {why} (at least 10 characters, not the username, not a common password)");
            }
        }
    }
    let opts = Options {
        database_url: args.db.database_url.clone(),
        jwt_secret: secret,
        secrets_key,
        previous_secrets_key,
        token_ttl_secs: args.token_ttl,
        media_dir: args.media_dir.clone(),
        media_url: args.media_url.clone(),
        verification: args.verification,
        tile_url: args.tile_url.clone(),
        delivery: args.delivery.clone(),
        limits: args.limits.clone(),
        replica: args.replica.clone(),
    };
    // Held until the process ends: one server per SQLite file.
    let _single_server = crm_api::cluster::claim_single_server(&args.db.database_url)?;
    let state = actix_web::rt::task::spawn_blocking(move || AppState::open(&opts))
        .await
        .context("start-up task")??;
    let db = state.db.clone();
    let refdata = state.refdata.clone();
    let demo_wanted = args.demo;
    let shown_demo_password = demo_password.clone();
    let logins =
        actix_web::rt::task::spawn_blocking(move || -> anyhow::Result<Vec<demo::Login>> {
            if let Some(pw) = admin_password {
                let created = db.write_blocking(|conn| {
                    users::ensure(
                        conn,
                        &users::NewUser {
                            username: "admin",
                            password: &pw,
                            full_name: "Administrator",
                            role: Role::Administrator,
                            unit_code: Some(crm_domain::unit::MONITORING_ROOM_CODE),
                        },
                    )
                })?;
                if created {
                    log::info!("created the administrator account `admin`");
                }
            }
            if demo_wanted {
                return Ok(demo::load(&db, &refdata, &demo_password)?);
            }
            Ok(Vec::new())
        })
        .await
        .context("demo task")??;
    let web_dir = if args.web_dir.join("index.html").is_file() {
        Some(args.web_dir.clone())
    } else {
        log::warn!(
            "no web app at {} (build it with `just build-frontend`); serving the API only",
            args.web_dir.display()
        );
        None
    };
    crm_api::cluster::start(&state, &args.db.database_url);
    crm_api::jobs::journal::spawn(state.clone());
    crm_api::jobs::warnings::spawn(state.clone());
    crm_api::jobs::digest::spawn(state.clone());
    crm_api::jobs::boundaries::spawn(state.clone());
    let deliveries = args
        .delivery
        .delivery
        .then(|| crm_api::jobs::delivery::spawn(state.clone()));
    let grace = std::time::Duration::from_secs(args.shutdown_grace);
    let st = state.clone();
    let wd = WebDir(web_dir);
    let mut server = HttpServer::new(move || app::build(st.clone(), wd.clone()))
        .disable_signals()
        .shutdown_timeout(args.shutdown_grace)
        .bind(args.addr)
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    if let Some(w) = args.workers {
        server = server.workers(w);
    }
    let metrics_server = match args.metrics_addr {
        Some(addr) => {
            let st = state.clone();
            let s = HttpServer::new(move || {
                actix_web::App::new()
                    .app_data(actix_web::web::Data::new(st.clone()))
                    .route(
                        "/metrics",
                        actix_web::web::get().to(|st: actix_web::web::Data<AppState>| async move {
                            crm_api::routes::health::exposition(&st).await
                        }),
                    )
            })
            .disable_signals()
            .workers(1)
            .bind(addr)
            .with_context(|| format!("cannot listen for metrics on {addr}"))?
            .run();
            println!("  Metrics:  http://{addr}/metrics");
            Some(s)
        }
        None => None,
    };
    println!("CRM Jakarta is serving at http://{}/", args.addr);
    println!(
        "  API:      http://{}/api/v1   (docs: http://{}/api/docs/)",
        args.addr, args.addr
    );
    if !logins.is_empty() {
        if args.dev {
            println!("  Demo logins (password for all: {shown_demo_password}):");
        } else {
            println!("  Demo logins (password for all: the one in CRM_DEMO_PASSWORD):");
        }
        for l in &logins {
            println!("    {:<22} {}", l.username, l.description);
        }
    }
    let server = server.run();
    let handle = server.handle();
    let metrics_handle = metrics_server.as_ref().map(|s| s.handle());
    if let Some(s) = metrics_server {
        actix_web::rt::spawn(s);
    }
    let stopping = state.shutdown.clone();
    actix_web::rt::spawn(async move {
        crm_api::shutdown::signalled().await;
        log::info!(
            "stopping: no new connections; requests and deliveries in flight have {}s to finish",
            grace.as_secs()
        );
        stopping.begin();
        handle.stop(true).await;
        if let Some(m) = metrics_handle {
            m.stop(true).await;
        }
    });
    server.await.context("server")?;
    if let Some(d) = deliveries {
        if tokio::time::timeout(grace, d).await.is_err() {
            log::warn!("deliveries still in flight after the grace period: their leases expire and another server (or the next start) sends them");
        }
    }
    log::info!("stopped");
    Ok(())
}
