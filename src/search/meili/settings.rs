//! What every show index is set up with: its uid, its settings, the synonym map, and the
//! lazy creation of the index the first time this process touches a show.
use std::collections::BTreeMap;
use std::sync::PoisonError;

use meilisearch_sdk::indexes::IndexesQuery;
use meilisearch_sdk::settings::Settings;

use super::engine::MeiliEngine;
use super::errors::map_err;
use crate::search::{SearchError, Synonyms};

/// Attributes searched, in order of weight.
pub const SEARCHABLE: [&str; 4] = ["title", "body", "episode_code", "author"];
/// Attributes the filter expressions use.
pub const FILTERABLE: [&str; 7] = [
    "kind",
    "season",
    "episode_code",
    "board",
    "author_lc",
    "show_id",
    "lang",
];
pub const SORTABLE: [&str; 1] = ["created_at"];
/// Meilisearch's default rules with `sort` first (it only acts when a query sorts).
pub const RANKING_RULES: [&str; 6] = [
    "sort",
    "words",
    "typo",
    "proximity",
    "attribute",
    "exactness",
];
/// Page size when listing indexes (`clear(None)`, and recovering from a missing index).
const LIST_PAGE: usize = 1000;

/// The Meilisearch index uid of a show.
pub fn index_uid(show_id: i64) -> String {
    format!("show_{show_id}")
}

/// Settings every show index gets (synonyms aside).
pub fn base_settings() -> Settings {
    Settings::new()
        .with_searchable_attributes(SEARCHABLE)
        .with_filterable_attributes(FILTERABLE)
        .with_sortable_attributes(SORTABLE)
        .with_ranking_rules(RANKING_RULES)
}

/// Meilisearch synonyms are one-way (word → words): each group becomes a map in which every
/// member lists all the other members. A word in several groups gets the union.
pub fn expand_synonyms(groups: &Synonyms) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for group in groups {
        for word in group {
            let entry = map.entry(word.clone()).or_default();
            for other in group {
                if other != word && !entry.contains(other) {
                    entry.push(other.clone());
                }
            }
        }
    }
    map.retain(|_, others| !others.is_empty());
    map
}

impl MeiliEngine {
    fn is_ready(&self, show_id: i64) -> bool {
        self.ready
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&show_id)
    }

    pub(super) fn set_ready(&self, show_id: i64, ready: bool) {
        let mut set = self.ready.lock().unwrap_or_else(PoisonError::into_inner);
        if ready {
            set.insert(show_id);
        } else {
            set.remove(&show_id);
        }
    }

    /// Creates the show's index if it does not exist, then applies `settings`.
    pub(super) async fn set_up(
        &self,
        show_id: i64,
        settings: &Settings,
    ) -> Result<(), SearchError> {
        let uid = index_uid(show_id);
        // Listing the indexes, rather than asking for this one, keeps a missing index from
        // being an HTTP 404, which meilisearch_sdk logs as a warning.
        if !self.is_ready(show_id) && !self.index_uids().await?.contains(&uid) {
            self.call(self.client.create_index(&uid, Some("id")))
                .await
                .map_err(map_err)?;
        }
        self.call(self.client.index(&uid).set_settings(settings))
            .await
            .map_err(map_err)?;
        self.set_ready(show_id, true);
        Ok(())
    }

    /// The lazy set-up of the hot path: nothing once the show is known.
    pub(super) async fn ensure_index(&self, show_id: i64) -> Result<(), SearchError> {
        if self.is_ready(show_id) {
            return Ok(());
        }
        self.set_up(show_id, &base_settings()).await
    }

    /// Every index uid on the server (paged).
    pub(super) async fn index_uids(&self) -> Result<Vec<String>, SearchError> {
        let mut uids = Vec::new();
        let mut offset = 0;
        loop {
            let mut query = IndexesQuery::new(&self.client);
            query.with_offset(offset).with_limit(LIST_PAGE);
            let page = self
                .call(self.client.list_all_indexes_raw_with(&query))
                .await
                .map_err(map_err)?;
            let results = page
                .get("results")
                .and_then(|r| r.as_array())
                .ok_or_else(|| {
                    SearchError::Other(anyhow::anyhow!("Meilisearch index list without `results`"))
                })?;
            uids.extend(
                results
                    .iter()
                    .filter_map(|i| i.get("uid")?.as_str().map(str::to_owned)),
            );
            let total = page.get("total").and_then(|t| t.as_u64()).unwrap_or(0) as usize;
            offset += results.len();
            if results.is_empty() || offset >= total {
                return Ok(uids);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonym_groups_expand_both_ways() {
        let groups = vec![
            vec![
                "dany".to_string(),
                "daenerys targaryen".into(),
                "khaleesi".into(),
            ],
            vec!["dany".into(), "d".into()],
        ];
        let map = expand_synonyms(&groups);
        assert_eq!(map["dany"], ["daenerys targaryen", "khaleesi", "d"]);
        assert_eq!(map["khaleesi"], ["dany", "daenerys targaryen"]);
        assert_eq!(map["d"], ["dany"]);
    }
}
