//! Search hits as a viewer may see them. Removed, held and deleted content never reaches the
//! index (the outbox drops it), so the gate's work here is the spoiler shield, judged for a
//! whole page of hits with one query, and the seal of predictions (their documents hold the
//! sealed text, so a sealed one is left out whatever the viewer asked to reveal).
use std::collections::{HashMap, HashSet};

use super::gate::Gate;
use crate::db::visibility::{hit_episodes, HitAbout, HitRow};
use crate::db::Db;
use crate::search::{DocKind, Hit};

pub struct GatedHit {
    pub hit: Hit,
    /// For episode hits: the episode's air date in the viewer's region (or its first).
    pub air_date: Option<String>,
}

pub struct GatedHits {
    pub hits: Vec<GatedHit>,
    /// Hits the shield held back (the page offers "show them").
    pub hidden: usize,
}

/// The row a document was built from: its id is `"{kind}-{row id}"`.
fn row_of(hit: &Hit) -> Option<(DocKind, i64)> {
    let (_, id) = hit.doc.id.split_once('-')?;
    Some((hit.doc.kind, id.parse().ok()?))
}

impl Gate {
    /// `reveal`: the viewer asked to see past the shield for this search.
    pub async fn search_hits(
        &self,
        db: &Db,
        hits: Vec<Hit>,
        reveal: bool,
    ) -> Result<GatedHits, sqlx::Error> {
        let rows: Vec<HitRow> = hits
            .iter()
            .filter_map(row_of)
            .filter_map(|(kind, id)| match kind {
                DocKind::Thread => Some(HitRow::Thread(id)),
                DocKind::Post => Some(HitRow::Post(id)),
                DocKind::Chat => Some(HitRow::Chat(id)),
                DocKind::Episode => None,
            })
            .collect();
        let about = hit_episodes(db, &rows).await?;
        let about_of = |hit: &Hit| match row_of(hit) {
            Some((DocKind::Thread, id)) => about.get(&HitRow::Thread(id)),
            Some((DocKind::Post, id)) => about.get(&HitRow::Post(id)),
            Some((DocKind::Chat, id)) => about.get(&HitRow::Chat(id)),
            _ => None,
        };
        let episodes_of = |hit: &Hit| -> Vec<i64> {
            match row_of(hit) {
                Some((DocKind::Episode, id)) => vec![id],
                _ => about_of(hit).map(|a| a.episodes.clone()).unwrap_or_default(),
            }
        };
        let sealed = self.sealed_threads(db, about.values()).await?;
        let hits: Vec<Hit> = hits
            .into_iter()
            .filter(|h| about_of(h).and_then(|a| a.prediction).is_none_or(|t| !sealed.contains(&t)))
            .collect();
        let all: Vec<i64> = hits.iter().flat_map(&episodes_of).collect();
        let hidden = if reveal {
            Default::default()
        } else {
            self.shield.hidden(db, &all).await?
        };
        let episode_ids: Vec<i64> = hits
            .iter()
            .filter_map(|h| row_of(h).filter(|(k, _)| *k == DocKind::Episode))
            .map(|(_, id)| id)
            .collect();
        let dates: HashMap<i64, String> =
            crate::spoilers::shield::air_date_in(db, &episode_ids, self.region()).await?;
        let before = hits.len();
        let kept: Vec<GatedHit> = hits
            .into_iter()
            .filter(|h| episodes_of(h).iter().all(|e| !hidden.contains_key(e)))
            .map(|hit| GatedHit {
                air_date: match row_of(&hit) {
                    Some((DocKind::Episode, id)) => dates.get(&id).cloned(),
                    _ => None,
                },
                hit,
            })
            .collect();
        Ok(GatedHits {
            hidden: before - kept.len(),
            hits: kept,
        })
    }

    /// Which of the predictions among these found rows are sealed for this viewer. Reads
    /// the threads only when there are predictions among the hits.
    async fn sealed_threads<'a>(
        &self,
        db: &Db,
        about: impl Iterator<Item = &'a HitAbout>,
    ) -> Result<HashSet<i64>, sqlx::Error> {
        let mut ids: Vec<i64> = about.filter_map(|a| a.prediction).collect();
        if ids.is_empty() {
            return Ok(HashSet::new());
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(crate::db::forum::threads_by_ids(db, &ids)
            .await?
            .iter()
            .filter(|t| self.seal_of(t).is_some())
            .map(|t| t.id)
            .collect())
    }
}
