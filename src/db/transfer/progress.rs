//! How far a copy got, kept in the target itself: each batch's rows and its table's new
//! position commit in one transaction, so an interrupted run resumes exactly after the last
//! batch that committed. The table is dropped once the copy is verified.
use std::collections::BTreeMap;

use sqlx::Row;

use super::sql::PROGRESS_TABLE;
use super::values::Value;
use crate::db::{Backend, Db, Tx};

/// The row naming the source the copy comes from (no table has an empty name).
const SOURCE_ROW: &str = "";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableProgress {
    /// Key of the last row copied; None before the first batch.
    pub last_key: Option<Vec<Value>>,
    pub rows: i64,
    pub done: bool,
}

#[derive(Debug, Clone)]
pub struct Progress {
    /// What the copy reads from, as recorded when it began.
    pub source: String,
    pub tables: BTreeMap<String, TableProgress>,
}

impl Progress {
    /// The unfinished copy recorded in `db`, if any.
    pub async fn load(db: &Db) -> anyhow::Result<Option<Progress>> {
        let exists_sql = match db.backend {
            Backend::Sqlite => "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1",
            Backend::Postgres => "SELECT 1 WHERE to_regclass($1) IS NOT NULL",
        };
        let exists = sqlx::query(exists_sql)
            .bind(PROGRESS_TABLE)
            .fetch_optional(&db.pool)
            .await?
            .is_some();
        if !exists {
            return Ok(None);
        }
        let rows = sqlx::query(&format!(
            "SELECT table_name, last_key, rows_copied, done FROM {PROGRESS_TABLE}"
        ))
        .fetch_all(&db.pool)
        .await?;
        let mut source = String::new();
        let mut tables = BTreeMap::new();
        for r in &rows {
            let name: String = r.try_get(0)?;
            let last_key: Option<String> = r.try_get(1)?;
            if name == SOURCE_ROW {
                source = last_key.unwrap_or_default();
                continue;
            }
            let last_key = match last_key {
                Some(json) => Some(serde_json::from_str(&json)?),
                None => None,
            };
            tables.insert(
                name,
                TableProgress {
                    last_key,
                    rows: r.try_get(2)?,
                    done: r.try_get::<i64, _>(3)? != 0,
                },
            );
        }
        Ok(Some(Progress { source, tables }))
    }

    /// Records that a copy from `source` begins in `db`.
    pub async fn begin(db: &Db, source: &str) -> Result<(), sqlx::Error> {
        sqlx::query(&format!(
            "CREATE TABLE IF NOT EXISTS {PROGRESS_TABLE} (table_name TEXT PRIMARY KEY, \
             last_key TEXT, rows_copied BIGINT NOT NULL, done BIGINT NOT NULL)"
        ))
        .execute(&db.pool)
        .await?;
        let mut tx = db.begin().await?;
        Self::write(&mut tx, SOURCE_ROW, Some(source.to_string()), 0, false).await?;
        tx.commit().await
    }

    /// Records `table`'s position on `tx`, the transaction that wrote its rows.
    pub async fn record(tx: &mut Tx, table: &str, p: &TableProgress) -> anyhow::Result<()> {
        let key = match &p.last_key {
            Some(k) => Some(serde_json::to_string(k)?),
            None => None,
        };
        Self::write(tx, table, key, p.rows, p.done).await?;
        Ok(())
    }

    async fn write(
        tx: &mut Tx,
        table: &str,
        key: Option<String>,
        rows: i64,
        done: bool,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(&format!(
            "INSERT INTO {PROGRESS_TABLE} (table_name, last_key, rows_copied, done) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (table_name) DO UPDATE SET \
             last_key = excluded.last_key, rows_copied = excluded.rows_copied, done = excluded.done"
        ))
        .bind(table)
        .bind(key)
        .bind(rows)
        .bind(i64::from(done))
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// The copy is complete and verified: nothing is left to resume.
    pub async fn finish(db: &Db) -> Result<(), sqlx::Error> {
        sqlx::query(&format!("DROP TABLE IF EXISTS {PROGRESS_TABLE}"))
            .execute(&db.pool)
            .await?;
        Ok(())
    }
}
