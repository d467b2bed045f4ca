//! Checks every post, title and chat message goes through before it is saved: suspensions
//! and bans, new-account limits, and the show's word filters.
use super::filters::{self, Outcome};
use super::sanctions;
use crate::db::users::SessionUser;
use crate::db::Db;
use crate::i18n::Msg;
use crate::time_util::now_ms;

/// Limits for accounts younger than `min_age_ms` (spam waves come from fresh accounts).
#[derive(Debug, Clone)]
pub struct NewAccountLimits {
    pub min_age_ms: i64,
    pub posts_per_hour: i64,
    pub allow_links: bool,
}

impl Default for NewAccountLimits {
    fn default() -> Self {
        NewAccountLimits {
            min_age_ms: 24 * 3_600_000,
            posts_per_hour: 5,
            allow_links: false,
        }
    }
}

/// How often one user may schedule parties, file reports and react (floods are abuse).
#[derive(Debug, Clone)]
pub struct ActivityLimits {
    pub parties_per_hour: i64,
    pub reports_per_hour: i64,
    /// Reactions one user may add or take back per minute.
    pub reactions_per_minute: i64,
}

impl Default for ActivityLimits {
    fn default() -> Self {
        ActivityLimits {
            parties_per_hour: 3,
            reports_per_hour: 20,
            reactions_per_minute: 30,
        }
    }
}

/// Counts one `what` ("party", "report") by `user_id`; `Err` with a message when the user
/// has done it `per_hour` times already this hour. Counted in the database, so it holds
/// across requests at once and across nodes.
pub async fn count_activity(
    db: &Db,
    what: &str,
    user_id: i64,
    per_hour: i64,
) -> Result<Result<(), Refused>, sqlx::Error> {
    let key = format!("{what}:{user_id}");
    if crate::db::counters::hit(db, &key, 3_600_000, now_ms()).await? > per_hour {
        crate::db::counters::refund(db, &key).await?;
        return Ok(Err(Refused::TooMany(
            Msg::new("err-activity-per-hour").arg("count", per_hour),
        )));
    }
    Ok(Ok(()))
}

/// What may be saved: text after replacements, and whether it waits for review.
pub struct Cleared {
    pub title: Option<String>,
    pub body: String,
    pub held: bool,
}

/// Why it may not be saved, with a message for the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// A suspension, ban or timeout is in force.
    Sanctioned(Msg),
    /// A new account has posted as often as it may this hour.
    TooMany(Msg),
    /// The text itself is not allowed (a blocked word, a link from a new account).
    Disallowed(Msg),
}

impl Refused {
    pub fn message(&self) -> &Msg {
        match self {
            Refused::Sanctioned(m) | Refused::TooMany(m) | Refused::Disallowed(m) => m,
        }
    }
}

pub fn has_link(text: &str) -> bool {
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url]);
    finder.links(text).next().is_some()
        || text.contains("](")
        || text.to_ascii_lowercase().contains("www.")
}

pub async fn check(
    db: &Db,
    limits: &NewAccountLimits,
    user: &SessionUser,
    show_id: i64,
    title: Option<&str>,
    body: &str,
) -> Result<Result<Cleared, Refused>, sqlx::Error> {
    if let Some(s) = sanctions::posting_block(db, user.id, show_id).await? {
        return Ok(Err(Refused::Sanctioned(
            Msg::new("err-sanctioned-post").nest("sanction", s.describe()),
        )));
    }
    let trusted = user.is_admin || super::roles::is_moderator(db, user.id, show_id).await?;
    if !trusted && now_ms() - user.created_at < limits.min_age_ms {
        let recent = crate::db::moderation::posts_since(db, user.id, now_ms() - 3_600_000).await?;
        if recent >= limits.posts_per_hour {
            return Ok(Err(Refused::TooMany(
                Msg::new("err-new-account-posts").arg("count", limits.posts_per_hour),
            )));
        }
        if !limits.allow_links && (has_link(body) || title.is_some_and(has_link)) {
            return Ok(Err(Refused::Disallowed(Msg::new(
                "err-new-accounts-cannot-post-links",
            ))));
        }
    }
    let filters = filters::list(db, show_id).await?;
    let mut held = false;
    let mut apply = |text: &str| -> Result<String, Refused> {
        match filters::apply(text, &filters) {
            Outcome::Allow(t) => Ok(t),
            Outcome::Hold(t) => {
                held = true;
                Ok(t)
            }
            Outcome::Block(word) => Err(Refused::Disallowed(
                Msg::new("err-blocked-word").arg("word", word),
            )),
        }
    };
    let title = match title.map(&mut apply).transpose() {
        Ok(t) => t,
        Err(r) => return Ok(Err(r)),
    };
    let body = match apply(body) {
        Ok(b) => b,
        Err(r) => return Ok(Err(r)),
    };
    Ok(Ok(Cleared { title, body, held }))
}

#[cfg(test)]
mod tests {
    use super::has_link;

    #[test]
    fn finds_links() {
        assert!(has_link("see https://spam.example now"));
        assert!(has_link("[cheap](http://x.y)"));
        assert!(has_link("visit www.spam.example"));
        assert!(!has_link("no links in here, just words."));
    }
}
