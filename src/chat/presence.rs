//! Clients of each room on the other nodes, as their presence events tell. A node repeats its
//! counts every `BEAT`; an entry not repeated within `TTL` is a node gone, and stops counting.
use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::bus::event::NodeId;
use crate::domain::RoomId;

pub const BEAT: Duration = Duration::from_secs(5);
pub const TTL: Duration = Duration::from_secs(15);

#[derive(Default)]
pub struct RemotePresence {
    rooms: HashMap<RoomId, HashMap<NodeId, (usize, Instant)>>,
}

impl RemotePresence {
    /// Records a node's count; true when the room's remote total changed.
    pub fn set(&mut self, room: RoomId, node: NodeId, online: usize, now: Instant) -> bool {
        let before = self.total(room, now);
        let nodes = self.rooms.entry(room).or_default();
        if online == 0 {
            nodes.remove(&node);
        } else {
            nodes.insert(node, (online, now));
        }
        if nodes.is_empty() {
            self.rooms.remove(&room);
        }
        self.total(room, now) != before
    }

    /// Clients of `room` on the other nodes still heard from.
    pub fn total(&self, room: RoomId, now: Instant) -> usize {
        self.rooms.get(&room).map_or(0, |nodes| {
            nodes
                .values()
                .filter(|(_, at)| now.saturating_duration_since(*at) < TTL)
                .map(|(n, _)| n)
                .sum()
        })
    }

    /// Forgets nodes not heard from within `TTL`; returns the rooms whose total changed.
    pub fn expire(&mut self, now: Instant) -> Vec<RoomId> {
        let mut changed = Vec::new();
        self.rooms.retain(|room, nodes| {
            let before = nodes.len();
            nodes.retain(|_, (_, at)| now.saturating_duration_since(*at) < TTL);
            if nodes.len() != before {
                changed.push(*room);
            }
            !nodes.is_empty()
        });
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_sum_nodes_and_silent_nodes_expire() {
        let mut p = RemotePresence::default();
        let t0 = Instant::now();
        let room = RoomId::Episode(1);
        assert!(p.set(room, 1, 3, t0));
        assert!(p.set(room, 2, 2, t0));
        assert!(
            !p.set(room, 2, 2, t0),
            "the same count again changes nothing"
        );
        assert_eq!(p.total(room, t0), 5);
        let later = t0 + BEAT;
        p.set(room, 1, 3, later);
        assert_eq!(
            p.expire(later + TTL - BEAT),
            vec![room],
            "node 2 went quiet"
        );
        assert_eq!(p.total(room, later + TTL - BEAT), 3);
        assert!(
            p.set(room, 1, 0, later),
            "a node that empties the room leaves it"
        );
        assert_eq!(p.total(room, later), 0);
    }
}
