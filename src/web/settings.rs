//! `/settings`: region (everyone), and for accounts the profile, email address and deletion
//! sections, each its own form. A refused form comes back with what was typed, status 422.
use crate::i18n::Msg;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::accounts::AccountError;
use crate::auth::session::removal_cookie;
use crate::auth::{CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::profiles::settings::{self, ProfileInput, SettingsError, LANGUAGES};
use crate::spoilers::region;
use crate::web::layout::Layout;
use crate::web::AppState;
use crate::web::{render, see_other};

#[derive(Template)]
#[template(path = "settings.html")]
pub(crate) struct SettingsPage {
    layout: Layout,
    regions: &'static [(&'static str, &'static str)],
    current: String,
    /// Zones offered (the regions' main ones); any IANA name may be typed.
    zones: &'static [(&'static str, &'static str)],
    /// The account's chosen zone ("" = automatic) and the one in force.
    zone_chosen: String,
    zone_now: String,
    zone_error: Option<String>,
    /// Interface languages by native name; the template offers "" (automatic) before them.
    languages: &'static [(&'static str, &'static str)],
    profile: ProfileInput,
    profile_error: Option<String>,
    /// The confirmed address, if any.
    email: Option<String>,
    email_typed: String,
    email_error: Option<String>,
    /// A confirmation link was just mailed.
    email_sent: bool,
    mail: bool,
    delete_error: Option<String>,
    bio_max_chars: usize,
    /// Notification preferences (`settings_notifications.html`).
    notify: Option<crate::notify::prefs::NotifySettings>,
}

impl SettingsPage {
    async fn load(state: &AppState, viewer: &Viewer) -> AppResult<SettingsPage> {
        let (profile, email) = match &viewer.user {
            Some(u) => settings::current(&state.db, u.id).await?,
            None => (ProfileInput::default(), None),
        };
        let notify = match &viewer.user {
            Some(u) => Some(crate::notify::prefs::settings(&state.db, u.id).await?),
            None => None,
        };
        Ok(SettingsPage {
            notify,
            layout: Layout::new(viewer.tr().t("settings-title"), viewer),
            regions: &region::COMMON,
            current: viewer.region.clone(),
            zones: &region::MAIN_ZONES,
            zone_chosen: viewer
                .user
                .as_ref()
                .and_then(|u| u.time_zone.clone())
                .unwrap_or_default(),
            zone_now: viewer.time_zone.clone(),
            zone_error: None,
            languages: &LANGUAGES,
            profile,
            profile_error: None,
            email,
            email_typed: String::new(),
            email_error: None,
            email_sent: false,
            mail: state.mail.enabled(),
            delete_error: None,
            bio_max_chars: state.config.accounts.bio_max_chars,
        })
    }
}

#[derive(Deserialize, Default)]
pub struct SettingsQuery {
    #[serde(default)]
    email: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn page(
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<SettingsQuery>,
) -> AppResult<HttpResponse> {
    let mut page = SettingsPage::load(&state, &viewer).await?;
    page.email_sent = query.email.as_deref() == Some("sent");
    render(StatusCode::OK, &page)
}

#[derive(Deserialize, Default)]
pub struct ProfileForm {
    #[serde(default)]
    bio: String,
    #[serde(default)]
    language: String,
    /// Checkboxes: present when ticked.
    #[serde(default)]
    show_progress: Option<String>,
    #[serde(default)]
    auto_follow: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn save_profile(
    state: web::Data<AppState>,
    CsrfForm { viewer, form }: CsrfForm<ProfileForm>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    let input = ProfileInput {
        bio: form.bio,
        language: form.language,
        show_progress: form.show_progress.is_some(),
        auto_follow: form.auto_follow.is_some(),
    };
    match settings::save(
        &state.db,
        user.id,
        &input,
        state.config.accounts.bio_max_chars,
    )
    .await
    {
        Ok(()) => Ok(see_other("/settings")),
        Err(SettingsError::Invalid(msg)) => {
            let mut page = SettingsPage::load(&state, &viewer).await?;
            page.profile = input;
            page.profile_error = Some(msg.in_lang(&viewer.tr()));
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(SettingsError::Internal(e)) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct TimeZoneForm {
    #[serde(default)]
    time_zone: String,
}

/// The account's time zone; an unknown name comes back with the form, status 422.
#[tracing::instrument(skip_all)]
pub async fn save_time_zone(
    state: web::Data<AppState>,
    CsrfForm { viewer, form }: CsrfForm<TimeZoneForm>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    match region::set_zone_for_user(&state.db, user.id, &form.time_zone).await? {
        Ok(()) => Ok(see_other("/settings")),
        Err(e) => {
            let mut page = SettingsPage::load(&state, &viewer).await?;
            page.zone_chosen = form.time_zone;
            page.zone_error = Some(e.0.in_lang(&viewer.tr()));
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[derive(Deserialize, Default)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    current_password: String,
}

#[tracing::instrument(skip_all)]
pub async fn change_email(
    state: web::Data<AppState>,
    CsrfForm { viewer, form }: CsrfForm<EmailForm>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    let asked = crate::auth::email::request_change(
        &state.db,
        &state.mail,
        user,
        &form.current_password,
        &form.email,
    )
    .await;
    match asked {
        Ok(()) => Ok(see_other("/settings?email=sent")),
        Err(AccountError::Invalid(msg)) => {
            let mut page = SettingsPage::load(&state, &viewer).await?;
            page.email_typed = form.email;
            page.email_error = Some(msg.in_lang(&viewer.tr()));
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(AccountError::Internal(e)) => Err(AppError::Internal(e)),
        Err(other) => Err(AppError::Forbidden(other.msg())),
    }
}

#[derive(Deserialize, Default)]
pub struct DeleteForm {
    #[serde(default)]
    current_password: String,
    /// "keep" (default): posts stay, by "deleted user"; "remove": they are deleted too.
    #[serde(default)]
    posts: String,
}

#[tracing::instrument(skip_all)]
pub async fn delete_account(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm { viewer, form }: CsrfForm<DeleteForm>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    let remove_posts = match form.posts.as_str() {
        "" | "keep" => false,
        "remove" => true,
        other => {
            return Err(AppError::BadRequest(
                Msg::new("err-unknown-choice").arg("choice", other),
            ))
        }
    };
    let deleted = crate::profiles::deletion::delete_account(
        &state.db,
        user,
        &form.current_password,
        remove_posts,
    )
    .await;
    match deleted {
        Ok(()) => {
            state.chat.sign_out(user.id).await;
            let mut resp = see_other("/");
            resp.add_cookie(&removal_cookie(&req))
                .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
            Ok(resp)
        }
        Err(AccountError::Invalid(msg)) => {
            let mut page = SettingsPage::load(&state, &viewer).await?;
            page.delete_error = Some(msg.in_lang(&viewer.tr()));
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(AccountError::Internal(e)) => Err(AppError::Internal(e)),
        Err(other) => Err(AppError::Forbidden(other.msg())),
    }
}
