//! Shows, seasons, episodes and their per-region air dates; import and demo data.
pub mod admin;
pub mod air_time;
pub mod demo;
pub mod import;
pub mod lookup;

use crate::db::catalog::{self as q, EpisodeInput};
use crate::db::{Db, Tx};
use crate::domain::{AirTime, EpisodeCode, Invalid, PostBody, Slug, ThreadTitle};
use crate::error::{AppError, AppResult};
use crate::forum::{create_thread_in, ThreadDraft};
use crate::i18n::Msg;

pub use crate::domain::parse_region;
pub use air_time::parse_date;

pub struct EpisodeData {
    pub code: EpisodeCode,
    pub title: String,
    pub synopsis: String,
    pub runtime_min: i64,
    /// (ISO 3166-1 alpha-2 region, its air date or time there)
    pub air_dates: Vec<(String, AirTime)>,
}

/// Adds a show with its default boards; a slug already taken is a conflict.
pub async fn create_show(db: &Db, slug: &Slug, title: &str, synopsis: &str) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    match q::insert_show(&mut tx, slug.as_str(), title, synopsis).await {
        Ok(id) => {
            db.commit_catalog(tx).await?;
            Ok(id)
        }
        Err(e) if crate::db::is_unique_violation(&e) => Err(AppError::Conflict(
            Msg::new("err-show-slug-taken").arg("slug", slug.as_str()),
        )),
        Err(e) => Err(e.into()),
    }
}

/// Inserts or updates an episode (creating its season if needed), replaces its air dates and
/// gives it a discussion thread on the show's Episodes board if it has none yet.
pub async fn save_episode(tx: &mut Tx, show_id: i64, e: &EpisodeData) -> Result<i64, sqlx::Error> {
    let season_id = q::ensure_season(tx, show_id, e.code.season).await?;
    let code = e.code.to_string();
    let episode_id = q::upsert_episode(
        tx,
        &EpisodeInput {
            show_id,
            season_id,
            number: e.code.episode,
            code: &code,
            title: &e.title,
            synopsis: &e.synopsis,
            runtime_min: e.runtime_min,
        },
    )
    .await?;
    q::set_air_dates(tx, episode_id, &e.air_dates).await?;
    crate::db::search::enqueue(tx, show_id, &format!("episode-{episode_id}")).await?;
    if q::episode_thread_id(tx, episode_id).await?.is_none() {
        let board_id = q::board_id_in_tx(tx, show_id, "episodes").await?;
        let title = episode_thread_title(&code, &e.title);
        let body = if e.synopsis.trim().is_empty() {
            format!("Discussion thread for {}.", code.to_uppercase())
        } else {
            format!(
                "Discussion thread for {}.\n\n{}",
                code.to_uppercase(),
                e.synopsis
            )
        };
        let (title, body) = match (
            ThreadTitle::try_from(title.as_str()),
            PostBody::try_from(body.as_str()),
        ) {
            (Ok(t), Ok(b)) => (t, b),
            _ => {
                return Err(sqlx::Error::Protocol(
                    "episode thread text out of bounds".into(),
                ))
            }
        };
        let (thread_id, _) = create_thread_in(
            tx,
            &ThreadDraft {
                show_id,
                board_id,
                episode_id: Some(episode_id),
                author_id: None,
                title: &title,
                body: &body,
                held: false,
                spoils_up_to: None,
                // The site writes it; the synopsis decides when there is one.
                lang: crate::domain::PostLang {
                    lang: crate::forum::language::detect(body.as_str()),
                    chosen: false,
                },
            },
        )
        .await?;
        q::set_episode_thread(tx, episode_id, thread_id).await?;
    }
    Ok(episode_id)
}

fn episode_thread_title(code: &str, title: &str) -> String {
    let t: String = title.chars().take(150).collect();
    format!("{} · {} (episode discussion)", code.to_uppercase(), t)
}

/// Air dates typed one per line as `US 2024-03-01`, `US 2024-03-01 21:00 America/New_York`
/// or `US 2024-03-01T21:00:00-04:00` (admin form).
pub fn parse_air_date_lines(text: &str) -> Result<Vec<(String, AirTime)>, Invalid> {
    let mut out: Vec<(String, AirTime)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let at_line = |e: Invalid| {
            Invalid::new(
                Msg::new("err-air-dates-line")
                    .arg("line", i + 1)
                    .nest("why", e.0),
            )
        };
        let parts: Vec<&str> = line.split_whitespace().collect();
        let (region, air) = match parts.as_slice() {
            [region, value] => (*region, air_time::parse_air_text(value).map_err(at_line)?),
            [region, date, time, zone] => (
                *region,
                air_time::parse_air_parts(date, time, zone).map_err(|(field, e)| {
                    at_line(Invalid::new(
                        Msg::new("err-air-field")
                            .arg("field", field)
                            .nest("why", e.0),
                    ))
                })?,
            ),
            _ => {
                return Err(Invalid::new(
                    Msg::new("err-air-dates-form").arg("line", i + 1),
                ))
            }
        };
        let region = parse_region(region).map_err(at_line)?;
        if out.iter().any(|(r, _)| *r == region) {
            return Err(Invalid::new(
                Msg::new("err-air-dates-twice")
                    .arg("line", i + 1)
                    .arg("region", &region),
            ));
        }
        out.push((region, air));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_and_dates() {
        assert_eq!(parse_region("gb").unwrap(), "GB");
        assert!(parse_region("GBR").is_err());
        assert!(parse_region("1A").is_err());
        assert!(parse_date("2024-02-30").is_err());
        assert_eq!(parse_date("2024-02-29").unwrap(), "2024-02-29");
    }

    #[test]
    fn air_date_lines() {
        let v = parse_air_date_lines(
            "US 2024-01-01\n\n gb 2024-02-01 \nFR 2024-09-08 21:00 Europe/Paris\nCA 2024-09-08T21:00:00-04:00",
        )
        .unwrap();
        assert_eq!(v[0], ("US".into(), AirTime::date_only("2024-01-01")));
        assert_eq!(v[1], ("GB".into(), AirTime::date_only("2024-02-01")));
        assert_eq!(v[2].1.zone.as_deref(), Some("Europe/Paris"));
        assert_eq!(v[2].1.at, Some(1_725_822_000_000)); // 19:00Z
        assert_eq!(v[3].1.at, Some(1_725_843_600_000));
        let bad_zone = parse_air_date_lines("US 2024-09-08 21:00 Mars/Olympus").unwrap_err();
        let said = bad_zone.0.to_string();
        assert!(said.contains("line 1") && said.contains("zone"), "{said}");
        assert!(parse_air_date_lines("US 2024-09-08 21:00").is_err());
        assert!(parse_air_date_lines("US").is_err());
        assert!(parse_air_date_lines("US 2024-01-01\nUS 2024-01-02").is_err());
    }
}
