//! The tables as the database reports them: columns with their types, the primary key and
//! the tables each one references. Read from the catalogue rather than listed by hand, so a
//! table a later migration adds is copied too.
use std::collections::{BTreeMap, BTreeSet};

use sqlx::Row;

use super::sql::ident;
use crate::db::{Backend, Db};

/// How a column's values are bound when written (reading takes whatever the driver reports).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Bool,
    Real,
    Text,
    Blob,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    /// Primary-key column names, in key order (empty: the table has none).
    pub key: Vec<String>,
    /// Tables this one's foreign keys point at (itself left out).
    pub parents: BTreeSet<String>,
    /// SQLite: the key is an AUTOINCREMENT rowid, tracked in `sqlite_sequence`.
    pub autoincrement: bool,
}

/// Tables that belong to the tooling, not the community.
const SKIPPED: [&str; 2] = ["_sqlx_migrations", super::sql::PROGRESS_TABLE];

/// Every table of the database, by name.
pub async fn tables(db: &Db) -> Result<BTreeMap<String, Table>, sqlx::Error> {
    let names = table_names(db).await?;
    let mut out = BTreeMap::new();
    for name in names.into_iter().filter(|n| !SKIPPED.contains(&n.as_str())) {
        let table = match db.backend {
            Backend::Sqlite => sqlite_table(db, name.clone()).await?,
            Backend::Postgres => postgres_table(db, name.clone()).await?,
        };
        out.insert(name, table);
    }
    Ok(out)
}

async fn table_names(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let sql = match db.backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        }
    };
    let rows = sqlx::query(sql).fetch_all(&db.pool).await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

async fn sqlite_table(db: &Db, name: String) -> Result<Table, sqlx::Error> {
    let rows = sqlx::query("SELECT name, type, pk FROM pragma_table_info($1) ORDER BY cid")
        .bind(&name)
        .fetch_all(&db.pool)
        .await?;
    let mut columns = Vec::new();
    let mut key: Vec<(i64, String)> = Vec::new();
    for r in &rows {
        let col: String = r.try_get(0)?;
        let declared: String = r.try_get(1)?;
        let pk: i64 = r.try_get(2)?;
        if pk > 0 {
            key.push((pk, col.clone()));
        }
        columns.push(Column {
            name: col,
            kind: sqlite_kind(&declared),
        });
    }
    key.sort();
    let parents = sqlx::query("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)")
        .bind(&name)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<Result<BTreeSet<_>, _>>()?;
    let create: String = sqlx::query("SELECT sql FROM sqlite_master WHERE name = $1")
        .bind(&name)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    Ok(Table {
        parents: parents.into_iter().filter(|p| *p != name).collect(),
        autoincrement: create.to_ascii_uppercase().contains("AUTOINCREMENT"),
        name,
        columns,
        key: key.into_iter().map(|(_, c)| c).collect(),
    })
}

/// SQLite's type affinity rules (datatype3.html, 3.1), plus BOOLEAN.
fn sqlite_kind(declared: &str) -> Kind {
    let t = declared.to_ascii_uppercase();
    if t.contains("INT") {
        Kind::Int
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        Kind::Text
    } else if t.contains("BLOB") || t.is_empty() {
        Kind::Blob
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        Kind::Real
    } else if t.contains("BOOL") {
        Kind::Bool
    } else {
        Kind::Int
    }
}

async fn postgres_table(db: &Db, name: String) -> Result<Table, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT column_name::text, data_type::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(&name)
    .fetch_all(&db.pool)
    .await?;
    let mut columns = Vec::new();
    for r in &rows {
        let declared: String = r.try_get(1)?;
        columns.push(Column {
            name: r.try_get(0)?,
            kind: postgres_kind(&declared),
        });
    }
    let key = sqlx::query(
        "SELECT k.column_name::text FROM information_schema.table_constraints c \
         JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name \
           AND k.table_schema = c.table_schema AND k.table_name = c.table_name \
         WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema() \
           AND c.table_name = $1 ORDER BY k.ordinal_position",
    )
    .bind(&name)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<Vec<String>, _>>()?;
    let parents = sqlx::query(
        "SELECT DISTINCT p.relname::text FROM pg_constraint f \
         JOIN pg_class p ON p.oid = f.confrelid \
         WHERE f.contype = 'f' AND f.conrelid = to_regclass($1)",
    )
    .bind(ident(&name))
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| r.try_get::<String, _>(0))
    .collect::<Result<BTreeSet<_>, _>>()?;
    Ok(Table {
        parents: parents.into_iter().filter(|p| *p != name).collect(),
        autoincrement: false,
        name,
        columns,
        key,
    })
}

fn postgres_kind(data_type: &str) -> Kind {
    match data_type {
        "bigint" | "integer" | "smallint" => Kind::Int,
        "boolean" => Kind::Bool,
        "real" | "double precision" => Kind::Real,
        "bytea" => Kind::Blob,
        _ => Kind::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_map_to_how_values_are_bound() {
        assert_eq!(sqlite_kind("INTEGER"), Kind::Int);
        assert_eq!(sqlite_kind("BIGINT"), Kind::Int);
        assert_eq!(sqlite_kind("TEXT"), Kind::Text);
        assert_eq!(sqlite_kind("VARCHAR(20)"), Kind::Text);
        assert_eq!(sqlite_kind("DOUBLE"), Kind::Real);
        assert_eq!(sqlite_kind(""), Kind::Blob);
        assert_eq!(postgres_kind("boolean"), Kind::Bool);
        assert_eq!(postgres_kind("smallint"), Kind::Int);
        assert_eq!(postgres_kind("character varying"), Kind::Text);
    }
}
