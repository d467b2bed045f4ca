//! `cliffhanger import FILE.json`: the whole file is checked before anything is written, and
//! everything is written in one transaction, so a bad file imports nothing.
use anyhow::Context;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

use super::air_time::{parse_air_parts, parse_air_text};
use super::{parse_region, save_episode, EpisodeData};
use crate::db::catalog::{upsert_season, upsert_show};
use crate::db::Db;
use crate::domain::AirTime;
use crate::domain::{EpisodeCode, Slug};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueFile {
    pub shows: Vec<ShowIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowIn {
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub synopsis: String,
    #[serde(default)]
    pub seasons: Vec<SeasonIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeasonIn {
    pub number: i64,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub episodes: Vec<EpisodeIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpisodeIn {
    pub number: i64,
    pub title: String,
    #[serde(default)]
    pub synopsis: String,
    #[serde(default)]
    pub runtime_min: i64,
    /// Region → `"2024-09-08"`, `"2024-09-08T21:00:00-04:00"` or
    /// `{"date":"2024-09-08","time":"21:00","zone":"America/New_York"}` (see `air_value`).
    #[serde(default)]
    pub air_dates: BTreeMap<String, serde_json::Value>,
}

/// One air_dates value; the error is (field below the value, or "" for the value, message).
fn air_value(v: &serde_json::Value) -> Result<AirTime, (String, String)> {
    use serde_json::Value;
    match v {
        Value::String(s) => parse_air_text(s).map_err(|e| (String::new(), e.0.to_string())),
        Value::Object(o) => {
            if let Some(k) = o
                .keys()
                .find(|k| !["date", "time", "zone"].contains(&k.as_str()))
            {
                return Err((
                    String::new(),
                    format!("unknown field {k:?} (date, time, zone)"),
                ));
            }
            let part = |k: &str| match o.get(k) {
                Some(Value::String(s)) => Ok(s.as_str()),
                Some(_) => Err((format!(".{k}"), "must be a string".to_string())),
                None => Err((format!(".{k}"), "is missing".to_string())),
            };
            parse_air_parts(part("date")?, part("time")?, part("zone")?)
                .map_err(|(field, e)| (format!(".{field}"), e.0.to_string()))
        }
        _ => Err((
            String::new(),
            "must be a date, an RFC 3339 time or {\"date\",\"time\",\"zone\"}".to_string(),
        )),
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub shows: usize,
    pub seasons: usize,
    pub episodes: usize,
    pub air_dates: usize,
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "imported {} shows, {} seasons, {} episodes, {} air dates",
            self.shows, self.seasons, self.episodes, self.air_dates
        )
    }
}

pub struct ValidShow {
    slug: String,
    title: String,
    synopsis: String,
    seasons: Vec<(i64, String)>,
    episodes: Vec<EpisodeData>,
}

/// Parses and checks a catalogue; the error names the line/column or the field at fault.
pub fn parse(text: &str) -> anyhow::Result<Vec<ValidShow>> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let file: CatalogueFile = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        anyhow::anyhow!(
            "catalogue rejected, nothing imported: field `{path}`: {}",
            e.inner()
        )
    })?;
    let mut shows = Vec::new();
    let mut slugs = HashSet::new();
    for (si, s) in file.shows.iter().enumerate() {
        let at = |field: &str, msg: String| {
            anyhow::anyhow!(
                "catalogue rejected, nothing imported: field `shows[{si}].{field}`: {msg}"
            )
        };
        let slug = Slug::try_from(s.slug.as_str()).map_err(|e| at("slug", e.0.to_string()))?;
        if !slugs.insert(slug.as_str().to_string()) {
            return Err(at("slug", format!("show {:?} appears twice", s.slug)));
        }
        if s.title.trim().is_empty() || s.title.chars().count() > 200 {
            return Err(at("title", "must be 1 to 200 characters".into()));
        }
        let mut seasons = Vec::new();
        let mut episodes = Vec::new();
        let mut codes = HashSet::new();
        for (ni, season) in s.seasons.iter().enumerate() {
            for (ei, ep) in season.episodes.iter().enumerate() {
                let f = |field: &str| format!("seasons[{ni}].episodes[{ei}].{field}");
                let code = EpisodeCode::new(season.number, ep.number)
                    .map_err(|e| at(&f("number"), e.0.to_string()))?;
                if !codes.insert(code) {
                    return Err(at(&f("number"), format!("episode {code} appears twice")));
                }
                if ep.title.trim().is_empty() || ep.title.chars().count() > 200 {
                    return Err(at(&f("title"), "must be 1 to 200 characters".into()));
                }
                if !(0..=1000).contains(&ep.runtime_min) {
                    return Err(at(&f("runtime_min"), "must be 0 to 1000 minutes".into()));
                }
                let mut air_dates = Vec::new();
                for (region, value) in &ep.air_dates {
                    let field = f(&format!("air_dates.{region}"));
                    let region = parse_region(region).map_err(|e| at(&field, e.0.to_string()))?;
                    let air =
                        air_value(value).map_err(|(sub, e)| at(&format!("{field}{sub}"), e))?;
                    air_dates.push((region, air));
                }
                episodes.push(EpisodeData {
                    code,
                    title: ep.title.trim().to_string(),
                    synopsis: ep.synopsis.clone(),
                    runtime_min: ep.runtime_min,
                    air_dates,
                });
            }
            if !(0..=999).contains(&season.number) {
                return Err(at(
                    &format!("seasons[{ni}].number"),
                    "must be 0 to 999".into(),
                ));
            }
            if seasons.iter().any(|(n, _)| *n == season.number) {
                return Err(at(
                    &format!("seasons[{ni}].number"),
                    format!("season {} appears twice", season.number),
                ));
            }
            seasons.push((season.number, season.title.clone()));
        }
        shows.push(ValidShow {
            slug: slug.as_str().to_string(),
            title: s.title.trim().to_string(),
            synopsis: s.synopsis.clone(),
            seasons,
            episodes,
        });
    }
    Ok(shows)
}

