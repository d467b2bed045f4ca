//! A rating of an episode: a whole number from 1 to 10, as a form sends it.
use super::invalid::Invalid;
use crate::i18n::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score(i64);

impl Score {
    pub const MIN: i64 = 1;
    pub const MAX: i64 = 10;

    pub fn get(self) -> i64 {
        self.0
    }
}

impl TryFrom<&str> for Score {
    type Error = Invalid;

    fn try_from(raw: &str) -> Result<Self, Self::Error> {
        let refuse = || {
            Invalid::new(
                Msg::new("err-rating-score")
                    .arg("min", Score::MIN)
                    .arg("max", Score::MAX),
            )
        };
        let n: i64 = raw.trim().parse().map_err(|_| refuse())?;
        match (Score::MIN..=Score::MAX).contains(&n) {
            true => Ok(Score(n)),
            false => Err(refuse()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_to_ten_only() {
        assert_eq!(Score::try_from("1").map(Score::get), Ok(1));
        assert_eq!(Score::try_from(" 10 ").map(Score::get), Ok(10));
        for bad in ["0", "11", "-3", "7.5", "", "seven", "99999999999999999999"] {
            assert!(Score::try_from(bad).is_err(), "{bad:?} accepted");
        }
    }
}
