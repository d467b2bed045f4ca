//! What the timed notifications read and claim: party follows, parties whose start has
//! come, episodes airing for a show's followers, and the per-site records that each was
//! announced (so a sweep on every node writes each notification once).
use sqlx::Row;

use super::pool::{Db, Tx};

/// A party whose start has come and whose followers have not been told.
pub struct DueParty {
    pub id: i64,
    pub episode_id: i64,
    pub show_id: i64,
}

/// Parties not yet announced that started in `(after, now]`, oldest first.
pub async fn due_parties(
    db: &Db,
    after: i64,
    now: i64,
    limit: i64,
) -> Result<Vec<DueParty>, sqlx::Error> {
    sqlx::query(
        "SELECT p.id, p.episode_id, e.show_id FROM parties p JOIN episodes e ON e.id = p.episode_id \
         WHERE p.announced_at IS NULL AND p.starts_at > $1 AND p.starts_at <= $2 \
         ORDER BY p.starts_at LIMIT $3",
    )
    .bind(after)
    .bind(now)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(DueParty {
            id: r.try_get(0)?,
            episode_id: r.try_get(1)?,
            show_id: r.try_get(2)?,
        })
    })
    .collect()
}

/// The earliest start after `after` of a party not yet announced.
pub async fn next_party_start(db: &Db, after: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT MIN(starts_at) FROM parties WHERE announced_at IS NULL AND starts_at > $1")
        .bind(after)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

/// Marks the party announced; false when another node already did (its followers are
/// being, or were, told there).
pub async fn claim_party(tx: &mut Tx, party_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE parties SET announced_at = $2 WHERE id = $1 AND announced_at IS NULL")
            .bind(party_id)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn party_followers(tx: &mut Tx, party_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query(
        "SELECT user_id FROM follows WHERE kind = 'party' AND target_id = $1 AND muted = 0 \
         ORDER BY user_id",
    )
    .bind(party_id)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect()
}

/// An episode with an air date in the sweep's window, and a region some follower of its
/// show lives in (`default_region` for followers who chose none) where its airing has not
/// been announced yet.
pub struct AiringCandidate {
    pub episode_id: i64,
    pub show_id: i64,
    pub region: String,
    pub delay_days: Option<i64>,
}

/// Candidates whose episode has any air date in `[from, to]` (`YYYY-MM-DD`).
pub async fn airing_candidates(
    db: &Db,
    from: &str,
    to: &str,
    default_region: &str,
) -> Result<Vec<AiringCandidate>, sqlx::Error> {
    sqlx::query(
        "SELECT DISTINCT e.id, e.show_id, COALESCE(u.region, $3), sh.spoiler_delay_days \
         FROM episodes e JOIN shows sh ON sh.id = e.show_id \
         JOIN follows f ON f.kind = 'show' AND f.target_id = e.show_id AND f.muted = 0 \
         JOIN users u ON u.id = f.user_id \
         WHERE e.id IN (SELECT episode_id FROM episode_air_dates \
                        WHERE air_date >= $1 AND air_date <= $2) \
         AND NOT EXISTS (SELECT 1 FROM episode_announcements a \
                         WHERE a.episode_id = e.id AND a.region = COALESCE(u.region, $3)) \
         ORDER BY e.id",
    )
    .bind(from)
    .bind(to)
    .bind(default_region)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(AiringCandidate {
            episode_id: r.try_get(0)?,
            show_id: r.try_get(1)?,
            region: r.try_get(2)?,
            delay_days: r.try_get(3)?,
        })
    })
    .collect()
}

/// Records that the episode's airing in `region` was announced; false when another node
/// already did.
pub async fn claim_episode(
    tx: &mut Tx,
    episode_id: i64,
    region: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO episode_announcements (episode_id, region, at) VALUES ($1, $2, $3) \
         ON CONFLICT (episode_id, region) DO NOTHING",
    )
    .bind(episode_id)
    .bind(region)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Followers of the show whose region (`default_region` when they chose none) is `region`.
pub async fn show_followers_in(
    tx: &mut Tx,
    show_id: i64,
    region: &str,
    default_region: &str,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query(
        "SELECT f.user_id FROM follows f JOIN users u ON u.id = f.user_id \
         WHERE f.kind = 'show' AND f.target_id = $1 AND f.muted = 0 \
         AND COALESCE(u.region, $3) = $2 ORDER BY f.user_id",
    )
    .bind(show_id)
    .bind(region)
    .bind(default_region)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect()
}
