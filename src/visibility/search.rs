//! Search hits as a viewer may see them. Removed, held and deleted content never reaches the
//! index (the outbox drops it), so the gate's work here is the spoiler shield, judged for a
//! whole page of hits with one query, and the seal of predictions (their documents hold the
//! sealed text, so a sealed one is left out whatever the viewer asked to reveal).
use std::collections::{HashMap, HashSet};

use super::gate::Gate;
use super::predictions::prediction_episode;
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
        let (sealed, opened) = self.judge_predictions(db, about.values()).await?;
        let episodes_of = |hit: &Hit| -> Vec<i64> {
            match row_of(hit) {
                Some((DocKind::Episode, id)) => vec![id],
                _ => match about_of(hit) {
                    // An opened prediction's own episode was the seal's to judge.
                    Some(a) => {
                        let own = a.prediction.and_then(|t| opened.get(&t));
                        a.episodes
                            .iter()
                            .copied()
                            .filter(|e| own != Some(e))
                            .collect()
                    }
                    None => Vec::new(),
                },
            }
        };
        let hits: Vec<Hit> = hits
            .into_iter()
            .filter(|h| {
                about_of(h)
                    .and_then(|a| a.prediction)
                    .is_none_or(|t| !sealed.contains(&t))
            })
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

    /// The predictions among these found rows: those sealed for this viewer, and the
    /// episodes of those open to them. Reads the threads only when there are predictions.
    async fn judge_predictions<'a>(
        &self,
        db: &Db,
        about: impl Iterator<Item = &'a HitAbout>,
    ) -> Result<(HashSet<i64>, HashMap<i64, i64>), sqlx::Error> {
        let mut ids: Vec<i64> = about.filter_map(|a| a.prediction).collect();
        let (mut sealed, mut opened) = (HashSet::new(), HashMap::new());
        if ids.is_empty() {
            return Ok((sealed, opened));
        }
        ids.sort_unstable();
        ids.dedup();
        for t in crate::db::forum::threads_by_ids(db, &ids).await? {
            match (self.seal_of(&t), prediction_episode(&t)) {
                (Some(_), _) => {
                    sealed.insert(t.id);
                }
                (None, Some(episode)) => {
                    opened.insert(t.id, episode);
                }
                (None, None) => {}
            }
        }
        Ok((sealed, opened))
    }
}
