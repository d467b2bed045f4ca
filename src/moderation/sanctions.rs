//! Warnings, chat timeouts, show suspensions and site bans. Expiry is a timestamp: a
//! sanction stops applying on its own when it passes.
use crate::db::sanctions as q;
use crate::db::{Db, Tx};
use crate::i18n::Msg;
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
    /// "Chat timeout in Show until 2024-03-01 20:00 UTC: reason", worded per reader. One key
    /// per kind, place and end, so each language orders the parts its own way.
    pub fn describe(&self) -> Msg {
        let in_show = self.show_title.is_some();
        let until = self.expires_at.is_some();
        let key = match (self.kind, in_show, until) {
            (Kind::Warn, true, _) => "notice-warn-show",
            (Kind::Warn, false, _) => "notice-warn-site",
            (Kind::Timeout, true, true) => "notice-timeout-show-until",
            (Kind::Timeout, true, false) => "notice-timeout-show-forever",
            (Kind::Timeout, false, true) => "notice-timeout-site-until",
            (Kind::Timeout, false, false) => "notice-timeout-site-forever",
            (Kind::Suspend, true, true) => "notice-suspend-show-until",
            (Kind::Suspend, true, false) => "notice-suspend-show-forever",
            (Kind::Suspend, false, true) => "notice-suspend-site-until",
            (Kind::Suspend, false, false) => "notice-suspend-site-forever",
            (Kind::Ban, true, true) => "notice-ban-show-until",
            (Kind::Ban, true, false) => "notice-ban-show-forever",
            (Kind::Ban, false, true) => "notice-ban-site-until",
            (Kind::Ban, false, false) => "notice-ban-site-forever",
        };
        let mut m = Msg::new(key).arg("reason", &self.reason);
        if let Some(t) = &self.show_title {
            m = m.arg("show", t);
        }
        if let Some(t) = self.expires_at.filter(|_| self.kind != Kind::Warn) {
            m = m.arg("until", crate::time_util::format_ms(t));
        }
        m
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Tr};

    fn sanction(kind: Kind, show: Option<&str>, expires_at: Option<i64>) -> Sanction {
        Sanction {
            id: 1,
            kind,
            show_id: show.map(|_| 7),
            show_title: show.map(str::to_string),
            reason: "spoilers".into(),
            created_at: 0,
            expires_at,
        }
    }

    #[test]
    fn described_per_language() {
        let t = 86_400_000;
        let until = crate::time_util::format_ms(t);
        let s = sanction(Kind::Timeout, Some("Orbit"), Some(t));
        assert_eq!(
            s.describe().to_string(),
            format!("Chat timeout in Orbit until {until}: spoilers")
        );
        assert_eq!(
            s.describe().in_lang(&Tr::new(Lang::De)),
            format!("Chat-Auszeit in Orbit bis {until}: spoilers")
        );
        let ban = sanction(Kind::Ban, None, None);
        assert_eq!(
            ban.describe().to_string(),
            "Banned from the site permanently: spoilers"
        );
        // A warning never says until when, even with an expiry.
        let warn = sanction(Kind::Warn, None, Some(t));
        assert_eq!(warn.describe().to_string(), "Warning: spoilers");
    }
}
