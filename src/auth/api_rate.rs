//! The JSON API's rate limit: requests per minute per token, or per client address for
//! requests without one, counted in the database so that it holds across nodes.
use std::net::IpAddr;

use crate::db::counters;
use crate::db::Db;
use crate::time_util::now_ms;

const MINUTE_MS: i64 = 60_000;

/// Whose requests are counted together.
pub enum Caller {
    Token(i64),
    Ip(IpAddr),
}

/// Counts one request; `Err(seconds)` when the caller is over `per_minute`, with the
/// seconds until their next window opens.
pub async fn count(
    db: &Db,
    caller: &Caller,
    per_minute: i64,
) -> Result<Result<(), i64>, sqlx::Error> {
    let key = match caller {
        Caller::Token(id) => format!("api-token:{id}"),
        Caller::Ip(ip) => format!("api-ip:{ip}"),
    };
    let now = now_ms();
    let (n, start) = counters::hit_window(db, &key, MINUTE_MS, now).await?;
    if n > per_minute {
        let left_ms = (start + MINUTE_MS - now).max(0);
        return Ok(Err(((left_ms + 999) / 1000).max(1)));
    }
    Ok(Ok(()))
}
