//! The messages a member gets on joining or resuming from the in-memory backlog (or where
//! to read the database instead), and the broadcast of stored messages into that backlog.

use tokio::sync::oneshot;

use super::{Ack, ConnId, FromDb, Room, Stored};
use crate::chat::limits::HELLO_BACKLOG;
use crate::chat::persist::message_of;
use crate::chat::protocol::{message_json, Frame, Message, ServerMsg, TaggedMessage};

impl Room {
    /// True when memory holds every message after `after` that this room has broadcast.
    fn in_memory(&self, after: i64) -> bool {
        // Ids are global, so only "after reaches the oldest kept message" proves nothing older is missing.
        self.complete
            || self
                .backlog
                .front()
                .is_some_and(|m| after >= m.id.saturating_sub(1))
    }

    /// Messages after `after` from memory that `conn` may see, oldest first, at most one
    /// resume page.
    fn kept_after(&self, conn: ConnId, after: i64) -> Vec<Message> {
        let Some(member) = self.members.get(&conn) else {
            return Vec::new();
        };
        self.backlog
            .iter()
            .filter(|m| m.id > after && self.live_to(member, m))
            .take(self.limits.resume_page)
            .cloned()
            .collect()
    }

    /// Where the database must be read instead, up to the newest message broadcast here:
    /// stored but not yet broadcast messages arrive through `stored` later, so nothing is
    /// delivered twice.
    fn db_resume(&self) -> FromDb {
        FromDb {
            upto: self.last_id,
            online: self.online(),
            slow_mode_s: self.slow_mode_s,
        }
    }

    pub(super) fn resume(&mut self, conn: ConnId, after: i64, from_db: oneshot::Sender<FromDb>) {
        if !self.in_memory(after) {
            let _ = from_db.send(self.db_resume());
            return;
        }
        for m in self.kept_after(conn, after) {
            self.to(conn, Frame::from(message_json(&m)));
        }
    }

    pub(super) fn hello(
        &mut self,
        conn: ConnId,
        after: Option<i64>,
        from_db: oneshot::Sender<FromDb>,
        after_hello: Vec<Frame>,
    ) {
        let backlog: Vec<Message> = match after {
            Some(after) if !self.in_memory(after) => {
                let _ = from_db.send(self.db_resume());
                return;
            }
            Some(after) => self.kept_after(conn, after),
            None => {
                let Some(member) = self.members.get(&conn) else {
                    return;
                };
                let mut v: Vec<Message> = self
                    .backlog
                    .iter()
                    .rev()
                    .filter(|m| self.live_to(member, m))
                    .take(HELLO_BACKLOG)
                    .cloned()
                    .collect();
                v.reverse();
                v
            }
        };
        let hello = ServerMsg::Hello {
            room: &self.name,
            online: self.online(),
            slow_mode_s: self.slow_mode_s,
            backlog: backlog.iter().map(TaggedMessage::new).collect(),
        };
        self.to(conn, Frame::from(hello.to_json()));
        for frame in after_hello {
            self.to(conn, frame);
        }
    }

    /// The writer's results for this room: new messages go through the ordering rule (their
    /// acks follow their delivery); a resend is only acked.
    pub(super) fn stored(&mut self, batch: Vec<Stored>) {
        for s in batch {
            let waiting = self
                .in_flight
                .remove(&(s.msg.user_id, s.msg.nonce.clone()))
                .unwrap_or_else(|| vec![s.conn]);
            let ack = Ack {
                frame: Frame::from(
                    ServerMsg::Ack {
                        nonce: &s.msg.nonce,
                        id: s.id,
                    }
                    .to_json(),
                ),
                conns: waiting,
            };
            if s.new {
                self.metrics.chat_messages_in.inc();
                self.offer(message_of(s.id, &s.msg), s.prev, Some(ack));
            } else {
                for conn in ack.conns {
                    self.to(conn, ack.frame.clone());
                }
            }
        }
        self.drain();
    }

    /// Messages another node stored.
    pub(super) fn remote(&mut self, msgs: Vec<(Message, i64)>) {
        for (m, prev) in msgs {
            self.offer(m, prev, None);
        }
        self.drain();
    }
}
