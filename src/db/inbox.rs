//! Reading notifications: a user's page of them, the unread count, marking them read, and
//! the per-kind preferences. Writing them is `notifications::insert`.
use sqlx::Row;

use super::changes::Change;
use super::pool::Db;
use crate::time_util::now_ms;

pub const PER_PAGE: i64 = 30;

/// A stored notification: ids only, the text is built when it is shown.
#[derive(Debug, Clone)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub actor: Option<String>,
    pub show_id: Option<i64>,
    pub thread_id: Option<i64>,
    pub post_id: Option<i64>,
    pub episode_id: Option<i64>,
    pub party_id: Option<i64>,
    pub reason: Option<String>,
    pub created_at: i64,
    pub read: bool,
    /// The cause (`post:12`, `mod:41`, …).
    pub dedupe: String,
}

/// Newest first; one extra row tells whether a next page exists.
pub async fn page(db: &Db, user_id: i64, page: i64) -> Result<Vec<NotificationRow>, sqlx::Error> {
    sqlx::query(
        "SELECT n.id, n.kind, a.username, n.show_id, n.thread_id, n.post_id, n.episode_id, \
         n.party_id, n.reason, n.created_at, n.read_at, n.dedupe FROM notifications n \
         LEFT JOIN users a ON a.id = n.actor_id WHERE n.user_id = $1 \
         ORDER BY n.id DESC LIMIT $2 OFFSET $3",
    )
    .bind(user_id)
    .bind(PER_PAGE + 1)
    .bind((page.max(1) - 1) * PER_PAGE)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(NotificationRow {
            id: r.try_get(0)?,
            kind: r.try_get(1)?,
            actor: r.try_get(2)?,
            show_id: r.try_get(3)?,
            thread_id: r.try_get(4)?,
            post_id: r.try_get(5)?,
            episode_id: r.try_get(6)?,
            party_id: r.try_get(7)?,
            reason: r.try_get(8)?,
            created_at: r.try_get(9)?,
            read: r.try_get::<Option<i64>, _>(10)?.is_some(),
            dedupe: r.try_get(11)?,
        })
    })
    .collect()
}

/// The unread count stops here: the header shows "99+" beyond it.
pub const UNREAD_CAP: i64 = 100;

/// Unread notifications whose post and thread still stand (the ones the page shows): a
/// post deleted, removed or held after notifying no longer counts. Used by the header on
/// every page, so it reads the `(user_id, read_at)` index and two primary keys per row, and
/// stops at `UNREAD_CAP` rows: an account nobody reads would otherwise make each of its
/// pages cost one lookup per notification it ever got.
pub const UNREAD_SQL: &str = "SELECT COUNT(*) FROM (SELECT 1 FROM notifications n \
     LEFT JOIN posts p ON p.id = n.post_id LEFT JOIN threads t ON t.id = n.thread_id \
     WHERE n.user_id = $1 AND n.read_at IS NULL \
     AND (n.post_id IS NULL OR n.kind = 'moderation' OR (p.id IS NOT NULL AND p.deleted = 0 AND p.held = 0 AND p.removed_reason IS NULL)) \
     AND (n.thread_id IS NULL OR n.kind = 'moderation' OR (t.id IS NOT NULL AND t.held = 0 AND t.removed_reason IS NULL)) \
     LIMIT 100) capped";

#[cfg(test)]
#[test]
fn the_count_query_stops_at_the_cap() {
    assert!(UNREAD_SQL.contains(&format!("LIMIT {UNREAD_CAP}) capped")));
}

pub async fn unread(db: &Db, user_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query(UNREAD_SQL)
        .bind(user_id)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

/// Marks one of the user's notifications read; false when it is not theirs. The user's
/// open streams (every tab, every node) hear of it with the commit.
pub async fn mark_read(db: &Db, user_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let found = sqlx::query("SELECT 1 FROM notifications WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
    if found.is_none() {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL",
    )
    .bind(now_ms())
    .bind(id)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    db.commit_changes(tx, &[Change::Notified(user_id)]).await?;
    Ok(true)
}

pub async fn mark_all_read(db: &Db, user_id: i64) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let n =
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
            .bind(now_ms())
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    db.commit_changes(tx, &[Change::Notified(user_id)]).await?;
    Ok(n)
}

/// A kind's preference: shown on the site, and the email choice ('off', 'instant', 'digest').
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pref {
    pub kind: String,
    pub web: bool,
    pub email: String,
}

/// Every kind's preference, defaults (web on, email off) where no row was saved.
pub async fn prefs(db: &Db, user_id: i64) -> Result<Vec<Pref>, sqlx::Error> {
    let rows = sqlx::query("SELECT kind, web, email FROM notification_prefs WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?;
    let mut saved = std::collections::HashMap::new();
    for r in &rows {
        let kind: String = r.try_get(0)?;
        saved.insert(
            kind,
            (r.try_get::<i64, _>(1)? != 0, r.try_get::<String, _>(2)?),
        );
    }
    Ok(super::notifications::KINDS
        .iter()
        .map(|k| {
            let (web, email) = saved
                .remove(*k)
                .unwrap_or_else(|| (true, "off".to_string()));
            Pref {
                kind: k.to_string(),
                web,
                email,
            }
        })
        .collect())
}

/// Saves every kind's preference in one transaction.
pub async fn save_prefs(db: &Db, user_id: i64, prefs: &[Pref]) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for p in prefs {
        sqlx::query(
            "INSERT INTO notification_prefs (user_id, kind, web, email) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, kind) DO UPDATE SET web = $3, email = $4",
        )
        .bind(user_id)
        .bind(&p.kind)
        .bind(p.web as i64)
        .bind(&p.email)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// What moderator actions were, by mod-log id: (id, action), e.g. "remove post", "ban".
pub async fn mod_actions_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    sqlx::query(&format!(
        "SELECT id, action FROM mod_log WHERE id IN ({})",
        list.join(",")
    ))
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

/// Titles of parties by id: (id, title, episode id).
pub async fn parties_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    sqlx::query(&format!(
        "SELECT id, title, episode_id FROM parties WHERE id IN ({})",
        list.join(",")
    ))
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
    .collect()
}

/// Episodes by id: (id, show id, show title, show slug, code).
pub async fn episodes_by_ids(
    db: &Db,
    ids: &[i64],
) -> Result<Vec<(i64, i64, String, String, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    sqlx::query(&format!(
        "SELECT e.id, s.id, s.title, s.slug, e.code FROM episodes e JOIN shows s ON s.id = e.show_id \
         WHERE e.id IN ({})",
        list.join(",")
    ))
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?)))
    .collect()
}
