//! Warnings, chat timeouts, show suspensions and site bans. Expiry is a timestamp: a
//! sanction stops applying on its own when it passes.
use sqlx::Row;

use crate::db::Db;
use crate::time_util::now_ms;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Warn,
    Timeout,
    Suspend,
    Ban,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "warn" => Some(Kind::Warn),
            "timeout" => Some(Kind::Timeout),
            "suspend" => Some(Kind::Suspend),
            "ban" => Some(Kind::Ban),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Warn => "warn",
            Kind::Timeout => "timeout",
            Kind::Suspend => "suspend",
            Kind::Ban => "ban",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Sanction {
    pub id: i64,
    pub kind: Kind,
    pub show_id: Option<i64>,
    pub show_title: Option<String>,
    pub reason: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
}

impl Sanction {
    pub fn describe(&self) -> String {
        let what = match self.kind {
            Kind::Warn => "Warning".to_string(),
            Kind::Timeout => "Chat timeout".to_string(),
            Kind::Suspend => "Suspended from posting".to_string(),
            Kind::Ban => "Banned from the site".to_string(),
        };
        let place = self
            .show_title
            .as_ref()
            .map(|t| format!(" in {t}"))
            .unwrap_or_default();
        let until = match (self.kind, self.expires_at) {
            (Kind::Warn, _) => String::new(),
            (_, Some(t)) => format!(" until {}", crate::time_util::format_ms(t)),
            (_, None) => " permanently".to_string(),
        };
        format!("{what}{place}{until}: {}", self.reason)
    }
}

pub struct NewSanction<'a> {
    pub user_id: i64,
    pub show_id: Option<i64>,
    pub kind: Kind,
    pub reason: &'a str,
    pub by: i64,
    pub duration_ms: Option<i64>,
}

pub async fn create(db: &Db, s: &NewSanction<'_>) -> Result<i64, sqlx::Error> {
    let now = now_ms();
    let id: i64 = sqlx::query(
        "INSERT INTO sanctions (user_id, show_id, kind, reason, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(s.user_id)
    .bind(s.show_id)
    .bind(s.kind.as_str())
    .bind(s.reason)
    .bind(s.by)
    .bind(now)
    .bind(s.duration_ms.map(|d| now + d))
    .fetch_one(&db.pool)
    .await?
    .try_get(0)?;
    if s.kind == Kind::Ban {
        // A ban ends every session at once.
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(s.user_id)
            .execute(&db.pool)
            .await?;
    }
    Ok(id)
}

/// Sanctions in force for a user: bans anywhere, and warnings from the last week, plus
/// suspensions and timeouts in the given show (all shows when None).
pub async fn active(
    db: &Db,
    user_id: i64,
    show_id: Option<i64>,
) -> Result<Vec<Sanction>, sqlx::Error> {
    let now = now_ms();
    let rows = sqlx::query(
        "SELECT s.id, s.kind, s.show_id, sh.title, s.reason, s.created_at, s.expires_at FROM sanctions s \
         LEFT JOIN shows sh ON sh.id = s.show_id WHERE s.user_id = $1 \
         AND (s.expires_at IS NULL OR s.expires_at > $2) \
         AND (s.kind <> 'warn' OR s.created_at > $2 - 604800000) \
         AND ($3 = 0 OR s.show_id IS NULL OR s.show_id = $3) ORDER BY s.id DESC",
    )
    .bind(user_id)
    .bind(now)
    .bind(show_id.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let kind: String = r.try_get(1)?;
        if let Some(kind) = Kind::parse(&kind) {
            out.push(Sanction {
                id: r.try_get(0)?,
                kind,
                show_id: r.try_get(2)?,
                show_title: r.try_get(3)?,
                reason: r.try_get(4)?,
                created_at: r.try_get(5)?,
                expires_at: r.try_get(6)?,
            });
        }
    }
    Ok(out)
}

/// The sanction that stops this user posting in this show, if any.
pub async fn posting_block(
    db: &Db,
    user_id: i64,
    show_id: i64,
) -> Result<Option<Sanction>, sqlx::Error> {
    Ok(active(db, user_id, Some(show_id))
        .await?
        .into_iter()
        .find(|s| matches!(s.kind, Kind::Suspend | Kind::Ban)))
}

/// Active chat-relevant sanctions of a show, for a room's cache: user → (kind, until).
pub async fn chat_blocks(
    db: &Db,
    show_id: i64,
) -> Result<Vec<(i64, Kind, Option<i64>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT user_id, kind, expires_at FROM sanctions WHERE kind <> 'warn' \
         AND (show_id IS NULL OR show_id = $1) AND (expires_at IS NULL OR expires_at > $2)",
    )
    .bind(show_id)
    .bind(now_ms())
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let kind: String = r.try_get(1)?;
        if let Some(kind) = Kind::parse(&kind) {
            out.push((r.try_get(0)?, kind, r.try_get(2)?));
        }
    }
    Ok(out)
}
