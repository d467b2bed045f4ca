//! Warnings, chat timeouts, show suspensions and site bans. Expiry is a timestamp: a
//! sanction stops applying on its own when it passes.
use crate::db::sanctions as q;
use crate::db::{Db, Tx};
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

/// Records a sanction in the action's transaction; a ban also ends every session at once.
pub async fn create(tx: &mut Tx, s: &NewSanction<'_>) -> Result<i64, sqlx::Error> {
    let now = now_ms();
    let id = q::insert(
        tx,
        &q::NewSanction {
            user_id: s.user_id,
            show_id: s.show_id,
            kind: s.kind.as_str(),
            reason: s.reason,
            created_by: s.by,
            created_at: now,
            expires_at: s.duration_ms.map(|d| now + d),
        },
    )
    .await?;
    if s.kind == Kind::Ban {
        q::end_sessions(tx, s.user_id).await?;
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
    let rows = q::unexpired(db, user_id, show_id, now_ms()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Sanction {
                id: r.id,
                kind: Kind::parse(&r.kind)?,
                show_id: r.show_id,
                show_title: r.show_title,
                reason: r.reason,
                created_at: r.created_at,
                expires_at: r.expires_at,
            })
        })
        .collect())
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
    Ok(q::unexpired_blocks(db, show_id, now_ms())
        .await?
        .into_iter()
        .filter_map(|(user, kind, until)| Some((user, Kind::parse(&kind)?, until)))
        .collect())
}
