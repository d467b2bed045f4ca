//! Following a watch party, and telling its followers when it starts.
use super::options::TimedOptions;
use crate::db::changes::Change;
use crate::db::notifications::{self, NewNotification};
use crate::db::{self, notify_sources as q, Db};

/// Parties announced per transaction batch; a sweep repeats until none is left.
const BATCH: i64 = 100;

#[derive(Debug)]
pub enum FollowError {
    NoParty,
    Db(sqlx::Error),
}

impl From<sqlx::Error> for FollowError {
    fn from(e: sqlx::Error) -> Self {
        FollowError::Db(e)
    }
}

/// Follows or unfollows a party for `user_id`.
pub async fn set_follow(
    db: &Db,
    user_id: i64,
    party_id: i64,
    follow: bool,
) -> Result<(), FollowError> {
    if db::chat::party(db, party_id).await?.is_none() {
        return Err(FollowError::NoParty);
    }
    let mut tx = db.begin().await?;
    q::set_party_follow(&mut tx, user_id, party_id, follow).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn is_following(db: &Db, user_id: i64, party_id: i64) -> Result<bool, sqlx::Error> {
    q::follows_party(db, user_id, party_id).await
}

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
