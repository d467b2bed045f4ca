use super::invalid::Invalid;
use crate::i18n::Msg;

/// `s01e05`: season and episode numbers, each 1-999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EpisodeCode {
    pub season: i64,
    pub episode: i64,
}

impl EpisodeCode {
    pub fn new(season: i64, episode: i64) -> Result<Self, Invalid> {
        if !(0..=999).contains(&season) || !(1..=999).contains(&episode) {
            return Err(Invalid::new(
                Msg::new("err-episode-range")
                    .arg("season", season)
                    .arg("episode", episode),
            ));
        }
        Ok(EpisodeCode { season, episode })
    }
}

impl std::fmt::Display for EpisodeCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s{:02}e{:02}", self.season, self.episode)
    }
}

impl TryFrom<&str> for EpisodeCode {
    type Error = Invalid;
    fn try_from(s: &str) -> Result<Self, Invalid> {
        let bad = || Invalid::new(Msg::new("err-episode-code").arg("value", s));
        let lower = s.trim().to_ascii_lowercase();
        let rest = lower.strip_prefix('s').ok_or_else(bad)?;
        let (season, episode) = rest.split_once('e').ok_or_else(bad)?;
        let digits =
            |d: &str| !d.is_empty() && d.len() <= 3 && d.bytes().all(|b| b.is_ascii_digit());
        if !digits(season) || !digits(episode) {
            return Err(bad());
        }
        let season = season.parse().map_err(|_| bad())?;
        let episode = episode.parse().map_err(|_| bad())?;
        EpisodeCode::new(season, episode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        let c = EpisodeCode::try_from("S1E5").unwrap();
        assert_eq!(
            c,
            EpisodeCode {
                season: 1,
                episode: 5
            }
        );
        assert_eq!(c.to_string(), "s01e05");
        assert_eq!(
            EpisodeCode::try_from("s10e123").unwrap().to_string(),
            "s10e123"
        );
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "", "s01", "e05", "s01e", "s1e0", "sxe1", "s01e05x", "s1000e1", "s-1e1",
        ] {
            assert!(EpisodeCode::try_from(bad).is_err(), "{bad}");
        }
    }
}
