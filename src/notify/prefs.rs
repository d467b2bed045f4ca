//! Per-kind notification preferences: shown on the site or not, and the email choice
//! (stored here; sending email is the mailer's part).
use crate::db::inbox::{self as q, Pref};
use crate::db::notifications::KINDS;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;

pub const EMAIL_CHOICES: [&str; 3] = ["off", "instant", "digest"];

/// How each kind reads in the preferences form.
pub fn label(kind: &str) -> &'static str {
    match kind {
        "reply" => "Replies in threads you follow",
        "quote" => "Someone quotes your post",
        "mention" => "Someone mentions you (@name)",
        "new_thread" => "New threads in shows and boards you follow",
        "party" => "Watch parties you follow start",
        "moderation" => "Moderators act on your posts",
        "episode" => "Episodes of shows you follow air",
        _ => "Other",
    }
}

pub async fn load(db: &Db, user_id: i64) -> AppResult<Vec<Pref>> {
    Ok(q::prefs(db, user_id).await?)
}

/// The form sends `web_{kind}=on` for each kind kept on (a checkbox left off sends
/// nothing) and `email_{kind}` with one of `EMAIL_CHOICES`.
pub async fn save(db: &Db, user_id: i64, fields: &[(String, String)]) -> AppResult<()> {
    let get = |name: String| {
        fields
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    };
    let mut prefs = Vec::with_capacity(KINDS.len());
    for kind in KINDS {
        let email = get(format!("email_{kind}")).unwrap_or("off");
        if !EMAIL_CHOICES.contains(&email) {
            return Err(AppError::Unprocessable(
                Msg::new("err-email-choice")
                    .arg("choice", email)
                    .arg("kind", label(kind)),
            ));
        }
        prefs.push(Pref {
            kind: kind.to_string(),
            web: get(format!("web_{kind}")).is_some(),
            email: email.to_string(),
        });
    }
    Ok(q::save_prefs(db, user_id, &prefs).await?)
}

/// One kind's row of the preferences form.
pub struct PrefRow {
    pub kind: String,
    pub label: &'static str,
    pub web: bool,
    pub email: String,
}

/// What the settings page's notification and follow forms show.
pub struct NotifySettings {
    pub prefs: Vec<PrefRow>,
    pub email_choices: &'static [&'static str],
    pub auto_follow: bool,
}

pub async fn settings(db: &Db, user_id: i64) -> AppResult<NotifySettings> {
    Ok(NotifySettings {
        prefs: load(db, user_id)
            .await?
            .into_iter()
            .map(|p| PrefRow {
                label: label(&p.kind),
                kind: p.kind,
                web: p.web,
                email: p.email,
            })
            .collect(),
        email_choices: &EMAIL_CHOICES,
        auto_follow: super::follows::auto_follow(db, user_id).await?,
    })
}
