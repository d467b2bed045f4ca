//! Integration tests against the real server (SQLite, and PostgreSQL with TEST_POSTGRES_URL).
mod helpers;

mod accounts;
mod bad_input;
mod browser;
mod chat;
mod durability;
mod import;
mod search;
mod security;
mod story;
mod ws;
