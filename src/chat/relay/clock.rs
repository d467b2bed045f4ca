//! The relay's clock: where in the episode a viewer is. By default their region's air
//! instant ("it started at 21:00 here"); on demand their own, started with "I'm pressing
//! play now" and pausable, like a watch party of one.

/// Past a day in, a position a client sends is clamped: no episode runs that long.
pub const MAX_POSITION_MS: i64 = 86_400_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The viewer watches the first airing (or their region has no air date) and has not
    /// pressed play: nothing to relay.
    Stopped,
    /// The region's airing: the position is the time since `at`.
    Air {
        at: i64,
    },
    /// The viewer's own clock: at `base` when `since`, running.
    Playing {
        since: i64,
        base: i64,
    },
    Paused {
        position: i64,
    },
    /// A watch party's clock: from its start, less its pauses (`Party::offset_at`).
    Party {
        starts_at: i64,
        paused_at: Option<i64>,
        paused_total_ms: i64,
    },
}

impl Clock {
    /// Milliseconds into the episode at `now` (negative before the airing starts).
    pub fn position(&self, now: i64) -> Option<i64> {
        match *self {
            Clock::Stopped => None,
            Clock::Air { at } => Some(now.saturating_sub(at)),
            Clock::Playing { since, base } => Some(base.saturating_add(now.saturating_sub(since))),
            Clock::Paused { position } => Some(position),
            Clock::Party {
                starts_at,
                paused_at,
                paused_total_ms,
            } => {
                let now = paused_at.unwrap_or(now);
                Some(
                    now.saturating_sub(starts_at)
                        .saturating_sub(paused_total_ms),
                )
            }
        }
    }

    /// The instant the position reaches `offset`; None while it does not move.
    pub fn due(&self, offset: i64) -> Option<i64> {
        match *self {
            Clock::Air { at } => Some(at.saturating_add(offset)),
            Clock::Playing { since, base } => Some(since.saturating_add(offset - base)),
            Clock::Party {
                starts_at,
                paused_at: None,
                paused_total_ms,
            } => Some(
                starts_at
                    .saturating_add(paused_total_ms)
                    .saturating_add(offset),
            ),
            Clock::Stopped | Clock::Paused { .. } | Clock::Party { .. } => None,
        }
    }

    /// "I'm pressing play now": from `position` when given, else from where it was paused,
    /// else from the start.
    pub fn play(self, now: i64, position: Option<i64>) -> Clock {
        let base = match (position, self) {
            (Some(p), _) => p,
            (None, Clock::Paused { position }) => position,
            (None, Clock::Playing { .. }) => return self,
            (None, _) => 0,
        };
        Clock::Playing {
            since: now,
            base: base.clamp(0, MAX_POSITION_MS),
        }
    }

    /// Holds the position where it is (the air clock too: it becomes the viewer's own).
    pub fn pause(self, now: i64) -> Clock {
        match self.position(now) {
            Some(p) => Clock::Paused {
                position: p.clamp(0, MAX_POSITION_MS),
            },
            None => self,
        }
    }

    /// Its name in the `relay` frame.
    pub fn name(&self) -> &'static str {
        match self {
            Clock::Stopped => "none",
            Clock::Air { .. } => "air",
            Clock::Playing { .. } => "playing",
            Clock::Paused { .. } => "paused",
            Clock::Party {
                paused_at: Some(_), ..
            } => "party_paused",
            Clock::Party { .. } => "party",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_air_clock_counts_from_the_air_instant() {
        let c = Clock::Air { at: 1_000 };
        assert_eq!(c.position(61_000), Some(60_000));
        assert_eq!(c.position(0), Some(-1_000));
        assert_eq!(c.due(10_000), Some(11_000));
        assert_eq!(Clock::Stopped.position(5), None);
    }

    #[test]
    fn a_party_clock_leaves_out_its_pauses() {
        let c = Clock::Party {
            starts_at: 1_000,
            paused_at: None,
            paused_total_ms: 500,
        };
        assert_eq!(c.position(11_500), Some(10_000));
        assert_eq!(c.due(10_000), Some(11_500));
        let paused = Clock::Party {
            starts_at: 1_000,
            paused_at: Some(6_500),
            paused_total_ms: 500,
        };
        assert_eq!(paused.position(99_000), Some(5_000));
        assert_eq!(paused.due(6_000), None);
        assert_eq!(paused.name(), "party_paused");
    }

    #[test]
    fn a_personal_clock_plays_pauses_and_resumes() {
        let c = Clock::Stopped.play(1_000, None);
        assert_eq!(c.position(4_000), Some(3_000));
        assert_eq!(c.due(5_000), Some(6_000));
        let paused = c.pause(4_000);
        assert_eq!(paused.position(99_000), Some(3_000));
        assert_eq!(paused.due(5_000), None, "paused: nothing comes due");
        let resumed = paused.play(10_000, None);
        assert_eq!(resumed.position(11_000), Some(4_000));
        // A position from the client is taken, within bounds.
        assert_eq!(resumed.play(0, Some(-5)).position(0), Some(0));
        assert_eq!(
            resumed.play(0, Some(i64::MAX)).position(0),
            Some(MAX_POSITION_MS)
        );
        // Pausing the air clock keeps its position.
        assert_eq!(
            Clock::Air { at: 0 }.pause(7_000),
            Clock::Paused { position: 7_000 }
        );
        assert_eq!(resumed.play(12_000, None), resumed, "already playing");
    }
}
