//! How far indexing is behind: the outbox's rows and the age of the oldest, for `/metrics`.
use std::time::Duration;

use crate::db::{self, Db};
use crate::time_util::now_ms;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlog {
    pub rows: i64,
    /// How long the oldest waiting row has waited; zero when the outbox is empty.
    pub oldest_age: Duration,
}

pub async fn read(db: &Db) -> Result<Backlog, sqlx::Error> {
    let (rows, oldest) = db::search::outbox_backlog(db).await?;
    let age_ms = oldest.map_or(0, |at| now_ms().saturating_sub(at).max(0));
    Ok(Backlog {
        rows,
        oldest_age: Duration::from_millis(u64::try_from(age_ms).unwrap_or(0)),
    })
}
