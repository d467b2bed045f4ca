//! Names of live chat rooms, as they appear in URLs and the database.

/// `ep-{episode id}` or `party-{party id}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoomId {
    Episode(i64),
    Party(i64),
}

impl RoomId {
    pub fn parse(s: &str) -> Option<RoomId> {
        let num = |d: &str| {
            d.parse::<i64>()
                .ok()
                .filter(|n| *n > 0 && !d.starts_with('0') && !d.starts_with('+'))
        };
        if let Some(rest) = s.strip_prefix("ep-") {
            num(rest).map(RoomId::Episode)
        } else if let Some(rest) = s.strip_prefix("party-") {
            num(rest).map(RoomId::Party)
        } else {
            None
        }
    }
}

impl std::fmt::Display for RoomId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RoomId::Episode(id) => write!(f, "ep-{id}"),
            RoomId::Party(id) => write!(f, "party-{id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RoomId;

    #[test]
    fn room_ids_round_trip() {
        assert_eq!(RoomId::parse("ep-12"), Some(RoomId::Episode(12)));
        assert_eq!(RoomId::parse("party-3"), Some(RoomId::Party(3)));
        assert_eq!(RoomId::Party(3).to_string(), "party-3");
        for bad in [
            "",
            "ep-",
            "ep-0",
            "ep--1",
            "ep-01",
            "ep-+1",
            "room-1",
            "ep-1x",
            "party-99999999999999999999",
        ] {
            assert_eq!(RoomId::parse(bad), None, "{bad}");
        }
    }
}
