//! Id sequences: after ids are copied as they were, the target's next id must come after
//! them (and after ids the source already handed out and deleted, so none is reused).
use sqlx::Row;

use super::schema::{Kind, Table};
use super::sql::ident;
use crate::db::{Backend, Db};

/// The single integer key column that a sequence or AUTOINCREMENT feeds, if any.
fn id_column(table: &Table) -> Option<&str> {
    let [k] = table.key.as_slice() else {
        return None;
    };
    table
        .columns
        .iter()
        .any(|c| c.name == *k && c.kind == Kind::Int)
        .then_some(k.as_str())
}

async fn pg_sequence(db: &Db, table: &str, column: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT pg_get_serial_sequence($1, $2)")
        .bind(ident(table))
        .bind(column)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

/// The highest id `table` has handed out in `db` (0 when none or no sequence).
pub async fn high_water_mark(db: &Db, table: &Table) -> Result<i64, sqlx::Error> {
    let Some(column) = id_column(table) else {
        return Ok(0);
    };
    let issued: Option<i64> = match db.backend {
        Backend::Sqlite if table.autoincrement => {
            sqlx::query("SELECT seq FROM sqlite_sequence WHERE name = $1")
                .bind(&table.name)
                .fetch_optional(&db.pool)
                .await?
                .map(|r| r.try_get(0))
                .transpose()?
        }
        Backend::Sqlite => None,
        Backend::Postgres => match pg_sequence(db, &table.name, column).await? {
            // The name comes from PostgreSQL itself, already quoted as needed.
            Some(seq) => sqlx::query(&format!(
                "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {seq}"
            ))
            .fetch_one(&db.pool)
            .await?
            .try_get(0)?,
            None => None,
        },
    };
    Ok(issued.unwrap_or(0))
}

/// Moves `table`'s id sequence in `db` past its highest id and past `at_least`.
/// Returns the next id it will hand out, or None when the table has no sequence.
pub async fn move_sequence(db: &Db, table: &Table, at_least: i64) -> anyhow::Result<Option<i64>> {
    let Some(column) = id_column(table) else {
        return Ok(None);
    };
    let max: Option<i64> = sqlx::query(&format!(
        "SELECT MAX({}) FROM {}",
        ident(column),
        ident(&table.name)
    ))
    .fetch_one(&db.pool)
    .await?
    .try_get(0)?;
    let last = max.unwrap_or(0).max(at_least);
    match db.backend {
        Backend::Postgres => {
            let Some(seq) = pg_sequence(db, &table.name, column).await? else {
                return Ok(None);
            };
            // setval(seq, 1, false): the next id is 1, for a table that never had a row.
            sqlx::query("SELECT setval($1::regclass, $2, $3)")
                .bind(seq)
                .bind(last.max(1))
                .bind(last > 0)
                .execute(&db.pool)
                .await?;
        }
        Backend::Sqlite if table.autoincrement => {
            let mut tx = db.begin().await?;
            let updated = sqlx::query("UPDATE sqlite_sequence SET seq = $2 WHERE name = $1")
                .bind(&table.name)
                .bind(last)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if updated == 0 && last > 0 {
                sqlx::query("INSERT INTO sqlite_sequence (name, seq) VALUES ($1, $2)")
                    .bind(&table.name)
                    .bind(last)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
        // A plain INTEGER PRIMARY KEY takes max(rowid) + 1 by itself.
        Backend::Sqlite => {}
    }
    Ok(Some(last + 1))
}
