//! The fixed set of reactions a post can get. The key is what forms send and the database
//! stores, so it must never change; the emoji and the name are only for display.
use super::invalid::Invalid;
use crate::i18n::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reaction {
    Like,
    Heart,
    Laugh,
    Wow,
    Sad,
    Fire,
}

impl Reaction {
    /// In the order the reaction bar shows them.
    pub const ALL: [Reaction; 6] = [
        Reaction::Like,
        Reaction::Heart,
        Reaction::Laugh,
        Reaction::Wow,
        Reaction::Sad,
        Reaction::Fire,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Reaction::Like => "like",
            Reaction::Heart => "heart",
            Reaction::Laugh => "laugh",
            Reaction::Wow => "wow",
            Reaction::Sad => "sad",
            Reaction::Fire => "fire",
        }
    }

    pub fn emoji(self) -> &'static str {
        match self {
            Reaction::Like => "\u{1f44d}",
            Reaction::Heart => "\u{2764}\u{fe0f}",
            Reaction::Laugh => "\u{1f602}",
            Reaction::Wow => "\u{1f62e}",
            Reaction::Sad => "\u{1f622}",
            Reaction::Fire => "\u{1f525}",
        }
    }

    /// The accessible name screen readers announce instead of the emoji.
    pub fn name(self) -> &'static str {
        match self {
            Reaction::Like => "Like",
            Reaction::Heart => "Love",
            Reaction::Laugh => "Funny",
            Reaction::Wow => "Surprising",
            Reaction::Sad => "Sad",
            Reaction::Fire => "Fire",
        }
    }
}

impl TryFrom<&str> for Reaction {
    type Error = Invalid;

    fn try_from(s: &str) -> Result<Self, Invalid> {
        Reaction::ALL
            .into_iter()
            .find(|r| r.key() == s.trim())
            .ok_or_else(|| Invalid::new(Msg::new("err-reaction").arg("value", s)))
    }
}

impl std::fmt::Display for Reaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::Reaction;

    #[test]
    fn every_key_parses_back_to_its_reaction() {
        for r in Reaction::ALL {
            assert_eq!(Reaction::try_from(r.key()), Ok(r));
        }
    }

    #[test]
    fn keys_are_distinct_and_stable() {
        let keys: Vec<&str> = Reaction::ALL.iter().map(|r| r.key()).collect();
        assert_eq!(keys, ["like", "heart", "laugh", "wow", "sad", "fire"]);
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in ["", "Like", "thumbs", "👍", "like;drop", "fire fire"] {
            assert!(Reaction::try_from(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Reaction::try_from(" sad "), Ok(Reaction::Sad));
    }
}
