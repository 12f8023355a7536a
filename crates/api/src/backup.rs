//! `crm backup --to PATH`: a consistent copy of the database while the
//! server runs. SQLite writes a compact copy with `VACUUM INTO` (restore:
//! put the file in place of `data/crm.sqlite`); PostgreSQL runs `pg_dump`
//! in its custom format (restore: `pg_restore --dbname URL PATH` into an
//! empty database). Photos live in the media folder; copy it beside.

use crate::db::connection::DbUrl;
use crate::db::{Db, DbConn};
use diesel::RunQueryDsl;
use std::path::Path;
use std::process::Command;

/// Writes a backup of the database at `url` to `to` (which must not
/// exist), with `pg_dump` from `CRM_PG_BIN` or the `PATH`; what to print on
/// success.
pub fn run(url: &str, to: &Path) -> anyhow::Result<String> {
    let bin = std::env::var("CRM_PG_BIN").ok();
    run_with(url, to, bin.as_deref().map(Path::new))
}

/// [`run`], with PostgreSQL's programs from `pg_bin` when given.
pub fn run_with(url: &str, to: &Path, pg_bin: Option<&Path>) -> anyhow::Result<String> {
    if to.exists() {
        anyhow::bail!("{} exists; choose a new file", to.display());
    }
    match url.parse::<DbUrl>().map_err(|e| anyhow::anyhow!(e))? {
        DbUrl::Sqlite(_) => {
            let target = to
                .to_str()
                .ok_or_else(|| anyhow::anyhow!("the backup path is not UTF-8"))?
                .replace('\'', "''");
            let db = Db::open(url)?;
            db.read_blocking(|conn: &mut DbConn| {
                diesel::sql_query(format!("VACUUM INTO '{target}'"))
                    .execute(conn)
                    .map_err(crate::db::DbError::from)
            })?;
            Ok(format!(
                "SQLite backup written to {} (restore: stop the server and put it in place of the database file)",
                to.display()
            ))
        }
        DbUrl::Postgres(pg) => {
            let pg_dump = pg_bin.map_or_else(|| "pg_dump".into(), |d| d.join("pg_dump"));
            let status = Command::new(&pg_dump)
                .args(["--format=custom", "--no-owner", "--file"])
                .arg(to)
                .arg(&pg)
                .status()
                .map_err(|e| anyhow::anyhow!("cannot run {}: {e}", pg_dump.display()))?;
            if !status.success() {
                anyhow::bail!("pg_dump failed ({status})");
            }
            Ok(format!(
                "PostgreSQL backup written to {} (restore: pg_restore --no-owner --dbname URL {} into an empty database)",
                to.display(),
                to.display()
            ))
        }
    }
}
