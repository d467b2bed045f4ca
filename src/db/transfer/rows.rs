//! Rows in primary-key order, a batch at a time (keyset paging: each batch starts after the
//! last key of the one before, so a batch costs the same at the end of a table as at its
//! start), and the whole-table chores: count, emptiness, wipe, online copy.
use sqlx::any::AnyArguments;
use sqlx::Row;

use super::schema::Column;
use super::sql::ident;
use super::values::Value;
use crate::db::{Backend, Db, Tx};

/// Most bound values per INSERT: under SQLite's 32,766 and PostgreSQL's 65,535.
const MAX_PARAMS: usize = 10_000;

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, AnyArguments<'q>>;

/// A value bound as itself, for comparing keys on the side it was read from.
fn bind_plain(v: Value, q: Query<'_>) -> Query<'_> {
    match v {
        Value::Null => q.bind(None::<String>),
        Value::Int(i) => q.bind(i),
        Value::Real(f) => q.bind(f),
        Value::Text(s) => q.bind(s),
        Value::Blob(b) => q.bind(b),
    }
}

/// Up to `limit` rows of `table` (the `columns` named, in that order), ordered by `key`,
/// with keys after `after` (the key values of the last row already read).
pub async fn read_batch(
    db: &Db,
    table: &str,
    columns: &[String],
    key: &[String],
    after: Option<&[Value]>,
    limit: usize,
) -> Result<Vec<Vec<Value>>, sqlx::Error> {
    let cols: Vec<String> = columns.iter().map(|c| ident(c)).collect();
    let keys: Vec<String> = key.iter().map(|c| ident(c)).collect();
    let mut sql = format!("SELECT {} FROM {}", cols.join(", "), ident(table));
    if after.is_some() {
        let params: Vec<String> = (1..=keys.len()).map(|i| format!("${i}")).collect();
        // Row-value comparison: both backends order (a, b) > (x, y) lexicographically.
        sql.push_str(&format!(
            " WHERE ({}) > ({})",
            keys.join(", "),
            params.join(", ")
        ));
    }
    sql.push_str(&format!(
        " ORDER BY {} LIMIT {}",
        keys.join(", "),
        limit.max(1)
    ));
    let mut q = sqlx::query(&sql);
    for v in after.unwrap_or_default() {
        q = bind_plain(v.clone(), q);
    }
    let rows = q.fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| (0..columns.len()).map(|i| Value::read(r, i)).collect())
        .collect()
}

/// Inserts `rows` (values in `columns` order) into `table` on `tx`, ids included.
pub async fn insert_batch(
    tx: &mut Tx,
    table: &str,
    columns: &[Column],
    rows: Vec<Vec<Value>>,
) -> anyhow::Result<()> {
    let names: Vec<String> = columns.iter().map(|c| ident(&c.name)).collect();
    let per_statement = (MAX_PARAMS / columns.len().max(1)).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Value>> = rows.by_ref().take(per_statement).collect();
        let mut n = 0;
        let tuples: Vec<String> = chunk
            .iter()
            .map(|_| {
                let params: Vec<String> = columns
                    .iter()
                    .map(|_| {
                        n += 1;
                        format!("${n}")
                    })
                    .collect();
                format!("({})", params.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}",
            ident(table),
            names.join(", "),
            tuples.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for row in chunk {
            for (v, c) in row.into_iter().zip(columns) {
                q = v
                    .bind(c.kind, &format!("{table}.{}", c.name), q)
                    .map_err(anyhow::Error::msg)?;
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

pub async fn row_count(db: &Db, table: &str) -> Result<i64, sqlx::Error> {
    sqlx::query(&format!("SELECT COUNT(*) FROM {}", ident(table)))
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

pub async fn is_empty(db: &Db, table: &str) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query(&format!("SELECT 1 FROM {} LIMIT 1", ident(table)))
            .fetch_optional(&db.pool)
            .await?
            .is_none(),
    )
}

/// Deletes every row of `tables` and resets their id sequences, in one transaction.
pub async fn wipe(db: &Db, tables: &[String]) -> Result<(), sqlx::Error> {
    if tables.is_empty() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    match db.backend {
        Backend::Postgres => {
            let list: Vec<String> = tables.iter().map(|t| ident(t)).collect();
            sqlx::query(&format!(
                "TRUNCATE {} RESTART IDENTITY CASCADE",
                list.join(", ")
            ))
            .execute(&mut *tx)
            .await?;
        }
        Backend::Sqlite => {
            // Checked at commit, when every table is empty; the order of deletes is moot.
            sqlx::query("PRAGMA defer_foreign_keys = ON")
                .execute(&mut *tx)
                .await?;
            for t in tables {
                sqlx::query(&format!("DELETE FROM {}", ident(t)))
                    .execute(&mut *tx)
                    .await?;
            }
            let has_sequence = sqlx::query(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'",
            )
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
            if has_sequence {
                sqlx::query("DELETE FROM sqlite_sequence")
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    tx.commit().await
}

/// SQLite only: a consistent copy of the whole database into the new file `path`, taken
/// in one read transaction while writers carry on (WAL).
pub async fn vacuum_into(db: &Db, path: &str) -> Result<(), sqlx::Error> {
    sqlx::query("VACUUM INTO $1")
        .bind(path)
        .execute(&db.pool)
        .await?;
    Ok(())
}
