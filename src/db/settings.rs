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
        .execute(&db.pool)
        .await?;
    sqlx::query("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}
