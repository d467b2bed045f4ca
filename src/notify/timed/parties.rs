//! Telling a watch party's followers when it starts.
use super::options::TimedOptions;
use crate::db::changes::Change;
use crate::db::notifications::{self, NewNotification};
use crate::db::{notify_sources as q, Db};

/// Parties announced per transaction batch; a sweep repeats until none is left.
const BATCH: i64 = 100;

/// The next start after `now` still to announce.
pub async fn next_start(db: &Db, now: i64) -> Result<Option<i64>, sqlx::Error> {
    q::next_party_start(db, now).await
}

/// Tells the followers of every party that started within the grace window and was not
/// announced yet; one transaction per party, claimed first so another node skips it.
/// Returns how many notifications were written.
pub async fn announce_due(db: &Db, opts: &TimedOptions, now: i64) -> Result<u64, sqlx::Error> {
    let mut written = 0;
    loop {
        let due = q::due_parties(db, now - opts.party_grace_ms, now, BATCH).await?;
        for party in &due {
            let mut tx = db.begin().await?;
            let mut rung = Vec::new();
            if !q::claim_party(&mut tx, party.id, now).await? {
                continue;
            }
            for user_id in q::party_followers(&mut tx, party.id).await? {
                let n = NewNotification {
                    user_id,
                    kind: "party",
                    dedupe: format!("party:{}", party.id),
                    show_id: Some(party.show_id),
                    episode_id: Some(party.episode_id),
                    party_id: Some(party.id),
                    ..Default::default()
                };
                if notifications::insert(&mut tx, &n).await? {
                    written += 1;
                    rung.push(Change::Notified(user_id));
                }
            }
            // Followers' open pages recount at once, on every node.
            db.commit_changes(tx, &rung).await?;
        }
        if (due.len() as i64) < BATCH {
            return Ok(written);
        }
    }
}
