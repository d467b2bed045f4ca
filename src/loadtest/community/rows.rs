//! Multi-row INSERTs over sqlx `Any` (`$N` placeholders on both backends), many rows per
//! statement and many statements per transaction, committed with a progress line.
use std::time::Instant;

use sqlx::Row;

use crate::db::{Backend, Db, Tx};

/// One value of a row.
#[derive(Debug, Clone, Copy)]
pub enum V<'a> {
    I(i64),
    NI(Option<i64>),
    T(&'a str),
    NT(Option<&'a str>),
}

/// Bind parameters per statement: below SQLite's 32,766 (PostgreSQL takes 65,535).
const MAX_BINDS: usize = 30_000;
/// Rows per statement at most.
const MAX_ROWS: usize = 1_000;

/// `INSERT INTO table (cols) VALUES ($1, …), (…)` for `rows` rows.
pub fn insert_sql(table: &str, cols: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", cols.join(", "));
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..cols.len() {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            sql.push_str(&format!("${n}"));
        }
        sql.push(')');
    }
    sql
}

pub fn rows_per_statement(cols: usize) -> usize {
    (MAX_BINDS / cols.max(1)).clamp(1, MAX_ROWS)
}

/// Inserts `rows` (each `cols.len()` values) in the caller's transaction.
pub async fn insert(
    tx: &mut Tx,
    table: &str,
    cols: &[&str],
    rows: &[Vec<V<'_>>],
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(rows_per_statement(cols.len())) {
        let sql = insert_sql(table, cols, chunk.len());
        let mut q = sqlx::query(&sql);
        for row in chunk {
            debug_assert_eq!(row.len(), cols.len());
            for v in row {
                q = match *v {
                    V::I(i) => q.bind(i),
                    V::NI(i) => q.bind(i),
                    V::T(t) => q.bind(t),
                    V::NT(t) => q.bind(t),
                };
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Rows committed per transaction.
pub const ROWS_PER_TX: usize = 50_000;

/// Writes `total` rows made by `make(i)` for i in 0..total, `ROWS_PER_TX` per transaction,
/// printing progress after each commit.
pub async fn write_all<'a, F>(
    db: &Db,
    what: &str,
    table: &str,
    cols: &[&str],
    total: usize,
    started: Instant,
    mut make: F,
) -> anyhow::Result<()>
where
    F: FnMut(usize) -> Vec<V<'a>>,
{
    let mut done = 0;
    while done < total {
        let end = (done + ROWS_PER_TX).min(total);
        let rows: Vec<Vec<V<'a>>> = (done..end).map(&mut make).collect();
        let mut tx = db.begin().await?;
        insert(&mut tx, table, cols, &rows).await?;
        tx.commit().await?;
        done = end;
        println!(
            "  {what}: {done}/{total} ({:.1} s)",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// The largest id in `table` (0 when empty).
pub async fn max_id(db: &Db, table: &str) -> Result<i64, sqlx::Error> {
    sqlx::query(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}"))
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

pub async fn count(db: &Db, sql: &str) -> Result<i64, sqlx::Error> {
    sqlx::query(sql).fetch_one(&db.pool).await?.try_get(0)
}

/// After rows were inserted with explicit ids, PostgreSQL's sequence must move past them
/// (SQLite's AUTOINCREMENT follows explicit ids by itself).
pub async fn sync_sequence(db: &Db, table: &str) -> Result<(), sqlx::Error> {
    if db.backend == Backend::Postgres {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
        ))
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}

/// Fresh statistics for PostgreSQL's planner (autovacuum would gather them later; until
/// then a bulk-loaded table is planned as if it were empty).
pub async fn analyze(db: &Db) -> Result<(), sqlx::Error> {
    if db.backend == Backend::Postgres {
        sqlx::query("ANALYZE").execute(&db.pool).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_placeholders() {
        assert_eq!(
            insert_sql("t", &["a", "b"], 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(rows_per_statement(10), 1_000);
        assert_eq!(rows_per_statement(60), 500);
        assert_eq!(rows_per_statement(0), 1_000);
    }
}
