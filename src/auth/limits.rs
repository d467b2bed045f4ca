//! Abuse limits on accounts, counted in the database so that they hold across requests
//! running at once and across nodes. Each check counts the attempt first and then compares,
//! in one atomic step, before any password is hashed.
use std::net::IpAddr;

use crate::db::counters;
use crate::db::Db;
use crate::time_util::now_ms;

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 3_600_000;

#[derive(Debug, Clone)]
pub struct AccountLimits {
    /// Failed logins per client IP per minute.
    pub login_failures_per_ip: i64,
    /// Failed logins per account per hour before each further try must wait.
    pub login_failures_per_account: i64,
    /// The wait between tries on an account past its failures (a throttle, not a lock:
    /// nobody can lock a fan out of their account).
    pub account_retry_secs: i64,
    /// New accounts per client IP per hour.
    pub signups_per_ip: i64,
    /// Password-reset requests per client IP per hour.
    pub resets_per_ip: i64,
    /// Longest profile bio, in characters of Markdown.
    pub bio_max_chars: usize,
}

impl Default for AccountLimits {
    fn default() -> Self {
        AccountLimits {
            login_failures_per_ip: 6,
            login_failures_per_account: 20,
            account_retry_secs: 30,
            signups_per_ip: 3,
            resets_per_ip: 5,
            bio_max_chars: 2000,
        }
    }
}

/// Why an attempt may not go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throttled {
    Ip,
    Account { retry_secs: i64 },
    Signups,
}

/// The counters one login attempt took, given back when it succeeds.
pub struct LoginTicket {
    ip_key: String,
    account_key: String,
}

fn ip_key(kind: &str, ip: IpAddr) -> String {
    format!("{kind}:{ip}")
}

/// Counts a login attempt as a failure up front; `succeeded` takes it back.
pub async fn begin_login(
    db: &Db,
    limits: &AccountLimits,
    ip: IpAddr,
    username: &str,
) -> Result<Result<LoginTicket, Throttled>, sqlx::Error> {
    let now = now_ms();
    let ticket = LoginTicket {
        ip_key: ip_key("login-ip", ip),
        account_key: format!("login-account:{}", username.trim().to_lowercase()),
    };
    if counters::hit(db, &ticket.ip_key, MINUTE_MS, now).await? > limits.login_failures_per_ip {
        counters::refund(db, &ticket.ip_key).await?;
        return Ok(Err(Throttled::Ip));
    }
    let failures = counters::hit(db, &ticket.account_key, HOUR_MS, now).await?;
    if failures > limits.login_failures_per_account {
        let slot = format!("{}:slot", ticket.account_key);
        let window = limits.account_retry_secs.max(1) * 1000;
        if counters::hit(db, &slot, window, now).await? > 1 {
            counters::refund(db, &ticket.ip_key).await?;
            counters::refund(db, &ticket.account_key).await?;
            return Ok(Err(Throttled::Account {
                retry_secs: limits.account_retry_secs,
            }));
        }
    }
    Ok(Ok(ticket))
}

/// The login was right: it was no failure after all.
pub async fn succeeded(db: &Db, ticket: LoginTicket) -> Result<(), sqlx::Error> {
    counters::refund(db, &ticket.ip_key).await?;
    counters::refund(db, &ticket.account_key).await
}

/// Counts a sign-up from `ip`; `Err` when the IP made too many accounts this hour.
pub async fn count_signup(
    db: &Db,
    limits: &AccountLimits,
    ip: IpAddr,
) -> Result<Result<(), Throttled>, sqlx::Error> {
    let key = ip_key("signup-ip", ip);
    if counters::hit(db, &key, HOUR_MS, now_ms()).await? > limits.signups_per_ip {
        counters::refund(db, &key).await?;
        return Ok(Err(Throttled::Signups));
    }
    Ok(Ok(()))
}

/// Drops counters untouched for a day: every window is an hour or less, so they count
/// nothing any more.
pub async fn purge_counters(db: &Db) -> Result<u64, sqlx::Error> {
    counters::purge(db, now_ms() - 24 * HOUR_MS).await
}

/// A sign-up that did not create an account does not count.
pub async fn signup_not_made(db: &Db, ip: IpAddr) -> Result<(), sqlx::Error> {
    counters::refund(db, &ip_key("signup-ip", ip)).await
}

/// Counts a password-reset request from `ip`; false when the IP asked too often this hour.
pub async fn count_reset(db: &Db, limits: &AccountLimits, ip: IpAddr) -> Result<bool, sqlx::Error> {
    let key = ip_key("reset-ip", ip);
    Ok(counters::hit(db, &key, HOUR_MS, now_ms()).await? <= limits.resets_per_ip)
}
