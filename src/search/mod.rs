//! Search: one `SearchEngine` interface, an embedded tantivy engine (default) and Meilisearch
//! (`MEILI_URL`). Content changes reach the engine through a transactional outbox drained
//! by the indexer task, so a crash never loses an index update.
pub mod backlog;
pub mod docs;
pub mod embedded;
pub mod highlight;
pub mod indexer;
pub mod meili;
pub mod query;
pub mod reindex;
pub mod service;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

pub use crate::domain::{DocKind, Synonyms};

/// One searchable item. `id` is `"{kind}-{row id}"` (e.g. `post-12`), unique site-wide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchDoc {
    pub id: String,
    pub kind: DocKind,
    pub show_id: i64,
    pub show_slug: String,
    pub show_title: String,
    pub season: Option<i64>,
    pub episode_code: Option<String>,
    pub board: Option<String>,
    pub author: Option<String>,
    pub title: String,
    pub body: String,
    /// Where the hit links to: the exact post or message.
    pub url: String,
    pub created_at: i64,
    /// A thread's or post's language (BCP-47); None when unknown and for episodes and chat.
    /// Documents stored before languages existed read as None.
    #[serde(default)]
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
}

#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// The text as typed (already length-checked by the caller).
    pub text: String,
    /// Restrict to one show; `None` searches every show in `all_shows`.
    pub show_id: Option<i64>,
    /// Every show's id, for engines that fan out per show index.
    pub all_shows: Vec<i64>,
    pub season: Option<i64>,
    pub episode: Option<String>,
    pub board: Option<String>,
    pub author: Option<String>,
    pub kind: Option<DocKind>,
    /// Only documents in this language (a supported code).
    pub lang: Option<String>,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub doc: SearchDoc,
    pub score: f32,
}

#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// Groups items by show, keeping their order within each show: both engines write and
/// delete per show index.
pub(crate) fn by_show<T>(items: impl IntoIterator<Item = (i64, T)>) -> Vec<(i64, Vec<T>)> {
    let mut groups: Vec<(i64, Vec<T>)> = Vec::new();
    let mut pos: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    for (show, item) in items {
        let i = *pos.entry(show).or_insert_with(|| {
            groups.push((show, Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(item);
    }
    groups
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The engine cannot be reached; the site keeps working and indexing catches up later.
    #[error("search is unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

#[async_trait]
pub trait SearchEngine: Send + Sync + 'static {
    fn name(&self) -> &'static str;
    /// The engine found an index it could not keep (written by an older version with other
    /// fields) and must be rebuilt from the database; start-up does that in the background.
    fn needs_rebuild(&self) -> bool {
        false
    }
    /// Inserts or replaces documents (by `id`).
    async fn upsert(&self, docs: &[SearchDoc]) -> Result<(), SearchError>;
    /// Removes documents: (show id, doc id).
    async fn delete(&self, ids: &[(i64, String)]) -> Result<(), SearchError>;
    async fn search(
        &self,
        q: &SearchQuery,
        synonyms: &[(i64, Synonyms)],
    ) -> Result<SearchResults, SearchError>;
    /// Stores a show's synonym groups in the engine (engines that expand at query time may
    /// ignore this and use the `synonyms` passed to `search`).
    async fn set_synonyms(&self, show_id: i64, synonyms: &Synonyms) -> Result<(), SearchError>;
    /// Drops every document of a show (or of all shows): used by `reindex`.
    async fn clear(&self, show_id: Option<i64>) -> Result<(), SearchError>;
}

/// Parses the synonym settings text: one group per line, words or phrases separated by
/// commas or `=`, e.g. `dany = daenerys, khaleesi`.
pub fn parse_synonyms(text: &str) -> Result<Synonyms, String> {
    let mut groups = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let group: Vec<String> = line
            .split([',', '='])
            .map(|w| {
                w.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            })
            .filter(|w| !w.is_empty())
            .collect();
        if group.len() < 2 {
            return Err(format!(
                "Line {}: a synonym group needs at least two words, like `dany = daenerys`.",
                i + 1
            ));
        }
        if group.iter().any(|w| w.chars().count() > 100) {
            return Err(format!(
                "Line {}: a synonym is limited to 100 characters.",
                i + 1
            ));
        }
        groups.push(group);
    }
    if groups.len() > 500 {
        return Err("At most 500 synonym groups per show.".into());
    }
    Ok(groups)
}

pub fn format_synonyms(groups: &Synonyms) -> String {
    groups
        .iter()
        .map(|g| g.join(", "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonym_text_round_trips() {
        let g =
            parse_synonyms("Dany = Daenerys Targaryen, khaleesi\n\n jon , lord   snow").unwrap();
        assert_eq!(
            g,
            vec![
                vec!["dany", "daenerys targaryen", "khaleesi"],
                vec!["jon", "lord snow"]
            ]
        );
        assert_eq!(
            format_synonyms(&g),
            "dany, daenerys targaryen, khaleesi\njon, lord snow"
        );
        assert!(parse_synonyms("lonely").is_err());
    }
}
