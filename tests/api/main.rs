//! Integration tests against the real server (SQLite, and PostgreSQL with TEST_POSTGRES_URL).
mod helpers;

mod accounts;
mod bad_input;
mod import;
mod security;
mod story;
