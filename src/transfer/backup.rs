//! `cliffhanger backup OUT` while the server runs. SQLite: `VACUUM INTO`, a consistent
//! snapshot taken in one read transaction (writers carry on under WAL) into a new, compact
//! file that is a complete database. PostgreSQL: `pg_dump` in its custom format, which is
//! consistent by the same means (one snapshot) and read back with `pg_restore`.
use std::ffi::OsStr;
use std::path::Path;

use anyhow::{bail, Context};

use crate::db::{transfer, Backend, Db};

/// What was written, for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    SqliteCopy,
    PgDump,
}

/// Writes a backup of `db` (opened from `database_url`) to the new file `out`.
pub async fn run(db: &Db, database_url: &str, out: &Path) -> anyhow::Result<Written> {
    if out.exists() {
        bail!(
            "{} already exists; backup never overwrites a file: name a new one",
            out.display()
        );
    }
    match db.backend {
        Backend::Sqlite => {
            let path = out
                .to_str()
                .with_context(|| format!("{} is not a UTF-8 path", out.display()))?;
            transfer::vacuum_into(db, path)
                .await
                .with_context(|| format!("cannot write {}", out.display()))?;
            Ok(Written::SqliteCopy)
        }
        Backend::Postgres => {
            let url = database_url.to_string();
            let out = out.to_path_buf();
            tokio::task::spawn_blocking(move || pg_dump(OsStr::new("pg_dump"), &url, &out))
                .await
                .context("pg_dump task failed")??;
            Ok(Written::PgDump)
        }
    }
}

/// The message for a machine without pg_dump.
fn missing_pg_dump(program: &OsStr) -> String {
    format!(
        "{} was not found on PATH. A PostgreSQL backup is made with pg_dump: install the \
         PostgreSQL client tools of the server's major version (Debian: apt install \
         postgresql-client) and run this again, or run \
         `pg_dump --format=custom --file OUT \"$DATABASE_URL\"` yourself",
        program.to_string_lossy()
    )
}

/// Runs `program` (pg_dump) on `database_url` into `out`, custom format. The password goes
/// in PGPASSWORD, not on the command line, where other users of the machine could read it.
fn pg_dump(program: &OsStr, database_url: &str, out: &Path) -> anyhow::Result<()> {
    let mut url = url::Url::parse(database_url).context("invalid DATABASE_URL")?;
    let password = url.password().map(|p| {
        percent_encoding::percent_decode_str(p)
            .decode_utf8_lossy()
            .into_owned()
    });
    // Only fails for URLs that cannot hold a password, where there is none to remove.
    let _ = url.set_password(None);
    let mut cmd = std::process::Command::new(program);
    cmd.arg("--format=custom")
        .arg("--file")
        .arg(out)
        .arg("--dbname")
        .arg(url.as_str());
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    let output = match cmd.output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(missing_pg_dump(program)),
        Err(e) => return Err(e).context("cannot run pg_dump"),
    };
    if !output.status.success() {
        bail!(
            "pg_dump failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_pg_dump_says_what_to_install() {
        let dir = tempfile::tempdir().expect("temp dir");
        let err = pg_dump(
            OsStr::new("pg_dump-not-installed-here"),
            "postgres://u:secret@127.0.0.1:5432/site",
            &dir.path().join("site.dump"),
        )
        .expect_err("no such program");
        let text = err.to_string();
        assert!(text.contains("was not found on PATH"), "{text}");
        assert!(text.contains("postgresql-client"), "{text}");
        assert!(!text.contains("secret"), "{text}");
        assert!(!dir.path().join("site.dump").exists());
    }
}
