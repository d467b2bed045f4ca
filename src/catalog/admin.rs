//! What the site admins change by hand: shows, episodes with their air dates, boards; and
//! what their pages list. Each form's text is checked here; a refusal is
//! `AppError::Unprocessable` (bad input) or `AppError::Conflict` (a slug already taken).
use crate::db::catalog::{self as q, AirDate, Board, Episode, Season, Show};
use crate::db::{self, Db};
use crate::domain::{EpisodeCode, Invalid, Slug};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;

use super::{create_show, parse_air_date_lines, save_episode as save_episode_in, EpisodeData};

/// A show's admin page: its episodes by season, its boards, and the episode being edited.
pub struct ShowAdminData {
    pub seasons: Vec<Season>,
    pub boards: Vec<Board>,
    pub editing: Option<EditedEpisode>,
}

pub struct EditedEpisode {
    pub episode: Episode,
    pub air_dates: Vec<AirDate>,
}

/// The episode form as typed.
pub struct EpisodeFields<'a> {
    pub code: &'a str,
    pub title: &'a str,
    pub synopsis: &'a str,
    /// Minutes; empty = 0.
    pub runtime_min: &'a str,
    /// One `US 2024-03-01` (or `US 2024-03-01 21:00 America/New_York`, or RFC 3339) per line.
    pub air_dates: &'a str,
}

/// `too_long`: the key of the message naming the field ("Title must be 1 to 200 characters.").
fn check_title(title: &str, too_long: &'static str) -> Result<String, Invalid> {
    let t = title.trim();
    if t.is_empty() || t.chars().count() > 200 {
        return Err(Invalid::new(Msg::new(too_long)));
    }
    Ok(t.to_string())
}

fn unprocessable(e: Invalid) -> AppError {
    AppError::Unprocessable(e.0)
}

/// Every show, for the admin index.
pub async fn shows(db: &Db) -> Result<Vec<Show>, sqlx::Error> {
    q::list_shows(db).await
}

/// Adds a show from the admin form and returns its slug.
pub async fn add_show(db: &Db, slug: &str, title: &str, synopsis: &str) -> AppResult<Slug> {
    let slug = Slug::try_from(slug.trim()).map_err(unprocessable)?;
    let title = check_title(title, "err-title-length").map_err(unprocessable)?;
    create_show(db, &slug, &title, synopsis.trim()).await?;
    Ok(slug)
}

/// The data of a show's admin page; `editing` is an episode code (`s01e02`) whose episode
/// fills the form, ignored when it names none.
pub async fn show_page(
    db: &Db,
    show_id: i64,
    editing: Option<&str>,
) -> Result<ShowAdminData, sqlx::Error> {
    let editing = match editing.map(EpisodeCode::try_from) {
        Some(Ok(code)) => match q::episode_by_code(db, show_id, &code.to_string()).await? {
            Some(episode) => Some(EditedEpisode {
                air_dates: q::air_dates(db, episode.id).await?,
                episode,
            }),
            None => None,
        },
        _ => None,
    };
    Ok(ShowAdminData {
        seasons: q::seasons(db, show_id).await?,
        boards: q::boards(db, show_id).await?,
        editing,
    })
}

/// Days after the earliest air date an episode counts as aired where a region has no date of
/// its own; empty = it does not.
fn parse_spoiler_delay(raw: &str) -> Result<Option<i64>, Invalid> {
    match raw.trim() {
        "" => Ok(None),
        d => d
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=3650).contains(n))
            .map(Some)
            .ok_or_else(|| Invalid::new(Msg::new("err-delay-days"))),
    }
}

/// Saves a show's title, synopsis and spoiler delay together.
pub async fn update_show(
    db: &Db,
    show: &Show,
    title: &str,
    synopsis: &str,
    spoiler_delay_days: &str,
) -> AppResult<()> {
    let title = check_title(title, "err-title-length").map_err(unprocessable)?;
    let delay = parse_spoiler_delay(spoiler_delay_days).map_err(unprocessable)?;
    let mut tx = db.begin().await?;
    q::upsert_show(&mut tx, &show.slug, &title, synopsis.trim()).await?;
    q::set_spoiler_delay(&mut tx, show.id, delay).await?;
    db.commit_catalog(tx).await?;
    Ok(())
}

fn parse_episode(form: &EpisodeFields<'_>) -> Result<EpisodeData, Invalid> {
    let code = EpisodeCode::try_from(form.code)?;
    let title = check_title(form.title, "err-episode-title-length")?;
    let runtime_min = match form.runtime_min.trim() {
        "" => 0,
        r => r
            .parse::<i64>()
            .ok()
            .filter(|m| (0..=1000).contains(m))
            .ok_or_else(|| Invalid::new(Msg::new("err-runtime-minutes")))?,
    };
    let air_dates = parse_air_date_lines(form.air_dates)?;
    Ok(EpisodeData {
        code,
        title,
        synopsis: form.synopsis.trim().to_string(),
        runtime_min,
        air_dates,
    })
}

/// Adds or updates an episode with its air dates (see `catalog::save_episode`) and returns
/// its code.
pub async fn save_episode(
    db: &Db,
    show_id: i64,
    form: &EpisodeFields<'_>,
) -> AppResult<EpisodeCode> {
    let data = parse_episode(form).map_err(unprocessable)?;
    let mut tx = db.begin().await?;
    save_episode_in(&mut tx, show_id, &data).await?;
    db.commit_catalog(tx).await?;
    Ok(data.code)
}

/// Adds a board to a show and returns its slug.
pub async fn add_board(
    db: &Db,
    show: &Show,
    slug: &str,
    name: &str,
    description: &str,
) -> AppResult<Slug> {
    let slug = Slug::try_from(slug.trim()).map_err(unprocessable)?;
    let name = check_title(name, "err-board-name-length").map_err(unprocessable)?;
    match q::create_board(db, show.id, slug.as_str(), &name, description.trim()).await {
        Ok(_) => Ok(slug),
        Err(e) if db::is_unique_violation(&e) => Err(AppError::Conflict(
            Msg::new("err-board-slug-taken")
                .arg("show", &show.title)
                .arg("slug", slug.as_str()),
        )),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(code: &'a str, title: &'a str, runtime: &'a str) -> EpisodeFields<'a> {
        EpisodeFields {
            code,
            title,
            synopsis: "  A synopsis. ",
            runtime_min: runtime,
            air_dates: "US 2024-01-01",
        }
    }

    #[test]
    fn episode_form_is_checked() {
        let e = parse_episode(&fields("s01e02", " Pilot ", "")).unwrap();
        assert_eq!(
            (e.code.to_string(), e.title.as_str(), e.runtime_min),
            ("s01e02".into(), "Pilot", 0)
        );
        assert_eq!(e.synopsis, "A synopsis.");
        assert_eq!(
            e.air_dates,
            vec![("US".into(), crate::domain::AirTime::date_only("2024-01-01"))]
        );
        assert!(parse_episode(&fields("s01e02", "Pilot", "1001")).is_err());
        assert!(parse_episode(&fields("s01e02", " ", "42")).is_err());
        assert!(parse_episode(&fields("pilot", "Pilot", "42")).is_err());
    }

    #[test]
    fn spoiler_delay_is_empty_or_bounded_days() {
        assert_eq!(parse_spoiler_delay(" ").unwrap(), None);
        assert_eq!(parse_spoiler_delay("7").unwrap(), Some(7));
        assert!(parse_spoiler_delay("3651").is_err());
        assert!(parse_spoiler_delay("-1").is_err());
        assert!(parse_spoiler_delay("a week").is_err());
    }
}
