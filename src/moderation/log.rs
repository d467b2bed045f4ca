//! The mod log: append-only, one row per moderator action, written in the action's
//! transaction so that no action commits without its entry.
use crate::db::mod_log as q;
use crate::db::{Db, Tx};

pub struct Entry<'a> {
    pub show_id: Option<i64>,
    pub actor_id: i64,
    pub action: &'a str,
    pub target: String,
    pub target_user_id: Option<i64>,
    pub reason: &'a str,
}

/// Returns the entry's id.
pub async fn record(tx: &mut Tx, e: Entry<'_>) -> Result<i64, sqlx::Error> {
    q::insert(
        tx,
        &q::NewEntry {
            show_id: e.show_id,
            actor_id: e.actor_id,
            action: e.action,
            target: &e.target,
            target_user_id: e.target_user_id,
            reason: e.reason,
        },
    )
    .await
}

#[derive(Debug, Clone)]
pub struct LogRow {
    pub actor: String,
    pub action: String,
    pub target: String,
    pub target_user: Option<String>,
    pub reason: String,
    pub when: String,
}

pub async fn list(db: &Db, show_id: i64, limit: i64) -> Result<Vec<LogRow>, sqlx::Error> {
    Ok(q::list(db, show_id, limit)
        .await?
        .into_iter()
        .map(|r| LogRow {
            actor: r.actor,
            action: r.action,
            target: r.target,
            target_user: r.target_user,
            reason: r.reason,
            when: crate::time_util::format_ms(r.created_at),
        })
        .collect())
}

/// How a sanction is named in the log ("timeout for 30 min", "ban permanently"), and read
/// back by `sanction_minutes`: the two sides of one format, kept together.
pub fn sanction_action(kind: &str, duration_ms: Option<i64>) -> String {
    match duration_ms {
        Some(d) => format!("{kind} for {} min", d / super::MINUTE),
        None => format!("{kind} permanently"),
    }
}

/// The minutes of a logged `kind` sanction, when it had a duration.
pub fn sanction_minutes(action: &str, kind: &str) -> Option<i64> {
    action
        .strip_prefix(kind)?
        .strip_prefix(" for ")?
        .strip_suffix(" min")?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanction_names_read_back() {
        let named = sanction_action("timeout", Some(30 * super::super::MINUTE));
        assert_eq!(named, "timeout for 30 min");
        assert_eq!(sanction_minutes(&named, "timeout"), Some(30));
        assert_eq!(sanction_minutes(&sanction_action("ban", None), "ban"), None);
        assert_eq!(sanction_minutes("timeout for x min", "timeout"), None);
    }
}
