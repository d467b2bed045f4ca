//! Reports from users, grouped per reported item in the review queues.
use crate::db::reports as q;
use crate::db::{Db, Tx};

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
    tx: &mut Tx,
    show_id: i64,
    target: Target,
    target_id: i64,
    reporter: i64,
    reason: &str,
    details: &str,
) -> Result<Filed, sqlx::Error> {
    let new = q::insert(
        tx,
        &q::NewReport {
            show_id,
            target_kind: target.as_str(),
            target_id,
            reporter_id: reporter,
            reason,
            details,
        },
    )
    .await?;
    Ok(if new {
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
    let mut items: Vec<QueueItem> = Vec::new();
    for r in q::open(db).await? {
        if show_ids.is_some_and(|ids| !ids.contains(&r.show_id)) {
            continue;
        }
        let Some(target) = Target::parse(&r.target_kind) else {
            continue;
        };
        let reason = if r.details.is_empty() {
            r.reason
        } else {
            format!("{}: {}", r.reason, r.details)
        };
        match items
            .iter_mut()
            .find(|i| i.target == target && i.target_id == r.target_id)
        {
            Some(i) => {
                i.count += 1;
                i.reasons.push_str(&format!("; {reason}"));
                i.reporters.push_str(&format!(", {}", r.reporter));
            }
            None => items.push(QueueItem {
                show_id: r.show_id,
                show_slug: r.show_slug,
                target,
                target_id: r.target_id,
                count: 1,
                reasons: reason,
                reporters: r.reporter,
                first_report_id: r.id,
                content: String::new(),
                author: String::new(),
                author_id: None,
                link: String::new(),
            }),
        }
    }
    Ok(items)
}

/// How the reports on an item were settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// A moderator acted on the item.
    Actioned,
    Dismissed,
}

/// Closes every open report on an item, in the transaction of the action that settles them.
pub async fn close(
    tx: &mut Tx,
    target: Target,
    target_id: i64,
    how: Settled,
) -> Result<u64, sqlx::Error> {
    let status = match how {
        Settled::Actioned => "actioned",
        Settled::Dismissed => "dismissed",
    };
    q::close(tx, target.as_str(), target_id, status).await
}
