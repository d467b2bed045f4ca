//! The messages a member gets on joining or resuming, and the broadcast of stored messages
//! into the in-memory backlog.
use std::sync::Arc;

use super::{ConnId, Room, Stored, BACKLOG_KEEP, RESUME_LIMIT};
use crate::chat::limits::HELLO_BACKLOG;
use crate::chat::protocol::{message_json, Message, ServerMsg, TaggedMessage};
use crate::db;

impl Room {
    /// Messages after `after` that this room has already broadcast, oldest first.
    pub(super) async fn missed(&self, after: i64) -> Vec<Message> {
        // Ids are global, so only "after reaches the oldest kept message" proves nothing older is missing.
        let in_memory = self.complete || self.backlog.front().is_some_and(|m| after >= m.id - 1);
        if in_memory {
            return self
                .backlog
                .iter()
                .filter(|m| m.id > after)
                .cloned()
                .collect();
        }
        match db::chat::after(&self.db, &self.name, after, RESUME_LIMIT).await {
            // Stored but not yet broadcast messages arrive through `stored` later: skip them
            // here so nothing is delivered twice.
            Ok(v) => v.into_iter().filter(|m| m.id <= self.last_id).collect(),
            Err(e) => {
                tracing::error!(room = %self.name, error = %e, "resume query failed");
                Vec::new()
            }
        }
    }

    pub(super) async fn hello(&mut self, conn: ConnId, after: Option<i64>) {
        let backlog: Vec<Message> = match after {
            Some(after) => self.missed(after).await,
            None => {
                let skip = self.backlog.len().saturating_sub(HELLO_BACKLOG);
                self.backlog.iter().skip(skip).cloned().collect()
            }
        };
        let hello = ServerMsg::Hello {
            room: &self.name,
            online: self.members.len(),
            slow_mode_s: self.slow_mode_s,
            backlog: backlog.iter().map(TaggedMessage::new).collect(),
        };
        self.to(conn, Arc::from(hello.to_json()));
    }

    pub(super) fn stored(&mut self, batch: Vec<Stored>) {
        for s in batch {
            let waiting = self
                .in_flight
                .remove(&(s.msg.user_id, s.msg.nonce.clone()))
                .unwrap_or_else(|| vec![s.conn]);
            if s.new {
                let m = Message {
                    id: s.id,
                    user: s.msg.username,
                    text: s.msg.text,
                    at: s.msg.created_at,
                    offset_ms: s.msg.offset_ms,
                    is_mod: s.msg.is_mod,
                };
                self.last_id = self.last_id.max(m.id);
                self.broadcast(Arc::from(message_json(&m)));
                if self.backlog.len() == BACKLOG_KEEP {
                    self.backlog.pop_front();
                    self.complete = false;
                }
                self.backlog.push_back(m);
            }
            let ack: Arc<str> = Arc::from(
                ServerMsg::Ack {
                    nonce: &s.msg.nonce,
                    id: s.id,
                }
                .to_json(),
            );
            for conn in waiting {
                self.to(conn, ack.clone());
            }
        }
    }
}
