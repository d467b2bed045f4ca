//! What the notification mailer reads and claims: notifications not yet mailed whose kind
//! the user wants by mail, and the recipients as a gate sees them.
use sqlx::Row;

use super::inbox::NotificationRow;
use super::pool::{Db, Tx};
use super::users::SessionUser;

/// Notifications of users with a confirmed address, not mailed nor read, created at or
/// after `since`, whose kind the user set to `choice` ('instant' or 'digest'); oldest first (in the order of the index on `created_at`).
/// `user_id` other than 0 narrows it to one user.
pub async fn pending(
    db: &Db,
    choice: &str,
    since: i64,
    user_id: i64,
    limit: i64,
) -> Result<Vec<(i64, NotificationRow)>, sqlx::Error> {
    sqlx::query(
        "SELECT n.user_id, n.id, n.kind, a.username, n.show_id, n.thread_id, n.post_id, \
         n.episode_id, n.party_id, n.reason, n.created_at, n.dedupe FROM notifications n \
         JOIN notification_prefs p ON p.user_id = n.user_id AND p.kind = n.kind AND p.email = $1 \
         JOIN users u ON u.id = n.user_id \
         LEFT JOIN users a ON a.id = n.actor_id \
         WHERE n.created_at >= $2 AND n.emailed_at IS NULL AND n.read_at IS NULL \
         AND u.email IS NOT NULL AND u.email_verified_at IS NOT NULL AND u.deleted_at IS NULL \
         AND ($3 = 0 OR n.user_id = $3) \
         ORDER BY n.created_at, n.id LIMIT $4",
    )
    .bind(choice)
    .bind(since)
    .bind(user_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get(0)?,
            NotificationRow {
                id: r.try_get(1)?,
                kind: r.try_get(2)?,
                actor: r.try_get(3)?,
                show_id: r.try_get(4)?,
                thread_id: r.try_get(5)?,
                post_id: r.try_get(6)?,
                episode_id: r.try_get(7)?,
                party_id: r.try_get(8)?,
                reason: r.try_get(9)?,
                created_at: r.try_get(10)?,
                read: false,
                dedupe: r.try_get(11)?,
            },
        ))
    })
    .collect()
}

/// Users whose oldest notification waiting for a digest (created at or after `since`) is
/// from `due_before` or earlier: one waiting from between the two. Driven by the digest
/// preferences (few rows), then each user's unread notifications.
pub async fn digests_due(
    db: &Db,
    since: i64,
    due_before: i64,
    limit: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query(
        "SELECT DISTINCT p.user_id FROM notification_prefs p JOIN users u ON u.id = p.user_id \
         WHERE p.email = 'digest' \
         AND u.email IS NOT NULL AND u.email_verified_at IS NOT NULL AND u.deleted_at IS NULL \
         AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = p.user_id \
                     AND n.kind = p.kind AND n.created_at >= $1 AND n.created_at <= $2 \
                     AND n.emailed_at IS NULL AND n.read_at IS NULL) \
         ORDER BY p.user_id LIMIT $3",
    )
    .bind(since)
    .bind(due_before)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect()
}

/// Marks the notifications since `since` whose kind the user does not want mailed as
/// settled (`emailed_at = 0`), so choosing "instant" or "digest" later mails only what
/// comes after, not what was already left to the site.
pub async fn settle_unwanted(db: &Db, since: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE notifications SET emailed_at = 0 \
         WHERE created_at >= $1 AND emailed_at IS NULL AND NOT EXISTS \
         (SELECT 1 FROM notification_prefs p WHERE p.user_id = notifications.user_id \
          AND p.kind = notifications.kind AND p.email IN ('instant', 'digest'))",
    )
    .bind(since)
    .execute(db.writes())
    .await?;
    Ok(done.rows_affected())
}

/// Marks one notification mailed; false when another sweep (on any node) did first.
pub async fn claim(tx: &mut Tx, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE notifications SET emailed_at = $1 WHERE id = $2 AND emailed_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The recipient as the visibility gate needs them (no session: a mail is read elsewhere).
pub async fn recipient(db: &Db, user_id: i64) -> Result<Option<SessionUser>, sqlx::Error> {
    sqlx::query(
        "SELECT id, username, is_admin, created_at, region, language, time_zone FROM users \
         WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| {
        Ok(SessionUser {
            id: r.try_get(0)?,
            username: r.try_get(1)?,
            is_admin: r.try_get::<i64, _>(2)? != 0,
            created_at: r.try_get(3)?,
            region: r.try_get(4)?,
            language: r.try_get(5)?,
            time_zone: r.try_get(6)?,
            unread: 0,
        })
    })
    .transpose()
}
