//! Integration tests against the real server (SQLite, and PostgreSQL with TEST_POSTGRES_URL).
mod helpers;

mod accessibility;
mod account_deletion;
mod accounts;
mod bad_input;
mod board_pages;
mod browser;
mod browser_reactions;
mod cache;
mod chat;
mod chat_guard;
mod chat_limits;
mod chat_ping;
mod cluster;
mod cluster_chat;
mod cluster_processes;
mod durability;
mod edge;
mod feeds;
mod home;
mod hostile_text;
mod import;
mod index_rebuild;
mod json_api;
mod languages;
mod languages_errors;
mod limits;
mod mail;
mod mentions;
mod metrics;
mod mod_atomicity;
mod moderation;
mod notifications;
mod notify_mail;
mod notify_timed;
mod password_change;
mod polls;
mod post_language;
mod predictions;
mod profiles;
mod prom_text;
mod ratings;
mod reaction_timeline;
mod reactions;
mod relay;
mod sanction_rank;
mod search;
mod security;
mod seed_community;
mod smtp;
mod spoilers;
mod story;
mod time_zones;
mod transfer;
mod visibility;
mod ws;

/// Waits (bounded) until a search page satisfies `ok`: the indexer runs asynchronously.
pub async fn search_wait(b: &helpers::Browser, path: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let page = b.get(path).await.body;
        if ok(&page) {
            return page;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "search never satisfied the condition for {path}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
