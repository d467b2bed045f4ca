//! One SQL code path over sqlx `Any` for SQLite and PostgreSQL; each backend has its own
//! migrations. Queries use `$N` placeholders, i64 ids/flags and unix-ms times.
pub mod account_deletion;
pub mod account_tokens;
pub mod airing;
pub mod cache;
pub mod catalog;
pub mod changes;
pub mod chat;
pub mod chat_store;
pub mod counters;
pub mod episodes;
pub mod filters;
pub mod forum;
pub mod held;
pub mod mail_outbox;
pub mod mod_log;
pub mod moderation;
pub mod node_lock;
pub mod notifications;
mod pool;
pub mod posts;
pub mod profiles;
pub mod reports;
pub mod roles;
pub mod room_sql;
mod rows;
pub mod sanctions;
pub mod search;
pub mod sessions;
pub mod settings;
pub mod transfer;
pub mod users;
pub mod visibility;
pub mod watched;

pub use pool::{is_unique_violation, Backend, Db, DbOptions, PoolStats, Tx};
