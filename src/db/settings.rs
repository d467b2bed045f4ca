//! Site-wide key/value settings.
use rand::RngCore;
use sqlx::Row;

use super::pool::Db;

/// A random secret stored in the database, created on first use, so that every node of a
/// scale-out deployment derives the same tokens.
pub async fn secret(db: &Db, key: &str) -> Result<String, sqlx::Error> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(key)
        .bind(hex::encode(bytes))
        .execute(db.writes())
        .await?;
    sqlx::query("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

/// Sets a site-wide value.
pub async fn put(db: &Db, key: &str, value: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ($1, $2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(db.writes())
    .await?;
    Ok(())
}

/// A site-wide value, read on the pool or inside a transaction.
pub async fn get<'c, E>(exec: E, key: &str) -> Result<Option<String>, sqlx::Error>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(exec)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}
