//! The profile section of `/settings`: bio, language, watch-progress opt-in, auto-follow.
use crate::db::profiles::{ProfileUpdate, SettingsRow};
use crate::db::{self, Db};
use crate::i18n::Lang;
use crate::i18n::Msg;

/// Interface languages an account may choose, each named in its own language. An account may
/// also keep the empty code, "automatic": the language switcher's cookie, else the browser's
/// `Accept-Language` (the settings page offers it first, labelled from the catalogue).
pub const LANGUAGES: [(&str, &str); 5] = [
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("pt-BR", "Português (Brasil)"),
];

/// What the profile form sends.
#[derive(Debug, Clone, Default)]
pub struct ProfileInput {
    pub bio: String,
    pub language: String,
    pub show_progress: bool,
    pub auto_follow: bool,
}

impl From<SettingsRow> for ProfileInput {
    fn from(r: SettingsRow) -> Self {
        ProfileInput {
            bio: r.bio,
            language: r.language,
            show_progress: r.show_progress,
            auto_follow: r.auto_follow,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{0}")]
    Invalid(Msg),
    #[error("internal error")]
    Internal(#[from] sqlx::Error),
}

pub async fn current(db: &Db, user_id: i64) -> Result<(ProfileInput, Option<String>), sqlx::Error> {
    let row = db::profiles::settings(db, user_id).await?;
    Ok(match row {
        Some(r) => {
            let email = r.email.clone();
            (r.into(), email)
        }
        None => (ProfileInput::default(), None),
    })
}

/// Checks and saves the profile section; nothing is written when a field is refused.
pub async fn save(
    db: &Db,
    user_id: i64,
    input: &ProfileInput,
    bio_max_chars: usize,
) -> Result<(), SettingsError> {
    let bio = input.bio.trim();
    if bio.chars().count() > bio_max_chars {
        return Err(SettingsError::Invalid(
            Msg::new("err-bio-long")
                .arg("count", bio.chars().count())
                .arg("limit", bio_max_chars),
        ));
    }
    if !input.language.is_empty() && !LANGUAGES.iter().any(|(code, _)| *code == input.language) {
        return Err(SettingsError::Invalid(
            Msg::new("err-language-code-unknown").arg("code", &input.language),
        ));
    }
    let bio_html = if bio.is_empty() {
        String::new()
    } else {
        crate::forum::render_now(db, bio).await?
    };
    db::profiles::update(
        db,
        user_id,
        &ProfileUpdate {
            bio,
            bio_html: &bio_html,
            language: &input.language,
            show_progress: input.show_progress,
            auto_follow: input.auto_follow,
        },
    )
    .await?;
    Ok(())
}

/// The language switcher's choice, kept on the account.
pub async fn set_language(db: &Db, user_id: i64, lang: Lang) -> Result<(), sqlx::Error> {
    db::profiles::set_language(db, user_id, lang.code()).await
}
