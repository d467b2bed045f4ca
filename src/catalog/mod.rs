//! Shows, seasons, episodes and their per-region air dates; import and demo data.
pub mod admin;
pub mod demo;
pub mod import;
pub mod lookup;

use crate::db::catalog::{self as q, EpisodeInput};
use crate::db::{Db, Tx};
use crate::domain::{EpisodeCode, Invalid, PostBody, Slug, ThreadTitle};
use crate::error::{AppError, AppResult};
use crate::forum::{create_thread_in, ThreadDraft};
use crate::i18n::Msg;

pub use crate::domain::parse_region;

pub struct EpisodeData {
    pub code: EpisodeCode,
    pub title: String,
    pub synopsis: String,
    pub runtime_min: i64,
    /// (ISO 3166-1 alpha-2 region, YYYY-MM-DD)
    pub air_dates: Vec<(String, String)>,
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

/// A calendar date written YYYY-MM-DD.
pub fn parse_date(s: &str) -> Result<String, Invalid> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s.trim(), &fmt)
        .map(|_| s.trim().to_string())
        .map_err(|_| Invalid::new(Msg::new("err-date").arg("value", s)))
}

/// Air dates typed one per line as `US 2024-03-01` (admin form).
pub fn parse_air_date_lines(text: &str) -> Result<Vec<(String, String)>, Invalid> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut parts = line.split_whitespace();
        let (Some(region), Some(date), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(Invalid::new(
                Msg::new("err-air-dates-form").arg("line", i + 1),
            ));
        };
        let region = parse_region(region).map_err(|e| {
            Invalid::new(
                Msg::new("err-air-dates-line")
                    .arg("line", i + 1)
                    .nest("why", e.0),
            )
        })?;
        let date = parse_date(date).map_err(|e| {
            Invalid::new(
                Msg::new("err-air-dates-line")
                    .arg("line", i + 1)
                    .nest("why", e.0),
            )
        })?;
        if out.iter().any(|(r, _)| *r == region) {
            return Err(Invalid::new(
                Msg::new("err-air-dates-twice")
                    .arg("line", i + 1)
                    .arg("region", &region),
            ));
        }
        out.push((region, date));
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
        let v = parse_air_date_lines("US 2024-01-01\n\n gb 2024-02-01 ").unwrap();
        assert_eq!(
            v,
            vec![
                ("US".into(), "2024-01-01".into()),
                ("GB".into(), "2024-02-01".into())
            ]
        );
        assert!(parse_air_date_lines("US").is_err());
        assert!(parse_air_date_lines("US 2024-01-01\nUS 2024-01-02").is_err());
    }
}
