//! Reports from users, grouped per reported item in the review queues.
use sqlx::Row;

use crate::db::Db;
use crate::time_util::now_ms;

pub const REASONS: [&str; 5] = ["spam", "harassment", "spoiler", "off-topic", "other"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Post,
    Thread,
    Chat,
}

impl Target {
    pub fn parse(s: &str) -> Option<Target> {
        match s {
            "post" => Some(Target::Post),
            "thread" => Some(Target::Thread),
            "chat" => Some(Target::Chat),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Target::Post => "post",
            Target::Thread => "thread",
            Target::Chat => "chat",
        }
    }
}

pub enum Filed {
    New,
    AlreadyReported,
}

pub async fn file(
    db: &Db,
    show_id: i64,
    target: Target,
    target_id: i64,
    reporter: i64,
    reason: &str,
    details: &str,
) -> Result<Filed, sqlx::Error> {
    let res = sqlx::query(
        "INSERT INTO reports (show_id, target_kind, target_id, reporter_id, reason, details, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (target_kind, target_id, reporter_id) DO NOTHING",
    )
    .bind(show_id)
    .bind(target.as_str())
    .bind(target_id)
    .bind(reporter)
    .bind(reason)
    .bind(details)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(if res.rows_affected() > 0 {
        Filed::New
    } else {
        Filed::AlreadyReported
    })
}

/// One reported item in a queue.
#[derive(Debug, Clone)]
pub struct QueueItem {
    pub show_id: i64,
    pub show_slug: String,
    pub target: Target,
    pub target_id: i64,
    pub count: i64,
    pub reasons: String,
    pub reporters: String,
    pub first_report_id: i64,
    /// Filled in by the page: the content, its author, a link.
    pub content: String,
    pub author: String,
    pub author_id: Option<i64>,
    pub link: String,
}

/// Open reports grouped per item; `show_ids` None = every show.
pub async fn queue(db: &Db, show_ids: Option<&[i64]>) -> Result<Vec<QueueItem>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT r.show_id, sh.slug, r.target_kind, r.target_id, r.id, r.reason, r.details, u.username \
         FROM reports r JOIN shows sh ON sh.id = r.show_id JOIN users u ON u.id = r.reporter_id \
         WHERE r.status = 'open' ORDER BY r.id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut items: Vec<QueueItem> = Vec::new();
    for r in rows {
        let show_id: i64 = r.try_get(0)?;
        if show_ids.is_some_and(|ids| !ids.contains(&show_id)) {
            continue;
        }
        let kind: String = r.try_get(2)?;
        let Some(target) = Target::parse(&kind) else {
            continue;
        };
        let target_id: i64 = r.try_get(3)?;
        let reason: String = r.try_get(5)?;
        let details: String = r.try_get(6)?;
        let reporter: String = r.try_get(7)?;
        let reason = if details.is_empty() {
            reason
        } else {
            format!("{reason}: {details}")
        };
        match items
            .iter_mut()
            .find(|i| i.target == target && i.target_id == target_id)
        {
            Some(i) => {
                i.count += 1;
                i.reasons.push_str(&format!("; {reason}"));
                i.reporters.push_str(&format!(", {reporter}"));
            }
            None => items.push(QueueItem {
                show_id,
                show_slug: r.try_get(1)?,
                target,
                target_id,
                count: 1,
                reasons: reason,
                reporters: reporter,
                first_report_id: r.try_get(4)?,
                content: String::new(),
                author: String::new(),
                author_id: None,
                link: String::new(),
            }),
        }
    }
    Ok(items)
}

/// Closes every open report on an item.
pub async fn close(
    db: &Db,
    target: Target,
    target_id: i64,
    status: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("UPDATE reports SET status = $1 WHERE target_kind = $2 AND target_id = $3 AND status = 'open'")
        .bind(status)
        .bind(target.as_str())
        .bind(target_id)
        .execute(&db.pool)
        .await?
        .rows_affected())
}
