//! The one-tap reactions of live rooms and parties. The key is what the `react` frame sends
//! and the database stores, so it must never change; the emoji is only for display.
use super::invalid::Invalid;
use crate::i18n::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LiveReaction {
    Shock,
    Lol,
    Sad,
    Fire,
    Love,
    Mindblown,
}

impl LiveReaction {
    /// In the order the buttons and the timeline show them.
    pub const ALL: [LiveReaction; 6] = [
        LiveReaction::Shock,
        LiveReaction::Lol,
        LiveReaction::Sad,
        LiveReaction::Fire,
        LiveReaction::Love,
        LiveReaction::Mindblown,
    ];

    pub fn key(self) -> &'static str {
        match self {
            LiveReaction::Shock => "shock",
            LiveReaction::Lol => "lol",
            LiveReaction::Sad => "sad",
            LiveReaction::Fire => "fire",
            LiveReaction::Love => "love",
            LiveReaction::Mindblown => "mindblown",
        }
    }

    pub fn emoji(self) -> &'static str {
        match self {
            LiveReaction::Shock => "\u{1f631}",
            LiveReaction::Lol => "\u{1f602}",
            LiveReaction::Sad => "\u{1f622}",
            LiveReaction::Fire => "\u{1f525}",
            LiveReaction::Love => "\u{2764}\u{fe0f}",
            LiveReaction::Mindblown => "\u{1f92f}",
        }
    }
}

impl TryFrom<&str> for LiveReaction {
    type Error = Invalid;

    fn try_from(key: &str) -> Result<Self, Self::Error> {
        LiveReaction::ALL
            .into_iter()
            .find(|r| r.key() == key)
            .ok_or_else(|| Invalid::new(Msg::new("err-live-reaction").arg("key", key)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_nothing_else_parses() {
        for r in LiveReaction::ALL {
            assert_eq!(LiveReaction::try_from(r.key()), Ok(r));
        }
        for bad in ["", "Fire", "like", "fire ", "\u{1f525}"] {
            assert!(LiveReaction::try_from(bad).is_err(), "{bad:?}");
        }
    }
}
