//! Frames to members: one connection, every member, presence, and telling the hub when the
//! room goes idle.
use std::time::Duration;

use tokio::sync::mpsc;

use super::{ConnId, Member, Room};
use crate::chat::kick::CLOSE_SLOW;
use crate::chat::protocol::{error_json, Frame, ServerMsg};
use crate::i18n::Msg;

impl Room {
    pub(super) fn error(
        &mut self,
        conn: ConnId,
        code: &str,
        message: Msg,
        retry_after: Option<Duration>,
    ) {
        // Worded in the member's own language: one connection's frame, never shared.
        let Some(tr) = self.members.get(&conn).map(|m| m.tr) else {
            return;
        };
        let text = message.in_lang(&tr);
        let json = error_json(code, &text, retry_after.map(|d| d.as_millis() as u64));
        self.to(conn, Frame::from(json));
    }

    /// Queues a frame for one connection; a full queue means a slow client: disconnect it.
    pub(super) fn to(&mut self, conn: ConnId, frame: Frame) {
        let Some(m) = self.members.get(&conn) else {
            return;
        };
        if let Err(e) = m.tx.try_send(frame) {
            if matches!(e, mpsc::error::TrySendError::Full(_)) {
                m.kick.fire(CLOSE_SLOW);
                self.metrics.chat_slow_disconnects.inc();
            }
            self.remove_member(conn);
        }
    }

    pub(super) fn broadcast(&mut self, frame: Frame) {
        self.broadcast_to(frame, |_, _| true);
    }

    /// To the members `to` picks.
    pub(super) fn broadcast_to(&mut self, frame: Frame, to: impl Fn(&Room, &Member) -> bool) {
        let mut gone = Vec::new();
        for (conn, m) in self.members.iter().filter(|(_, m)| to(self, m)) {
            if let Err(e) = m.tx.try_send(frame.clone()) {
                if matches!(e, mpsc::error::TrySendError::Full(_)) {
                    m.kick.fire(CLOSE_SLOW);
                    self.metrics.chat_slow_disconnects.inc();
                }
                gone.push(*conn);
            }
        }
        for conn in gone {
            self.remove_member(conn);
        }
    }

    /// One frame for every member but the reactor (who has their own `reacted`).
    pub(super) fn reacted(&mut self, from: ConnId, key: &'static str) {
        let frame = Frame::from(ServerMsg::Reaction { key }.to_json());
        let others: Vec<ConnId> = self
            .members
            .keys()
            .filter(|c| **c != from)
            .copied()
            .collect();
        for conn in others {
            self.to(conn, frame.clone());
        }
    }

    pub(super) fn presence_tick(&mut self) {
        let local = self.local_online();
        if local != self.local_reported {
            self.local_reported = local;
            self.hub.online_changed(self.id, local);
        }
        let online = self.online();
        if online != self.presence_sent {
            self.presence_sent = online;
            self.broadcast(Frame::from(ServerMsg::Presence { online }.to_json()));
        }
    }

    pub(super) async fn maybe_idle(&mut self) {
        if self.members.is_empty() && self.in_flight.is_empty() {
            self.local_reported = 0;
            self.hub.online_changed(self.id, 0);
            self.hub.idle(self.id, self.joins_seen).await;
        }
    }
}