/// Imports a catalogue. Re-importing the same file updates rows in place: shows by slug,
/// seasons by number, episodes by code, never duplicating.
pub async fn import_json(db: &Db, text: &str) -> anyhow::Result<ImportSummary> {
    let shows = parse(text)?;
    let mut summary = ImportSummary::default();
    let mut tx = db.begin().await?;
    for s in &shows {
        let show_id = upsert_show(&mut tx, &s.slug, &s.title, &s.synopsis).await?;
        summary.shows += 1;
        for (number, title) in &s.seasons {
            upsert_season(&mut tx, show_id, *number, title).await?;
            summary.seasons += 1;
        }
        for e in &s.episodes {
            save_episode(&mut tx, show_id, e)
                .await
                .with_context(|| format!("saving {} {}", s.slug, e.code))?;
            summary.episodes += 1;
            summary.air_dates += e.air_dates.len();
        }
    }
    db.commit_catalog(tx).await?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reports_field_of_bad_date() {
        let text = r#"{"shows":[{"slug":"x","title":"X","seasons":[{"number":1,"episodes":[
            {"number":1,"title":"A","air_dates":{"US":"2024-13-01"}}]}]}]}"#;
        let err = parse(text).err().unwrap().to_string();
        assert!(
            err.contains("shows[0].seasons[0].episodes[0].air_dates.US"),
            "{err}"
        );
    }

    fn one_air_value(value: &str) -> anyhow::Result<Vec<super::ValidShow>> {
        parse(&format!(
            r#"{{"shows":[{{"slug":"x","title":"X","seasons":[{{"number":1,"episodes":[
            {{"number":1,"title":"A","air_dates":{{"US":{value}}}}}]}}]}}]}}"#
        ))
    }

    #[test]
    fn air_times_in_three_forms() {
        let at = |v: &str| {
            one_air_value(v).unwrap()[0].episodes[0].air_dates[0]
                .1
                .clone()
        };
        assert_eq!(at(r#""2024-09-08""#).at, None);
        assert_eq!(
            at(r#""2024-09-08T21:00:00-04:00""#).at,
            Some(1_725_843_600_000)
        );
        let zoned = at(r#"{"date":"2024-09-08","time":"21:00","zone":"America/New_York"}"#);
        assert_eq!(zoned.at, Some(1_725_843_600_000));
        assert_eq!(zoned.zone.as_deref(), Some("America/New_York"));
        let err = |v: &str| one_air_value(v).err().unwrap().to_string();
        let zone = err(r#"{"date":"2024-09-08","time":"21:00","zone":"Mars/Olympus"}"#);
        assert!(zone.contains("air_dates.US.zone`"), "{zone}");
        let time = err(r#"{"date":"2024-09-08","time":"9pm","zone":"UTC"}"#);
        assert!(time.contains("air_dates.US.time`"), "{time}");
        let missing = err(r#"{"date":"2024-09-08","zone":"UTC"}"#);
        assert!(
            missing.contains("air_dates.US.time`: is missing"),
            "{missing}"
        );
        assert!(
            err(r#"{"date":"2024-09-08","time":"21:00","zone":"UTC","tz":1}"#)
                .contains("unknown field")
        );
        assert!(err("42").contains("air_dates.US`"));
    }

    #[test]
    fn reports_path_and_line_of_type_error() {
        let text =
            "{\"shows\":[{\"slug\":\"x\",\n\"title\":\"X\",\n\"seasons\":[{\"number\":\"one\"}]}]}";
        let err = parse(text).err().unwrap().to_string();
        assert!(err.contains("shows[0].seasons[0].number"), "{err}");
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn rejects_unknown_fields_and_duplicates() {
        let unknown = r#"{"shows":[{"slug":"x","title":"X","sesons":[]}]}"#;
        assert!(parse(unknown).err().unwrap().to_string().contains("sesons"));
        let dup = r#"{"shows":[{"slug":"x","title":"X"},{"slug":"x","title":"Y"}]}"#;
        assert!(parse(dup)
            .err()
            .unwrap()
            .to_string()
            .contains("appears twice"));
    }
}
