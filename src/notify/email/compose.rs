//! The recipient's gate and the words of notification mail (plain text).
use std::collections::HashMap;

use crate::auth::Viewer;
use crate::db::inbox::NotificationRow;
use crate::db::{notify_mail as q, Db};
use crate::error::AppResult;
use crate::mail::Outbox;
use crate::notify::inbox;
use crate::spoilers::region;
use crate::visibility::Gate;

/// What each row says for `user_id` (by row id), as their notifications page would say it;
/// rows the gate leaves nothing to tell of are missing. None when the account is gone.
pub async fn texts(
    db: &Db,
    user_id: i64,
    rows: &[NotificationRow],
) -> AppResult<Option<HashMap<i64, (String, String)>>> {
    let Some(user) = q::recipient(db, user_id).await? else {
        return Ok(None);
    };
    let region = user
        .region
        .clone()
        .unwrap_or_else(|| region::DEFAULT.to_string());
    let viewer = Viewer {
        lang: crate::i18n::Lang::resolve(user.language.as_deref(), None, None),
        time_zone: region::time_zone(user.time_zone.as_deref(), None, &region),
        region,
        user: Some(user),
        csrf_token: String::new(),
        session_token: None,
        notices: Vec::new(),
    };
    let gate = Gate::load(db, &viewer).await?;
    Ok(Some(inbox::describe_rows(db, &gate, rows).await?))
}

/// A header-safe one-line subject of at most ~150 characters.
pub fn subject(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let line = line.trim();
    if line.chars().count() <= 150 {
        return line.to_string();
    }
    let cut: String = line.chars().take(149).collect();
    format!("{}\u{2026}", cut.trim_end())
}

/// Why the mail came and where to stop it.
pub fn footer(outbox: &Outbox) -> String {
    format!(
        "\n--\nYou get this mail because of your notification settings. To stop it, change them at {}\n",
        outbox.link("/settings#notifications")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_one_short_line() {
        assert_eq!(subject("a\r\nBcc: x"), "a  Bcc: x");
        let long = subject(&"x".repeat(400));
        assert_eq!(long.chars().count(), 150);
        assert!(long.ends_with('\u{2026}'));
    }
}
