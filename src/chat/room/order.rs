//! Delivery in id order, each message once, whichever node stored it.
//!
//! Every stored message carries the id before it in its room (`prev`). A message is
//! delivered when its `prev` is at or below the last id delivered here; one that comes early
//! (another node's message before it is still on the bus) waits; if the gap is still open
//! after `GAP_WAIT`, the room reads it from the database. Ids at or below the last delivered
//! are dropped. Local and remote messages go through the same rule; a local message's ack
//! follows its delivery.
use std::collections::btree_map::Entry;
use std::time::Duration;

use super::{Ack, Pending, Room, BACKLOG_KEEP};
use crate::chat::protocol::{message_json, Frame, Message};
use crate::db;

/// How long an early message waits for the ones before it to arrive over the bus.
pub const GAP_WAIT: Duration = Duration::from_millis(100);

impl Room {
    /// Takes a stored message; `drain` then delivers whatever can go out.
    pub(super) fn offer(&mut self, msg: Message, prev: i64, ack: Option<Ack>) {
        if msg.id <= self.last_id {
            if let Some(ack) = ack {
                self.send_ack(ack);
            }
            return;
        }
        match self.pending.entry(msg.id) {
            Entry::Occupied(mut e) => {
                if let Some(ack) = ack {
                    match &mut e.get_mut().ack {
                        Some(have) => have.conns.extend(ack.conns),
                        none => *none = Some(ack),
                    }
                }
            }
            Entry::Vacant(e) => {
                e.insert(Pending { msg, prev, ack });
            }
        }
    }

    /// Delivers held messages that now follow on; starts the gap clock if some still wait.
    pub(super) fn drain(&mut self) {
        while let Some(first) = self.pending.first_entry() {
            let p = first.get();
            if p.msg.id > self.last_id && p.prev > self.last_id {
                break;
            }
            let p = first.remove();
            if p.msg.id > self.last_id {
                self.deliver(p.msg);
            }
            if let Some(ack) = p.ack {
                self.send_ack(ack);
            }
        }
        if self.pending.is_empty() {
            self.gap_deadline = None;
        } else if self.gap_deadline.is_none() {
            self.gap_deadline = Some(tokio::time::Instant::now() + GAP_WAIT);
        }
    }

    fn deliver(&mut self, m: Message) {
        self.last_id = m.id;
        let frame = Frame::from(message_json(&m));
        if self.members.values().all(|member| member.airing.is_none()) {
            self.broadcast(frame);
        } else {
            self.broadcast_to(frame, |room, member| room.live_to(member, &m));
        }
        if self.backlog.len() == BACKLOG_KEEP {
            self.backlog.pop_front();
            self.complete = false;
        }
        self.backlog.push_back(m);
    }

    fn send_ack(&mut self, ack: Ack) {
        for conn in ack.conns {
            self.to(conn, ack.frame.clone());
        }
    }

    /// Reads from the database what the bus did not bring: up to the first held message, or,
    /// with `to_end`, everything stored so far (the bus was down). Held messages found on
    /// the way go out with their acks.
    pub(super) async fn fill_gap(&mut self, to_end: bool) {
        self.gap_deadline = None;
        let upto = match (to_end, self.pending.first_key_value()) {
            (true, _) => i64::MAX,
            (false, Some((id, _))) => id - 1,
            (false, None) => return,
        };
        let page = self.limits.resume_page.max(1);
        let limit = i64::try_from(page).unwrap_or(i64::MAX);
        while self.last_id < upto {
            let msgs = match db::chat::after(&self.db, &self.name, self.last_id, limit).await {
                Ok(v) => v,
                Err(e) => {
                    tracing::error!(room = %self.name, error = %e, "reading missed chat messages failed; trying again shortly");
                    self.gap_deadline = Some(tokio::time::Instant::now() + GAP_WAIT);
                    return;
                }
            };
            let full = msgs.len() == page;
            for m in msgs {
                let ack = self.pending.remove(&m.id).and_then(|p| p.ack);
                self.deliver(m);
                if let Some(ack) = ack {
                    self.send_ack(ack);
                }
            }
            if !full {
                // Everything up to `upto` that the database holds is out: the rest was deleted.
                if upto != i64::MAX {
                    self.last_id = self.last_id.max(upto);
                }
                break;
            }
        }
        self.drain();
    }
}
